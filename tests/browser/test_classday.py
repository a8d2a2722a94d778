import re

import pytest

from .conftest import assert_accessible
from .test_people_pages import _sign_in

pytestmark = pytest.mark.browser


def _todays_session(page, base_url):
    """The id of the demo's class running today, from the trainee's classes."""
    page.goto(base_url + "/my/classes/")
    link = page.get_by_role("link", name=re.compile("上課日")).first
    return int(re.search(r"/my/classes/(\d+)/day/", link.get_attribute("href"))[1])


def test_check_in_from_the_qr_url_and_see_the_seat(phone, second_page, base_url):
    _sign_in(phone, base_url, "trainee")
    session_id = _todays_session(phone, base_url)
    _sign_in(second_page, base_url, "organizer")
    code = second_page.request.get(f"{base_url}/admin/classday/{session_id}/qr.json")
    url = code.json()["url"]
    phone.goto(url)
    assert_accessible(phone)
    phone.get_by_role("button", name="立即簽到").click()
    phone.wait_for_load_state()
    status = phone.get_by_role("status").first.inner_text()
    assert re.search(r"簽到", status) and re.search(r"座位 \d+", status)
    assert phone.get_by_role("heading", name="今日課表").is_visible()
    assert_accessible(phone)
    # The organizer's screen shows the arrival without a reload.
    second_page.goto(f"{base_url}/admin/classday/{session_id}/")
    second_page.wait_for_function(
        "Number(document.querySelector('[data-checked-in]').textContent) >= 1"
    )


def test_ask_for_leave_and_answer_the_questionnaire(phone, base_url):
    _sign_in(phone, base_url, "trainee2")
    session_id = _todays_session(phone, base_url)
    phone.goto(f"{base_url}/my/classes/{session_id}/day/")
    assert_accessible(phone)
    phone.get_by_label("原因").fill("家中有事，下午需請假")
    phone.get_by_label("時數（全天請留空）").fill("3")
    phone.get_by_role("button", name="申請請假").click()
    phone.wait_for_load_state()
    assert "請假申請已送交" in phone.get_by_role("status").first.inner_text()
    assert "待審核" in phone.locator("main").inner_text()
    assert_accessible(phone)

    phone.get_by_role("link", name="課後滿意度調查").click()
    phone.wait_for_url(re.compile(r"/questionnaires/\d+/$"))
    assert_accessible(phone)
    # Sending without answers: the errors come back, nothing is stored.
    phone.get_by_role("button", name="送出填答").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("alert").first.is_visible()
    for group in phone.locator("fieldset.question").all():
        radios = group.locator('input[type="radio"]')
        if radios.count():
            radios.nth(radios.count() // 2).check()
    phone.get_by_role("button", name="送出填答").click()
    phone.wait_for_url(re.compile(r"/my/classes/\d+/day/$"))
    assert "匿名" in phone.get_by_role("status").first.inner_text()
    assert_accessible(phone)


def test_vote_and_see_the_live_result_change_on_a_second_page(
    phone, second_page, base_url
):
    _sign_in(phone, base_url, "trainee")
    session_id = _todays_session(phone, base_url)
    _sign_in(second_page, base_url, "organizer")
    second_page.goto(f"{base_url}/admin/classday/{session_id}/")
    second_page.get_by_label("題目").fill("最佳簡報組")
    second_page.get_by_label("選項，每行一個").fill("第一組\n第二組\n第三組")
    second_page.get_by_role("button", name="開始投票").click()
    second_page.wait_for_load_state()
    section = second_page.locator(".vote-admin").first
    total = section.locator("[data-total]")
    second_page.wait_for_function(
        "el => el.textContent.trim() === '0'", arg=total.element_handle()
    )
    vote_url = section.get_by_role("link", name="學員投票頁").get_attribute("href")

    phone.goto(base_url + vote_url)
    assert_accessible(phone)
    phone.get_by_label("第二組").check()
    phone.get_by_role("button", name="投票").click()
    phone.wait_for_load_state()
    assert "已收到您的投票" in phone.get_by_role("status").first.inner_text()
    assert_accessible(phone)
    # The organizer's page updates by itself.
    second_page.wait_for_function(
        "el => el.textContent.trim() === '1'", arg=total.element_handle(), timeout=10000
    )


def test_the_organizers_morning_dashboard_screen_and_projector(browser, base_url):
    """At 1280x800: the dashboard lists today's class, its screen shows the QR
    code without scrolling, and the projector view; all axe-clean."""
    from .conftest import _new_context

    context = _new_context(
        browser, viewport={"width": 1280, "height": 800}, locale="zh-TW"
    )
    page = context.new_page()
    try:
        _sign_in(page, base_url, "organizer")
        page.goto(f"{base_url}/admin/")
        panel = page.locator("#organizer-week-section")
        assert panel.locator("[data-classes-today] tbody tr").count() >= 1
        assert_accessible(page)
        panel.locator("[data-classes-today] a.button").first.click()
        page.wait_for_url(re.compile(r"/admin/classday/\d+/$"))
        page.wait_for_selector("[data-qr] svg")
        box = page.locator("[data-qr]").bounding_box()
        assert box["y"] < 800 and page.evaluate("window.scrollY") == 0
        assert_accessible(page)
        page.locator("a[href$='/projector/']").click()
        page.wait_for_url(re.compile(r"/admin/classday/\d+/projector/$"))
        page.wait_for_selector("[data-qr] svg[viewBox]")
        assert page.locator("[data-qr]").bounding_box()["height"] > 300
        assert_accessible(page)
    finally:
        context.close()
