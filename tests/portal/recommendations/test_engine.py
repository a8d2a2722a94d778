import datetime

import pytest
from django.utils import timezone

from cms.catalog.models import Session
from portal.enrolment import services as enrolment_services
from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.recommendations.engine import REASON_COLLEAGUES, REASON_SIMILAR, Engine
from portal.recommendations.models import EditorPick, MandatoryRule
from portal.records import services as records_services
from portal.records.models import Attendance
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person

pytestmark = pytest.mark.django_db


def _take(person, course, *, attended=True):
    session = make_session(course, capacity=50)
    enrolment = enrolment_services.enrolment_register(
        session=session, trainee=person.user
    )
    records_services.record_update(
        enrolment=enrolment,
        actor=None,
        attendance=Attendance.ATTENDED if attended else Attendance.ABSENT,
    )
    return enrolment


@pytest.fixture
def world(catalog):
    agencies = make_agencies()
    security = make_course(catalog, title="資訊安全基礎班")
    make_session(security, code="S00001")
    return {
        "agencies": agencies,
        "catalog": catalog,
        "security": security,
        "alice": make_person("alice", agencies["it"], job_title="科員"),
        "bob": make_person("bob", agencies["edu"], job_title="科長"),
    }


def _recommended(person, engine=None):
    engine = engine or Engine()
    return {r.course_id: r for r in engine.recommend(engine.trainee(person.user))}


def test_mandatory_training_goes_to_those_who_miss_it_not_to_those_who_did_it(world):
    rule = MandatoryRule.objects.create(name="資訊安全", hours_per_year=3)
    rule.courses.set([world["security"]])
    rule.save()
    _take(world["bob"], world["security"])  # bob completed this year's hours
    make_session(world["security"], code="S00002")  # another session to come
    alice = _recommended(world["alice"])
    assert world["security"].pk in alice
    assert "本年度必修" in alice[world["security"].pk].reasons
    assert world["security"].pk not in _recommended(world["bob"])


def test_taken_courses_never_reappear(world):
    other = make_course(world["catalog"], title="公文寫作實務班")
    make_session(other, code="S00003")
    pick = EditorPick.objects.create(course=other, reason="新政策")
    _take(world["alice"], other)
    assert other.pk not in _recommended(world["alice"])
    assert pick.course_id in _recommended(world["bob"])


def test_editor_picks_reach_exactly_their_audience(world):
    pick_course = make_course(world["catalog"], title="高階主管策略規劃班")
    make_session(pick_course, code="S00004")
    pick = EditorPick.objects.create(
        course=pick_course, reason="主管必讀", job_titles="科長"
    )
    assert pick.course_id in _recommended(world["bob"])
    assert "主管必讀" in _recommended(world["bob"])[pick.course_id].reasons
    assert pick.course_id not in _recommended(world["alice"])


def test_colleagues_choices_come_with_their_reason(world):
    base = make_course(world["catalog"], title="Python 程式設計入門班")
    follow = make_course(world["catalog"], title="資料分析與視覺化實務班")
    make_session(follow, code="S00005")
    for i in range(3):
        colleague = make_person(f"col{i}", world["agencies"]["it_unit"])
        _take(colleague, base)
        _take(colleague, follow)
    _take(world["alice"], base)
    recommended = _recommended(world["alice"])
    assert follow.pk in recommended
    assert str(REASON_COLLEAGUES) in recommended[follow.pk].reasons


def test_courses_without_a_bookable_session_are_not_recommended(world):
    closed = make_course(world["catalog"], title="無班期課程")
    EditorPick.objects.create(course=closed, reason="推薦")
    assert closed.pk not in _recommended(world["alice"])


def test_bulk_trainees_load_history_and_mandatory_hours(world):
    rule = MandatoryRule.objects.create(name="資訊安全", hours_per_year=6)
    rule.courses.set([world["security"]])
    rule.save()
    _take(world["bob"], world["security"])
    engine = Engine()
    bulk = engine.trainees([world["alice"].user, world["bob"].user])
    alice, bob = bulk[world["alice"].user.pk], bulk[world["bob"].user.pk]
    assert alice.taken == frozenset() and alice.hours_this_year == {}
    assert alice.agency_path == world["alice"].agency.path
    assert bob.taken == frozenset({world["security"].pk})
    assert bob.hours_this_year == {rule.pk: world["security"].study_hours}


def _selected(person, session):
    return Enrolment.objects.create(
        session=session,
        user=person.user,
        agency=person.agency,
        status=EnrolmentStatus.SELECTED,
    )


def test_a_yearly_mandatory_course_taken_last_year_is_due_again(world):
    rule = MandatoryRule.objects.create(name="資訊安全", hours_per_year=3)
    rule.courses.set([world["security"]])
    rule.save()
    last_year = datetime.date(timezone.localdate().year - 1, 6, 1)
    old = make_session(world["security"], code="S00010", start=last_year)
    _selected(world["alice"], old)
    recommended = _recommended(world["alice"])
    assert world["security"].pk in recommended
    assert "本年度必修" in recommended[world["security"].pk].reasons
    # Enrolled in this year's class: no longer recommended.
    _selected(world["alice"], Session.objects.get(code="S00001"))
    assert world["security"].pk not in _recommended(world["alice"])


def test_the_next_level_of_a_course_is_recommended_as_related(world):
    first = make_course(world["catalog"], title="Python 程式設計入門班")
    second = make_course(world["catalog"], title="Python 程式設計入門班（中級）")
    unrelated = make_course(world["catalog"], title="紓壓與正念練習班")
    make_session(second, code="S00011")
    make_session(unrelated, code="S00012")
    past = make_session(first, code="S00013", start=timezone.localdate().replace(day=1))
    _selected(world["alice"], past)
    recommended = _recommended(world["alice"])
    assert str(REASON_SIMILAR) in recommended[second.pk].reasons
    assert unrelated.pk not in recommended


def test_engine_as_of_a_date_does_not_see_later_enrolments(world):
    base = make_course(world["catalog"], title="政府會計基礎班")
    later = make_course(world["catalog"], title="預算編製實務班")
    as_of = timezone.localdate() - datetime.timedelta(days=100)
    before = make_session(
        base, code="S00020", start=as_of - datetime.timedelta(days=50)
    )
    after = make_session(
        later, code="S00021", start=as_of + datetime.timedelta(days=20)
    )
    for person in (world["alice"], world["bob"]):
        _selected(person, before)
        _selected(person, after)
    engine = Engine(as_of=as_of)
    alice = engine.trainee(world["alice"].user)
    assert alice.taken == frozenset({base.pk})
    assert engine.popularity == {base.pk: 2}
    assert engine.bookable >= {later.pk}  # it had a session in the window
    assert later.pk not in engine.co.get(base.pk, {})
