"""The seat exchange pages (異動媒合): offer my seat, the seats colleagues offer,
take one over, and (HR offices) give one to a person.

Thin: services and selectors decide; these views parse input, call them and render.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.access import can_see_agency_pages
from portal.accounts.decorators import agency_pages_required
from portal.accounts.names import display_name
from portal.enrolment import selectors as enrolment_selectors

from . import selectors, services
from .forms import AssignForm, OfferForm
from .models import OfferState


def _error_text(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


def annotate_my_classes(*, user, enrolments):
    """For 我的課程: each upcoming enrolment's latest offer and whether its seat
    can be offered now (``can_offer``)."""
    offers = selectors.latest_offers(
        user=user, enrolment_ids=[e.pk for e in enrolments]
    )
    for enrolment in enrolments:
        enrolment.seat_offer = offers.get(enrolment.pk)
        enrolment.can_offer = (
            enrolment.seat_offer is None or not enrolment.seat_offer.is_open
        ) and services.offer_refusal(enrolment=enrolment) is None
    return enrolments


@login_required
def offer_new(request, enrolment_id):
    """Offer my seat to colleagues, after a page that explains the rules."""
    enrolment = enrolment_selectors.my_enrolment_get(user=request.user, pk=enrolment_id)
    form = OfferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                enrolment=enrolment, actor=request.user, note=form.cleaned_data["note"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            if offer.state == OfferState.RELEASED:
                messages.success(
                    request,
                    _(
                        "People were waiting: your seat went to the first on the "
                        "waiting list, and your registration is withdrawn."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Your seat is offered to your colleagues until %(at)s. You "
                        "keep it until one of them takes it over."
                    )
                    % {"at": date_format(localtime(offer.deadline), "Y-m-d H:i")},
                )
            return redirect("portal:my_classes")
    session = enrolment.session
    return TemplateResponse(
        request,
        "exchanges/offer_new.html",
        {
            "enrolment": enrolment,
            "form": form,
            "refusal": services.offer_refusal(enrolment=enrolment),
            "deadline": services.offer_deadline(session),
            "waitlist_first": selectors.waitlist_first_applies(session=session),
            "waitlist_rule": settings.TRAINING_RULES.get("EXCHANGE_WAITLIST_FIRST"),
        },
    )


@login_required
@require_POST
def offer_withdraw(request, pk):
    """Take my offer back; I keep the seat."""
    offer = selectors.my_offer_get(user=request.user, pk=pk)
    try:
        services.offer_withdraw(offer=offer, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your offer is withdrawn; you keep your seat."))
    return redirect("portal:my_classes")


@login_required
def offer_list(request):
    """可接手的名額: seats colleagues of my bureau offer (HR offices: their scope's)."""
    offers = selectors.offer_list(viewer=request.user, include_own=False)
    page_obj = Paginator(offers, 20).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "exchanges/offer_list.html",
        {"page_obj": page_obj, "can_assign": can_see_agency_pages(request.user)},
    )


@login_required
def offer_take(request, pk):
    """Take a colleague's offered seat over, after a page that asks to confirm."""
    offer = selectors.offer_get(viewer=request.user, pk=pk)
    if offer.enrolment.user_id == request.user.pk:
        raise Http404  # one's own offer is withdrawn from 我的課程
    if request.method == "POST":
        try:
            services.offer_take(offer=offer, taker=request.user, actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
            return redirect("exchanges:list")
        messages.success(
            request,
            _("You have taken over the seat in %(course)s. See you in class.")
            % {"course": offer.enrolment.session.course.title},
        )
        return redirect("portal:my_classes")
    return TemplateResponse(
        request,
        "exchanges/offer_take.html",
        {
            "offer": offer,
            "colleague": offer.viewer_is_colleague,
            "can_assign": can_see_agency_pages(request.user),
        },
    )


@agency_pages_required
def offer_assign(request, pk):
    """An HR office gives an offered seat to one of its people."""
    offer = selectors.offer_get(viewer=request.user, pk=pk)
    form = AssignForm(
        request.POST or None,
        people=selectors.assignable_people(viewer=request.user, offer=offer),
    )
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.offer_take(offer=offer, taker=person.user, actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s has taken over the seat of %(offerer)s.")
                % {
                    "name": person.name,
                    "offerer": display_name(offer.enrolment.user),
                },
            )
            return redirect("exchanges:list")
    return TemplateResponse(
        request, "exchanges/offer_assign.html", {"offer": offer, "form": form}
    )
