import pytest
from django.contrib.auth import get_user_model

from portal.accounts import roles
from portal.enrolment.models import Enrolment, EnrolmentStatus
from tests.factories.catalog import make_session
from tests.factories.users import PASSWORD, make_user
from tests.factories.world import make_world


@pytest.fixture
def fw(catalog):
    """The shared small institute (alice and bob selected for ``session``, HR
    officers of each agency, an organizer), plus a session only bob was
    selected for, one alice only waits for, an editor and a superuser."""
    w = make_world(catalog)
    w.bobs_session = make_session(w.course)
    Enrolment.objects.create(
        session=w.bobs_session, user=w.bob.user, status=EnrolmentStatus.SELECTED
    )
    w.waiting_session = make_session(w.course)
    Enrolment.objects.create(
        session=w.waiting_session, user=w.alice.user, status=EnrolmentStatus.WAITLISTED
    )
    w.editor = make_user("editor", roles.EDITORS)
    w.superuser = get_user_model().objects.create_superuser(
        "root", "root@example.test", PASSWORD
    )
    return w
