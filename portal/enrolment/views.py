"""The enrolment pages of the service site: the trainee's classes, registering and
withdrawing, and the HR officer's enrolments, nominations and substitutions.

Thin: services and selectors decide; these views parse input, call them and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.catalog.models import Session
from portal.accounts.decorators import agency_pages_required
from portal.accounts.names import display_name
from portal.accounts.picker import person_picker
from portal.elearning.selectors import online_parts
from portal.exchanges.views import annotate_my_classes

from . import exports, selectors, services
from .forms import EnrolmentFilterForm, NominationForm, SubstitutionForm, TransferForm
from .models import OPEN_STATUSES


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
    """The trainee's registrations, upcoming then past."""
    upcoming, past = selectors.my_enrolments(user=request.user)
    for enrolment in upcoming:
        enrolment.can_withdraw = services.self_withdrawal_open(enrolment.session)
    annotate_my_classes(user=request.user, enrolments=upcoming)
    parts = online_parts(enrolments=[*upcoming, *past])
    for enrolment in (*upcoming, *past):
        enrolment.online_part = parts.get(enrolment.pk)
    return TemplateResponse(
        request, "portal/my_classes.html", {"upcoming": upcoming, "past": past}
    )


@login_required
@require_POST
def enrol(request, session_id):
    """Register the signed-in trainee for a session."""
    session = get_object_or_404(Session.objects.select_related("course"), pk=session_id)
    if not session.course.live:
        raise Http404
    try:
        enrolment = services.enrolment_register(session=session, trainee=request.user)
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
def withdraw(request, enrolment_id):
    """Withdraw a registration, after a page that asks to confirm it."""
    # Trainees reach their own, HR officers their agency's (異動), staff all.
    enrolment = selectors.enrolment_get(viewer=request.user, pk=enrolment_id)
    if request.method != "POST":
        own = enrolment.user_id == request.user.pk
        return TemplateResponse(
            request,
            "portal/withdraw.html",
            {
                "enrolment": enrolment,
                "until": services.self_withdrawal_until(enrolment.session)
                if own
                else None,
                "open": enrolment.status in OPEN_STATUSES,
                "next": request.GET.get("next", ""),
            },
        )
    try:
        services.enrolment_withdraw(
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


@agency_pages_required
def agency_enrolments(request):
    """Enrolments of the viewer's scope, filtered, or their spreadsheet."""
    form = EnrolmentFilterForm(request.GET or None, viewer=request.user)
    filters = (
        form.filters() if form.is_bound and form.is_valid() else form.filters_default()
    )
    if request.GET.get("format") == "xlsx":
        return exports.enrolments_xlsx(viewer=request.user, **filters)
    rows = selectors.enrolment_list(viewer=request.user, **filters)
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "portal/agency_enrolments.html",
        {"form": form, "page_obj": page_obj, "export_query": request.GET.urlencode()},
    )


def _finding(request) -> bool:
    """Whether a POST is the picker's "search" (no JavaScript): show the matches,
    write nothing."""
    return request.method == "POST" and "find" in request.POST


@agency_pages_required
def nominate(request):
    """Nominate staff for a session: each chosen person who may be; the page tells
    who was refused and why."""
    viewer = request.user
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "POST" and not _finding(request):
        form = NominationForm(request.POST, viewer=viewer)
    else:
        form = NominationForm(
            viewer=viewer,
            initial={
                "session": data.get("session"),
                "retake": bool(data.get("retake")),
            },
        )
    picker = person_picker(viewer=viewer, data=data, name="people")
    refusals = []
    if form.is_bound and form.is_valid():
        people = list(form.cleaned_data["people"])
        outcome = services.enrolment_nominate_many(
            session=form.cleaned_data["session"],
            people=people,
            hr_officer=viewer,
            retake=form.cleaned_data["retake"],
        )
        if outcome.nominated:
            messages.success(
                request,
                _("Nominated: %(names)s.")
                % {"names": "、".join(display_name(e.user) for e in outcome.nominated)},
            )
        if not outcome.refused:
            return redirect("portal:agency_enrolments")
        # The refused stay chosen, so that ticking "retake" and sending again works.
        refused = [person for person in people if person.pk in outcome.refused]
        refusals = [(p, outcome.refused[p.pk].messages) for p in refused]
        picker = person_picker(viewer=viewer, data=data, name="people", chosen=refused)
    return TemplateResponse(
        request,
        "portal/nominate.html",
        {"form": form, "picker": picker, "refusals": refusals},
    )


def _change_rules(enrolment) -> dict:
    session = enrolment.session
    return {
        "closes_at": session.hr_changes_close_at,
        "left": selectors.hr_changes_left(session=session, agency=enrolment.agency),
    }


@agency_pages_required
def transfer(request, enrolment_id):
    """Move a nominee to another term of the same course (改期)."""
    enrolment = selectors.enrolment_get(viewer=request.user, pk=enrolment_id)
    form = TransferForm(
        request.POST or None, targets=selectors.transfer_targets(enrolment=enrolment)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_transfer(
                enrolment=enrolment,
                to_session=form.cleaned_data["session"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The registration has been moved."))
            return redirect("portal:agency_enrolments")
    return TemplateResponse(
        request,
        "portal/transfer.html",
        {"form": form, "enrolment": enrolment, "rules": _change_rules(enrolment)},
    )


@agency_pages_required
def substitute(request, enrolment_id):
    """Send a colleague in place of a nominee, found with the people picker."""
    enrolment = selectors.enrolment_get(viewer=request.user, pk=enrolment_id)
    finding = _finding(request)
    form = SubstitutionForm(
        None if finding else (request.POST or None),
        viewer=request.user,
        enrolment=enrolment,
        initial={"reason": request.POST.get("reason", "")} if finding else None,
    )
    picker = person_picker(
        viewer=request.user,
        data=request.POST if request.method == "POST" else request.GET,
        name="substitute",
        multiple=False,
        exclude_user=enrolment.user,
    )
    if form.is_bound and form.is_valid():
        try:
            services.enrolment_substitute(
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
        request,
        "portal/substitute.html",
        {
            "form": form,
            "picker": picker,
            "enrolment": enrolment,
            "rules": _change_rules(enrolment),
        },
    )
