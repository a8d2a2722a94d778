"""The study hours pages: the trainee's own ledger and the agency's report."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from portal.accounts.decorators import agency_pages_required

from . import exports, selectors
from .forms import HoursFilterForm


@login_required
def my_hours(request):
    """The trainee's study hours, year by year."""
    return TemplateResponse(
        request,
        "portal/my_hours.html",
        {"ledger": list(selectors.my_study_hours(user=request.user))},
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
