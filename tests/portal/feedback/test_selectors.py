"""Who sees which suggestions: the author their own, the staff who handle
suggestions all, an HR officer nobody else's; the board only public words."""

import pytest
from django.contrib.auth.models import Permission
from django.http import Http404

from portal.feedback import selectors
from portal.feedback.models import Status, Topic
from tests.factories.feedback import make_suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(fw):
    fw.alices = make_suggestion(fw.alice.user, session=fw.session, subject="甲的建議")
    fw.bobs = make_suggestion(fw.bob.user, subject="乙的建議")
    fw.hrs = make_suggestion(fw.hr_a.user, subject="人事自己的建議")
    return fw


def _subjects(viewer):
    return {s.subject for s in selectors.suggestion_list(viewer=viewer)}


def test_each_viewer_sees_what_their_scope_allows(posted):
    w = posted
    everything = {"甲的建議", "乙的建議", "人事自己的建議"}
    assert _subjects(w.alice.user) == {"甲的建議"}
    # alice's agency's HR officer: their own only, never their staff's.
    assert _subjects(w.hr_a.user) == {"人事自己的建議"}
    assert _subjects(w.editor) == set()  # staff, but not given the reply permission
    assert _subjects(w.organizer) == everything
    assert _subjects(w.superuser) == everything
    with pytest.raises(Http404):
        selectors.suggestion_get(viewer=w.hr_a.user, pk=w.alices.pk)
    with pytest.raises(Http404):
        selectors.my_suggestion_get(viewer=w.organizer, pk=w.alices.pk)
    assert selectors.suggestion_get(viewer=w.organizer, pk=w.alices.pk) == w.alices
    assert not selectors.suggestion_events(viewer=w.alice.user, suggestion=w.alices)


def test_a_staff_member_given_the_reply_permission_handles_suggestions(posted):
    w = posted
    assert not selectors.can_handle(w.editor)
    permission = Permission.objects.get(codename="reply_suggestion")
    User = type(w.editor)
    w.editor.user_permissions.add(permission)
    editor = User.objects.get(pk=w.editor.pk)  # no cached permissions or scope
    assert selectors.can_handle(editor)
    assert len(_subjects(editor)) == 3
    # The permission alone does not make a trainee staff.
    w.bob.user.user_permissions.add(permission)
    assert not selectors.can_handle(User.objects.get(pk=w.bob.user.pk))


def test_staff_filters_narrow_the_list(posted):
    w = posted
    make_suggestion(w.bob.user, subject="報名問題", topic=Topic.REGISTRATION)
    make_suggestion(w.bob.user, subject="已結案", status=Status.CLOSED)

    def subjects(**filters):
        return {
            s.subject for s in selectors.suggestion_list(viewer=w.organizer, **filters)
        }

    assert subjects(topic=Topic.REGISTRATION) == {"報名問題"}
    assert subjects(status=Status.CLOSED) == {"已結案"}
    assert subjects(session_id=w.session.pk) == {"甲的建議"}
    assert subjects(query="資訊甲") == {"甲的建議"}  # the author's name, for staff
    assert list(selectors.sessions_with_suggestions(viewer=w.organizer)) == [w.session]


def test_the_board_holds_only_published_public_words(fw):
    make_suggestion(
        fw.alice.user,
        session=fw.session,
        topic=Topic.VENUE,
        subject="資訊甲：冷氣太冷",
        body="我是資訊甲，電話 0912-345-678",
        status=Status.ANSWERED,
        reply="已調整溫度",
        published=True,
        public_subject="教室冷氣太冷",
        public_body="下午教室偏冷",
    )
    make_suggestion(fw.bob.user, status=Status.ANSWERED, reply="尚未公開")
    rows = list(selectors.published_list())
    assert len(rows) == 1
    assert set(rows[0]) == set(selectors.PUBLIC_FIELDS)
    assert rows[0]["public_subject"] == "教室冷氣太冷"
    assert rows[0]["session__course__title"] == fw.course.title
    assert not any("資訊甲" in str(value) for value in rows[0].values())
    assert len(selectors.published_list(query="溫度")) == 1
    assert len(selectors.published_list(query="0912")) == 0  # the author's own words
    assert len(selectors.published_list(topic=Topic.WEBSITE)) == 0


def test_a_suggestion_may_be_about_sessions_the_viewer_was_selected_for(fw):
    assert list(selectors.suggestable_sessions(viewer=fw.alice.user)) == [fw.session]
    assert set(selectors.suggestable_sessions(viewer=fw.bob.user)) == {
        fw.session,
        fw.bobs_session,
    }
    assert not selectors.suggestable_sessions(viewer=fw.organizer).exists()
