"""The study hours pages: the trainee's own hours, the agency's report and its
mandatory-training compliance view."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.decorators import agency_pages_required

from . import charts, exports, selectors
from .forms import HoursFilterForm, MandatoryFilterForm, MyHoursYearForm


@login_required
def my_hours(request):
    """The trainee's study hours: a year's lines and mandatory training, and a
    chart of the years with its table."""
    requested = MyHoursYearForm(request.GET or None, years=_year_range())
    overview = selectors.my_hours_overview(
        viewer=request.user, year=requested.chosen_year()
    )
    form = MyHoursYearForm(
        initial={"year": overview.year}, years=overview.years, auto_id="hours-%s"
    )
    chart = charts.hours_per_year_svg(
        _("Study hours by year"), _("Hours"), overview.chart_years
    )
    return TemplateResponse(
        request,
        "portal/my_hours.html",
        {
            "overview": overview,
            "ledger": overview.ledger,
            "form": form,
            "chart_uri": charts.svg_data_uri(chart),
        },
    )


def _year_range():
    """Years a trainee may ask for (the page then offers only those with hours)."""
    this_year = timezone.localdate().year
    return range(this_year + 1, this_year - 30, -1)


@agency_pages_required
def agency_mandatory(request):
    """Who in the viewer's scope has not met each mandatory training, or the
    Excel file of the same rows."""
    form = MandatoryFilterForm(request.GET or None, viewer=request.user)
    filters = (
        form.filters() if form.is_bound and form.is_valid() else form.filters_default()
    )
    if request.GET.get("format") == "xlsx":
        return exports.mandatory_xlsx(viewer=request.user, **filters)
    compliance = selectors.mandatory_compliance(viewer=request.user, **filters)
    page_obj = Paginator(compliance.rows, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "portal/agency_mandatory.html",
        {
            "form": form,
            "compliance": compliance,
            "page_obj": page_obj,
            "status": filters["status"],
            "year": filters["year"],
        },
    )


@agency_pages_required
def agency_hours(request):
    """Study hours of the people in the viewer's scope, or their export."""
    form = HoursFilterForm(request.GET or None, viewer=request.user)
    filters = (
        form.filters() if form.is_bound and form.is_valid() else form.filters_default()
    )
    export = request.GET.get("format")
    if export == "lifelong":
        return exports.hours_lifelong_csv(viewer=request.user, **filters)
    if export == "xlsx":
        return exports.hours_xlsx(viewer=request.user, **filters)
    rows = selectors.agency_hours_report(viewer=request.user, **filters)
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "portal/agency_hours.html",
        {
            "form": form,
            "page_obj": page_obj,
            "year": filters["year"],
            "export_query": request.GET.urlencode(),
        },
    )
