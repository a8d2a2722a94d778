"""The staff's side of suggestions (意見回應) in the Wagtail admin: the list
with its filters, and one suggestion to reply to, move along and publish."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal.common.forms import apply_errors

from . import selectors, services
from .forms import PublishForm, ReplyForm, StatusForm, SuggestionFilterForm
from .models import Status


def _handler(request):
    if not selectors.can_handle(request.user):
        raise PermissionDenied


def index(request):
    _handler(request)
    form = SuggestionFilterForm(
        request.GET or None,
        sessions=selectors.sessions_with_suggestions(viewer=request.user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    session = filters.get("session")
    suggestions = selectors.suggestion_list(
        viewer=request.user,
        status=filters.get("status", ""),
        topic=filters.get("topic", ""),
        session_id=session.pk if session else None,
        query=filters.get("q", ""),
    )
    page = Paginator(suggestions, 30).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    counts = selectors.status_counts(viewer=request.user)
    return TemplateResponse(
        request,
        "feedback/admin/index.html",
        {
            "filter_form": form,
            "page_obj": page,
            "query_string": query.urlencode(),
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in Status.choices
            ],
            "header_title": _("Suggestions"),
            "page_title": _("Suggestions"),
        },
    )


ACTIONS = ("reply", "status", "publish", "unpublish")


def _forms(suggestion, *, data=None, action=None) -> dict:
    """The detail screen's forms; the one of ``action`` bound to ``data``."""

    def bound(name):
        return data if action == name else None

    return {
        "reply": ReplyForm(bound("reply"), initial={"reply": suggestion.reply}),
        "status": StatusForm(
            bound("status"),
            choices=sorted(services.TRANSITIONS[Status(suggestion.status)]),
        ),
        "publish": PublishForm(
            bound("publish"),
            initial={
                "public_subject": suggestion.public_subject or suggestion.subject,
                "public_body": suggestion.public_body or suggestion.body,
            },
        ),
    }


def detail(request, pk):
    _handler(request)
    suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and action not in ACTIONS:
        return redirect("feedback_admin_detail", pk=pk)
    forms = _forms(suggestion, data=request.POST, action=action)
    status = 200
    if action is not None:
        form = forms.get(action)
        try:
            if form is not None and not form.is_valid():
                raise ValidationError("", code="form_invalid")
            done = _act(request, suggestion, action, form)
        except ValidationError as error:
            if getattr(error, "code", None) != "form_invalid":
                if form is not None:
                    apply_errors(form, error)
                else:
                    for message in error.messages:
                        messages.error(request, message)
            status = 400
            suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        else:
            messages.success(request, done)
            return redirect("feedback_admin_detail", pk=pk)
    return TemplateResponse(
        request,
        "feedback/admin/detail.html",
        {
            "suggestion": suggestion,
            "reply_form": forms["reply"],
            "status_form": forms["status"],
            "publish_form": forms["publish"],
            "events": selectors.suggestion_events(
                viewer=request.user, suggestion=suggestion
            ),
            "header_title": suggestion.subject,
            "page_title": suggestion.subject,
        },
        status=status,
    )


def _act(request, suggestion, action, form) -> str:
    """Do ``action`` through the services; the message to show when done."""
    user = request.user
    if action == "reply":
        first = not suggestion.reply
        services.suggestion_reply(
            suggestion=suggestion, actor=user, reply=form.cleaned_data["reply"]
        )
        return (
            _("Your reply is saved and e-mailed to the trainee.")
            if first
            else _("Your reply is corrected (no new e-mail is sent).")
        )
    if action == "status":
        changed = services.suggestion_status_set(
            suggestion=suggestion, actor=user, status=form.cleaned_data["status"]
        )
        return _("The status is now “%(status)s”.") % {
            "status": changed.get_status_display()
        }
    if action == "publish":
        services.suggestion_publish(
            suggestion=suggestion, actor=user, **form.cleaned_data
        )
        return _("It is on the public board, in the words you gave.")
    services.suggestion_unpublish(suggestion=suggestion, actor=user)
    return _("It is off the public board.")
