import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.signing import TimestampSigner
from django.urls import reverse

from portal.accounts import access
from portal.lecturers import services
from portal.lecturers.models import LecturerProfile
from portal.lecturers.tokens import SALT
from portal.notifications.models import OutgoingEmail
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _invite(lw, profile=None):
    link = services.lecturer_invite(
        profile=profile or lw.c,
        email="c@x.test",
        invited_by=lw.organizer,
        base_url="https://learn.test",
    )
    return link, link.rstrip("/").rsplit("/", 1)[1]


def test_invitation_is_mailed_and_accepting_links_the_account(lw, client):
    link, token = _invite(lw)
    mail = OutgoingEmail.objects.get(template_key="lecturer_invitation")
    assert mail.to == "c@x.test" and link in mail.body
    user = make_user("new_lecturer")
    assert not access.is_lecturer(user)
    client.force_login(user)
    path = reverse("lecturers:accept", args=[token])
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    profile = LecturerProfile.objects.get(pk=lw.c.pk)
    assert profile.user == user
    user = get_user_model().objects.get(pk=user.pk)
    assert access.is_lecturer(user)
    assert client.get(reverse("lecturers:teaching")).status_code == 200


def test_invited_lecturer_creates_an_account_with_a_password(lw, client):
    _link, token = _invite(lw)
    path = reverse("lecturers:accept", args=[token])
    response = client.post(
        path,
        {
            "username": "c_lecturer",
            "password": "a-Long-pass-2026!",
            "password_again": "a-Long-pass-2026!",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="c_lecturer")
    assert user.email == "c@x.test"
    assert LecturerProfile.objects.get(pk=lw.c.pk).user == user
    assert client.get(reverse("lecturers:profile")).status_code == 200


def test_reused_invitation_is_refused(lw, client):
    _link, token = _invite(lw)
    services.lecturer_invitation_accept(token=token, user=make_user("first"))
    with pytest.raises(ValidationError) as error:
        services.lecturer_invitation_accept(token=token, user=make_user("second"))
    assert error.value.code == "invitation_used"
    client.force_login(make_user("third"))
    path = reverse("lecturers:accept", args=[token])
    assert client.post(path).status_code == 410
    assert LecturerProfile.objects.get(pk=lw.c.pk).user.username == "first"


def test_forged_invitation_is_refused(lw, client):
    _invite(lw)
    nonce = LecturerProfile.objects.get(pk=lw.c.pk).invitation_nonce
    forged = TimestampSigner(salt="another", key="wrong").sign(f"{lw.c.pk}:{nonce}")
    with pytest.raises(ValidationError) as error:
        services.invitation_profile(token=forged)
    assert error.value.code == "invitation_invalid"
    # A genuine signature for another profile's id does not carry its nonce.
    other = TimestampSigner(salt=SALT).sign(f"{lw.b.pk}:{nonce}")
    with pytest.raises(ValidationError) as error:
        services.invitation_profile(token=other)
    assert error.value.code == "invitation_used"
    client.force_login(make_user("mallory"))
    assert client.post(reverse("lecturers:accept", args=[forged])).status_code == 403
    assert LecturerProfile.objects.get(pk=lw.c.pk).user is None


def test_expired_invitation_is_refused(lw, settings, monkeypatch):
    _link, token = _invite(lw)
    settings.LECTURER_INVITATION_DAYS = 1
    import time

    later = time.time() + 2 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    with pytest.raises(ValidationError) as error:
        services.lecturer_invitation_accept(token=token, user=make_user("late"))
    assert error.value.code == "invitation_expired"


def test_new_invitation_voids_the_previous_link(lw):
    _link, first = _invite(lw)
    _invite(lw)
    with pytest.raises(ValidationError) as error:
        services.invitation_profile(token=first)
    assert error.value.code == "invitation_used"


def test_only_staff_invite_and_not_a_linked_profile(lw):
    with pytest.raises(ValidationError) as error:
        services.lecturer_invite(
            profile=lw.c, email="c@x.test", invited_by=lw.lect_a, base_url=""
        )
    assert error.value.code == "not_staff"
    with pytest.raises(ValidationError) as error:
        _invite(lw, lw.a)
    assert error.value.code == "already_linked"


def test_an_account_cannot_take_two_lecturers(lw):
    _link, token = _invite(lw)
    with pytest.raises(ValidationError) as error:
        services.lecturer_invitation_accept(token=token, user=lw.lect_a)
    assert error.value.code == "account_taken"


def test_staff_invites_from_the_admin(lw, client):
    client.force_login(make_user("su", is_superuser=True, is_staff=True))
    response = client.post(
        reverse("lecturer_profiles:invite", args=[lw.c.pk]), {"email": "c@x.test"}
    )
    assert response.status_code == 302
    assert LecturerProfile.objects.get(pk=lw.c.pk).invited_email == "c@x.test"
    assert OutgoingEmail.objects.filter(template_key="lecturer_invitation").exists()


_ = (datetime, PASSWORD)
