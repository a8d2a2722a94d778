"""Agencies and people; national ID numbers are generated valid (check digit)."""

import itertools

from django.contrib.auth.models import Group

from portal.accounts import services
from portal.accounts.national_id import check_digit
from portal.accounts.roles import TRAINEES, ensure_role_groups

from .users import PASSWORD

_seq = itertools.count(1)


def valid_national_id(n: int, letter="A", sex="1") -> str:
    """A valid Taiwan ID number from a serial: the check digit is computed."""
    body = f"{letter}{sex}{n % 10**7:07d}"
    return body + check_digit(body)


def make_agencies():
    """臺北市政府 → 資訊局 (→ 系統發展科), 教育局; returns a dict by short name."""
    city = services.agency_create(name="臺北市政府", code="379000000A")
    it = services.agency_create(name="資訊局", code="379130000A", parent=city)
    it_unit = services.agency_create(name="系統發展科", code="379130100A", parent=it)
    edu = services.agency_create(name="教育局", code="379030000A", parent=city)
    agencies = {"city": city, "it": it, "it_unit": it_unit, "edu": edu}
    # node_order_by re-paths siblings as they are added: reload every node.
    for agency in agencies.values():
        agency.refresh_from_db()
    return agencies


def make_person(username, agency, *roles, hr_agency=None, national_id=None, **fields):
    ensure_role_groups()
    n = next(_seq)
    person = services.person_create(
        username=username,
        name=fields.pop("name", f"學員{n}"),
        agency=agency,
        national_id_number=national_id or valid_national_id(1000 + n),
        email=fields.pop("email", f"{username}@example.test"),
        password=PASSWORD,
        hr_agency=hr_agency,
        **fields,
    )
    person.user.groups.set(Group.objects.filter(name__in=roles or [TRAINEES]))
    return person
