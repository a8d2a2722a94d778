"""Two colleagues take one offered seat at the same moment over two real
database connections: exactly one wins, the other is told it was taken."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.exchanges import services
from portal.exchanges.models import OfferState, SeatOffer
from portal.notifications.models import OutgoingEmail
from tests.factories.catalog import make_site
from tests.factories.exchanges import make_exchange_world


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_colleagues_taking_one_offer_at_once_exactly_one_wins(attempt):
    _home, catalog = make_site()
    w = make_exchange_world(catalog, prefix=f"race{attempt}", code=f"E{attempt:05d}")
    offer = services.offer_create(enrolment=w.enrolment, actor=w.offerer)
    barrier = threading.Barrier(2)
    won, refused, errors = [], [], []

    def take(user):
        try:
            barrier.wait(timeout=10)
            won.append(services.offer_take(offer=offer, taker=user, actor=user).user)
        except ValidationError as error:
            refused.append(error.error_list[0].code)
        except Exception as exc:  # reported below; a lost write must fail the test
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=take, args=(user,))
        for user in (w.colleague, w.colleague2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert len(won) == 1 and refused == ["taken"]
    offer = SeatOffer.objects.get(pk=offer.pk)
    assert offer.state == OfferState.TAKEN and offer.taken_by == won[0]
    selected = Enrolment.objects.filter(
        session=w.session, status=EnrolmentStatus.SELECTED
    )
    assert list(selected.values_list("user", flat=True)) == [won[0].pk]
    assert OutgoingEmail.objects.filter(template_key="exchange_summons").count() == 1
