"""The text a lecturer signs, built one way for the page, the check and the PDF.

The lecturer's page shows these lines and the SHA-256 of their joined text; the
signing service rebuilds them and refuses if the hash differs (the organizer
changed the authorization while the lecturer was reading), and the sealed PDF
states the same text and hash.
"""

import hashlib

from django.utils import formats
from django.utils.translation import gettext as _

from .models import SCOPE_FIELDS, Authorization, Scope


def period_text(authorization: Authorization) -> str:
    start = formats.date_format(authorization.valid_from, "Y-m-d")
    if authorization.valid_until is None:
        return _("From %(start)s, with no end date") % {"start": start}
    return _("From %(start)s to %(end)s") % {
        "start": start,
        "end": formats.date_format(authorization.valid_until, "Y-m-d"),
    }


def session_text(authorization: Authorization) -> str:
    session = authorization.session
    if session is None:
        return _("Not tied to one session")
    return f"{session.course.title} {session.code} ({session.start_date:%Y-%m-%d})"


def material_titles(authorization: Authorization) -> list[str]:
    return [m.title for m in authorization.materials.order_by("title", "pk")]


def scope_lines(authorization: Authorization) -> list[tuple[str, bool]]:
    """Every scope with whether this authorization allows it (the page and the
    PDF list what is not allowed too, so nothing is implied)."""
    return [
        (str(Scope(scope).label), bool(getattr(authorization, field)))
        for scope, field in SCOPE_FIELDS.items()
    ]


def consent_text(authorization: Authorization, *, institute: str) -> str:
    """The whole statement the lecturer consents to, in the active language."""
    allowed = [label for label, on in scope_lines(authorization) if on]
    refused = [label for label, on in scope_lines(authorization) if not on]
    lines = [
        _("Authorization of teaching material"),
        _("Lecturer: %(name)s") % {"name": authorization.lecturer.name},
        _("Institute: %(name)s") % {"name": institute},
        _("Session: %(session)s") % {"session": session_text(authorization)},
        _("Materials:"),
        *(f"- {title}" for title in material_titles(authorization)),
        _("Allowed: %(scopes)s") % {"scopes": "; ".join(allowed) or _("nothing")},
        _("Not allowed: %(scopes)s") % {"scopes": "; ".join(refused) or _("nothing")},
        _("Period: %(period)s") % {"period": period_text(authorization)},
        _("Conditions: %(conditions)s")
        % {"conditions": authorization.conditions.strip() or _("none")},
        _(
            "I hold the rights to these materials or may authorize their use. I "
            "authorize the institute to use them within the scopes, period and "
            "conditions above, without payment beyond the lecture fee. I may "
            "withdraw this authorization at any time for the future; uses already "
            "made stay lawful. I sign this electronically, which has the same "
            "effect as my handwritten signature."
        ),
    ]
    return "\n".join(lines)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
