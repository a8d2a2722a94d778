import pytest

from tests.factories.catalog import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(catalog):
    make_course(catalog, title="夜間日語初級班", summary="日語入門")
    make_course(
        catalog, title="Python 程式設計入門班", summary="程式設計 Python basics"
    )
    make_course(catalog, title="未發布的日語班", live=False)


def _titles(response):
    page_obj = response.context["page_obj"]
    return [c.title for c in page_obj.object_list] if page_obj else []


def test_search_finds_a_course_by_its_title(client, courses):
    response = client.get("/search/", {"q": "夜間日語初級班"})
    assert response.status_code == 200
    assert _titles(response) == ["夜間日語初級班"]


def test_search_finds_english_words(client, courses):
    assert "Python 程式設計入門班" in _titles(client.get("/search/", {"q": "python"}))


def test_search_never_shows_unpublished_courses(client, courses):
    assert "未發布的日語班" not in _titles(
        client.get("/search/", {"q": "未發布的日語班"})
    )


def test_empty_query_shows_the_form_without_results(client, courses):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["page_obj"] is None


@pytest.mark.parametrize(
    "query",
    [
        "*",
        '"',
        "'",
        "(((",
        "AND OR NOT",
        "' OR 1=1 --",
        "日語 NEAR(a b)",
        "title:日語^5",
        "x" * 2000,
        "語" * 2000,
        "\x00",
        "%_%",
    ],
)
def test_absurd_queries_get_a_polite_answer(client, courses, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert len(response.context["search_query"]) <= 100


def test_search_page_offers_facets_and_filters(client, courses):
    response = client.get("/search/", {"q": "程式設計"})
    assert response.context["facets"]["total"] == 1
    filtered = client.get("/search/", {"q": "程式設計", "mode": "online"})
    assert _titles(filtered) == []


def test_suggestions_while_typing(client, courses):
    response = client.get("/search/suggest/", {"q": "日語"})
    assert response.json()["suggestions"] == ["夜間日語初級班"]
    assert client.get("/search/suggest/", {"q": "*"}).json()["suggestions"] == []


def test_handouts_are_searchable_by_title_for_those_who_may_see_them(client, catalog):
    from cms.handouts.models import Visibility
    from portal.accounts import roles
    from tests.factories.handouts import make_handout
    from tests.factories.users import PASSWORD, make_user

    course = make_course(catalog, title="公文寫作實務班")
    make_handout(course, visibility=Visibility.PUBLIC, title="公文範例講義")
    make_handout(course, visibility=Visibility.STAFF, title="公文教案（內部）")
    titles = [
        i.handout.title
        for i in client.get("/search/", {"q": "公文"}).context["handouts"]
    ]
    assert titles == ["公文範例講義"]
    make_user("organizer", roles.ORGANIZERS)
    client.login(username="organizer", password=PASSWORD)
    titles = {
        i.handout.title
        for i in client.get("/search/", {"q": "公文"}).context["handouts"]
    }
    assert titles == {"公文範例講義", "公文教案（內部）"}


def test_results_show_the_next_session_and_whether_registration_is_open(
    client, catalog
):
    from tests.factories.catalog import make_session

    scheduled = make_course(catalog, title="公文寫作進階班", summary="公文")
    session = make_session(scheduled)  # open now, starting in 30 days
    make_course(catalog, title="公文寫作研習", summary="公文")  # no session

    page = client.get("/search/", {"q": "公文寫作"}).content.decode()

    assert session.start_date.isoformat() in page
    assert "報名中" in page and "尚未排定" in page
