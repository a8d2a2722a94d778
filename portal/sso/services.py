"""Sign-in through the city's provider: find the user for verified claims, link
them on the first sign-in, and (only when configured) make a minimal account.

Claims arrive verified (signature, issuer, audience, nonce: ``backends``). The
national ID claim is hashed at once and never stored, logged or put in a URL.
"""

import hashlib
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.accounts import national_id

from . import config, selectors
from .models import ExternalIdentity

logger = logging.getLogger("civiclearn.sso")

# Why a sign-in was refused; views.REFUSALS has the message of each.
UNKNOWN = "unknown"
MISSING = "missing"
UNVERIFIED = "unverified"
AMBIGUOUS = "ambiguous"
INACTIVE = "inactive"
LINKED_ELSEWHERE = "linked_elsewhere"
FAILED = "failed"
# ExternalIdentity.linked_by of an account made at sign-in (OIDC_CREATE_USERS).
CREATED = "created"


class SignInRefused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _verified(value) -> bool:
    # Some providers send JSON strings for booleans.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _matching_user_ids(*, rule: config.LinkRule, claims: dict) -> set[int]:
    """Users the rule's claim points at; raises for a missing or unusable claim."""
    value = claims.get(rule.claim)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise SignInRefused(MISSING)
    value = value.strip()
    if rule.kind == config.EMAIL:
        if not _verified(claims.get("email_verified")):
            raise SignInRefused(UNVERIFIED)
        return selectors.user_ids_by_email(email=value)
    if rule.kind == config.EMPLOYEE_NUMBER:
        return selectors.user_ids_by_employee_number(number=value)
    try:
        number = national_id.validate(value)
    except ValidationError:
        return set()
    return selectors.user_ids_by_national_id_hash(digest=national_id.hash_id(number))


def _account_create(*, issuer: str, subject: str, claims: dict):
    """A minimal account: no password, no roles, no profile (HR adds those)."""
    digest = hashlib.sha256(f"{issuer} {subject}".encode()).hexdigest()[:20]
    email = claims.get("email") if _verified(claims.get("email_verified")) else ""
    user = get_user_model()(
        username=f"city-{digest}",
        email=email if isinstance(email, str) else "",
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
    )
    user.set_unusable_password()
    user.save()
    return user


def identity_sign_in(*, issuer: str, subject: str, claims: dict):
    """The active user these verified claims sign in as, linking them on the first
    sign-in; raises ``SignInRefused`` with the reason otherwise."""
    if not subject:
        raise SignInRefused(FAILED)
    with transaction.atomic():
        identity = selectors.identity_get(issuer=issuer, subject=subject)
        if identity is not None:
            if not identity.user.is_active:
                raise SignInRefused(INACTIVE)
            identity.last_login_at = timezone.now()
            identity.save(update_fields=["last_login_at"])
            return identity.user

        rule = config.link_rule()
        try:
            user_ids = _matching_user_ids(rule=rule, claims=claims)
        except SignInRefused as refusal:
            if refusal.code != MISSING or not config.create_users():
                raise
            user_ids = set()
        if len(user_ids) > 1:
            logger.warning(
                "city sign-in refused: %d people match the %s of subject %s",
                len(user_ids),
                rule.kind,
                subject,
            )
            raise SignInRefused(AMBIGUOUS)
        linked_by = rule.kind
        if user_ids:
            user = selectors.user_get(pk=user_ids.pop())
        elif config.create_users():
            user = _account_create(issuer=issuer, subject=subject, claims=claims)
            linked_by = CREATED
        else:
            raise SignInRefused(UNKNOWN)
        if not user.is_active:
            raise SignInRefused(INACTIVE)
        if selectors.user_has_identity(user=user, issuer=issuer):
            # Someone else's provider account claims this person: never move a link.
            logger.warning(
                "city sign-in refused: user %s is linked to another subject than %s",
                user.pk,
                subject,
            )
            raise SignInRefused(LINKED_ELSEWHERE)
        try:
            with transaction.atomic():
                ExternalIdentity.objects.create(
                    user=user,
                    issuer=issuer,
                    subject=subject,
                    linked_by=linked_by,
                    last_login_at=timezone.now(),
                )
        except IntegrityError as error:  # a parallel first sign-in linked it
            raise SignInRefused(FAILED) from error
        logger.info(
            "city account %s linked to user %s by %s", subject, user.pk, linked_by
        )
        return user
