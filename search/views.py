from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from cms.catalog.forms import CatalogFilterForm
from cms.handouts.selectors import handout_search

from . import selectors


def search(request):
    query = selectors.normalise_query(request.GET.get("q", ""))
    form = CatalogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    context = {
        "search_query": query,
        "has_terms": bool(selectors.search_terms(query)),
        "filter_form": form,
        "page_obj": None,
        "facets": None,
    }
    if query:
        found = selectors.course_search(query=query)
        courses = selectors.narrow(
            found,
            category=filters.get("category") or None,
            mode=filters.get("mode") or None,
            month=filters.get("month"),
            open_only=bool(filters.get("open")),
        )
        context["page_obj"] = Paginator(courses, 12).get_page(request.GET.get("page"))
        context["facets"] = selectors.facets_of(found)
        context["handouts"] = handout_search(user=request.user, query=query)
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Course titles for the search box while the user types."""
    query = selectors.normalise_query(request.GET.get("q", ""))
    titles = (
        [c.title for c in selectors.course_search(query=query)[:8]] if query else []
    )
    return JsonResponse({"query": query, "suggestions": titles})
