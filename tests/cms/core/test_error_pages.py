"""The site's 403, 404 and 500 pages, in zh-Hant at / and in English under /en/."""

import pytest
from django.test import Client

from cms.core import views
from portal.accounts import roles
from tests.factories.users import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cms.core.error_urls")]


def test_a_missing_page_answers_404_with_the_site_page_in_both_languages(
    client, site_tree
):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="zh-Hant-TW">' in html
    assert "找不到網頁" in html and "找不到這個網址的網頁" in html
    assert 'href="/search/"' in html and 'href="/"' in html

    response = client.get("/en/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en">' in html
    assert "We cannot find the page at this address" in html
    assert 'href="/en/search/"' in html


def test_a_missing_api_resource_keeps_the_api_error_shape(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_permission_denied_offers_the_anonymous_a_sign_in_link(client, site_tree):
    response = client.get("/test-forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "您無法開啟這個網頁" in html and "這個網頁需要登入才能瀏覽" in html
    assert "/accounts/login/?next=/test-forbidden/" in html


def test_permission_denied_tells_a_signed_in_user_in_english(client, site_tree):
    client.force_login(make_user("denied", roles.TRAINEES))
    response = client.get("/en/test-forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your account does not have access to this page." in html
    assert "?next=" not in html
    assert 'href="/en/my/classes/"' in html


def test_a_failed_csrf_check_answers_the_403_page_with_a_hint_to_reload(site_tree):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "表單已失效" in html and "重新整理取得新的表單" in html

    response = client.post("/en/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()


def test_a_failed_csrf_check_under_the_api_keeps_the_api_error_shape(site_tree):
    client = Client(enforce_csrf_checks=True)
    user = make_user("api-csrf")
    client.force_login(user)
    response = client.post("/api/v1/no-such-thing/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"


def test_a_server_error_answers_the_500_page_without_the_database(
    client, site_tree, django_assert_num_queries
):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/test-broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="zh-Hant-TW">' in html
    assert "系統發生錯誤" in html and "錯誤已記錄下來" in html
    assert 'rel="stylesheet" href="/static/css/site.css"' in html
    assert 'href="/search/"' in html

    response = client.get("/en/test-broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="en">' in html and "Something went wrong" in html
    assert 'href="/en/"' in html


def test_the_500_page_falls_back_to_fixed_text_if_its_template_fails(
    client, site_tree, monkeypatch
):
    def fail(name):
        raise RuntimeError("template storage is gone")

    monkeypatch.setattr(views.loader, "get_template", fail)
    client.raise_request_exception = False
    response = client.get("/test-broken/")
    assert response.status_code == 500
    assert response.content.decode() == views.BARE_SERVER_ERROR
