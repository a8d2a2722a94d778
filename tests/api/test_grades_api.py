"""Grades and the honours list through the API (organizers)."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from portal.records.models import TrainingRecord
from tests.factories.records import make_graded_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(catalog):
    return make_graded_session(catalog)


@pytest.fixture
def api(graded):
    client = APIClient()
    client.force_authenticate(graded[2])
    return client


def test_organizer_enters_grades_and_builds_the_honours_list(api, graded):
    session, enrolments, _organizer = graded
    url = f"/api/v1/sessions/{session.pk}/grades/"
    rows = [
        {"enrolment_id": e.pk, "scores": {"report": 90, "test": str(t)}}
        for e, t in zip(enrolments, (99, 95, 80, 70), strict=True)
    ]
    response = api.post(url, {"rows": rows}, format="json")
    assert response.status_code == 200, response.json()
    by_id = {r["id"]: r for r in response.json()}
    first = TrainingRecord.objects.get(enrolment=enrolments[0])
    assert by_id[first.pk]["grade"] == "96.5" and by_id[first.pk]["grade_band"] == "優"

    honours = api.post(
        f"/api/v1/sessions/{session.pk}/honours/", {"action": "compute"}, format="json"
    ).json()
    assert [p["place"] for p in honours["places"]] == [1, 2, 3]
    assert honours["places"][0]["enrolment_id"] == enrolments[0].pk
    api.post(f"/api/v1/sessions/{session.pk}/honours/", {"action": "confirm"})
    refused = api.post(f"/api/v1/sessions/{session.pk}/honours/", {"action": "compute"})
    assert refused.status_code == 400


def test_a_refused_row_saves_nothing_and_names_the_field(api, graded):
    session, (first, second, *_rest), _organizer = graded
    response = api.post(
        f"/api/v1/sessions/{session.pk}/grades/",
        {"rows": [
            {"enrolment_id": first.pk, "scores": {"report": "80", "test": "80"}},
            {"enrolment_id": second.pk, "scores": {"report": "80", "test": "80"},
             "adjustment": "5"},
        ]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert f"{second.pk}:reason" in response.json()["error"]["fields"]
    assert TrainingRecord.objects.get(enrolment=first).grade != Decimal("80")


def test_someone_outside_the_session_is_not_found(api, graded):
    session, _enrolments, _organizer = graded
    response = api.post(
        f"/api/v1/sessions/{session.pk}/grades/",
        {"rows": [{"enrolment_id": 987654, "scores": {"test": "80"}}]},
        format="json",
    )
    assert response.status_code == 404
