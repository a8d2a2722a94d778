"""Odd input answers 400 or 404, never 500.

Two guards around every view, behind the bounded converters and form parsing:

- a NUL byte in the path, an API query string or a posted form is refused up
  front (400): PostgreSQL cannot store one, and no field of ours takes one; in a
  site page's query string it is dropped, so the page still answers;
- a malformed or out-of-range identifier that still reaches a database lookup
  (a view of Wagtail's or Django's that trusts its URL, e.g. ``chosen/abc/``)
  is a 404, as DRF's get_object_or_404 already treats it.
"""

import logging

from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpResponseBadRequest, JsonResponse, QueryDict
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Django's message when a lookup value does not fit an integer field; SQLite's
# and psycopg's for a value the database cannot hold.
LOOKUP_ERRORS = (
    (ValueError, "expected a number but got"),
    (OverflowError, "too large to convert to SQLite INTEGER"),
    (ValueError, "cannot contain NUL (0x00) characters"),
)

# Files are not read here: only the form fields that come with them.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(query_dict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query_dict.lists()
    )


def _without_nul(query_dict):
    cleaned = QueryDict(mutable=True)
    for key, values in query_dict.lists():
        cleaned.setlist(
            key.replace("\x00", ""), [v.replace("\x00", "") for v in values]
        )
    cleaned._mutable = False
    return cleaned


def _refused(request):
    message = _("The request holds a NUL byte, which is not accepted.")
    if request.path_info.startswith("/api/"):
        # The API's own error shape (api.schema.ERROR_SCHEMA).
        return JsonResponse(
            {"error": {"code": "invalid", "message": message, "fields": {}}},
            status=400,
        )
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return _refused(request)
        if _has_nul(request.GET):
            if request.path_info.startswith("/api/"):
                return _refused(request)
            # A link with a stray NUL still gets its page (a search, a listing),
            # answered as if the byte were not there: no keyboard types one.
            request.GET = _without_nul(request.GET)
        if (
            request.method == "POST"
            and request.content_type in FORM_TYPES
            and _has_nul(request.POST)
        ):
            return _refused(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        for kind, message in LOOKUP_ERRORS:
            if isinstance(exception, kind) and message in str(exception):
                logger.info("Malformed identifier at %s: %s", request.path, exception)
                return response_for_exception(request, Http404())
        return None
