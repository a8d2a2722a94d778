import re

import pytest

from .conftest import assert_accessible, open_menu

pytestmark = pytest.mark.browser


def _sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill("demo-pass-2026")
    page.get_by_role("button", name="登入").click()
    page.wait_for_url(re.compile(r"/$"))


def test_trainee_registers_for_an_open_session_and_sees_it_in_my_classes(
    page, base_url
):
    _sign_in(page, base_url, "trainee2")
    page.goto(base_url + "/catalog/?open=on")
    links = [a.get_attribute("href") for a in page.locator(".course-card h3 a").all()]
    register = page.get_by_role("button", name=re.compile(r"^報名 "))
    for href in links:
        page.goto(base_url + href)
        if register.count():
            break
    title = page.get_by_role("heading", level=1).inner_text()
    register.first.click()
    page.wait_for_load_state()
    assert page.get_by_role("status").count() >= 1
    assert_accessible(page)
    open_menu(page)
    page.get_by_role("link", name="我的課程").first.click()
    page.wait_for_url(re.compile(r"/my/classes/$"))
    assert title in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(base_url + "/my/hours/")
    assert_accessible(page)


def test_hr_officer_pages_are_accessible_and_scoped(page, base_url):
    _sign_in(page, base_url, "hr_a")
    open_menu(page)
    page.get_by_role("link", name="機關報名").first.click()
    page.wait_for_url(re.compile(r"/hr/enrolments/"))
    assert_accessible(page)
    text = page.locator("main").inner_text()
    assert "資訊局" in text and "教育局" not in text
    page.goto(base_url + "/hr/hours/")
    assert_accessible(page)
    page.goto(base_url + "/hr/nominate/")
    assert_accessible(page)
    page.goto(base_url + "/hr/import/")
    assert_accessible(page)
