from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from cms.catalog.forms import CatalogFilterForm
from cms.catalog.selectors import course_facets
from cms.handouts.selectors import handout_search

from . import selectors


def search(request):
    """The search page: matching courses narrowed by the catalog's filters, the
    facets of every match, and the handouts the viewer may see."""
    query = selectors.normalise_query(request.GET.get("q", ""))
    form = CatalogFilterForm(request.GET or None)
    context = {
        "search_query": query,
        "has_terms": bool(selectors.search_terms(query)),
        "filter_form": form,
        "page_obj": None,
        "facets": None,
    }
    if query:
        # Searched once; the facets count every match, the filters aside.
        matches = selectors.course_match_ids(query=query)
        courses = selectors.course_search_list(
            matches=matches, **form.selector_filters()
        )
        context["page_obj"] = Paginator(courses, 12).get_page(request.GET.get("page"))
        context["facets"] = course_facets(
            courses=selectors.course_search_list(matches=matches)
        )
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
