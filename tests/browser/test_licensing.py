import datetime
import re

import pytest

from .conftest import assert_accessible, open_menu
from .test_people_pages import _sign_in

pytestmark = pytest.mark.browser


def test_licensee_applies_from_the_form_page(page, base_url):
    page.goto(base_url + "/licensing/")
    assert page.get_by_role("heading", name="開放授權的教材").is_visible()
    assert page.get_by_role("link", name="以機關帳號登入").is_visible()
    assert_accessible(page)

    _sign_in(page, base_url, "licensee")
    page.goto(base_url + "/licensing/")
    boxes = page.get_by_role("checkbox")
    materials = page.locator('input[name="materials"]')
    assert materials.count() >= 2
    materials.nth(0).check()
    materials.nth(1).check()
    page.get_by_label("用途").fill("新進人員資安訓練教材")
    page.get_by_label("使用對象").fill("本局新進人員")
    start = datetime.date.today() + datetime.timedelta(days=14)
    page.get_by_label("使用期間起").fill(start.isoformat())
    page.get_by_label("使用期間迄").fill(
        (start + datetime.timedelta(days=90)).isoformat()
    )
    page.get_by_label("使用人數").fill("30")
    # Forgetting the terms: the form comes back with the error and the input kept.
    page.get_by_role("button", name="送出申請").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    assert "必須同意使用條款" in page.locator("main").inner_text()
    assert page.get_by_label("用途").input_value() == "新進人員資安訓練教材"
    assert materials.nth(1).is_checked()
    assert_accessible(page)

    assert boxes.count() >= 3
    page.get_by_label("我已閱讀並同意使用條款。").check()
    page.get_by_role("button", name="送出申請").click()
    page.wait_for_url(re.compile(r"/licenses/L\d{4}-\d{5}/$"))
    assert page.get_by_role("status").first.is_visible()
    main = page.locator("main").inner_text()
    assert "已送出" in main and "本局新進人員" in main
    assert_accessible(page)
    open_menu(page)
    page.get_by_role("navigation", name="個人專區").get_by_role(
        "link", name="我的教材授權"
    ).click()
    page.wait_for_url(re.compile(r"/licenses/$"))
    assert_accessible(page)
