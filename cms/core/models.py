from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """Abstract base of the site's pages: a short introduction used in listings."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        abstract = True


@register_setting(icon="site")
class InstituteSettings(BaseSiteSetting):
    """Contact details shown in the site footer, editable per site."""

    institute_name = models.CharField(
        _("institute name"), max_length=120, default="臺北市政府公務人員訓練處"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    duty_staff_email = models.EmailField(
        _("duty staff e-mail"),
        blank=True,
        help_text=_("Told of approved leave (值班人員)."),
    )
    front_desk_email = models.EmailField(
        _("front desk e-mail"),
        blank=True,
        help_text=_("Told of approved leave (服務台)."),
    )

    panels = [
        FieldPanel("institute_name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("duty_staff_email"),
        FieldPanel("front_desk_email"),
    ]

    class Meta:
        verbose_name = _("institute settings")
