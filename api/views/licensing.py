"""Teaching-material licensing through the API: the same selectors and services
as the application page, the license page and the download links."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.exceptions import Gone
from api.serializers import licensing as s
from cms.core.net import client_ip
from cms.handouts.responses import attachment
from portal.accounts import access
from portal.licensing import selectors, services
from portal.licensing.tokens import LinkRefused


def _links(request, applications):
    """Download links of the applicant's active licenses, by application id."""
    return {
        application.pk: [
            {
                "material_id": material.pk,
                "title": material.title,
                "url": request.build_absolute_uri(
                    reverse("api:license-download", args=[token])
                ),
            }
            for material, token in selectors.download_tokens(
                application=application, viewer=request.user
            )
        ]
        for application in applications
    }


class IsLicensingViewer(permissions.BasePermission):
    """Licensees (their agency's applications) and institute staff (all)."""

    def has_permission(self, request, view):
        scope = access.viewer_scope(request.user, kind=access.LICENSING)
        return scope.kind != access.Scope.NONE


class IsLicenseReviewer(permissions.BasePermission):
    def has_permission(self, request, view):
        return access.can_review_licenses(request.user)


def _applications(viewer):
    return selectors.application_list(viewer=viewer).prefetch_related("events")


@extend_schema(
    tags=["licensing"],
    summary="Materials other agencies may license",
    description="Marked licensable and covered by the lecturer's authorization.",
    examples=[examples.page_of("Materials", examples.LICENSABLE_MATERIAL)],
)
class LicensableMaterialListView(generics.ListAPIView):
    serializer_class = s.LicensableMaterialSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.licensable_material_list()


class LicenseApplicationListView(generics.ListAPIView):
    serializer_class = s.LicenseApplicationSerializer
    permission_classes = [permissions.IsAuthenticated, IsLicensingViewer]

    def get_queryset(self):
        return _applications(self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        page = getattr(self, "_page", None)
        if page is not None:
            context["links"] = _links(self.request, page)
        return context

    def paginate_queryset(self, queryset):
        self._page = super().paginate_queryset(queryset)
        return self._page

    @extend_schema(
        tags=["licensing"],
        summary="My agency's license applications",
        description="A licensee sees their agency's applications; institute "
        "reviewers see all. Download links appear for the applicant once granted.",
        examples=[examples.page_of("Applications", examples.LICENSE)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["licensing"],
        summary="Apply for a license",
        description="Only agency accounts for licensing (the Licensees role). Every "
        "material must be licensable; others are refused with 400.",
        request=s.LicenseApplySerializer,
        responses={
            201: s.LicenseApplicationSerializer,
            400: OpenApiResponse(description="Refused, with why, per field."),
        },
        examples=[examples.one("Submitted", examples.LICENSE)],
    )
    def post(self, request):
        if not access.is_licensee(request.user):
            raise exceptions.PermissionDenied(
                _("Only agency accounts for licensing can apply.")
            )
        body = s.LicenseApplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        materials = selectors.material_list_by_ids(data["materials"])
        if materials is None:
            raise exceptions.ValidationError(
                {"materials": [_("That material cannot be licensed.")]}
            )
        application = services.application_submit(
            applicant=request.user,
            materials=materials,
            purpose=data["purpose"],
            audience=data["audience"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            users_count=data["users_count"],
            terms_accepted=data["terms_accepted"],
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        application = _applications(request.user).get(pk=application.pk)
        return Response(
            s.LicenseApplicationSerializer(
                application, context={"request": request}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class LicenseApplicationDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLicensingViewer]

    @extend_schema(
        tags=["licensing"],
        summary="One license application",
        responses=s.LicenseApplicationSerializer,
        examples=[examples.one("Granted", examples.LICENSE)],
    )
    def get(self, request, reference):
        application = get_object_or_404(
            _applications(request.user), reference=reference
        )
        return Response(
            s.LicenseApplicationSerializer(
                application,
                context={"request": request, "links": _links(request, [application])},
            ).data
        )


class LicenseTransitionView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLicenseReviewer]

    @extend_schema(
        tags=["licensing"],
        summary="Take a review step (institute reviewers)",
        description="Each step is recorded with who and when, and e-mails the "
        "applicant once.",
        request=s.LicenseTransitionSerializer,
        responses={
            200: s.LicenseApplicationSerializer,
            400: OpenApiResponse(description="Not a next step, or a reason missing."),
        },
        examples=[examples.one("Granted", examples.LICENSE)],
    )
    def post(self, request, reference):
        application = get_object_or_404(
            _applications(request.user), reference=reference
        )
        body = s.LicenseTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.application_transition(
            application=application,
            actor=request.user,
            to_status=body.validated_data["to_status"],
            note=body.validated_data.get("note", ""),
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        application = _applications(request.user).get(pk=application.pk)
        return Response(
            s.LicenseApplicationSerializer(
                application,
                context={"request": request, "links": _links(request, [application])},
            ).data
        )


class LicenseDownloadView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["licensing"],
        summary="Download licensed material",
        description="With a link from the application. Links work only for the "
        "account that applied and only until the license's links expire "
        "(403 for another account or a forged link, 410 once expired). Each "
        "download checks again that the lecturer still authorizes reuse (403, "
        "code `authorization_withdrawn`).",
        responses={
            (200, "*/*"): OpenApiResponse(
                bytes,
                description="The file, with its own content type (PDF, Office, ...).",
            ),
            410: OpenApiResponse(description="The link has expired."),
        },
    )
    def get(self, request, token):
        try:
            handout = services.license_download(
                token=token, user=request.user, ip_address=client_ip(request)
            )
        except LinkRefused as refused:
            if refused.status == 410:
                raise Gone(refused.message, code=refused.code) from refused
            raise exceptions.PermissionDenied(
                refused.message, code=refused.code
            ) from refused
        return attachment(handout)
