"""One error shape for every endpoint: {"error": {"code", "message", "fields"}}."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def _flatten(detail):
    if isinstance(detail, list):
        return [str(item) for item in detail]
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    return [str(detail)]


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; it is the client's mistake.
        detail = (
            exc.message_dict
            if hasattr(exc, "error_dict")
            else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    fields = {}
    if isinstance(exc, exceptions.ValidationError):
        flat = _flatten(exc.detail)
        if isinstance(flat, dict):
            general = flat.pop("non_field_errors", []) + flat.pop("__all__", [])
            fields = flat
            message = " ".join(general) or _("Some fields are not valid.")
        else:
            message = " ".join(flat)
        code = "invalid"
    else:
        message = str(exc.detail) if hasattr(exc, "detail") else str(exc)
        # A code given where raised (e.g. "authorization_withdrawn") wins.
        code = getattr(getattr(exc, "detail", None), "code", None) or getattr(
            exc, "default_code", "error"
        )
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    too_many = response.status_code == status.HTTP_429_TOO_MANY_REQUESTS
    if too_many and code != "login_locked":  # a lockout is not a rate limit
        response.data["error"]["code"] = "throttled"
    return Response(
        response.data, status=response.status_code, headers=dict(response.items())
    )


class Gone(exceptions.APIException):
    """410: what the link or code gave access to has expired."""

    status_code = status.HTTP_410_GONE
    default_code = "gone"
