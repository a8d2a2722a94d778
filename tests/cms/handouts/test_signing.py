"""Signed handout links: made for one user and one handout, until they expire."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from cms.handouts import signing
from cms.handouts.models import Visibility
from portal.accounts import roles
from tests.factories.catalog import make_course
from tests.factories.handouts import make_handout
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def handouts(catalog):
    course = make_course(catalog)
    return (
        make_handout(course, visibility=Visibility.ENROLLED),
        make_handout(course, visibility=Visibility.PUBLIC, name="other.pdf"),
    )


def test_a_signed_link_acts_for_its_user_until_it_expires(handouts, settings):
    handout, _other = handouts
    user = make_user("trainee", roles.TRAINEES)
    signature, expires_at = signing.handout_link_sign(handout=handout, user=user)
    assert signing.handout_link_user(signature=signature, handout=handout) == user
    expected = timezone.now() + datetime.timedelta(
        seconds=settings.HANDOUT_LINK_MAX_AGE
    )
    assert abs(expires_at - expected) < datetime.timedelta(seconds=5)
    settings.HANDOUT_LINK_MAX_AGE = -1
    with pytest.raises(signing.LinkRefused):
        signing.handout_link_user(signature=signature, handout=handout)


def test_a_link_of_another_handout_or_forged_is_refused(handouts):
    handout, other = handouts
    user = make_user("trainee", roles.TRAINEES)
    signature, _expires = signing.handout_link_sign(handout=other, user=user)
    with pytest.raises(signing.LinkRefused):
        signing.handout_link_user(signature=signature, handout=handout)
    with pytest.raises(signing.LinkRefused):
        signing.handout_link_user(signature="forged:123", handout=handout)


def test_a_link_of_a_deactivated_account_finds_nobody(handouts):
    handout, _other = handouts
    user = make_user("trainee", roles.TRAINEES)
    signature, _expires = signing.handout_link_sign(handout=handout, user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(Http404):
        signing.handout_link_user(signature=signature, handout=handout)
