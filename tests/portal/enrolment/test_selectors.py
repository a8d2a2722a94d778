"""Reads of enrolments: one of the viewer's scope, or one of the user's own."""

import pytest
from django.http import Http404

from portal.accounts.roles import HR_OFFICERS
from portal.enrolment import selectors, services
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person

pytestmark = pytest.mark.django_db


def test_my_enrolment_get_gives_only_the_users_own(catalog):
    agencies = make_agencies()
    session = make_session(make_course(catalog))
    mine, theirs = (
        make_person("mine", agencies["it"]),
        make_person("theirs", agencies["it"]),
    )
    own = services.enrolment_register(session=session, trainee=mine.user)
    other = services.enrolment_register(session=session, trainee=theirs.user)
    assert selectors.my_enrolment_get(user=mine.user, pk=own.pk) == own
    with pytest.raises(Http404):
        selectors.my_enrolment_get(user=mine.user, pk=other.pk)


def test_enrolment_get_follows_the_viewers_scope(catalog):
    agencies = make_agencies()
    session = make_session(make_course(catalog))
    hr = make_person("hr", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"])
    inside = make_person("inside", agencies["it_unit"])
    outside = make_person("outside", agencies["edu"])
    ours = services.enrolment_register(session=session, trainee=inside.user)
    theirs = services.enrolment_register(session=session, trainee=outside.user)
    assert selectors.enrolment_get(viewer=hr.user, pk=ours.pk) == ours
    with pytest.raises(Http404):
        selectors.enrolment_get(viewer=hr.user, pk=theirs.pk)
