from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail import hooks

from . import selectors


@hooks.register("before_serve_document")
def enforce_handout_visibility(document, request):
    """Every download passes through Wagtail's serve view, and so through here."""
    access = selectors.handout_access(user=request.user, handout=document)
    if access == selectors.Access.ALLOWED:
        return None
    if access == selectors.Access.LOGIN_REQUIRED:
        return redirect_to_login(request.get_full_path())
    if access == selectors.Access.NOT_ENROLLED:
        return TemplateResponse(
            request, "handouts/not_enrolled.html", {"handout": document}, status=403
        )
    raise Http404
