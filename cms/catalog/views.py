"""The catalog's pages as the site shows them: context built from the request.

The pages' ``get_context`` calls these; the reads are selectors, which take
plain arguments (the viewer, the filters), never the request.
"""

from django.conf import settings
from django.core.paginator import Paginator

from cms.core import people
from cms.handouts.selectors import handout_list_for_course
from search.selectors import course_search_list

from . import selectors
from .forms import CatalogFilterForm


def catalog_page_context(*, page, request) -> dict:
    """What the catalog page shows: the filter form and one page of courses."""
    categories = list(selectors.category_list())
    form = CatalogFilterForm(request.GET or None, categories=categories)
    filters = form.selector_filters()
    courses = course_search_list(catalog=page, **filters)
    page_obj = Paginator(courses, settings.CATALOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "categories": categories,
        "page_obj": page_obj,
        "courses": page_obj.object_list,
        "filter_query": query.urlencode(),
        "filters_active": any(filters.values()),
    }


def course_page_context(*, page, request) -> dict:
    """What a course page shows: upcoming sessions in full (with the viewer's
    registration), the latest past ones, lecturers and the viewer's handouts."""
    past = selectors.past_session_list(course=page)
    upcoming = list(selectors.session_list_for_course(course=page))
    mine = people.ask("session_enrolment_for", user=request.user, sessions=upcoming)
    for session in upcoming:
        session.my_enrolment = mine.get(session.pk)
    return {
        "upcoming_sessions": upcoming,
        "past_sessions": past,
        "past_session_count": past[0].past_total if past else 0,
        "lecturers": list(page.lecturers.all()),
        "competencies": list(page.competencies.all()),
        "handouts": handout_list_for_course(user=request.user, course=page),
        "also_taken": people.ask("also_taken_list", course=page),
    }
