"""The Wagtail admin in zh-Hant, with the msgids Wagtail's catalogue lacks."""

import pytest

from cms.core import i18n
from portal.accounts import roles
from tests.factories.users import make_user


def test_extraction_keeps_the_wagtail_strings_the_project_completes():
    catalog = i18n.extract_messages([i18n.PROJECT_DIR / "cms" / "core"])
    assert catalog.get("Search all pages…") is not None
    assert catalog.get("Help") is not None


@pytest.mark.django_db
def test_the_admin_dashboard_shows_wagtails_missing_strings_in_zh_hant(
    client, site_tree
):
    client.force_login(make_user("zh_editor", roles.EDITORS))
    html = client.get("/admin/").content.decode()
    assert 'placeholder="搜尋所有頁面…"' in html  # "Search all pages…"
    assert "所有鍵盤快速鍵" in html  # "All keyboard shortcuts"
    assert "Search all pages…" not in html
