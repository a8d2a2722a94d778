from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from cms.core.blocks import BaseStreamBlock
from cms.core.models import BasePage


class NewsIndexPage(BasePage):
    """Lists the institute's news, newest first."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(selectors.news_list(index=self), 10)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        return context


class NewsPage(BasePage):
    """A news item or announcement (最新消息)."""

    date = models.DateField(_("date"), default=timezone.localdate)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("date"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = [APIField("date"), APIField("introduction"), APIField("body")]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
