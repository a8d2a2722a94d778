"""The site's pages of accounts: sign-in, a person's page and the staff list import.

Thin: ``imports`` reads and plans, ``services`` writes, the selectors scope.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.enrolment import selectors as enrolment_selectors
from portal.records import selectors as records_selectors

from . import imports, services
from .access import can_see_agency_pages
from .decorators import agency_pages_required
from .forms import SiteLoginForm, StaffListForm
from .picker import person_option, person_options
from .selectors import person_get, person_list, person_memberships


class LoginView(auth_views.LoginView):
    """Django's login, answering 429 with Retry-After while sign-ins are locked."""

    form_class = SiteLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.lock is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.lock.retry_after)
        return response


@login_required
def person_detail(request, person_id):
    """A person of the viewer's scope: profile, enrolments and study hours."""
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
            "memberships": person_memberships(viewer=request.user, person=person),
            "today": timezone.localdate(),
            "can_nominate": can_see_agency_pages(request.user),
        },
    )


@agency_pages_required
@require_GET
def people_search(request):
    """The people picker's matches as JSON: the viewer's scope, masked ID numbers."""
    # A substitute's search leaves out the nominee to replace (a person id).
    exclude, exclude_user = request.GET.get("exclude", ""), None
    if exclude.isascii() and exclude.isdigit() and len(exclude) < 10:
        exclude_user = (
            person_list(viewer=request.user)
            .filter(pk=int(exclude))
            .values_list("user_id", flat=True)
            .first()
        )
    results, more = person_options(
        viewer=request.user, q=request.GET.get("q", ""), exclude_user=exclude_user
    )
    response = JsonResponse(
        {"results": [person_option(person) for person in results], "more": more}
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Staff list imports (HR officers and institute staff): upload, dry run, import.


@agency_pages_required
def import_upload(request):
    """Upload a staff list; a valid file becomes a batch to review."""
    form = StaffListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_batch_create(
                uploaded_by=request.user, filename=upload.name, content=upload.read()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("portal:import_review", batch_id=batch.pk)
    return TemplateResponse(
        request,
        "portal/import_upload.html",
        {
            "form": form,
            "columns": [
                (imports.COLUMN_HEADERS[c], imports.COLUMN_LABELS[c],
                 c in imports.REQUIRED)
                for c in (*imports.REQUIRED, *imports.OPTIONAL)
            ],
            "batches": imports.import_batch_list(viewer=request.user)[:10],
        },
    )  # fmt: skip


@agency_pages_required
def import_review(request, batch_id):
    """The dry run of a batch, and (POST) its import."""
    batch = imports.import_batch_get(viewer=request.user, pk=batch_id)
    if request.method == "POST":
        try:
            counts = services.import_batch_apply(viewer=request.user, batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages[:20]))
            return redirect("portal:import_review", batch_id=batch.pk)
        messages.success(
            request,
            _(
                "Import complete: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % counts,
        )
        return redirect("portal:import_upload")
    plan, file_errors = None, []
    if batch.applied_at is None:
        try:
            plan = imports.plan_sealed(viewer=request.user, rows=batch.rows)
        except ValidationError as error:
            file_errors = error.messages
    return TemplateResponse(
        request,
        "portal/import_review.html",
        {
            "batch": batch,
            "plan": plan,
            "counts": plan.counts() if plan else None,
            "file_errors": file_errors,
        },
    )
