"""Handout downloads through the same visibility rules, and signed links for clients
that cannot send headers (a link expires and acts for the user it was made for)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import handouts as s
from cms.handouts import selectors, services, signing
from cms.handouts.models import Handout
from cms.handouts.responses import attachment


def _check_access(user, handout):
    access = selectors.handout_access(user=user, handout=handout)
    if access == selectors.Access.ALLOWED:
        return
    if access == selectors.Access.HIDDEN:
        raise Http404
    if access == selectors.Access.LOGIN_REQUIRED:
        raise exceptions.NotAuthenticated()
    raise exceptions.PermissionDenied()


def _file_response(handout):
    services.handout_record_download(handout=handout)
    return attachment(handout)


class HandoutDownloadView(APIView):
    """Streams the file; with ``signature``, acts for the user the link was made for."""

    @extend_schema(
        tags=["handouts"],
        summary="Download a handout",
        parameters=[
            OpenApiParameter(
                "signature",
                str,
                description="From POST …/link/, for clients without headers.",
            )
        ],
        responses={
            (200, "*/*"): OpenApiResponse(
                bytes,
                description="The file, with its own content type (PDF, Office, ...).",
            ),
        },
    )
    def get(self, request, pk):
        handout = get_object_or_404(Handout.objects.select_related("course"), pk=pk)
        user = request.user
        signature = request.query_params.get("signature")
        if signature:
            try:
                user = signing.handout_link_user(signature=signature, handout=handout)
            except signing.LinkRefused as refused:
                raise exceptions.PermissionDenied(refused.message) from refused
        _check_access(user, handout)
        return _file_response(handout)


class HandoutLinkView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["handouts"],
        summary="A signed download link",
        examples=[examples.one("Link", examples.LINK)],
        description="For clients that cannot send headers; expires after "
        "HANDOUT_LINK_MAX_AGE seconds (default 600) and downloads as the caller.",
        request=None,
        responses=s.HandoutLinkSerializer,
    )
    def post(self, request, pk):
        handout = get_object_or_404(Handout.objects.select_related("course"), pk=pk)
        _check_access(request.user, handout)
        signature, expires = signing.handout_link_sign(
            handout=handout, user=request.user
        )
        url = request.build_absolute_uri(
            f"{request.path.removesuffix('link/')}download/?signature={signature}"
        )
        return Response(
            s.HandoutLinkSerializer({"url": url, "expires_at": expires}).data
        )
