"""The trainee's side of suggestions and replies (意見回應), phone first: the
public board of published questions and replies, my suggestions with their
status and replies, the form to send one, and withdrawing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.common.forms import apply_errors

from . import selectors, services
from .forms import BoardFilterForm, SuggestionForm
from .models import Topic

BOARD_PAGE_SIZE = 10


def board(request):
    """Published questions with the institute's replies; no names, ever."""
    form = BoardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.published_list(
        query=filters.get("q", ""), topic=filters.get("topic", "")
    )
    page = Paginator(rows, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    items = [{**row, "topic_label": Topic(row["topic"]).label} for row in page]
    return TemplateResponse(
        request,
        "feedback/board.html",
        {
            "form": form,
            "page_obj": page,
            "items": items,
            "filtered": bool(filters.get("q") or filters.get("topic")),
        },
    )


@never_cache
@login_required
def my_suggestions(request):
    suggestions = selectors.my_suggestion_list(viewer=request.user)
    page = Paginator(suggestions, 20).get_page(request.GET.get("page"))
    return TemplateResponse(request, "feedback/my_suggestions.html", {"page_obj": page})


@never_cache
@login_required
def suggestion_new(request):
    sessions = selectors.suggestable_sessions(viewer=request.user)
    form = SuggestionForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.suggestion_create(
                author=request.user,
                subject=data["subject"],
                body=data["body"],
                topic=data["topic"],
                session=data["session"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Your suggestion is sent; you will see our reply here."),
            )
            return redirect("feedback:mine")
    return TemplateResponse(
        request,
        "feedback/new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def suggestion_withdraw(request, pk):
    suggestion = selectors.my_suggestion_get(viewer=request.user, pk=pk)
    try:
        services.suggestion_withdraw(suggestion=suggestion, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your suggestion is withdrawn."))
    return redirect("feedback:mine")
