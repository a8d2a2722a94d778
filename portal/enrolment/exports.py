"""The agency's enrolments as a spreadsheet."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.accounts.names import display_name
from portal.common import exports

from . import selectors


def enrolments_xlsx(*, viewer, **filters):
    """The enrolments of the viewer's scope, filtered as on the page."""
    rows = selectors.enrolment_list(viewer=viewer, **filters).select_related("record")
    return exports.xlsx_response(
        "enrolments.xlsx",
        _("Enrolments"),
        [_("Name"), _("National ID"), _("Agency"), _("Session"), _("Term"),
         _("Course"), _("Start"), _("End"), _("Status"), _("Source"), _("Hours"),
         _("Completed"), pgettext("score", "Grade"), _("Band"), _("Honours list")],
        (
            (
                display_name(e.user),
                e.user.person.national_id_masked if hasattr(e.user, "person") else "",
                e.agency.name if e.agency else "",
                e.session.code,
                e.session.term,
                e.session.course.title,
                e.session.start_date,
                e.session.end_date,
                e.get_status_display(),
                e.get_source_display(),
                *_record_cells(getattr(e, "record", None)),
            )
            for e in rows.iterator(chunk_size=2000)
        ),
    )  # fmt: skip


def _record_cells(record):
    if record is None:
        return ("", "", "", "", "")
    return (
        record.hours,
        _("Yes") if record.completed else _("No"),
        record.grade if record.grade is not None else "",
        record.grade_band,
        record.honours_rank or "",
    )
