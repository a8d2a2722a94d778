"""A volunteer on the phone signs up for a shift and clocks in by the post's
code; the coordinator's coverage page; axe-core clean throughout."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, open_menu
from .test_people_pages import _sign_in

pytestmark = pytest.mark.browser

# A shift under way today at a post of its own, with the demo volunteer on it:
# the demo's shifts keep office hours, and the test may run at any hour.
SHIFT_NOW = """
import datetime
from django.utils import timezone
from portal.volunteers.models import *
today = timezone.localdate()
month = ShiftMonth.objects.get(month=today.replace(day=1))
post = Post.objects.create(name="測試服務站")
shift = Shift.objects.create(
    month=month, duty=Duty.objects.get(name="服務台"), post=post, date=today,
    period="other", starts_at=datetime.time(0, 0), ends_at=datetime.time(23, 59),
    needed=1,
)
Signup.objects.create(
    shift=shift, volunteer=Volunteer.objects.get(user__username="volunteer"),
    status="confirmed",
)
print(post.pk)
"""


def test_a_volunteer_signs_up_and_clocks_in(phone, second_page, base_url, manage):
    _sign_in(phone, base_url, "volunteer")
    open_menu(phone)
    phone.get_by_role("link", name="志工專區").click()
    phone.wait_for_url(re.compile(r"/volunteer/$"))
    assert_accessible(phone)
    # Next week's shifts: sign up for the first with a free place.
    phone.get_by_role("link", name="下一週").click()
    phone.wait_for_load_state()
    phone.get_by_role("button", name="報名").first.click()
    phone.wait_for_load_state()
    assert "已報名" in phone.get_by_role("status").first.inner_text()
    assert_accessible(phone)

    post_id = int(manage("shell", "-c", SHIFT_NOW).strip().splitlines()[-1])
    _sign_in(second_page, base_url, "organizer")
    code = second_page.request.get(f"{base_url}/volunteer/posts/{post_id}/qr.json")
    phone.goto(code.json()["url"])
    assert_accessible(phone)
    phone.get_by_role("button", name="立即簽到退").click()
    phone.wait_for_load_state()
    assert re.search(
        r"已於 \d\d:\d\d 簽到", phone.get_by_role("status").first.inner_text()
    )
    assert_accessible(phone)
    # The post's screen counts the arrival without a reload.
    second_page.goto(f"{base_url}/volunteer/posts/{post_id}/screen/")
    expect(second_page.locator("[data-checked-in]")).to_have_text("1", timeout=10_000)
    assert_accessible(second_page)


def test_the_coordinators_coverage_and_plan_pages(page, base_url):
    _sign_in(page, base_url, "organizer")
    page.goto(base_url + "/volunteer/coverage/")
    assert page.get_by_role("heading", name="志工排班概況").is_visible()
    assert page.locator("table.data-table tbody tr").count() > 10
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width
    page.get_by_role("link", name="排班作業").click()
    page.wait_for_load_state()
    assert_accessible(page)
