import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from cms.catalog.models import SelectionMode
from portal.accounts.roles import HR_OFFICERS, ORGANIZERS
from portal.enrolment import services
from portal.enrolment.models import AgencyQuota, EnrolmentEvent, EnrolmentStatus
from portal.notifications.models import OutgoingEmail
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db

S = EnrolmentStatus


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def agencies():
    return make_agencies()


@pytest.fixture
def hr_it(agencies):
    return make_person(
        "hr_it",
        agencies["it"],
        HR_OFFICERS,
        hr_agency=agencies["it"],
        email="hr-it@gov.test",
    )


@pytest.fixture
def organizer():
    return make_user("organizer", ORGANIZERS)


def _session(catalog, **fields):
    return make_session(make_course(catalog, title="資訊安全基礎班"), **fields)


def _people(agency, n, prefix="t"):
    return [make_person(f"{prefix}{i}", agency).user for i in range(n)]


def _mails(key):
    return list(OutgoingEmail.objects.filter(template_key=key))


def test_first_come_fills_capacity_then_waitlists(catalog, agencies, hr_it):
    session = _session(catalog, capacity=2)
    a, b, c = _people(agencies["it_unit"], 3)
    assert services.enrolment_register(session=session, trainee=a).status == S.SELECTED
    assert services.enrolment_register(session=session, trainee=b).status == S.SELECTED
    waiting = services.enrolment_register(session=session, trainee=c)
    assert waiting.status == S.WAITLISTED
    summons = _mails("summons")
    assert sorted(m.to for m in summons) == ["t0@example.test", "t1@example.test"]
    # The HR officer of the trainee's agency (an ancestor of the unit) gets a copy.
    assert [m.to for m in _mails("summons_hr_copy")] == ["hr-it@gov.test"] * 2
    assert "第 1 名" not in _mails("waitlisted")[0].body
    assert "1" in _mails("waitlisted")[0].body


def test_registration_outside_the_window_is_refused(catalog, agencies):
    past = timezone.now() - datetime.timedelta(days=1)
    session = _session(
        catalog,
        registration_opens=past - datetime.timedelta(days=10),
        registration_closes=past,
    )
    (trainee,) = _people(agencies["it"], 1)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_register(session=session, trainee=trainee)
    assert refused.value.code == "not_open"


def test_registering_twice_is_refused_with_a_clear_message(catalog, agencies):
    session = _session(catalog)
    (trainee,) = _people(agencies["it"], 1)
    services.enrolment_register(session=session, trainee=trainee)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_register(session=session, trainee=trainee)
    assert refused.value.code == "already_registered"


def test_withdrawal_promotes_the_first_waitlisted_and_queues_one_email(
    catalog, agencies
):
    session = _session(catalog, capacity=1)
    first, second, third = _people(agencies["edu"], 3)
    held = services.enrolment_register(session=session, trainee=first)
    services.enrolment_register(session=session, trainee=second)
    services.enrolment_register(session=session, trainee=third)
    OutgoingEmail.objects.all().delete()

    services.enrolment_withdraw(enrolment=held, actor=first, reason="公務繁忙")

    statuses = dict(session.enrolments.values_list("user__username", "status"))
    assert statuses == {"t0": S.WITHDRAWN, "t1": S.SELECTED, "t2": S.WAITLISTED}
    promotions = _mails("waitlist_promotion")
    assert len(promotions) == 1 and promotions[0].to == "t1@example.test"
    assert len(_mails("withdrawal_confirmation")) == 1
    assert "公務繁忙" in _mails("withdrawal_confirmation")[0].body


def test_manual_selection_by_the_organizer(catalog, agencies, organizer):
    session = _session(catalog, capacity=1, selection_mode=SelectionMode.MANUAL)
    a, b = _people(agencies["it"], 2)
    ea = services.enrolment_register(session=session, trainee=a)
    eb = services.enrolment_register(session=session, trainee=b)
    assert ea.status == eb.status == S.APPLIED
    assert not _mails("summons")
    services.enrolment_select(enrolment=eb, actor=organizer)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_select(enrolment=ea, actor=organizer)
    assert refused.value.code == "full"
    services.enrolment_refuse(enrolment=ea, actor=organizer, reason="名額已滿")
    assert [m.to for m in _mails("summons")] == ["t1@example.test"]


def test_selection_run_respects_agency_quotas(catalog, agencies, organizer):
    session = _session(catalog, capacity=3, selection_mode=SelectionMode.MANUAL)
    AgencyQuota.objects.create(session=session, agency=agencies["it"], seats=1)
    it_people = _people(agencies["it_unit"], 2, prefix="it")
    edu_people = _people(agencies["edu"], 3, prefix="edu")
    for user in it_people + edu_people:
        services.enrolment_register(session=session, trainee=user)
    counts = services.selection_run(session=session, actor=organizer)
    assert counts == {"selected": 3, "waitlisted": 2}
    selected = set(
        session.enrolments.filter(status=S.SELECTED).values_list(
            "user__username", flat=True
        )
    )
    # 資訊局 (and its unit) may fill one seat; the two others go to 教育局.
    assert selected == {"it0", "edu0", "edu1"}


def test_hr_officer_nominates_only_their_own_staff(catalog, agencies, hr_it):
    session = _session(catalog)
    (own,) = _people(agencies["it_unit"], 1, prefix="own")
    (other,) = _people(agencies["edu"], 1, prefix="other")
    enrolment = services.enrolment_nominate(
        session=session, trainee=own, hr_officer=hr_it.user
    )
    assert enrolment.source == "nomination"
    assert enrolment.agency == agencies["it_unit"]
    with pytest.raises(PermissionDenied):
        services.enrolment_nominate(
            session=session, trainee=other, hr_officer=hr_it.user
        )


def test_substitution_keeps_the_seat_and_records_history(catalog, agencies, hr_it):
    session = _session(catalog, capacity=1)
    nominee, colleague, outsider = (
        make_person("nominee", agencies["it"]).user,
        make_person("colleague", agencies["it_unit"]).user,
        make_person("outsider", agencies["edu"]).user,
    )
    old = services.enrolment_nominate(
        session=session, trainee=nominee, hr_officer=hr_it.user
    )
    with pytest.raises(PermissionDenied):
        services.enrolment_substitute(
            enrolment=old, substitute=outsider, hr_officer=hr_it.user
        )
    new = services.enrolment_substitute(
        enrolment=old, substitute=colleague, hr_officer=hr_it.user, reason="出差"
    )
    old.refresh_from_db()
    assert old.status == S.SUBSTITUTED and new.status == S.SELECTED
    assert session.enrolments.filter(status=S.SELECTED).count() == 1
    events = EnrolmentEvent.objects.filter(enrolment=old).order_by("pk")
    last = events.last()
    assert (last.from_status, last.to_status, last.actor, last.reason) == (
        S.SELECTED,
        S.SUBSTITUTED,
        hr_it.user,
        "出差",
    )
    assert len(_mails("substitution_hr_copy")) == 1


def test_every_state_change_is_in_the_history(catalog, agencies):
    session = _session(catalog, capacity=1)
    a, b = _people(agencies["it"], 2)
    ea = services.enrolment_register(session=session, trainee=a)
    eb = services.enrolment_register(session=session, trainee=b)
    services.enrolment_withdraw(enrolment=ea, actor=a, reason="生病")
    assert list(ea.events.values_list("from_status", "to_status", "reason")) == [
        ("", S.SELECTED, ""),
        (S.SELECTED, S.WITHDRAWN, "生病"),
    ]
    assert list(eb.events.values_list("from_status", "to_status")) == [
        ("", S.WAITLISTED),
        (S.WAITLISTED, S.SELECTED),
    ]


def test_withdrawn_trainee_may_register_again(catalog, agencies):
    session = _session(catalog, capacity=5)
    (trainee,) = _people(agencies["it"], 1)
    enrolment = services.enrolment_register(session=session, trainee=trainee)
    services.enrolment_withdraw(enrolment=enrolment, actor=trainee)
    again = services.enrolment_register(session=session, trainee=trainee)
    assert again.pk == enrolment.pk and again.status == S.SELECTED
