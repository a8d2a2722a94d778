"""A seat exchange world: one bureau's trainee holding a seat, colleagues of the
same bureau, a trainee of another bureau and the bureau's HR officer."""

from types import SimpleNamespace

from portal.accounts import roles
from portal.enrolment import services as enrolment_services

from .catalog import make_course, make_session
from .people import make_agencies, make_person


def make_exchange_world(catalog, *, prefix="x", capacity=2, **session_fields):
    agencies = make_agencies()
    w = SimpleNamespace(agencies=agencies, catalog=catalog)
    w.course = make_course(catalog, title="公文寫作班")
    w.session = make_session(w.course, capacity=capacity, **session_fields)
    # The offerer is in a unit of 資訊局; a colleague at the bureau itself.
    w.offerer = make_person(
        f"{prefix}_offerer", agencies["it_unit"], name="讓位甲"
    ).user
    w.colleague = make_person(f"{prefix}_colleague", agencies["it"], name="接手乙").user
    w.colleague2 = make_person(
        f"{prefix}_colleague2", agencies["it"], name="接手丙"
    ).user
    w.outsider = make_person(f"{prefix}_outsider", agencies["edu"], name="教育丁").user
    w.hr = make_person(
        f"{prefix}_hr", agencies["it"], roles.HR_OFFICERS, hr_agency=agencies["it"],
        name="資訊人事", email=f"{prefix}_hr@example.test",
    ).user  # fmt: skip
    w.hr_other = make_person(
        f"{prefix}_hr_edu", agencies["edu"], roles.HR_OFFICERS,
        hr_agency=agencies["edu"], name="教育人事",
    ).user  # fmt: skip
    w.enrolment = enrolment_services.enrolment_register(
        session=w.session, trainee=w.offerer
    )
    return w
