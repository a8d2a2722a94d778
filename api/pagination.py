from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    default_limit = 20
    max_limit = 100


class JSONOnlyNegotiation(BaseContentNegotiation):
    """The API speaks JSON only (files have their own views): skip negotiation."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
