"""The catalog's pages as the site shows them: context built from the request.

The pages' ``get_context`` calls these; the reads are selectors, which take
plain arguments (the viewer, the filters), never the request.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.translation import gettext as _

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


def course_rules(course, names=None) -> list[str]:
    """The course's eligibility rules in words, for trainees and HR officers
    (``names``: the course's ``course_names``, if already read)."""
    rules = []
    if course.repeat_years == 0:
        rules.append(_("Taken only once: not open to those who completed it."))
    elif course.repeat_years:
        rules.append(
            _("Not open again within %(years)s years of completing it.")
            % {"years": course.repeat_years}
        )
    group = course.course_group
    if group is not None:
        rules.append(
            (
                _("One of the %(group)s courses: at most %(max)s a year each.")
                if group.per_year
                else _("One of the %(group)s courses: at most %(max)s each.")
            )
            % {"group": group.name, "max": group.max_classes}
        )
    names = names or selectors.course_names(course=course)
    required, excluded = names["required"], names["excluded"]
    if required:
        rules.append(
            _("Complete first: %(courses)s.") % {"courses": "、".join(required)}
        )
    if excluded:
        rules.append(
            _("Not for those who completed: %(courses)s.")
            % {"courses": "、".join(excluded)}
        )
    return rules


def course_page_context(*, page, request) -> dict:
    """What a course page shows: upcoming sessions in full (with the viewer's
    registration), the latest past ones, lecturers and the viewer's handouts."""
    past = selectors.past_session_list(course=page)
    upcoming = list(selectors.session_list_for_course(course=page))
    states = people.ask("session_states", user=request.user, sessions=upcoming)
    mine, taken = states["mine"], states["taken"]
    if getattr(request, "is_preview", False):  # the draft's relations, in memory
        names = {
            "competencies": [c.name for c in page.competencies.all()],
            "required": sorted(c.title for c in page.required_courses.all()),
            "excluded": sorted(c.title for c in page.excluded_courses.all()),
        }
    else:
        names = selectors.course_names(course=page)
    rules = course_rules(page, names)
    for session in upcoming:
        session.my_enrolment = mine.get(session.pk)
        session.seats_left = max(0, session.capacity - taken.get(session.pk, 0))
        session.refusals = (
            people.ask("eligibility_refusals", user=request.user, session=session)
            if rules and not session.my_enrolment and session.is_open_for_registration
            else []
        )
    return {
        "upcoming_sessions": upcoming,
        "past_sessions": past,
        "past_session_count": past[0].past_total if past else 0,
        "lecturers": list(page.lecturers.all()),
        "competencies": names["competencies"],
        "rules": rules,
        "handouts": handout_list_for_course(user=request.user, course=page),
        "also_taken": people.ask("also_taken_list", course=page),
    }
