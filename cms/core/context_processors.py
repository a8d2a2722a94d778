from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, Site


def _menu_pages(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(Page.objects.child_of(site.root_page).live().public().in_menu())


def navigation(request):
    """Top-level pages marked "show in menus"; queried only if a template asks."""
    return {"menu_pages": SimpleLazyObject(lambda: _menu_pages(request))}


def viewer(request):
    """What the header offers: trainee pages to the signed in, agency pages to HR."""

    def role():
        from cms.licensing.selectors import APPLY_PERMISSION
        from portal.accounts.selectors import Scope, viewer_scope

        user = getattr(request, "user", None)
        kind = viewer_scope(user).kind
        return {
            "agency_pages": kind in (Scope.AGENCY, Scope.ALL),
            # A permission, cached with the others: no query on every page.
            "licensee": user is not None and user.has_perm(APPLY_PERMISSION),
        }

    return {"viewer_role": SimpleLazyObject(role)}
