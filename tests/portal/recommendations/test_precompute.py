import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from wagtail.models import APIToken

from portal.recommendations.models import EditorPick, StoredRecommendation
from portal.recommendations.services import recommendations_precompute
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def picks(catalog):
    courses = []
    for i in range(8):
        course = make_course(catalog, title=f"推薦課程{i}")
        make_session(course, code=f"R{i:05d}")
        EditorPick.objects.create(course=course, reason="本處推薦", weight=10 - i)
        courses.append(course)
    return courses


def test_precompute_stores_each_trainees_list_and_replaces_it(catalog, picks):
    agencies = make_agencies()
    alice = make_person("alice", agencies["it"])
    assert recommendations_precompute() == 1
    stored = list(StoredRecommendation.objects.filter(user=alice.user))
    assert [r.course_id for r in stored] == [c.pk for c in picks]
    assert stored[0].reasons == ["本處推薦"]
    recommendations_precompute()
    assert StoredRecommendation.objects.filter(user=alice.user).count() == len(picks)


def test_home_shows_the_trainees_recommendations_with_reasons(client, site_tree, picks):
    agencies = make_agencies()
    make_person("alice", agencies["it"])
    recommendations_precompute()
    client.login(username="alice", password=PASSWORD)
    html = client.get("/").content.decode()
    assert "推薦課程0" in html and "本處推薦" in html


def test_recommendations_request_costs_a_bounded_number_of_queries(catalog, picks):
    agencies = make_agencies()
    alice = make_person("alice", agencies["it"])
    recommendations_precompute()
    _token, plaintext = APIToken.create_token(user=alice.user, name="t")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    api.get("/api/v1/me/recommendations/")
    with CaptureQueriesContext(connection) as few:
        body = api.get("/api/v1/me/recommendations/").json()
    assert [item["title"] for item in body][:2] == ["推薦課程0", "推薦課程1"]
    for i in range(8, 20):
        course = make_course(catalog, title=f"推薦課程{i}")
        make_session(course, code=f"R{i:05d}")
        EditorPick.objects.create(course=course, reason="本處推薦", weight=1)
    recommendations_precompute()
    with CaptureQueriesContext(connection) as more:
        api.get("/api/v1/me/recommendations/")
    assert len(more) == len(few) <= 6


def test_course_page_shows_what_its_trainees_also_took(client, catalog):
    from portal.enrolment import services as enrolment_services
    from tests.factories.catalog import make_course as course_of

    agencies = make_agencies()
    first, second = (
        course_of(catalog, title="日語入門班"),
        course_of(catalog, title="日語會話班"),
    )
    for i in range(2):
        person = make_person(f"t{i}", agencies["it"])
        for course in (first, second):
            session = make_session(course, code=f"A{i}{course.pk:04d}")
            enrolment_services.enrolment_register(session=session, trainee=person.user)
    recommendations_precompute()
    html = client.get(first.url).content.decode()
    assert "日語會話班" in html


def test_report_counts_recommended_clicked_and_enrolled(client, catalog, picks):
    from django.urls import reverse

    from portal.enrolment import services as enrolment_services
    from portal.recommendations.models import RecommendationStat
    from tests.factories.users import make_user

    agencies = make_agencies()
    alice = make_person("alice", agencies["it"])
    recommendations_precompute()
    course = picks[0]
    client.login(username="alice", password=PASSWORD)
    response = client.get(reverse("recommendation_follow", args=[course.pk]))
    assert response.status_code == 302 and response["Location"] == course.url
    session = course.sessions.first()
    enrolment_services.enrolment_register(session=session, trainee=alice.user)
    stat = RecommendationStat.objects.get(course=course)
    assert (stat.recommended, stat.clicks, stat.enrolments) == (1, 1, 1)
    make_user("editor", "Editors")
    client.login(username="editor", password=PASSWORD)
    report = client.get(reverse("recommendation_report:index"))
    assert report.status_code == 200 and "推薦課程0" in report.content.decode()
