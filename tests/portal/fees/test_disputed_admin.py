"""Disputed statements in the admin: the count on the register, the status
filter, the list with the lecturer's comment, and the adjustment from there."""

import datetime

import pytest
from django.urls import reverse

from portal.accounts import roles
from portal.fees import selectors, services
from portal.fees.models import StatementStatus
from portal.lecturers.models import LecturerCategory as C
from tests.factories.catalog import make_course, make_session
from tests.factories.fees import add_entry, make_profile
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db
MON = datetime.date(2024, 3, 4)
APRIL = datetime.date(2024, 4, 8)


@pytest.fixture
def statements(catalog, fee_session, organizer, lecturer_user, other_lecturer_user):
    """March: 甲 disputed (a line), 乙 pending; April: 甲 disputed (the whole)."""
    mine = make_profile("甲", C.OUTSIDE, user=lecturer_user)
    other = make_profile("乙", C.OUTSIDE, user=other_lecturer_user)
    add_entry(fee_session, mine.lecturer, MON, "09:00", "10:30", topic="公文格式")
    add_entry(fee_session, other.lecturer, MON, "13:00", "14:30")
    april = make_session(make_course(catalog, title="簡報技巧"), start=APRIL, days=1)
    add_entry(april, mine.lecturer, APRIL, "09:00", "10:30")
    march_a = services.statement_compute(
        session=fee_session, profile=mine, actor=organizer
    )
    march_b = services.statement_compute(
        session=fee_session, profile=other, actor=organizer
    )
    april_a = services.statement_compute(session=april, profile=mine, actor=organizer)
    services.statement_dispute(
        statement=march_a,
        user=lecturer_user,
        line=march_a.lines.first(),
        comment="第二節實際授課 90 分鐘",
    )
    services.statement_dispute(
        statement=april_a, user=lecturer_user, line=None, comment="日期不對"
    )
    return march_a, march_b, april_a


def test_disputed_list_holds_the_comment_and_line_in_scope(
    statements, organizer, lecturer_user, other_lecturer_user
):
    march_a, _march_b, april_a = statements
    rows = list(selectors.disputed_statement_list(viewer=organizer))
    assert [s.pk for s in rows] == [march_a.pk, april_a.pk]
    assert rows[0].disputes[0].note == "第二節實際授課 90 分鐘"
    assert rows[0].disputes[0].line_id == march_a.lines.first().pk
    assert rows[1].disputes[0].line is None
    assert selectors.disputed_statement_list(viewer=other_lecturer_user).count() == 0
    trainee = make_user("trainee_d", roles.TRAINEES)
    assert selectors.disputed_statement_list(viewer=trainee).count() == 0


def test_register_shows_the_disputed_count_and_filters_by_status(
    client, statements, organizer
):
    march_a, march_b, _april_a = statements
    client.force_login(organizer)
    url = reverse("fees_register")
    response = client.get(url, {"month": "2024-03"})
    assert response.context["disputed_count"] == 2  # every month, not only March
    assert reverse("fees_disputed") in response.content.decode()
    assert {s.pk for s in response.context["statements"]} == {march_a.pk, march_b.pk}
    response = client.get(url, {"month": "2024-03", "status": "disputed"})
    assert [s.pk for s in response.context["statements"]] == [march_a.pk]
    response = client.get(url, {"month": "2024-03", "status": "pending"})
    assert [s.pk for s in response.context["statements"]] == [march_b.pk]
    response = client.get(url, {"month": "2024-03", "status": "nonsense"})
    assert response.context["status"] == ""
    assert len(response.context["statements"]) == 2


def test_disputed_page_shows_comments_and_leads_to_the_adjustment(
    client, statements, organizer, lecturer_user
):
    march_a, _march_b, april_a = statements
    client.force_login(organizer)
    body = client.get(reverse("fees_disputed")).content.decode()
    assert "第二節實際授課 90 分鐘" in body and "日期不對" in body
    assert "公文格式" in body  # the disputed line's description
    statement_url = reverse("fees_statement", args=[march_a.pk])
    assert statement_url in body
    response = client.get(statement_url)
    assert response.context["dispute"].note == "第二節實際授課 90 分鐘"
    assert "第二節實際授課 90 分鐘" in response.content.decode()
    line = march_a.lines.first()
    response = client.post(
        statement_url,
        {"action": "adjust", "line": line.pk, "amount": 3000, "reason": "依實際時數"},
    )
    assert response.status_code == 302
    march_a.refresh_from_db()
    assert march_a.status == StatementStatus.PENDING and march_a.taxable_total == 3000
    response = client.get(statement_url)
    assert response.context["dispute"] is None
    rows = client.get(reverse("fees_disputed")).context["statements"]
    assert [s.pk for s in rows] == [april_a.pk]


def test_only_organizers_open_the_disputed_page(client, statements, lecturer_user):
    for user in (make_user("editor_d", roles.EDITORS), lecturer_user):
        client.force_login(user)
        response = client.get(reverse("fees_disputed"))
        # Wagtail turns the refusal into a redirect away from the page.
        assert response.status_code in (302, 403)
        assert "日期不對" not in response.content.decode()
        if response.status_code == 302:
            assert response.url != reverse("fees_disputed")
