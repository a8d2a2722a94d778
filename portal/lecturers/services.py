"""Writes on lecturer records: profile edits, the bank account (the lecturer
only, recorded and told by e-mail), invitations and their acceptance."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts import access, roles
from portal.notifications.services import email_queue

from . import banking
from .models import BankAccountChange, LecturerProfile
from .tokens import (
    InvitationRefused,
    invitation_days,
    invitation_read,
    invitation_token,
)

EDITABLE_FIELDS = ("phone", "email", "education", "experience")


def lecturer_profile_update(
    *, profile: LecturerProfile, user, data: dict, expertise: list[str] | None = None
) -> LecturerProfile:
    """The lecturer's own edit of contact, education, experience and expertise."""
    if profile.user_id is None or profile.user_id != user.pk:
        raise ValidationError(
            _("Only the lecturer may edit this profile."), code="not_own_profile"
        )
    with transaction.atomic():
        profile = LecturerProfile.objects.select_for_update().get(pk=profile.pk)
        for field in EDITABLE_FIELDS:
            if field in data:
                setattr(profile, field, (data[field] or "").strip())
        profile.full_clean(exclude=["lecturer", "user", "bank_account_sealed"])
        profile.save()
        if expertise is not None:
            names = sorted({" ".join(t.split())[:100] for t in expertise if t.strip()})
            profile.expertise.set(names)
            profile.save()
    return profile


def lecturer_bank_account_change(
    *,
    profile: LecturerProfile,
    user,
    bank_code: str,
    branch: str,
    account_number: str,
    holder: str,
) -> BankAccountChange:
    """Seal a new bank account; only the lecturer themself may. The change is
    recorded (masked) and an e-mail tells the lecturer, in case it was not them."""
    if profile.user_id is None or profile.user_id != user.pk:
        raise ValidationError(
            _("Only the lecturer may change the bank account."),
            code="not_own_profile",
        )
    account = banking.normalise(
        bank_code=bank_code, branch=branch, account_number=account_number, holder=holder
    )
    with transaction.atomic():
        profile = LecturerProfile.objects.select_for_update().get(pk=profile.pk)
        previous = profile.bank_account_masked
        profile.bank_account_sealed = banking.seal(account, profile_id=profile.pk)
        profile.bank_account_masked = banking.mask(account)
        profile.bank_account_changed_at = timezone.now()
        profile.save(
            update_fields=[
                "bank_account_sealed",
                "bank_account_masked",
                "bank_account_changed_at",
            ]
        )
        change = BankAccountChange.objects.create(
            profile=profile,
            changed_by=user,
            previous_masked=previous,
            new_masked=profile.bank_account_masked,
        )
        email_queue(
            key="lecturer_bank_changed",
            to=[profile.email or user.email],
            context={
                "lecturer_name": profile.lecturer.name,
                "account": profile.bank_account_masked,
                "changed_at": timezone.localtime(change.changed_at).strftime(
                    "%Y-%m-%d %H:%M"
                ),
            },
        )
    return change


def lecturer_invite(
    *, profile: LecturerProfile, email: str, invited_by, base_url: str
) -> str:
    """Send an invitation link to ``email``; a new one voids the previous link.
    Returns the link (for the staff's screen and tests)."""
    if not access.is_institute_staff(invited_by):
        raise ValidationError(
            _("Only institute staff invite lecturers."), code="not_staff"
        )
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(
            {"email": ValidationError(" ".join(error.messages), code="email_invalid")}
        ) from error
    with transaction.atomic():
        profile = LecturerProfile.objects.select_for_update().get(pk=profile.pk)
        if profile.user_id is not None:
            raise ValidationError(
                _("This lecturer already has an account."), code="already_linked"
            )
        profile.invitation_nonce = secrets.token_hex(16)
        profile.invited_email = email
        profile.invited_at = timezone.now()
        profile.save(update_fields=["invitation_nonce", "invited_email", "invited_at"])
        token = invitation_token(profile_id=profile.pk, nonce=profile.invitation_nonce)
        link = base_url.rstrip("/") + reverse("lecturers:accept", args=[token])
        email_queue(
            key="lecturer_invitation",
            to=[email],
            context={
                "lecturer_name": profile.lecturer.name,
                "invitation_url": link,
                "days": invitation_days(),
            },
        )
    return link


def invitation_profile(*, token: str) -> LecturerProfile:
    """The profile a genuine, unused, unexpired invitation is for; or
    ValidationError with the link's code."""
    try:
        profile_id, nonce = invitation_read(token)
    except InvitationRefused as refused:
        raise ValidationError(refused.message, code=refused.code) from refused
    profile = (
        LecturerProfile.objects.select_related("lecturer").filter(pk=profile_id).first()
    )
    if profile is None or not profile.invitation_nonce:
        raise ValidationError(
            _("This invitation has been used or withdrawn."), code="invitation_used"
        )
    if not secrets.compare_digest(profile.invitation_nonce, nonce):
        raise ValidationError(
            _("This invitation has been replaced by a newer one."),
            code="invitation_used",
        )
    return profile


def _link(profile, user):
    if LecturerProfile.objects.filter(user=user).exclude(pk=profile.pk).exists():
        raise ValidationError(
            _("This account is already linked to another lecturer."),
            code="account_taken",
        )
    profile.user = user
    profile.invitation_nonce = ""
    if not profile.email:
        profile.email = profile.invited_email or user.email
    profile.save(update_fields=["user", "invitation_nonce", "email"])
    user.groups.add(Group.objects.get_or_create(name=roles.LECTURERS)[0])
    for cached in ("_civic_roles", "_civic_scopes"):
        user.__dict__.pop(cached, None)


def lecturer_invitation_accept(*, token: str, user) -> LecturerProfile:
    """Link the signed-in ``user`` to the invited profile; they join the
    Lecturers role. The link works once."""
    with transaction.atomic():
        profile = invitation_profile(token=token)
        profile = LecturerProfile.objects.select_for_update().get(pk=profile.pk)
        profile = invitation_profile(token=token)  # again, under the lock
        _link(profile, user)
    return profile


def lecturer_account_create(
    *, token: str, username: str, password: str
) -> LecturerProfile:
    """Create an account for the invited lecturer and link it."""
    User = get_user_model()
    username = (username or "").strip()
    with transaction.atomic():
        profile = invitation_profile(token=token)
        LecturerProfile.objects.select_for_update().get(pk=profile.pk)
        profile = invitation_profile(token=token)
        if not username or User.objects.filter(username__iexact=username).exists():
            raise ValidationError(
                {
                    "username": ValidationError(
                        _("Choose another user name."), code="username_taken"
                    )
                }
            )
        user = User(username=username, email=profile.invited_email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError(
                {
                    "password": ValidationError(
                        " ".join(error.messages), code="password_weak"
                    )
                }
            ) from error
        user.set_password(password)
        user.save()
        _link(profile, user)
    return profile
