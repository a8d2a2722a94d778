"""Writes on lecturer records: profile edits, the bank account (the lecturer
only, recorded and told by e-mail), invitations and their acceptance, and the
material a lecturer hands in for review (submit, replace, withdraw; the
organizer accepts it as a handout or returns it)."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.handouts.models import Handout, Visibility
from portal.accounts import access, roles
from portal.notifications.services import email_queue

from . import banking, selectors, uploads
from .models import (
    BankAccountChange,
    LecturerProfile,
    MaterialSubmission,
    SubmissionStatus,
)
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


# Material submissions -----------------------------------------------------------

TITLE_MAX = 255
NOTE_MAX = 2000


def _clean_title(title) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(
            {"title": ValidationError(_("Give the material a title."), code="required")}
        )
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {
                "title": ValidationError(
                    _("The title may be at most %(max)s characters."),
                    code="max_length",
                    params={"max": TITLE_MAX},
                )
            }
        )
    return title


def _clean_note(note) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {
                "note": ValidationError(
                    _("The note may be at most %(max)s characters."),
                    code="max_length",
                    params={"max": NOTE_MAX},
                )
            }
        )
    return note


def _require_own(profile: LecturerProfile, user):
    if profile.user_id is None or profile.user_id != getattr(user, "pk", None):
        raise ValidationError(
            _("Only the lecturer may hand in their material."),
            code="not_own_profile",
        )


def _require_session(*, profile, user, session):
    """The lecturer teaches ``session`` and it is still open for material."""
    taught = (
        selectors.teaching_list(viewer=user, profile=profile)
        .filter(session_id=session.pk)
        .exists()
    )
    if not taught:
        raise ValidationError(
            {
                "session": ValidationError(
                    _("You do not teach in this session."), code="not_teaching"
                )
            }
        )
    allowed = selectors.material_session_list(viewer=user, profile=profile)
    if not allowed.filter(pk=session.pk).exists():
        raise ValidationError(
            {
                "session": ValidationError(
                    _(
                        "Material for this session can no longer be handed in: it "
                        "was cancelled or ended more than %(days)s days ago."
                    ),
                    code="session_closed",
                    params={"days": selectors.material_days_after()},
                )
            }
        )


def _not_pending(submission: MaterialSubmission):
    messages = {
        SubmissionStatus.ACCEPTED: _("This material has already been accepted."),
        SubmissionStatus.RETURNED: _("This material has already been returned."),
        SubmissionStatus.WITHDRAWN: _("This material was withdrawn by the lecturer."),
    }
    return ValidationError(
        messages.get(submission.status, _("This material is not awaiting review.")),
        code="not_pending",
    )


def _store(submission: MaterialSubmission, file, name: str):
    """Write the upload to the private storage under a random name."""
    file.seek(0)
    submission.file.save(name, File(file, name=name), save=False)


def material_submission_create(
    *, profile: LecturerProfile, user, session, title: str, file, note: str = ""
) -> MaterialSubmission:
    """The lecturer hands in a file for a session they teach; it waits for the
    organizer's review. The file must keep the handout upload rules."""
    _require_own(profile, user)
    errors = {}
    cleaned = {}
    for field, clean, value in (
        ("title", _clean_title, title),
        ("note", _clean_note, note),
    ):
        try:
            cleaned[field] = clean(value)
        except ValidationError as error:
            errors.update(error.error_dict)
    try:
        name, size, digest = uploads.check_upload(file)
    except ValidationError as error:
        errors.update(error.error_dict)
    if session is None:
        errors["session"] = [ValidationError(_("Choose the session."), code="required")]
    else:
        try:
            _require_session(profile=profile, user=user, session=session)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    submission = MaterialSubmission(
        profile=profile,
        session=session,
        title=cleaned["title"],
        note=cleaned["note"],
        original_filename=name,
        size=size,
        sha256=digest,
        status=SubmissionStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    _store(submission, file, name)
    try:
        with transaction.atomic():
            submission.save()
    except BaseException:
        submission.file.delete(save=False)
        raise
    return submission


def material_submission_replace(
    *,
    submission: MaterialSubmission,
    user,
    file=None,
    title: str | None = None,
    note: str | None = None,
) -> MaterialSubmission:
    """While it awaits review, the lecturer replaces the file, the title or the
    note; the old file is deleted once the change is saved."""
    _require_own(submission.profile, user)
    errors = {}
    new_title = new_note = None
    if title is not None:
        try:
            new_title = _clean_title(title)
        except ValidationError as error:
            errors.update(error.error_dict)
    if note is not None:
        try:
            new_note = _clean_note(note)
        except ValidationError as error:
            errors.update(error.error_dict)
    if file is not None:
        try:
            name, size, digest = uploads.check_upload(file)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    stored = None
    try:
        with transaction.atomic():
            locked = MaterialSubmission.objects.select_for_update().get(
                pk=submission.pk
            )
            if locked.status != SubmissionStatus.SUBMITTED:
                raise _not_pending(locked)
            old_name = locked.file.name
            if new_title is not None:
                locked.title = new_title
            if new_note is not None:
                locked.note = new_note
            if file is not None:
                _store(locked, file, name)
                stored = locked.file.name
                locked.original_filename = name
                locked.size = size
                locked.sha256 = digest
                locked.replaced_at = timezone.now()
            locked.save()
            if file is not None:
                storage = locked.file.storage
                transaction.on_commit(lambda: storage.delete(old_name))
    except BaseException:
        if stored:
            submission.file.storage.delete(stored)
        raise
    return locked


def material_submission_withdraw(
    *, submission: MaterialSubmission, user
) -> MaterialSubmission:
    """The lecturer takes back a submission that still awaits review."""
    _require_own(submission.profile, user)
    with transaction.atomic():
        locked = MaterialSubmission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != SubmissionStatus.SUBMITTED:
            raise _not_pending(locked)
        locked.status = SubmissionStatus.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["status", "withdrawn_at"])
    return locked


def _require_reviewer(submission: MaterialSubmission, reviewer):
    reviewable = selectors.material_review_list(viewer=reviewer)
    if not reviewable.filter(pk=submission.pk).exists():
        raise PermissionDenied(
            _("Only the organizers of this session review its material.")
        )


def _tell_lecturer(submission: MaterialSubmission, *, key: str):
    profile = submission.profile
    session = submission.session
    email_queue(
        key=key,
        to=[profile.email or getattr(profile.user, "email", "")],
        context={
            "lecturer_name": profile.lecturer.name,
            "title": submission.title,
            "session": f"{session.course.title} {session.code}",
            "comment": submission.review_comment,
        },
    )


def material_submission_accept(
    *,
    submission: MaterialSubmission,
    reviewer,
    visibility: str = Visibility.ENROLLED,
    title: str | None = None,
) -> Handout:
    """The organizer accepts the material: a handout of the session is made
    from a copy of the file, with the lecturer as its author. Under a row lock,
    so two reviewers cannot both accept."""
    _require_reviewer(submission, reviewer)
    if visibility not in Visibility.values:
        raise ValidationError(
            {
                "visibility": ValidationError(
                    _("Choose who may download the handout."), code="invalid_choice"
                )
            }
        )
    new_title = _clean_title(title) if title is not None else None
    handout = None
    try:
        with transaction.atomic():
            locked = (
                # Only this row: the session stays free for enrolments.
                MaterialSubmission.objects.select_for_update(of=("self",))
                .select_related("session", "profile")
                .get(pk=submission.pk)
            )
            if locked.status != SubmissionStatus.SUBMITTED:
                raise _not_pending(locked)
            session = locked.session
            handout = Handout(
                title=new_title or locked.title,
                session=session,
                course_id=session.course_id,
                lecturer_id=locked.profile.lecturer_id,
                visibility=visibility,
                uploaded_by_user=reviewer,
            )
            with locked.file.open("rb") as source:
                handout.file.save(
                    locked.original_filename,
                    File(source, name=locked.original_filename),
                    save=False,
                )
            handout._set_document_file_metadata()
            handout.full_clean()
            handout.save()
            locked.status = SubmissionStatus.ACCEPTED
            locked.reviewed_by = reviewer
            locked.reviewed_at = timezone.now()
            locked.handout = handout
            locked.save(
                update_fields=["status", "reviewed_by", "reviewed_at", "handout"]
            )
            _tell_lecturer(locked, key="material_accepted")
    except BaseException:
        # The transaction is rolled back: the copy has no handout any more.
        if handout is not None and handout.file.name:
            handout.file.storage.delete(handout.file.name)
        raise
    return handout


def material_submission_return(
    *, submission: MaterialSubmission, reviewer, comment: str
) -> MaterialSubmission:
    """The organizer sends the material back with a comment saying why."""
    _require_reviewer(submission, reviewer)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("Say why the material is returned."), code="comment_required"
                )
            }
        )
    if len(comment) > NOTE_MAX:
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("The comment may be at most %(max)s characters."),
                    code="max_length",
                    params={"max": NOTE_MAX},
                )
            }
        )
    with transaction.atomic():
        locked = MaterialSubmission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != SubmissionStatus.SUBMITTED:
            raise _not_pending(locked)
        locked.status = SubmissionStatus.RETURNED
        locked.reviewed_by = reviewer
        locked.reviewed_at = timezone.now()
        locked.review_comment = comment
        locked.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"]
        )
        _tell_lecturer(locked, key="material_returned")
    return locked
