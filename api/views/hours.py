"""Study hours for programs: the caller's hours overview and the HR office's
mandatory-training compliance list, the same selectors as the site's pages."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import hours as s
from api.serializers.common import IdField
from api.views.people import IsAgencyViewer
from portal.accounts.selectors import agency_list
from portal.records import exports as records_exports
from portal.records import selectors as records_selectors


class YearParameter(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


@extend_schema(
    tags=["me"],
    summary="My study hours: a year's lines and mandatory training",
    description="The year's training records (course, session, hours, completion, "
    "grade band, certificates), hours by delivery mode, progress toward each "
    "mandatory training that applies to the caller (hours from completed records "
    "of its courses in that calendar year, and the next open session), and the "
    "hours of at least the last five years.",
    parameters=[OpenApiParameter("year", int, description="Defaults to this year.")],
    responses=s.HoursOverviewSerializer,
    examples=[examples.one("Hours overview", examples.HOURS_OVERVIEW)],
)
class MyHoursView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        params = YearParameter(data=request.query_params)
        params.is_valid(raise_exception=True)
        overview = records_selectors.my_hours_overview(
            viewer=request.user, year=params.validated_data.get("year")
        )
        return Response(
            s.HoursOverviewSerializer(overview, context={"request": request}).data
        )


class ComplianceFilter(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    rule = IdField(required=False)
    agency = IdField(required=False)
    status = serializers.ChoiceField(
        choices=[
            records_selectors.UNMET,
            records_selectors.MET,
            records_selectors.ANY,
        ],
        required=False,
    )
    name = serializers.CharField(required=False, max_length=40)

    def validate_rule(self, value):
        if not records_selectors.mandatory_rule_list().filter(pk=value).exists():
            raise serializers.ValidationError(_("No such mandatory training."))
        return value

    def validate_agency(self, value):
        agency = agency_list(viewer=self.context["viewer"]).filter(pk=value).first()
        if agency is None:
            raise serializers.ValidationError(
                _("No such agency among those you manage.")
            )
        return agency

    def selector_args(self):
        data = self.validated_data
        return {
            "year": data.get("year") or timezone.localdate().year,
            "rule": data.get("rule"),
            "agency": data.get("agency"),
            "name": data.get("name"),
            "status": data.get("status") or records_selectors.UNMET,
        }


COMPLIANCE_PARAMETERS = [
    OpenApiParameter("year", int, description="Defaults to this year."),
    OpenApiParameter(
        "rule", int, description="One mandatory training (id); left out: all."
    ),
    OpenApiParameter(
        "agency", int, description="An agency or unit of the caller's scope (id)."
    ),
    OpenApiParameter(
        "status",
        str,
        enum=[records_selectors.UNMET, records_selectors.MET, records_selectors.ANY],
        description="unmet (default): not met yet; met; all.",
    ),
    OpenApiParameter("name", str, description="Part of the person's name."),
]


def _filters(request) -> dict:
    params = ComplianceFilter(
        data=request.query_params, context={"viewer": request.user}
    )
    params.is_valid(raise_exception=True)
    return params.selector_args()


@extend_schema(
    tags=["agency"],
    summary="Mandatory training: who has (not) met it",
    description="One line a person and mandatory training that applies to them, "
    "for the people of the caller's scope (an HR officer: their agency and its "
    "units; institute staff: all), with the hours done in the year and the hours "
    "required, and a summary per training (met x of y).",
    parameters=[
        *COMPLIANCE_PARAMETERS,
        OpenApiParameter("limit", int, description="Lines a page (at most 100)."),
        OpenApiParameter("offset", int, description="Lines to skip."),
    ],
    responses=s.CompliancePageSerializer,
    examples=[examples.one("Compliance", examples.COMPLIANCE_PAGE)],
)
class AgencyMandatoryView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    def get(self, request):
        compliance = records_selectors.mandatory_compliance(
            viewer=request.user, **_filters(request)
        )
        paginator = LimitOffsetPagination()
        paginator.default_limit, paginator.max_limit = 20, 100
        rows = paginator.paginate_queryset(compliance.rows, request, view=self)
        body = {
            "count": paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "year": compliance.year,
            "summary": [
                {
                    "rule_id": rule.pk,
                    "rule_name": rule.name,
                    "hours_required": rule.hours_per_year,
                    "met": met,
                    "total": total,
                }
                for rule, met, total in compliance.summary
            ],
            "results": rows,
        }
        return Response(s.CompliancePageSerializer(body).data)


class AgencyMandatoryExportView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    @extend_schema(
        tags=["agency"],
        summary="Export mandatory training as Excel",
        description="Every line of the compliance list for the same filters.",
        parameters=COMPLIANCE_PARAMETERS,
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): bytes,
        },
    )
    def get(self, request):
        return records_exports.mandatory_xlsx(viewer=request.user, **_filters(request))
