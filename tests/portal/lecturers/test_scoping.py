import pytest
from django.http import Http404
from django.urls import reverse

from portal.lecturers import selectors
from portal.surveys.models import Answer, Kind, Question, Questionnaire, Response
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


def test_lecturer_sees_only_their_own_teaching(lw):
    mine = selectors.my_teaching(viewer=lw.lect_a)
    assert [e.pk for e in mine["upcoming"]] == [lw.a_future.pk]
    assert [e.pk for e in mine["past"]] == [lw.a_past.pk]
    assert list(selectors.teaching_list(viewer=lw.lect_a, profile=lw.b)) == []
    assert [p.pk for p in selectors.lecturer_profile_list(viewer=lw.lect_a)] == [
        lw.a.pk
    ]
    with pytest.raises(Http404):
        selectors.lecturer_profile_get(viewer=lw.lect_a, pk=lw.b.pk)
    with pytest.raises(Http404):
        selectors.lecturer_ratings(viewer=lw.lect_a, profile=lw.b)


def test_staff_see_every_lecturer_and_others_none(lw):
    assert selectors.lecturer_profile_list(viewer=lw.organizer).count() == 3
    assert selectors.lecturer_profile_list(viewer=lw.trainee).count() == 0
    assert len(selectors.teaching_list(viewer=lw.organizer, profile=lw.b)) == 1
    with pytest.raises(Http404):
        selectors.my_lecturer_profile(viewer=lw.trainee)


def test_staff_search_lecturers_by_expertise_tag_and_name(lw):
    by_tag = selectors.lecturer_profile_list(viewer=lw.organizer, tag="資訊安全")
    assert [p.pk for p in by_tag] == [lw.a.pk]
    by_query = selectors.lecturer_profile_list(viewer=lw.organizer, query="公文")
    assert [p.pk for p in by_query] == [lw.b.pk]
    by_name = selectors.lecturer_profile_list(viewer=lw.organizer, query="丙")
    assert [p.pk for p in by_name] == [lw.c.pk]


def test_admin_index_searches_by_expertise(lw, client):
    client.force_login(lw.organizer)
    response = client.get(reverse("lecturer_profiles:index"), {"q": "數位治理"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "甲講座" in body and "乙講座" not in body


def test_teaching_history_by_year(lw):
    history = selectors.teaching_history(viewer=lw.organizer, profile=lw.a)
    assert sum(year["periods"] for year in history) == 2
    assert history == sorted(history, key=lambda y: -y["year"])


def _answers(session, lecturer, values):
    questionnaire = Questionnaire.objects.create(title="問卷", session=session)
    question = Question.objects.create(
        questionnaire=questionnaire, text="講座表現", kind=Kind.LECTURER
    )
    for value in values:
        response = Response.objects.create(
            questionnaire=questionnaire, submitted_on=session.start_date
        )
        Answer.objects.create(
            response=response, question=question, lecturer=lecturer, value=value
        )


def test_ratings_follow_the_small_group_rule(lw):
    _answers(lw.past, lw.a.lecturer, [5, 4, 4, 5, 3])  # 5 answers: shown
    _answers(lw.future, lw.a.lecturer, [1, 2])  # 2 answers: hidden
    ratings = selectors.lecturer_ratings(viewer=lw.organizer, profile=lw.a)
    by_session = {s["session_code"]: s["questions"][0] for s in ratings["sessions"]}
    shown = by_session[lw.past.code]
    assert shown["n"] == 5 and not shown["hidden"] and shown["mean"] == 4.2
    hidden = by_session[lw.future.code]
    assert hidden["n"] == 2 and hidden["hidden"] and hidden["mean"] is None
    by_year = {y["year"]: y for y in ratings["years"]}
    for year in by_year.values():
        assert year["hidden"] == (year["n"] < 5)


def test_admin_inspect_shows_history_and_hides_small_groups(lw, client):
    _answers(lw.future, lw.a.lecturer, [1, 2])
    client.force_login(lw.organizer)
    response = client.get(reverse("lecturer_profiles:inspect", args=[lw.a.pk]))
    assert response.status_code == 200
    assert response.context["ratings"]["sessions"][0]["questions"][0]["hidden"]
    assert "未來的課" in response.content.decode()


def test_site_pages_are_scoped_to_the_lecturer(lw, client):
    client.force_login(lw.lect_a)
    body = client.get(reverse("lecturers:teaching")).content.decode()
    assert "未來的課" in body and "過去的課" in body and "乙的課" not in body
    client.force_login(lw.lect_b)
    body = client.get(reverse("lecturers:teaching")).content.decode()
    assert "乙的課" in body and "未來的課" not in body
    client.force_login(lw.trainee)
    assert client.get(reverse("lecturers:teaching")).status_code == 404
    assert client.get(reverse("lecturers:profile")).status_code == 404


def test_lecturer_without_a_profile_gets_not_found(lw, client):
    from portal.accounts import roles

    client.force_login(make_user("lonely", roles.LECTURERS))
    assert client.get(reverse("lecturers:teaching")).status_code == 404


def test_nav_shows_the_lecturer_link_to_lecturers_only(lw, client, site_tree):
    client.force_login(lw.lect_a)
    link = reverse("lecturers:teaching")
    assert f'href="{link}"' in client.get(reverse("portal:my_classes")).content.decode()
    client.force_login(lw.trainee)
    assert (
        f'href="{link}"'
        not in client.get(reverse("portal:my_classes")).content.decode()
    )


def test_past_teaching_comes_a_page_at_a_time_newest_first(lw, client):
    import datetime

    from tests.factories.lecturers import teach

    for n in range(25):
        teach(lw.past, lw.a.lecturer, lw.a_past.date - datetime.timedelta(days=n + 1))
    client.force_login(lw.lect_a)
    first = client.get(reverse("lecturers:teaching")).context["page_obj"]
    assert len(first) == 20 and first.paginator.count == 26
    assert first[0] == lw.a_past
    second = client.get(reverse("lecturers:teaching"), {"page": 2}).context["page_obj"]
    assert len(second) == 6 and lw.a_past not in second
