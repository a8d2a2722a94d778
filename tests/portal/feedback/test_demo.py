import datetime

import pytest

from portal.demo.builder import Report
from portal.demo.feedback import feedback_demo
from portal.feedback import selectors, services
from portal.feedback.models import Status, Suggestion
from portal.notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_the_demo_has_answered_published_and_open_suggestions_once(fw):
    users = {
        "organizer": fw.organizer,
        "trainee": fw.alice.user,
        "trainee2": fw.bob.user,
    }
    emails = OutgoingEmail.objects.count()
    report = Report()
    after_the_class = fw.session.end_date + datetime.timedelta(days=1)
    feedback_demo(users=users, today=after_the_class, report=report)
    assert report.created == {"suggestions": 5}
    # Each trainee wrote about the class they took, and about the service.
    about_class = Suggestion.objects.filter(session=fw.session)
    assert set(about_class.values_list("author", flat=True)) == {
        fw.alice.user.pk,
        fw.bob.user.pk,
    }
    statuses = sorted(Suggestion.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [
            Status.ANSWERED,
            Status.ANSWERED,
            Status.CLOSED,
            Status.IN_PROGRESS,
            Status.NEW,
        ]
    )
    board = list(selectors.published_list())
    assert len(board) == 3
    # The trainees' own words held a name and a phone number; the board does not.
    assert not any("王小明" in str(row) or "0912" in str(row) for row in board)
    assert OutgoingEmail.objects.count() == emails
    # Backdated: the trainees may still send suggestions today.
    services.suggestion_create(author=fw.alice.user, subject="新建議", body="內容")
    feedback_demo(users=users, today=after_the_class, report=Report())
    assert Suggestion.objects.count() == 6
