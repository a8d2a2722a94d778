import pytest

from cms.handouts.models import Visibility
from tests.factories.handouts import make_handout
from tests.factories.lecturers import make_lecturer_world


@pytest.fixture
def aw(catalog):
    """The lecturer world, with two handouts of lecturer 甲 for the upcoming
    session and the institute's own handout."""
    w = make_lecturer_world(catalog)
    course = w.future.course
    w.slides = make_handout(
        course, title="資安簡報", session=w.future, visibility=Visibility.PUBLIC
    )
    w.cases = make_handout(
        course, title="資安案例", name="cases.pdf", visibility=Visibility.PUBLIC
    )
    w.own = make_handout(course, title="課程簡介", name="intro.pdf")
    for handout in (w.slides, w.cases):
        handout.lecturer = w.a.lecturer
        handout.save(update_fields=["lecturer"])
    w.b_notes = make_handout(course, title="乙的講義", name="b.pdf")
    w.b_notes.lecturer = w.b.lecturer
    w.b_notes.save(update_fields=["lecturer"])
    return w


@pytest.fixture
def prepared(aw):
    """An authorization for 甲's two handouts, sent for signature."""
    from portal.authorizations import services
    from portal.authorizations.models import Authorization

    authorization = services.authorization_save(
        actor=aw.organizer,
        authorization=Authorization(
            lecturer=aw.a.lecturer,
            session=aw.future,
            valid_from=aw.today,
            conditions="僅限本處課程使用",
        ),
        materials=[aw.slides, aw.cases],
        scopes=["class", "site", "licensing"],
    )
    link = services.authorization_send(
        authorization=authorization,
        actor=aw.organizer,
        base_url="https://learn.example.test",
    )
    authorization.refresh_from_db()
    return authorization, link
