"""Wagtail's page API v3 lists documents by collection permissions only; handouts
have visibility rules of their own, so its listing asks the handouts selector."""

from wagtail.documents.api.v3 import router

from .selectors import handout_listable

_wagtail_queryset = router.get_documents_queryset


def _listable_documents(request):
    return _wagtail_queryset(request).filter(
        pk__in=handout_listable(user=request.user).values("pk")
    )


def restrict_documents_api():
    """Make the v3 documents listing and detail answer with listable handouts only
    (both look the module-level function up at call time)."""
    router.get_documents_queryset = _listable_documents
