import pytest

from cms.news.models import NewsIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(site_tree):
    home, catalog = site_tree
    catalog.show_in_menus = True
    catalog.save()
    home.add_child(
        instance=NewsIndexPage(title="最新消息", slug="news", show_in_menus=True)
    )
    return home


def test_home_is_traditional_chinese_by_default(client, home):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hant-TW">' in html
    assert "跳到主要內容" in html  # "Skip to main content"
    assert response["Content-Language"] == "zh-hant"


def test_english_lives_under_en(client, home):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


def test_accept_language_does_not_move_unprefixed_urls_away_from_chinese(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="zh-Hant-TW">' in response.content.decode()


def test_every_page_links_to_itself_in_the_other_language(client, home):
    html = client.get("/catalog/?category=it").content.decode()
    assert 'href="/en/catalog/?category=it"' in html
    html = client.get("/en/catalog/").content.decode()
    assert 'href="/catalog/"' in html


def test_menu_links_keep_the_current_language(client, home):
    html = client.get("/en/").content.decode()
    assert 'href="/en/catalog/"' in html and 'href="/en/news/"' in html
    html = client.get("/").content.decode()
    assert 'href="/catalog/"' in html


def test_form_labels_are_translated(client, home):
    html = client.get("/catalog/").content.decode()
    assert "上課方式" in html  # "Delivery mode"
    html = client.get("/en/catalog/").content.decode()
    assert "Delivery mode" in html
