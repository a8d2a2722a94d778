"""Reads of sign-in links and of the people a first sign-in may be linked to.

These run for a sign-in, before anyone is signed in: there is no viewer to scope
by, and nothing read here is shown to the person signing in.
"""

from django.contrib.auth import get_user_model

from portal.accounts.models import Person

from .models import ExternalIdentity


def identity_get(*, issuer: str, subject: str) -> ExternalIdentity | None:
    """The link of a provider account, with its user."""
    return (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )


def user_has_identity(*, user, issuer: str) -> bool:
    """Whether ``user`` is already linked to an account of ``issuer``."""
    return ExternalIdentity.objects.filter(user=user, issuer=issuer).exists()


def user_ids_by_email(*, email: str) -> set[int]:
    """Users whose profile or account has this e-mail, in any letter case."""
    ids = set(
        Person.objects.filter(email__iexact=email).values_list("user_id", flat=True)
    )
    ids |= set(
        get_user_model()
        .objects.filter(email__iexact=email)
        .values_list("pk", flat=True)[:10]
    )
    return ids


def user_ids_by_employee_number(*, number: str) -> set[int]:
    return set(
        Person.objects.filter(employee_number__iexact=number).values_list(
            "user_id", flat=True
        )[:10]
    )


def user_ids_by_national_id_hash(*, digest: str) -> set[int]:
    return set(
        Person.objects.filter(national_id_hash=digest).values_list("user_id", flat=True)
    )


def user_get(*, pk: int):
    return get_user_model().objects.get(pk=pk)
