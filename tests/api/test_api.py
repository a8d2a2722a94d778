import datetime
import json

import pytest
import yaml
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate
from wagtail.models import APIToken

from tests.api.conftest import bearer
from tests.factories.catalog import make_category, make_course, make_session
from tests.factories.people import make_person
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


# Schema -------------------------------------------------------------------------


def test_schema_is_valid_openapi_and_documents_every_operation(api):
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    validate(spec)
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) >= 20
    for path, method, op in operations:
        assert path.startswith("/api/v1/")
        assert op.get("summary") or op.get("description"), (method, path)
        assert op.get("responses"), (method, path)
        for parameter in op.get("parameters", []):
            assert parameter.get("description"), (method, path, parameter["name"])
            assert parameter.get("schema", {}).get("type"), (
                method,
                path,
                parameter["name"],
            )
        for code, response in op["responses"].items():
            json_body = (response.get("content") or {}).get("application/json")
            if code.startswith("2") and json_body:
                assert json_body.get("examples"), (method, path, code)


def test_interactive_docs_are_served_without_a_cdn(api):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    assert b"cdn.jsdelivr" not in response.content


# Auth ---------------------------------------------------------------------------


def test_token_obtain_use_and_revoke(api, world):
    response = api.post(
        "/api/v1/auth/token/",
        {"username": "alice", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 201
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/me/").json()["person"]["name"] == "資訊甲"
    assert api.get("/api/v1/me/").json()["person"]["national_id_masked"].count("*") == 7
    token_id = response.json()["id"]
    assert [t["id"] for t in api.get("/api/v1/auth/tokens/").json()["results"]] == [
        token_id
    ]
    assert api.delete(f"/api/v1/auth/tokens/{token_id}/").status_code == 204
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_wrong_password_gets_the_common_error_shape(api, world):
    response = api.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert not APIToken.objects.exists()


def test_field_errors_are_listed_by_field_and_translated(api, world):
    response = api.get(
        "/api/v1/courses/", {"month": "2026-13"}, HTTP_ACCEPT_LANGUAGE="zh-hant"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "month" in error["fields"]
    assert error["message"] == "部分欄位內容不正確。"


def test_one_users_token_cannot_revoke_anothers(api, world):
    token, _ = APIToken.create_token(user=world.bob.user, name="bob")
    bearer(api, world.alice.user)
    assert api.delete(f"/api/v1/auth/tokens/{token.pk}/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# Catalog ------------------------------------------------------------------------


def test_course_list_embeds_upcoming_sessions(api, world):
    body = api.get("/api/v1/courses/").json()
    (course,) = body["results"]
    assert course["title"] == "資訊安全基礎班"
    assert [s["code"] for s in course["upcoming_sessions"]] == [world.session.code]
    assert course["registration_open"] is True


def test_course_filters_and_facets(api, world, catalog):
    lang = make_category(name="語文", slug="lang")
    make_course(catalog, title="夜間日語初級班", category=lang)
    assert api.get("/api/v1/courses/", {"category": "lang"}).json()["count"] == 1
    assert api.get("/api/v1/courses/", {"open": "true"}).json()["count"] == 1
    assert api.get("/api/v1/courses/", {"q": "夜間日語初級班"}).json()["count"] == 1
    facets = api.get("/api/v1/courses/facets/").json()
    assert facets["total"] == 2
    assert {f["value"]: f["count"] for f in facets["category"]} == {"it": 1, "lang": 1}
    assert facets["open_for_registration"] == 1


def test_catalog_reads_support_conditional_get(api, world):
    first = api.get("/api/v1/courses/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    again = api.get("/api/v1/courses/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    world.session.capacity = 20
    world.session.save()
    assert (
        api.get("/api/v1/courses/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    )


def test_course_detail_lists_handouts_by_what_the_caller_may_do(api, world):
    url = f"/api/v1/courses/{world.course.pk}/"
    anonymous = {h["title"]: h["can_download"] for h in api.get(url).json()["handouts"]}
    assert anonymous == {"課程簡介": True, "學員講義": False}
    bearer(api, world.alice.user)
    enrolled = {h["title"]: h["can_download"] for h in api.get(url).json()["handouts"]}
    assert enrolled == {"課程簡介": True, "學員講義": True}
    bearer(api, world.organizer)
    assert "內部教案" in {h["title"] for h in api.get(url).json()["handouts"]}


def test_unpublished_course_is_not_found(api, catalog):
    draft = make_course(catalog, live=False)
    assert api.get(f"/api/v1/courses/{draft.pk}/").status_code == 404


# Scoping through the API ----------------------------------------------------------


def test_hr_a_never_sees_hr_b_agency_through_the_api(api, world):
    bearer(api, world.hr_a.user)
    names = {
        e["person_name"]
        for e in api.get("/api/v1/agency/enrolments/").json()["results"]
    }
    assert names == {"資訊甲"}
    people = {p["name"] for p in api.get("/api/v1/agency/people/").json()["results"]}
    assert "教育乙" not in people and "資訊甲" in people
    hours = {
        r["name"]
        for r in api.get("/api/v1/agency/study-hours/", {"year": world.year}).json()[
            "results"
        ]
    }
    assert "教育乙" not in hours and "資訊甲" in hours
    assert api.get(f"/api/v1/agency/people/{world.bob.pk}/").status_code == 404
    bob_enrolment = world.enrolments["bob"].pk
    assert (
        api.post(
            f"/api/v1/enrolments/{bob_enrolment}/withdraw/", {}, format="json"
        ).status_code
        == 404
    )


def test_hr_export_holds_only_their_agency(api, world):
    bearer(api, world.hr_b.user)
    response = api.get(
        "/api/v1/agency/study-hours/export/",
        {"year": world.year, "file_format": "lifelong"},
    )
    body = response.content.decode("utf-8-sig")
    assert "教育乙" in body and "資訊甲" not in body


def test_trainee_sees_only_their_own_and_no_agency_endpoints(api, world):
    bearer(api, world.alice.user)
    mine = api.get("/api/v1/me/enrolments/").json()["results"]
    assert [e["id"] for e in mine] == [world.enrolments["alice"].pk]
    assert api.get("/api/v1/agency/enrolments/").status_code == 403
    bob_enrolment = world.enrolments["bob"].pk
    assert (
        api.post(
            f"/api/v1/enrolments/{bob_enrolment}/withdraw/", {}, format="json"
        ).status_code
        == 404
    )


# Actions ------------------------------------------------------------------------


def test_enrol_and_withdraw_through_the_api(api, world, catalog):
    session = make_session(make_course(catalog), capacity=1)
    carol = make_person("carol", world.agencies["it"])
    bearer(api, carol.user)
    response = api.post(f"/api/v1/sessions/{session.pk}/enrol/", format="json")
    assert response.status_code == 201 and response.json()["status"] == "selected"
    again = api.post(f"/api/v1/sessions/{session.pk}/enrol/", format="json")
    assert again.status_code == 400 and again.json()["error"]["message"]
    enrolment_id = response.json()["id"]
    response = api.post(
        f"/api/v1/enrolments/{enrolment_id}/withdraw/",
        {"reason": "出差"},
        format="json",
    )
    assert response.json()["status"] == "withdrawn"


def test_hr_nominates_and_substitutes_through_the_api(api, world, catalog):
    session = make_session(make_course(catalog), capacity=5)
    dave = make_person("dave", world.agencies["it_unit"], name="資訊丙")
    erin = make_person("erin", world.agencies["it"], name="資訊丁")
    bearer(api, world.hr_a.user)
    results = api.post(
        "/api/v1/agency/nominations/",
        {"session": session.pk, "people": [dave.pk, world.bob.pk]},
        format="json",
    ).json()
    assert results[0]["enrolment"]["status"] == "selected"
    assert results[1]["enrolment"] is None and results[1]["error"]
    enrolment_id = results[0]["enrolment"]["id"]
    response = api.post(
        f"/api/v1/enrolments/{enrolment_id}/substitute/",
        {"substitute": erin.pk, "reason": "出差"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["person_name"] == "資訊丁"


# Handouts -----------------------------------------------------------------------


def test_handout_download_follows_the_visibility_rules(api, world):
    public = api.get(f"/api/v1/handouts/{world.public.pk}/download/")
    assert public.status_code == 200
    assert public["Content-Disposition"].startswith("attachment")
    assert api.get(f"/api/v1/handouts/{world.enrolled.pk}/download/").status_code == 401
    assert (
        api.get(f"/api/v1/handouts/{world.staff_only.pk}/download/").status_code == 404
    )
    bearer(api, world.bob.user)  # bob is selected in the session too
    assert api.get(f"/api/v1/handouts/{world.enrolled.pk}/download/").status_code == 200


def test_signed_link_works_without_headers_and_expires(api, world, settings):
    bearer(api, world.alice.user)
    link = api.post(f"/api/v1/handouts/{world.enrolled.pk}/link/").json()["url"]
    path = link.split("testserver", 1)[1]
    api.credentials()  # no headers from here on
    assert api.get(path).status_code == 200
    settings.HANDOUT_LINK_MAX_AGE = -1
    expired = api.get(path)
    assert expired.status_code == 403 and expired.json()["error"]["message"]


def test_signed_link_of_another_handout_or_forged_is_refused(api, world):
    signer = signing.TimestampSigner(salt="civiclearn.api.handout-link")
    other = signer.sign(f"{world.public.pk}:{world.alice.user.pk}")
    url = f"/api/v1/handouts/{world.enrolled.pk}/download/"
    assert api.get(url, {"signature": other}).status_code == 403
    assert api.get(url, {"signature": "forged:123"}).status_code == 403
    # A link made for someone who may not download gives nothing either.
    outsider = make_person("outsider", world.agencies["edu"]).user
    theirs = signer.sign(f"{world.enrolled.pk}:{outsider.pk}")
    assert api.get(url, {"signature": theirs}).status_code == 403


# CORS ---------------------------------------------------------------------------


def test_no_cors_by_default(api, world):
    response = api.get("/api/v1/courses/", HTTP_ORIGIN="https://app.example.gov.tw")
    assert "Access-Control-Allow-Origin" not in response


def test_cors_when_configured(api, world, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.gov.tw"]
    response = api.get("/api/v1/courses/", HTTP_ORIGIN="https://app.example.gov.tw")
    assert response["Access-Control-Allow-Origin"] == "https://app.example.gov.tw"


# Query counts -------------------------------------------------------------------


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.slow
def test_list_endpoints_cost_the_same_queries_at_two_sizes(api, world, catalog):
    bearer(api, world.hr_a.user)
    urls = ["/api/v1/courses/", "/api/v1/agency/enrolments/", "/api/v1/agency/people/",
            f"/api/v1/agency/study-hours/?year={world.year}", "/api/v1/news/"]  # fmt: skip
    small = {url: _queries(api, url) for url in urls}
    category = make_category()
    for i in range(8):
        course = make_course(catalog, category=category, title=f"課程{i}")
        for term in range(3):
            start = datetime.date.today() + datetime.timedelta(days=20 + 30 * term)
            session = make_session(course, start=start, code=f"Q{i:03d}", term=term + 1)
            person = make_person(f"staff{i}-{term}", world.agencies["it_unit"])
            from portal.enrolment import services

            services.enrolment_register(session=session, trainee=person.user)
    large = {url: _queries(api, url) for url in urls}
    assert large == small


def test_records_through_the_api_are_scoped(api, world):
    bearer(api, world.hr_a.user)
    names = {r["person_name"] for r in api.get("/api/v1/records/").json()["results"]}
    assert names == {"資訊甲"}
    bearer(api, world.bob.user)
    names = {r["person_name"] for r in api.get("/api/v1/records/").json()["results"]}
    assert names == {"教育乙"}


def test_editor_previews_a_draft_through_wagtail_pages_api(api, world):
    from tests.factories.users import make_user

    editor = make_user("editor", "Editors", "Moderators")
    course = world.course
    course.title = "資訊安全基礎班（草稿）"
    revision = course.save_revision(user=editor)
    bearer(api, editor)
    live = api.get(f"/api/v3/pages/{course.pk}/").json()
    assert live["title"] == "資訊安全基礎班"
    draft = api.get(f"/api/v3/pages/{course.pk}/revisions/{revision.pk}/")
    assert draft.status_code == 200
    assert "資訊安全基礎班（草稿）" in json.dumps(draft.json(), ensure_ascii=False)
    api.credentials()
    assert api.get(
        f"/api/v3/pages/{course.pk}/revisions/{revision.pk}/"
    ).status_code in (401, 403)


def test_cached_catalog_reads_are_still_rate_limited(api, world, monkeypatch):
    from api.throttling import AnonThrottle, CachedReadThrottle

    # Cached reads have a rate of their own (a bureau shares one address): the
    # first read fills the cache at the anonymous rate, three more come from it.
    monkeypatch.setattr(AnonThrottle, "rate", "1/minute", raising=False)
    monkeypatch.setattr(CachedReadThrottle, "rate", "3/minute", raising=False)
    statuses = [api.get("/api/v1/courses/").status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert api.get("/api/v1/courses/").json()["error"]["code"] == "throttled"


def test_cached_catalog_reads_follow_every_change(api, world):
    first = api.get("/api/v1/courses/").json()["results"][0]["upcoming_sessions"][0]
    assert (
        api.get("/api/v1/courses/").json()["results"][0]["upcoming_sessions"][0]
        == first
    )
    world.session.capacity = 7
    world.session.save()
    again = api.get("/api/v1/courses/").json()["results"][0]["upcoming_sessions"][0]
    assert again["capacity"] == 7


def test_token_endpoint_limits_password_guessing(api, world, monkeypatch):
    from api.throttling import TokenObtainThrottle

    monkeypatch.setattr(TokenObtainThrottle, "rate", "2/minute", raising=False)
    attempts = [
        api.post(
            "/api/v1/auth/token/", {"username": "alice", "password": "x"}, format="json"
        )
        for _ in range(3)
    ]
    assert [r.status_code for r in attempts] == [400, 400, 429]
    assert attempts[-1].has_header("Retry-After")


def test_unknown_api_urls_answer_json(api):
    response = api.get("/api/v1/courses/not-a-number/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "query", ["*", '"', "(((", "' OR 1=1 --", "x" * 2000, "語" * 2000, "NEAR(a b)"]
)
def test_absurd_free_text_gets_a_polite_answer(api, world, query):
    response = api.get("/api/v1/courses/", {"q": query})
    assert response.status_code == 200
    assert response.json()["count"] >= 0


def test_free_text_finds_part_of_a_chinese_title(api, world):
    results = api.get("/api/v1/courses/", {"q": "資安"}).json()["results"]
    assert [c["title"] for c in results] == ["資訊安全基礎班"]
