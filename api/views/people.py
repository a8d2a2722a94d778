"""People, enrolment and records: the same selectors and services as the site."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import people as s
from cms.catalog.models import Session
from portal.accounts import access
from portal.accounts.selectors import (
    person_get,
    person_list,
    person_of,
    person_search,
)
from portal.enrolment import selectors as enrolment_selectors
from portal.enrolment import services as enrolment_services
from portal.enrolment.models import EnrolmentStatus
from portal.recommendations.selectors import recommendation_list
from portal.records import exports as records_exports
from portal.records import selectors as records_selectors


class IsAgencyViewer(permissions.BasePermission):
    """HR officers (their agency) and institute staff (all)."""

    def has_permission(self, request, view):
        return access.can_see_agency_pages(request.user)


def _enrolments(qs):
    return qs.select_related("record", "session__course", "agency", "user__person")


def _person_dict(person):
    if person is None:
        return None
    return {
        "id": person.pk,
        "name": person.name,
        "agency": person.agency,
        "employee_number": person.employee_number,
        "job_title": person.job_title,
        "grade": person.grade,
        "email": person.email,
        "national_id_masked": person.national_id_masked,
    }


@extend_schema(
    tags=["me"], summary="Who am I", responses=s.MeSerializer, examples=[examples.ME]
)
class MeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        user = request.user
        body = {
            "username": user.get_username(),
            "roles": sorted(access.roles_of(user)),
            "scope": access.viewer_scope(user).kind,
            "person": _person_dict(person_of(user)),
        }
        return Response(s.MeSerializer(body).data)


@extend_schema(
    tags=["me"],
    summary="My enrolments",
    examples=[examples.page_of("Enrolments", examples.ENROLMENT.value)],
    description="Newest session first.",
)
class MyEnrolmentsView(generics.ListAPIView):
    serializer_class = s.EnrolmentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return _enrolments(
            enrolment_selectors.enrolment_list(viewer=self.request.user).filter(
                user=self.request.user
            )
        )


@extend_schema(
    tags=["me"],
    summary="My study hours by year",
    examples=[examples.page_of("Study hours", examples.HOURS)],
)
class MyStudyHoursView(generics.ListAPIView):
    serializer_class = s.StudyHoursSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return records_selectors.my_study_hours(user=self.request.user)


class EnrolView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["enrolment"],
        summary="Register for a session",
        description="Self-registration in the registration window: a seat (first come), "
        "a place on the waiting list, or an application for the organizer's selection.",
        request=None,
        responses={
            201: s.EnrolmentSerializer,
            400: OpenApiResponse(description="Refused, with why."),
        },
        examples=[examples.ENROLMENT],
    )
    def post(self, request, session_id):
        session = get_object_or_404(Session, pk=session_id, course__live=True)
        enrolment = enrolment_services.enrolment_register(
            session=session, trainee=request.user
        )
        enrolment = enrolment_selectors.my_enrolment_get(
            user=request.user, pk=enrolment.pk
        )
        return Response(
            s.EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED
        )


class WithdrawView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["enrolment"],
        summary="Withdraw a registration",
        examples=[examples.ENROLMENT],
        description="Your own, or (HR officers) one of your agency's. A freed seat goes to "
        "the first on the waiting list.",
        request=s.ReasonSerializer,
        responses=s.EnrolmentSerializer,
    )
    def post(self, request, pk):
        enrolment = enrolment_selectors.enrolment_get(viewer=request.user, pk=pk)
        body = s.ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        enrolment_services.enrolment_withdraw(
            enrolment=enrolment,
            actor=request.user,
            reason=body.validated_data["reason"],
        )
        enrolment = enrolment_selectors.enrolment_get(viewer=request.user, pk=pk)
        return Response(s.EnrolmentSerializer(enrolment).data)


class AgencyEnrolmentFilter(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = serializers.ChoiceField(choices=EnrolmentStatus.choices, required=False)
    session_code = serializers.CharField(required=False, max_length=20)
    name = serializers.CharField(required=False, max_length=40)


@extend_schema(
    tags=["agency"],
    summary="My agency's enrolments",
    examples=[examples.page_of("Enrolments", examples.ENROLMENT.value)],
    description="HR officers see their agency and its units; institute staff see all.",
    parameters=[
        OpenApiParameter("year", int, description="Year the session starts."),
        OpenApiParameter(
            "status", str, enum=EnrolmentStatus.values, description="Enrolment status."
        ),
        OpenApiParameter("session_code", str, description="Session code, e.g. B00492."),
        OpenApiParameter("name", str, description="Part of the person's name."),
    ],
)
class AgencyEnrolmentsView(generics.ListAPIView):
    serializer_class = s.EnrolmentSerializer
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    def get_queryset(self):
        params = AgencyEnrolmentFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return _enrolments(
            enrolment_selectors.enrolment_list(
                viewer=self.request.user, **params.validated_data
            )
        )


class PeopleFilter(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=40)


@extend_schema(
    tags=["agency"],
    summary="My agency's people",
    description="HR officers see their agency and its units; institute staff see "
    "all. With `q`, a search (the people pickers' own): part of the name, the "
    "employee number (or its start), part of the unit's name, or a whole national "
    "ID number, which is matched through its keyed hash and only ever answered "
    "masked. Without `q`, everyone, by agency then name.",
    parameters=[
        OpenApiParameter(
            "q",
            str,
            description="Search: name, employee number, unit, or a whole ID number.",
            examples=[
                OpenApiExample("A name", value="王小明"),
                OpenApiExample("An employee number", value="E000101"),
            ],
        )
    ],
    examples=[examples.page_of("People", examples.PERSON)],
)
class AgencyPeopleView(generics.ListAPIView):
    serializer_class = s.PersonSerializer
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    def get_queryset(self):
        params = PeopleFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        if params.validated_data.get("q", "").strip():
            return person_search(viewer=self.request.user, q=params.validated_data["q"])
        return person_list(viewer=self.request.user).order_by(
            "agency__code", "name", "pk"
        )


@extend_schema(
    tags=["agency"],
    summary="One of my agency's people",
    examples=[examples.one("Person", examples.PERSON)],
)
class AgencyPersonView(generics.RetrieveAPIView):
    serializer_class = s.PersonSerializer
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    def get_object(self):
        return person_get(viewer=self.request.user, pk=self.kwargs["pk"])


class HoursFilter(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    name = serializers.CharField(required=False, max_length=40)

    def selector_args(self):
        return {
            "year": self.validated_data.get("year") or timezone.localdate().year,
            "name": self.validated_data.get("name"),
        }


HOURS_PARAMETERS = [
    OpenApiParameter("year", int, description="Defaults to this year."),
    OpenApiParameter("name", str, description="Part of the person's name."),
]


@extend_schema(
    tags=["agency"],
    summary="My agency's study hours",
    examples=[examples.page_of("Study hours", examples.AGENCY_HOURS)],
    parameters=HOURS_PARAMETERS,
)
class AgencyHoursView(generics.ListAPIView):
    serializer_class = s.AgencyHoursSerializer
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    def get_queryset(self):
        params = HoursFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return records_selectors.agency_hours_report(
            viewer=self.request.user, **params.selector_args()
        )


class AgencyHoursExportView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    @extend_schema(
        tags=["agency"],
        summary="Export study hours",
        description="`xlsx`: one line a person; `lifelong`: the CSV for the national "
        "lifelong-learning portal (docs/lifelong-learning-export.md).",
        parameters=[
            *HOURS_PARAMETERS,
            OpenApiParameter(
                "file_format",
                str,
                enum=["xlsx", "lifelong"],
                required=True,
                description="xlsx: a spreadsheet; lifelong: the national portal's CSV.",
            ),
        ],
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): bytes,
            (200, "text/csv"): bytes,
        },
    )
    def get(self, request):
        params = HoursFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        args = params.selector_args()
        kind = request.query_params.get("file_format")
        if kind == "lifelong":
            return records_exports.hours_lifelong_csv(viewer=request.user, **args)
        if kind == "xlsx":
            return records_exports.hours_xlsx(viewer=request.user, **args)
        raise exceptions.ValidationError({"file_format": ["Choose xlsx or lifelong."]})


class NominationView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    @extend_schema(
        tags=["agency"],
        summary="Nominate staff for a session",
        examples=[
            examples.NOMINATION_REQUEST,
            examples.one("Results", examples.NOMINATIONS),
        ],
        description=(
            "One result per person: the enrolment, or why it was refused. Each person "
            "who may be is nominated, whoever else is refused: someone already in the "
            "session (`already_registered`), someone who completed the course before "
            "(`already_completed`, unless `retake` is true), the course's rules "
            "(`repeat_never`, `repeat_too_soon`, `group_limit`, `prerequisite`, ...), "
            "an id outside the caller's agency (`not_found`)."
        ),
        request=s.NominationSerializer,
        responses={200: s.NominationResultSerializer(many=True)},
    )
    def post(self, request):
        body = s.NominationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        session = get_object_or_404(
            Session, pk=body.validated_data["session"], course__live=True
        )
        wanted = list(dict.fromkeys(body.validated_data["people"]))
        people = {
            p.pk: p for p in person_list(viewer=request.user).filter(pk__in=wanted)
        }
        # Ids outside the viewer's scope are answered "not found", as one would be
        # alone; each of the others is nominated unless refused (see the service).
        outcome = enrolment_services.enrolment_nominate_many(
            session=session,
            people=[people[pk] for pk in wanted if pk in people],
            hr_officer=request.user,
            retake=body.validated_data["retake"],
        )
        by_user = {
            e.user_id: e
            for e in _enrolments(
                enrolment_selectors.enrolment_list(viewer=request.user)
            ).filter(pk__in=[e.pk for e in outcome.nominated])
        }
        results = []
        for pk in wanted:
            if pk not in people:
                error, codes = str(exceptions.NotFound.default_detail), ["not_found"]
            elif pk in outcome.refused:
                refusal = outcome.refused[pk]
                error = " ".join(refusal.messages)
                codes = [e.code or "invalid" for e in refusal.error_list]
            else:
                error, codes = None, []
            results.append(
                {
                    "person_id": pk,
                    "enrolment": None if error else by_user.get(people[pk].user_id),
                    "error": error,
                    "error_codes": codes,
                }
            )
        return Response(s.NominationResultSerializer(results, many=True).data)


class SubstitutionView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    @extend_schema(
        tags=["agency"],
        summary="Substitute a colleague",
        examples=[examples.ENROLMENT],
        description="The colleague takes the place (and seat) of this enrolment.",
        request=s.SubstitutionSerializer,
        responses={201: s.EnrolmentSerializer},
    )
    def post(self, request, pk):
        enrolment = enrolment_selectors.enrolment_get(viewer=request.user, pk=pk)
        body = s.SubstitutionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        substitute = person_get(
            viewer=request.user, pk=body.validated_data["substitute"]
        )
        new = enrolment_services.enrolment_substitute(
            enrolment=enrolment,
            substitute=substitute.user,
            hr_officer=request.user,
            reason=body.validated_data["reason"],
        )
        new = enrolment_selectors.enrolment_get(viewer=request.user, pk=new.pk)
        return Response(s.EnrolmentSerializer(new).data, status=status.HTTP_201_CREATED)


class TransferView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    @extend_schema(
        tags=["agency"],
        summary="Move to another term",
        examples=[examples.ENROLMENT],
        description=(
            "The trainee leaves this session (its seat goes to the waiting list) "
            "and is registered in another term of the same course, or neither. "
            "HR offices are bound by the session's change rules (`changes_closed`, "
            "`change_not_allowed`, `change_quota`, `checked_in`)."
        ),
        request=s.TransferSerializer,
        responses={201: s.EnrolmentSerializer},
    )
    def post(self, request, pk):
        enrolment = enrolment_selectors.enrolment_get(viewer=request.user, pk=pk)
        body = s.TransferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = (
            enrolment_selectors.transfer_targets(enrolment=enrolment)
            .filter(pk=body.validated_data["session"])
            .first()
        )
        if target is None:
            raise exceptions.ValidationError(
                {
                    "session": [
                        _(
                            "Choose another term of the same course that takes registrations."
                        )
                    ]
                }
            )
        new = enrolment_services.enrolment_transfer(
            enrolment=enrolment,
            to_session=target,
            actor=request.user,
            reason=body.validated_data.get("reason", ""),
        )
        new = enrolment_selectors.enrolment_get(viewer=request.user, pk=new.pk)
        return Response(s.EnrolmentSerializer(new).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["records"],
    summary="Training records",
    examples=[examples.page_of("Records", examples.RECORD)],
    description="Trainees get their own, HR officers their agency's, staff all.",
    parameters=[OpenApiParameter("year", int, description="Year of the session.")],
)
class RecordListView(generics.ListAPIView):
    serializer_class = s.RecordSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        params = HoursFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return records_selectors.record_list(
            viewer=self.request.user, year=params.validated_data.get("year")
        ).order_by("-session__start_date", "pk")


@extend_schema(
    tags=["me"],
    summary="My recommendations",
    description="Courses recommended to the caller, best first, each with its reasons.",
    responses=s.RecommendationSerializer(many=True),
    examples=[
        examples.one(
            "Recommendations",
            [{"course_id": 7, "title": "公文寫作實務班",
              "url": "https://learn.example.gov.tw/catalog/b00492/", "rank": 1,
              "reasons": ["本年度必修"]}],
        )
    ],
)  # fmt: skip
class MyRecommendationsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        items = recommendation_list(user=request.user, limit=10)
        return Response(
            s.RecommendationSerializer(
                items, many=True, context={"request": request}
            ).data
        )
