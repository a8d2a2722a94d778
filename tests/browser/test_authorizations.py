"""The lecturer signs a material authorization on a phone: reads it, draws a
signature, agrees, and gets the sealed PDF; axe-core on every page."""

import re

import pytest

from .conftest import assert_accessible
from .test_people_pages import _sign_in

pytestmark = pytest.mark.browser


def test_the_lecturer_signs_an_authorization_on_a_phone(phone, base_url):
    page = phone
    _sign_in(page, base_url, "lecturer")
    page.goto(base_url + "/lecturer/")
    page.get_by_role("link", name=re.compile("份授權書待您簽署")).click()
    page.wait_for_url(re.compile(r"/lecturer/authorizations/$"))
    assert_accessible(page)
    page.locator("#waiting-heading + ul a").first.click()
    page.wait_for_url(re.compile(r"/lecturer/authorizations/\d+/$"))
    main = page.locator("main")
    assert "授權其他機關使用" in main.inner_text()
    assert_accessible(page)

    # Agreeing without a signature: the error, and the name typed is kept.
    page.get_by_label("您的姓名").fill("吳講座本人")
    page.get_by_label("我已閱讀上述授權書並同意。").check()
    page.get_by_role("button", name="簽署授權書").click()
    page.wait_for_load_state()
    assert "請在框內簽名" in main.inner_text()
    assert page.get_by_label("您的姓名").input_value() == "吳講座本人"
    assert_accessible(page)

    canvas = page.locator("canvas[data-signature-pad]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(
            box["x"] + 20 + step * (box["width"] - 40) / 12,
            box["y"] + box["height"] * (0.3 if step % 2 else 0.7),
        )
    page.mouse.up()
    assert (
        page.locator("#id_signature").input_value().startswith("data:image/png;base64,")
    )
    page.get_by_label("我已閱讀上述授權書並同意。").check()
    page.get_by_role("button", name="簽署授權書").click()
    page.wait_for_url(re.compile(r"/lecturer/authorizations/\d+/$"))
    assert page.get_by_role("status").first.is_visible()
    assert "已簽署" in main.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="下載經封存的 PDF").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert_accessible(page)
