import pytest
from django.core.management import call_command

from portal.fees.models import FeeStatement, StatementStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_has_confirmed_disputed_and_paid_statements():
    call_command("seed_demo")
    statuses = set(FeeStatement.objects.values_list("status", flat=True))
    assert {
        StatementStatus.CONFIRMED,
        StatementStatus.DISPUTED,
        StatementStatus.PAID,
    } <= statuses
    mine = FeeStatement.objects.filter(lecturer__user__username="lecturer")
    # The demo lecturer has one to confirm (the browser test confirms it).
    assert mine.filter(status=StatementStatus.PENDING).exists()
    assert mine.filter(status=StatementStatus.DISPUTED).exists()
