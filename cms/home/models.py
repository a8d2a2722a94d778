from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.core.blocks import BaseStreamBlock
from cms.core.models import BasePage


class HomePage(BasePage):
    """The portal's front page: featured courses, open registrations and news."""

    hero_heading = models.CharField(_("hero heading"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text")],
            heading=_("Hero"),
        ),
        InlinePanel(
            "featured_courses", heading=_("Featured courses"), label=_("course")
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "catalog.CatalogIndexPage",
        "news.NewsIndexPage",
        "home.StandardPage",
        "licensing.LicenseApplicationPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from cms.catalog import selectors as catalog_selectors
        from cms.core import people
        from cms.news import selectors as news_selectors

        context = super().get_context(request, *args, **kwargs)
        context["featured_courses"] = catalog_selectors.featured_course_list(home=self)
        context["open_sessions"] = catalog_selectors.open_session_list(limit=6)
        context["news_items"] = news_selectors.news_list(limit=3)
        context["catalog_page"] = catalog_selectors.catalog_page_get()
        context["recommendations"] = people.ask(
            "recommendation_list", user=request.user
        )
        context["todays_classes"] = people.ask("todays_classes", user=request.user)
        return context


class HomeFeaturedCourse(Orderable):
    """A course an editor features on the home page."""

    page = ParentalKey(HomePage, related_name="featured_courses")
    course = models.ForeignKey(
        "catalog.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("course")]


class StandardPage(BasePage):
    """A plain content page (about, contact, privacy policy)."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
