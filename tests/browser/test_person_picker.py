"""The people picker with JavaScript: an ARIA 1.2 combobox worked from the keyboard
(arrows, Enter, Escape, aria-activedescendant, a live region), chosen people as
removable chips, and a nomination sent with them."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def _sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("帳號", exact=True).fill(username)
    page.get_by_label("密碼", exact=True).fill("demo-pass-2026")
    page.get_by_role("button", name="登入").click()
    page.wait_for_url(re.compile(r"/$"))


def test_hr_officer_finds_and_nominates_people_from_the_keyboard(phone, base_url):
    page = phone
    _sign_in(page, base_url, "hr_a")
    page.goto(base_url + "/hr/hours/")
    name = page.locator("table a[href*='/hr/people/']").first.inner_text().strip()
    page.goto(base_url + "/hr/nominate/")
    session = page.get_by_label("班期")
    session.select_option(index=1)

    box = page.locator("[data-picker-input]")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    assert not page.locator("[data-picker-find]").count()  # no-JS button gone
    box.fill(name)
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    option = page.locator(f"#{active}")
    assert option.get_attribute("role") == "option"
    assert name in option.inner_text()
    assert re.search(r"[A-Z]\*+\d\d", option.inner_text())  # masked ID only
    assert_accessible(page)

    page.keyboard.press("Enter")  # picks; does not send the form
    assert page.url.endswith("/hr/nominate/")
    chip = page.locator(".chip").filter(has_text=name)
    chip.wait_for()
    assert listbox.is_hidden()
    expect(page.locator("[data-person-picker] [aria-live]")).to_contain_text(name)
    assert page.locator("input[type=hidden][name=people]").count() == 1

    # Removing the chip, then choosing again; Escape closes the popup.
    chip.get_by_role("button").click()
    assert not page.locator(".chip").count()
    box.fill(name)
    listbox.wait_for()
    page.keyboard.press("Escape")
    assert listbox.is_hidden() and box.input_value() == name
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator(".chip").filter(has_text=name).wait_for()

    page.get_by_role("button", name="薦送", exact=True).click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    # Nominated (back on the list), or told by name why not (already in, completed).
    assert page.url.endswith("/hr/enrolments/") or name in main
    assert_accessible(page)
