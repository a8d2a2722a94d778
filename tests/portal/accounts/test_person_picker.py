"""The people picker of the HR forms: a search through the viewer's scope (the
site's JSON, the API and the no-JavaScript form alike), ID numbers only masked,
a fixed number of queries, and the form checking the scope whatever is sent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from portal.accounts.roles import HR_OFFICERS
from portal.accounts.selectors import person_search
from portal.enrolment import services
from portal.enrolment.models import Enrolment
from tests.api.conftest import bearer
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person, valid_national_id
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db

CLEAR_ID = valid_national_id(4242)


@pytest.fixture
def world(catalog):
    agencies = make_agencies()
    hr = make_person("pick_hr", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"])
    own = make_person(
        "pick_own", agencies["it_unit"], name="王小明", employee_number="E1001",
        national_id=CLEAR_ID,
    )  # fmt: skip
    other = make_person("pick_other", agencies["edu"], name="王大同",
                        employee_number="E1002")  # fmt: skip
    return {
        "agencies": agencies, "hr": hr, "own": own, "other": other,
        "session": make_session(make_course(catalog), capacity=10),
    }  # fmt: skip


def _search(client, q, **extra):
    return client.get(reverse("portal:people_search"), {"q": q, **extra})


@pytest.mark.parametrize(
    "q", ["王", "小明", "E1001", "e10", "系統發展", CLEAR_ID, CLEAR_ID.lower()]
)
def test_search_finds_by_name_employee_number_unit_or_whole_id(world, q):
    found = list(person_search(viewer=world["hr"].user, q=q))
    assert found == [world["own"]]


def test_an_empty_search_finds_nobody(world):
    assert not person_search(viewer=world["hr"].user, q="  ").exists()


def test_hr_officer_searching_never_finds_another_agencys_people(client, world):
    client.force_login(world["hr"].user)
    for q in ("王", "E1002", "教育局", "王大同"):
        names = [r["name"] for r in _search(client, q).json()["results"]]
        assert "王大同" not in names, q
    # Institute staff reach both.
    staff = make_person("pick_staff", world["agencies"]["city"], "Editors")
    client.force_login(staff.user)
    names = {r["name"] for r in _search(client, "王").json()["results"]}
    assert {"王小明", "王大同"} <= names


def test_the_json_shows_the_id_number_masked_only(client, world):
    client.force_login(world["hr"].user)
    response = _search(client, CLEAR_ID)
    [person] = response.json()["results"]
    assert person["national_id_masked"] == world["own"].national_id_masked
    assert CLEAR_ID not in response.content.decode()
    assert set(person) == {
        "id", "name", "employee_number", "agency", "job_title", "national_id_masked"
    }  # fmt: skip
    assert response["Cache-Control"] == "private, no-store"


def test_the_json_leaves_out_the_person_to_replace(client, world):
    colleague = make_person("pick_col", world["agencies"]["it"], name="王同事")
    client.force_login(world["hr"].user)
    response = _search(client, "王", exclude=world["own"].pk)
    assert [r["name"] for r in response.json()["results"]] == [colleague.name]


def test_anonymous_and_trainees_are_refused(client, world):
    response = _search(client, "王")
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(world["own"].user)
    assert _search(client, "王").status_code == 404


def test_the_search_takes_the_same_queries_for_one_match_or_twenty(client, world):
    client.force_login(world["hr"].user)
    _search(client, "warm-up")

    def count(q):
        with CaptureQueriesContext(connection) as queries:
            assert _search(client, q).status_code == 200
        return len(queries)

    one = count("王小明")
    for i in range(25):
        make_person(f"pick_many{i}", world["agencies"]["it_unit"], name=f"李{i:02d}")
    many = count("李")
    assert one == many <= 6
    response = _search(client, "李").json()
    assert len(response["results"]) == 20 and response["more"] is True


def test_the_api_searches_people_within_the_scope(world):
    api = bearer(APIClient(), world["hr"].user)
    body = api.get("/api/v1/agency/people/", {"q": "王"}).json()
    assert [p["name"] for p in body["results"]] == ["王小明"]
    body = api.get("/api/v1/agency/people/", {"q": CLEAR_ID}).json()
    assert [p["national_id_masked"] for p in body["results"]] == [
        world["own"].national_id_masked
    ]
    assert api.get("/api/v1/agency/people/", {"q": "教育局"}).json()["count"] == 0


# Without JavaScript: search, then pick from the results -----------------------


def test_without_javascript_a_search_lists_the_matches_to_tick(client, world):
    client.force_login(world["hr"].user)
    page = client.get(reverse("portal:nominate"), {"q": "王"})
    html = page.content.decode()
    assert page.context["picker"].results == [world["own"]]
    assert f'name="people" value="{world["own"].pk}"' in html
    assert 'value="王"' in html  # what was typed stays in the box
    assert "王大同" not in html


def test_without_javascript_searching_again_keeps_the_session_and_the_chosen(
    client, world
):
    client.force_login(world["hr"].user)
    colleague = make_person("pick_col2", world["agencies"]["it"], name="林同事")
    page = client.post(
        reverse("portal:nominate"),
        {
            "session": world["session"].pk,
            "people": [world["own"].pk],
            "q": "林",
            "find": "1",
        },
    )
    assert page.status_code == 200
    assert not Enrolment.objects.exists()  # a search writes nothing
    picker = page.context["picker"]
    assert picker.chosen == [world["own"]] and picker.results == [colleague]
    assert picker.q == "林"
    assert page.context["form"]["session"].value() == str(world["session"].pk)
    assert not page.context["form"].errors
    response = client.post(
        reverse("portal:nominate"),
        {"session": world["session"].pk, "people": [world["own"].pk, colleague.pk]},
    )
    assert response.status_code == 302
    assert set(world["session"].enrolments.values_list("user", flat=True)) == {
        world["own"].user.pk,
        colleague.user.pk,
    }


def test_the_form_refuses_people_out_of_scope_whatever_is_sent(client, world):
    client.force_login(world["hr"].user)
    page = client.post(
        reverse("portal:nominate"),
        {
            "session": world["session"].pk,
            "people": [world["own"].pk, world["other"].pk],
        },
    )
    assert page.status_code == 200
    assert page.context["form"].errors["people"]
    assert not Enrolment.objects.exists()
    # Out-of-scope ids are not shown back as chosen either.
    assert page.context["picker"].chosen == [world["own"]]


def test_the_substitute_picker_finds_colleagues_but_not_the_nominee(client, world):
    colleague = make_person("pick_sub", world["agencies"]["it"], name="王替代")
    enrolment = services.enrolment_nominate(
        session=world["session"], trainee=world["own"].user, hr_officer=world["hr"].user
    )
    client.force_login(world["hr"].user)
    url = reverse("portal:substitute", args=[enrolment.pk])
    page = client.post(url, {"q": "王", "reason": "公差", "find": "1"})
    assert page.context["picker"].results == [colleague]
    assert 'value="公差"' in page.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status != "substituted"
    refused = client.post(url, {"substitute": world["other"].pk, "reason": "公差"})
    assert refused.context["form"].errors["substitute"]
    response = client.post(url, {"substitute": colleague.pk, "reason": "公差"})
    assert response.status_code == 302
    assert world["session"].enrolments.get(user=colleague.user).source == (
        "substitution"
    )


def test_the_nominate_page_loads_the_picker_script(client, world):
    client.login(username="pick_hr", password=PASSWORD)
    html = client.get(reverse("portal:nominate")).content.decode()
    assert "js/person-picker.js" in html
    assert "data-person-picker" in html


@pytest.mark.parametrize("exclude", ["²", "abc", "9" * 30, "-1", ""])
def test_a_strange_exclude_is_ignored_not_an_error(client, world, exclude):
    client.force_login(world["hr"].user)
    response = _search(client, "王小明", exclude=exclude)
    assert response.status_code == 200
    assert [r["name"] for r in response.json()["results"]] == ["王小明"]
