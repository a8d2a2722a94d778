"""The study-hours files, the same for the site and the API."""

from django.utils.translation import gettext as _

from portal.common import exports

from . import selectors


def hours_xlsx(*, viewer, year, agency=None, name=None):
    """One line a person of the viewer's scope with their hours of ``year``."""
    rows = selectors.agency_hours_report(
        viewer=viewer, year=year, agency=agency, name=name
    )
    return exports.xlsx_response(
        f"study-hours-{year}.xlsx",
        _("Study hours"),
        [_("Name"), _("National ID"), _("Employee number"), _("Agency"),
         _("Job title"), _("Hours"), _("Sessions completed")],
        (
            (p.name, p.national_id_masked, p.employee_number, p.agency.name,
             p.job_title, p.hours, p.sessions_completed)
            for p in rows.iterator(chunk_size=2000)
        ),
    )  # fmt: skip


def hours_lifelong_csv(*, viewer, year, agency=None, name=None):
    """The CSV for the national lifelong-learning portal (docs/lifelong-learning-export.md)."""
    records = selectors.completed_record_list(
        viewer=viewer, year=year, agency=agency, name=name
    )
    return exports.csv_response(
        f"study-hours-{year}.csv",
        selectors.LIFELONG_HEADERS,
        selectors.lifelong_rows(records),
    )


def mandatory_xlsx(*, viewer, year, rule=None, agency=None, name=None, status):
    """The compliance view's rows (every page of them) for the same filters."""
    compliance = selectors.mandatory_compliance(
        viewer=viewer, year=year, rule=rule, agency=agency, name=name, status=status
    )
    return exports.xlsx_response(
        f"mandatory-training-{year}.xlsx",
        _("Mandatory training"),
        [_("Name"), _("National ID"), _("Employee number"), _("Agency"),
         _("Job title"), _("Mandatory training"), _("Hours done"),
         _("Hours required"), _("Met")],
        (
            (row.name, row.national_id_masked, row.employee_number, row.agency_name,
             row.job_title, row.rule.name, row.done, row.required,
             _("Yes") if row.met else _("No"))
            for row in compliance.rows
        ),
    )  # fmt: skip
