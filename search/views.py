from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from . import selectors


def search(request):
    query = selectors.normalise_query(request.GET.get("q", ""))
    page_obj = None
    if query:
        results = selectors.course_search(query=query)
        page_obj = Paginator(results, 12).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "has_terms": bool(selectors.search_terms(query)),
            "page_obj": page_obj,
        },
    )
