"""Study-hour uploads, read through the viewer's scope: the records a profile
would upload (with the problems that keep some out) and the batches."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from cms.catalog.models import Session
from portal.accounts import access
from portal.accounts.selectors import person_list
from portal.certificates.models import Certificate
from portal.records.models import TrainingRecord
from portal.records.selectors import record_list

from . import profiles
from .models import RowStatus, UploadBatch, UploadRow


@dataclass
class Line:
    """A record that goes into the file: its cells, the ID cell left empty."""

    record: TrainingRecord
    person: object
    cells: list


@dataclass
class Problem:
    """A record that does not go into the file, and why."""

    record_id: int
    name: str
    session_code: str
    message: str

    @property
    def session(self) -> str:
        return self.session_code

    def as_dict(self) -> dict:
        return {
            "record": self.record_id,
            "name": self.name,
            "session": self.session_code,
            "message": self.message,
        }


@dataclass
class Preview:
    profile: profiles.Profile
    year: int
    lines: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # cannot be written
    skipped: list = field(default_factory=list)  # uploaded before

    @property
    def file_count(self) -> int:
        return len(self.profile.chunks(self.lines)) if self.lines else 0

    @property
    def session_ids(self) -> list[int]:
        return sorted({line.record.session_id for line in self.lines})


def _records(*, viewer, profile, year, session_ids):
    qs = profile.qualifying(record_list(viewer=viewer, year=year))
    if session_ids:
        qs = qs.filter(session_id__in=session_ids)
    return (
        qs.select_related(
            "session__course__category",
            "session__course__portal_course",
            "session__venue",
            "agency",
            "user__person__agency",
        )
        .prefetch_related(
            "session__timetable",
            "session__early_ends",
            Prefetch(
                "certificates",
                queryset=Certificate.objects.filter(revoked_at__isnull=True),
                to_attr="live_certificates",
            ),
        )
        .order_by("session__start_date", "session__code", "agency__code", "user_id")
    )


def upload_preview(
    *, viewer, profile, year: int, session_ids=None, reupload: bool = False
) -> Preview:
    """What a batch of ``profile`` for ``year`` (and the chosen sessions) would
    hold: the lines, the records that cannot be written and why, and those
    already accepted or waiting in an earlier batch of the same portal (sent
    again only with ``reupload``)."""
    preview = Preview(profile=profile, year=year)
    if not access.can_see_agency_pages(viewer):
        return preview
    records = list(
        _records(viewer=viewer, profile=profile, year=year, session_ids=session_ids)
    )
    ids = [r.pk for r in records]
    in_scope = set(
        person_list(viewer=viewer)
        .filter(user_id__in={r.user_id for r in records})
        .values_list("pk", flat=True)
    )
    earlier = {}
    if not reupload:
        for record_id, status, batch_id in (
            UploadRow.objects.filter(
                record_id__in=ids,
                batch__portal=profile.portal,
                status__in=[RowStatus.ACCEPTED, RowStatus.PENDING],
            )
            .order_by("batch_id")
            .values_list("record_id", "status", "batch_id")
        ):
            if earlier.get(record_id, (None,))[0] != RowStatus.ACCEPTED:
                earlier[record_id] = (status, batch_id)
    sealed = dict(
        person_list(viewer=viewer)
        .filter(pk__in=in_scope)
        .values_list("pk", "national_id_sealed")
    )
    for record in records:
        person = getattr(record.user, "person", None)
        name = person.name if person else record.user.get_username()

        def refuse(message, bucket=preview.problems, record=record, name=name):
            bucket.append(Problem(record.pk, name, record.session.code, str(message)))

        if record.pk in earlier:
            status, batch_id = earlier[record.pk]
            if status == RowStatus.ACCEPTED:
                refuse(_accepted(batch_id), preview.skipped)
            else:
                refuse(_pending(batch_id), preview.skipped)
            continue
        if person is None or person.pk not in in_scope:
            refuse(_("Not in your agency any more: their HR office uploads it."))
            continue
        if not sealed.get(person.pk):
            refuse(_("No national ID on file."))
            continue
        message = profile.problem(record)
        if message:
            refuse(message)
            continue
        cells = profile.cells(record, person, profiles.session_times(record.session))
        bad = profile.unwritable(cells)
        if bad:
            refuse(
                _("%(encoding)s cannot write %(chars)s; correct the name or title.")
                % {"encoding": profile.encoding_label, "chars": "「" + bad + "」"}
            )
            continue
        preview.lines.append(Line(record, person, cells))
    return preview


def _accepted(batch_id):
    return _("Accepted in upload %(batch)s.") % {"batch": f"#{batch_id}"}


def _pending(batch_id):
    return _("In upload %(batch)s, awaiting the portal's result.") % {
        "batch": f"#{batch_id}"
    }


def session_choices(*, viewer, year: int):
    """Sessions of ``year`` with completers in the viewer's scope, for choosing."""
    records = record_list(viewer=viewer, year=year).filter(completed=True, hours__gt=0)
    return (
        Session.objects.filter(pk__in=records.values("session_id"))
        .select_related("course")
        .order_by("start_date", "code")
    )


def batch_list(*, viewer):
    """Batches the viewer may see: staff all, an HR officer their agency's."""
    scope = access.viewer_scope(viewer)
    qs = (
        UploadBatch.objects.select_related("agency")
        .annotate(
            accepted=Count("rows", filter=Q(rows__status=RowStatus.ACCEPTED)),
            refused=Count("rows", filter=Q(rows__status=RowStatus.REFUSED)),
        )
        .order_by("-created_at", "-pk")
    )
    if scope.kind == access.Scope.ALL:
        return qs
    if scope.kind == access.Scope.AGENCY:
        return qs.filter(agency__path__startswith=scope.agency_path)
    return qs.none()


def batch_get(*, viewer, pk) -> UploadBatch:
    batch = batch_list(viewer=viewer).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def batch_rows(*, batch, status=None):
    """The rows of a batch the viewer already holds (``batch_get``)."""
    qs = batch.rows.select_related("person", "record__session__course")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("file_number", "line_number")
