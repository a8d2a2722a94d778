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
        from . import people

        return people.ask("viewer_role", user=getattr(request, "user", None))

    return {"viewer_role": SimpleLazyObject(role)}
