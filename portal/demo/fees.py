"""Demo lecture-fee statements for past sessions: the demo lecturer's are
confirmed, paid, one disputed and one left to confirm, through the services; a
few others are computed and left to confirm. Running it again changes nothing."""

import datetime

from django.core.exceptions import ValidationError

from cms.catalog.models import Session
from portal.fees import services
from portal.fees.models import FeeStatement, StatementStatus
from portal.lecturers.models import LecturerProfile

PAST_SESSIONS = 12


def fees_demo(*, users, today, report):
    organizer = users.get("organizer")
    if organizer is None or FeeStatement.objects.exists():
        return
    sessions = (
        Session.objects.filter(
            end_date__lt=today,
            timetable__lecturer__profile__isnull=False,
        )
        .distinct()
        .order_by("-end_date", "pk")[:PAST_SESSIONS]
    )
    mine = LecturerProfile.objects.filter(user=users.get("lecturer")).first()
    mine_sessions = Session.objects.filter(
        end_date__lt=today, timetable__lecturer__profile=mine
    ).distinct()
    statements = []
    for session in {*sessions, *mine_sessions}:
        try:
            statements += services.session_statements_compute(
                session=session, actor=organizer
            )
        except ValidationError:
            continue  # e.g. an assistant without a lecturer at the same time
    own = sorted(
        (s for s in statements if mine and s.lecturer_id == mine.pk),
        key=lambda s: s.date,
    )
    for n, statement in enumerate(own):
        if n == len(own) - 1 and n > 0:
            services.statement_dispute(
                statement=statement,
                user=mine.user,
                line=statement.lines.first(),
                comment="第二節實際授課 90 分鐘，請更正。",
            )
            continue
        if n == len(own) - 2 and n > 0:
            continue  # one left for the lecturer to confirm
        services.statement_confirm(
            statement=statement, user=mine.user, personal_account=True
        )
        if n % 2 == 0:
            services.statement_mark_paid(
                statement=statement,
                actor=organizer,
                paid_on=statement.date + datetime.timedelta(days=20),
            )
    # Others: some confirmed (as if online) and paid, the rest to confirm.
    for n, statement in enumerate(s for s in statements if s not in own):
        if n % 3 == 0:
            FeeStatement.objects.filter(pk=statement.pk).update(
                status=StatementStatus.PAID,
                confirmed_account="812-****-****0042",
                paid_on=statement.date + datetime.timedelta(days=20),
            )
        elif n % 3 == 1:
            FeeStatement.objects.filter(pk=statement.pk).update(
                status=StatementStatus.CONFIRMED,
                confirmed_account="812-****-****0042",
            )
        elif len(own) < 2 and n == 2:  # one disputed even without own ones
            FeeStatement.objects.filter(pk=statement.pk).update(
                status=StatementStatus.DISPUTED
            )
    report.add("fee statements", len(statements))
