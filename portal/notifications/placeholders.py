"""Which named placeholders each e-mail template may use, and their validation."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SESSION_FIELDS = {
    "trainee_name": _("the trainee's name"),
    "agency": _("the trainee's agency"),
    "course_title": _("the course title"),
    "session_code": _("the session code"),
    "term": _("the term number"),
    "start_date": _("the first day"),
    "end_date": _("the last day"),
    "venue": _("the venue and address"),
    "course_url": _("the course page address"),
    "my_classes_url": _("the trainee's 'my classes' page"),
}

LICENSE_FIELDS = {
    "applicant_name": _("the applicant's name"),
    "agency": _("the applicant's agency"),
    "reference": _("the application's reference"),
    "materials": _("the materials, one per line"),
    "period": _("the period of use"),
    "conditions": _("the conditions of the license"),
    "reason": _("the reason for a refusal"),
    "expires_at": _("when the download links expire"),
    "application_url": _("the application's page"),
}

LEAVE_FIELDS = {
    "trainee_name": _("the trainee's name"),
    "agency": _("the trainee's agency"),
    "course_title": _("the course title"),
    "session_code": _("the session code"),
    "term": _("the term number"),
    "date": _("the day of the leave"),
    "hours": _("the hours of leave, or the whole day"),
    "reason": _("the reason given"),
    "decision": _("approved or refused"),
    "note": _("the organizer's note"),
}

EXCHANGE_FIELDS = {
    "offerer_name": _("the name of the trainee who offered the seat"),
    "taker_name": _("the name of the colleague who took it over"),
    "deadline": _("until when the seat was offered"),
}

FEE_PAYMENT_FIELDS = {
    "lecturer_name": _("the lecturer's name"),
    "course_title": _("the course title"),
    "session_code": _("the session code"),
    "paid_on": _("the date of payment"),
    "amount": _("the amount paid"),
    "account": _("the bank account, masked"),
    "statement_url": _("the statement's page"),
}

HR_SYNC_FIELDS = {
    "outcome": _("the run's outcome"),
    "source": _("where the feed came from"),
    "filename": _("the feed's file name"),
    "rows": _("rows in the feed"),
    "created": _("people created"),
    "updated": _("people updated"),
    "transferred": _("people transferred"),
    "left": _("people who left service"),
    "rejoined": _("people back in service"),
    "unchanged": _("people unchanged"),
    "refused": _("rows refused"),
    "message": _("what went wrong, if anything"),
    "problems": _("the refused rows and why (masked ID numbers)"),
    "run_url": _("the run in the admin"),
}

PLACEHOLDERS = {
    "fee_payment_notice": FEE_PAYMENT_FIELDS,
    "summons": SESSION_FIELDS,
    "summons_hr_copy": SESSION_FIELDS,
    "waitlist_promotion": SESSION_FIELDS,
    "waitlisted": {**SESSION_FIELDS, "position": _("the place in the waiting list")},
    "withdrawal_confirmation": {**SESSION_FIELDS, "reason": _("the reason given")},
    "leave_decision": LEAVE_FIELDS,
    "leave_approved_notice": LEAVE_FIELDS,
    "license_submitted": LICENSE_FIELDS,
    "license_under_review": LICENSE_FIELDS,
    "license_approved": LICENSE_FIELDS,
    "license_refused": LICENSE_FIELDS,
    "license_granted": LICENSE_FIELDS,
    "substitution_hr_copy": {
        **SESSION_FIELDS,
        "replaced_name": _("the name of the person replaced"),
    },
    "lecturer_invitation": {
        "lecturer_name": _("the lecturer's name"),
        "invitation_url": _("the invitation link"),
        "days": _("how many days the link works"),
    },
    "lecturer_bank_changed": {
        "lecturer_name": _("the lecturer's name"),
        "account": _("the new account, masked"),
        "changed_at": _("when it was changed"),
    },
    "material_accepted": {
        "lecturer_name": _("the lecturer's name"),
        "title": _("the material's title"),
        "session": _("the session"),
        "comment": _("the organizer's comment"),
    },
    "material_returned": {
        "lecturer_name": _("the lecturer's name"),
        "title": _("the material's title"),
        "session": _("the session"),
        "comment": _("the organizer's comment"),
    },
    "dismissal": {**SESSION_FIELDS, "reason": _("the rule that was broken")},
    "dismissal_hr_copy": {**SESSION_FIELDS, "reason": _("the rule that was broken")},
    "blended_signup_reminder": {
        **SESSION_FIELDS,
        "elearning_url": _("the e-learning course link"),
    },
    "blended_unfinished": {
        **SESSION_FIELDS,
        "elearning_url": _("the e-learning course link"),
    },
    "blended_unfinished_hr": {
        **SESSION_FIELDS,
        "elearning_url": _("the e-learning course link"),
    },
    "exchange_taken": {**SESSION_FIELDS, **EXCHANGE_FIELDS},
    "exchange_summons": {**SESSION_FIELDS, **EXCHANGE_FIELDS},
    "exchange_released": {**SESSION_FIELDS, **EXCHANGE_FIELDS},
    "exchange_expired": {**SESSION_FIELDS, **EXCHANGE_FIELDS},
    "hr_sync_report": HR_SYNC_FIELDS,
    "hr_sync_failed": HR_SYNC_FIELDS,
    "volunteer_shift_reminder": {
        "volunteer_name": _("the volunteer's name"),
        "date": _("the shift's date"),
        "time": _("the shift's hours"),
        "duty": _("the duty"),
        "post": _("the post and where it is"),
        "volunteer_url": _("the volunteer's page"),
    },
    "volunteer_weekly_gaps": {
        "shifts": _("the shifts with missing places"),
        "classes": _("the classes with no volunteer"),
        "coverage_url": _("the coverage page"),
    },
    "suggestion_replied": {
        "trainee_name": _("the trainee's name"),
        "subject": _("the suggestion's subject"),
        "reply": _("the institute's reply"),
        "suggestion_url": _("the trainee's 'my suggestions' page"),
    },
    "authorization_request": {
        "lecturer_name": _("the lecturer's name"),
        "reference": _("the authorization's reference"),
        "session": _("the session"),
        "signing_url": _("the signing link"),
        "days": _("how many days the link works"),
    },
    "authorization_signed": {
        "lecturer_name": _("the lecturer's name"),
        "reference": _("the authorization's reference"),
        "session": _("the session"),
        "scopes": _("the uses authorized"),
        "period": _("the period"),
        "document_sha256": _("the SHA-256 of the sealed PDF"),
    },
}


class TemplateRenderError(ValueError):
    """A stored wording that cannot be rendered (it bypassed validation)."""


def _fields(text: str):
    """(name, format_spec, conversion) of each placeholder; ValidationError on bad
    syntax."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(
            _(
                "Braces must come in pairs around a placeholder name, e.g. {trainee_name}."
            ),
            code="unbalanced_braces",
        ) from exc
    return [
        (name, spec, conversion)
        for _literal, name, spec, conversion in parsed
        if name is not None
    ]


def placeholders_in(text: str) -> list[str]:
    """The placeholder names used in ``text``; raise ValidationError on bad syntax."""
    return [name for name, _spec, _conversion in _fields(text)]


def validate_template_text(text: str, allowed) -> None:
    """Only known, plain names: no attribute or index access, no format specs."""
    for name, spec, conversion in _fields(text):
        if spec or conversion or "." in name or "[" in name:
            shown = "{" + name + ("!" + conversion if conversion else "")
            shown += (":" + spec if spec else "") + "}"
            raise ValidationError(
                _(
                    "%(placeholder)s: write a placeholder as its plain name in braces, "
                    "e.g. {trainee_name}, without a colon, exclamation mark, dot or "
                    "square brackets."
                )
                % {"placeholder": shown},
                code="placeholder_format",
            )
        if name not in allowed:
            raise ValidationError(
                _("Unknown placeholder {%(name)s}. Allowed: %(allowed)s.")
                % {
                    "name": name,
                    "allowed": ", ".join("{" + key + "}" for key in sorted(allowed)),
                },
                code="unknown_placeholder",
            )


def render(text: str, allowed, values: dict) -> str:
    """Fill the plain placeholders of ``text`` from ``values`` (missing ones empty).

    Nothing of Python's format mini-language runs: a wording that would need it
    (or names a placeholder the e-mail does not have) raises TemplateRenderError.
    """
    try:
        validate_template_text(text, allowed)
    except ValidationError as error:
        raise TemplateRenderError(" ".join(error.messages)) from error
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(text):
        parts.append(literal)
        if name is not None:
            parts.append(str(values.get(name, "")))
    return "".join(parts)
