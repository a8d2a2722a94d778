"""View decorators of the access layer."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .access import can_see_agency_pages


def agency_pages_required(view):
    """Sign-in first, then 404 for whoever may not see the HR pages.

    404 rather than 403: the page's existence is nobody else's business.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_see_agency_pages(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)
