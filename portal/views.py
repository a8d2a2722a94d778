"""The trainee's and the HR officer's pages of the service site. Thin: services and
selectors decide; these views parse input, call them and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.catalog.models import Session
from portal import exports
from portal.accounts.access import can_see_agency_pages
from portal.accounts.selectors import person_get
from portal.enrolment import selectors as enrolment_selectors
from portal.enrolment import services as enrolment_services
from portal.records import exports as records_exports
from portal.records import selectors as records_selectors

from .forms import (
    EnrolmentFilterForm,
    HoursFilterForm,
    NominationForm,
    SubstitutionForm,
)


def _back(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# Trainee ---------------------------------------------------------------------


@login_required
def my_classes(request):
    upcoming, past = enrolment_selectors.my_enrolments(user=request.user)
    return TemplateResponse(
        request, "portal/my_classes.html", {"upcoming": upcoming, "past": past}
    )


@login_required
def my_hours(request):
    return TemplateResponse(
        request,
        "portal/my_hours.html",
        {"ledger": list(records_selectors.my_study_hours(user=request.user))},
    )


@login_required
@require_POST
def enrol(request, session_id):
    session = get_object_or_404(Session.objects.select_related("course"), pk=session_id)
    if not session.course.live:
        raise Http404
    try:
        enrolment = enrolment_services.enrolment_register(
            session=session, trainee=request.user
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Registered for %(course)s: %(status)s.")
            % {
                "course": session.course.title,
                "status": enrolment.get_status_display(),
            },
        )
    return _back(request, session.course.url)


@login_required
@require_POST
def withdraw(request, enrolment_id):
    # Trainees reach their own, HR officers their agency's (異動), staff all.
    enrolment = enrolment_selectors.enrolment_get(viewer=request.user, pk=enrolment_id)
    try:
        enrolment_services.enrolment_withdraw(
            enrolment=enrolment,
            actor=request.user,
            reason=request.POST.get("reason", "").strip()[:255],
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The registration has been withdrawn."))
    return _back(request, "portal:my_classes")


# HR officer ------------------------------------------------------------------


def _require_agency_viewer(request):
    if not can_see_agency_pages(request.user):
        raise Http404


@login_required
def agency_enrolments(request):
    _require_agency_viewer(request)
    form = EnrolmentFilterForm(request.GET or None, viewer=request.user)
    filters = (
        form.filters() if form.is_bound and form.is_valid() else form.filters_default()
    )
    rows = enrolment_selectors.enrolment_list(viewer=request.user, **filters)
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(
            "enrolments.xlsx",
            _("Enrolments"),
            [_("Name"), _("National ID"), _("Agency"), _("Session"), _("Term"),
             _("Course"), _("Start"), _("End"), _("Status"), _("Source")],
            (
                (
                    e.user.person.name if hasattr(e.user, "person") else e.user.get_username(),
                    e.user.person.national_id_masked if hasattr(e.user, "person") else "",
                    e.agency.name if e.agency else "",
                    e.session.code,
                    e.session.term,
                    e.session.course.title,
                    e.session.start_date,
                    e.session.end_date,
                    e.get_status_display(),
                    e.get_source_display(),
                )
                for e in rows.iterator(chunk_size=2000)
            ),
        )  # fmt: skip
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "portal/agency_enrolments.html",
        {"form": form, "page_obj": page_obj, "export_query": request.GET.urlencode()},
    )


@login_required
def agency_hours(request):
    _require_agency_viewer(request)
    form = HoursFilterForm(request.GET or None, viewer=request.user)
    filters = (
        form.filters() if form.is_bound and form.is_valid() else form.filters_default()
    )
    export = request.GET.get("format")
    if export == "lifelong":
        return records_exports.hours_lifelong_csv(viewer=request.user, **filters)
    if export == "xlsx":
        return records_exports.hours_xlsx(viewer=request.user, **filters)
    rows = records_selectors.agency_hours_report(viewer=request.user, **filters)
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


@login_required
def nominate(request):
    _require_agency_viewer(request)
    form = NominationForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        done, failed = [], []
        for person in form.cleaned_data["people"]:
            try:
                enrolment_services.enrolment_nominate(
                    session=form.cleaned_data["session"],
                    trainee=person.user,
                    hr_officer=request.user,
                )
                done.append(person.name)
            except (ValidationError, PermissionDenied) as error:
                failed.append(
                    f"{person.name}: {' '.join(getattr(error, 'messages', [str(error)]))}"
                )
        if done:
            messages.success(
                request, _("Nominated: %(names)s.") % {"names": "、".join(done)}
            )
        for line in failed:
            messages.error(request, line)
        if not failed:
            return redirect("portal:agency_enrolments")
    return TemplateResponse(request, "portal/nominate.html", {"form": form})


@login_required
def substitute(request, enrolment_id):
    _require_agency_viewer(request)
    enrolment = enrolment_selectors.enrolment_get(viewer=request.user, pk=enrolment_id)
    form = SubstitutionForm(
        request.POST or None, viewer=request.user, enrolment=enrolment
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_services.enrolment_substitute(
                enrolment=enrolment,
                substitute=form.cleaned_data["substitute"].user,
                hr_officer=request.user,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, _("The substitution has been recorded."))
            return redirect("portal:agency_enrolments")
    return TemplateResponse(
        request, "portal/substitute.html", {"form": form, "enrolment": enrolment}
    )


@login_required
def person_detail(request, person_id):
    person = person_get(viewer=request.user, pk=person_id)
    enrolments = enrolment_selectors.enrolment_list(viewer=request.user).filter(
        user=person.user
    )
    return TemplateResponse(
        request,
        "portal/person_detail.html",
        {
            "person": person,
            "enrolments": enrolments[:100],
            "ledger": records_selectors.my_study_hours(user=person.user),
            "today": timezone.localdate(),
        },
    )
