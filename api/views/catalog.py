"""Catalog reads: courses with sessions, facets, categories, venues and news."""

import datetime
import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.http import condition
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import catalog as s
from api.throttling import CachedReadThrottle, UserThrottle
from cms.catalog import selectors as catalog_selectors
from cms.catalog.models import DeliveryMode, Venue
from cms.handouts.selectors import handout_list_for_course
from cms.news.selectors import news_list
from search import selectors as search_selectors


class CourseFilterSerializer(serializers.Serializer):
    """Query parameters of the course list and facets; bad values answer 400."""

    category = serializers.SlugField(
        required=False, allow_unicode=True, help_text="Category slug."
    )
    mode = serializers.ChoiceField(choices=DeliveryMode.choices, required=False)
    month = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        help_text="YYYY-MM: a session starts then.",
    )
    open = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Only courses open for registration now.",
    )
    q = serializers.CharField(required=False, max_length=2000, help_text="Free text.")
    ordering = serializers.ChoiceField(
        choices=list(search_selectors.ORDERINGS), required=False
    )

    def selector_filters(self):
        data = self.validated_data
        month = None
        if data.get("month"):
            year, number = data["month"].split("-")
            month = datetime.date(int(year), int(number), 1)
        return {
            "category": data.get("category"),
            "mode": data.get("mode"),
            "month": month,
            "open_only": data.get("open", False),
        }


COURSE_FILTER_PARAMETERS = [
    OpenApiParameter("category", str, description="Category slug, e.g. `it`."),
    OpenApiParameter(
        "mode", str, enum=DeliveryMode.values, description="Delivery mode."
    ),
    OpenApiParameter(
        "month",
        str,
        description="YYYY-MM: courses with a session starting then.",
        examples=[],
    ),
    OpenApiParameter(
        "open", bool, description="Only courses open for registration now."
    ),
    OpenApiParameter("q", str, description="Free text (title, summary, lecturers)."),
]


def _filtered_courses(request):
    params = CourseFilterSerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return search_selectors.course_search_list(
        query=params.validated_data.get("q", ""),
        ordering=params.validated_data.get("ordering"),
        **params.selector_filters(),
    )


def _state(request):
    """The catalog's (version, changed_at), read once per request."""
    if not hasattr(request, "_catalog_state"):
        request._catalog_state = catalog_selectors.catalog_state()
    return request._catalog_state


def catalog_last_modified(request, *args, **kwargs):
    """When anything the catalog shows last changed."""
    return _state(request)[1]


def catalog_etag(request, *args, **kwargs):
    """Same data, same tag: catalog version, query, language and (handouts) viewer."""
    version = _state(request)[0]
    user = request.user.pk if request.user.is_authenticated else 0
    raw = f"{version}|{request.get_full_path()}|{user}|{request.LANGUAGE_CODE}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


conditional = method_decorator(
    condition(etag_func=catalog_etag, last_modified_func=catalog_last_modified),
    name="get",
)


def _cache_key(request):
    version, changed_at = _state(request)
    raw = f"{version}|{changed_at}|{request.LANGUAGE_CODE}|{request.get_full_path()}"
    return "api:catalog:" + hashlib.sha256(raw.encode()).hexdigest()


def fast_cached(drf_view):
    """Serve a cached catalog read before DRF's machinery, throttles still counted.

    Only for requests without credentials in headers (the cached reads do not
    depend on who asks anyway); anything else, or a miss, goes through DRF.
    """
    # A cached answer costs next to nothing: anonymous ones count at their own,
    # higher rate, so a bureau sharing one address is not turned away.
    throttles = [CachedReadThrottle, UserThrottle]

    @condition(etag_func=catalog_etag, last_modified_func=catalog_last_modified)
    def cached_response(request, body):
        return HttpResponse(body, content_type="application/json")

    @wraps(drf_view)
    def view(request, *args, **kwargs):
        if request.method == "GET" and "HTTP_AUTHORIZATION" not in request.META:
            body = cache.get(_cache_key(request))
            if body is not None and all(
                throttle().allow_request(request, None) for throttle in throttles
            ):
                return cached_response(request, body)
        return drf_view(request, *args, **kwargs)

    return view


class CachedCatalogMixin:
    """Serve the rendered bytes of a catalog read again until the catalog changes.

    For reads that do not depend on who asks; the key holds the catalog version,
    so any edit (page, session, timetable, venue) retires every cached response.
    """

    cache_timeout = 3600

    def get(self, request, *args, **kwargs):
        body = cache.get(_cache_key(request))
        if body is not None:
            return HttpResponse(body, content_type="application/json")
        return super().get(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method == "GET"
            and response.status_code == 200
            and isinstance(response, Response)
        ):
            response.render()
            cache.set(_cache_key(request), response.content, self.cache_timeout)
        return response


@extend_schema(
    tags=["catalog"],
    summary="List courses",
    description="Published courses with their upcoming sessions, open ones first. "
    "Supports conditional GET (ETag, Last-Modified).",
    parameters=[
        *COURSE_FILTER_PARAMETERS,
        OpenApiParameter(
            "ordering",
            str,
            enum=list(search_selectors.ORDERINGS),
            description="Sort order.",
        ),
    ],
    examples=[examples.COURSE_LIST],
)
@conditional
class CourseListView(CachedCatalogMixin, generics.ListAPIView):
    serializer_class = s.CourseListSerializer

    def get_queryset(self):
        return catalog_selectors.with_upcoming_sessions(_filtered_courses(self.request))


@extend_schema(
    tags=["catalog"],
    summary="Course facets",
    description="Counts of the courses matching the filters, by category, delivery mode, "
    "month of the next twelve, and open for registration.",
    parameters=COURSE_FILTER_PARAMETERS,
    responses=s.FacetsSerializer,
    examples=[examples.FACETS],
)
@conditional
class CourseFacetsView(CachedCatalogMixin, APIView):
    def get(self, request):
        data = catalog_selectors.course_facets(courses=_filtered_courses(request))
        return Response(s.FacetsSerializer(data).data)


@extend_schema(
    tags=["catalog"],
    summary="A course",
    description="With sessions, timetable, lecturers and the handouts the caller may "
    "see. Conditional GET supported.",
    examples=[examples.one("Course", examples.COURSE_DETAIL)],
)
@conditional
class CourseDetailView(generics.RetrieveAPIView):
    serializer_class = s.CourseDetailSerializer

    def get_object(self):
        course = get_object_or_404(
            catalog_selectors.course_list().prefetch_related(
                "competencies", "lecturers"
            ),
            pk=self.kwargs["pk"],
        )
        course.upcoming_sessions = list(
            catalog_selectors.session_list_for_course(course=course)
        )
        course.past_sessions = catalog_selectors.past_session_list(course=course)
        course.visible_handouts = handout_list_for_course(
            user=self.request.user, course=course
        )
        return course


@extend_schema(
    tags=["catalog"],
    summary="A session",
    description="With its timetable.",
    examples=[examples.one("Session", examples.SESSION_DETAIL)],
)
class SessionDetailView(generics.RetrieveAPIView):
    serializer_class = s.SessionWithTimetableSerializer

    def get_queryset(self):
        return catalog_selectors.public_session_list()


@extend_schema(
    tags=["catalog"],
    summary="List categories",
    examples=[examples.page_of("Categories", examples.CATEGORY)],
)
class CategoryListView(generics.ListAPIView):
    serializer_class = s.CategorySerializer

    def get_queryset(self):
        return catalog_selectors.category_list()


@extend_schema(
    tags=["catalog"],
    summary="List venues",
    examples=[examples.page_of("Venues", examples.VENUE)],
)
class VenueListView(generics.ListAPIView):
    serializer_class = s.VenueSerializer
    queryset = Venue.objects.order_by("name")


@extend_schema(
    tags=["catalog"],
    summary="List news",
    description="Newest first.",
    examples=[examples.page_of("News", examples.NEWS)],
)
class NewsListView(generics.ListAPIView):
    serializer_class = s.NewsSerializer

    def get_queryset(self):
        return news_list()
