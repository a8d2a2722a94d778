import pytest
from django.urls import reverse

from cms.handouts.models import Handout, Visibility
from portal.accounts import roles
from portal.enrolment.models import Enrolment, EnrolmentStatus
from tests.factories.catalog import make_course, make_session
from tests.factories.handouts import make_handout
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalog):
    return make_course(catalog)


@pytest.fixture
def session(course):
    return make_session(course)


def _download(client, handout):
    return client.get(handout.url)


def _login(client, username, *user_roles):
    make_user(username, *user_roles)
    client.login(username=username, password=PASSWORD)


def test_downloads_go_through_the_serve_view_not_media(course):
    handout = make_handout(course)
    assert handout.url == reverse(
        "wagtaildocs_serve", args=(handout.pk, handout.filename)
    )


def test_anonymous_downloads_a_public_handout_as_an_attachment(client, course):
    handout = make_handout(course, visibility=Visibility.PUBLIC)
    response = _download(client, handout)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_each_download_is_counted(client, course):
    handout = make_handout(course, visibility=Visibility.PUBLIC)
    for _ in range(3):
        assert _download(client, handout).status_code == 200
    handout.refresh_from_db()
    assert handout.download_count == 3


def test_anonymous_is_sent_to_sign_in_for_an_enrolled_handout(client, course, session):
    handout = make_handout(course, visibility=Visibility.ENROLLED, session=session)
    response = _download(client, handout)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    handout.refresh_from_db()
    assert handout.download_count == 0


def test_trainee_not_enrolled_is_refused_an_enrolled_handout(client, course, session):
    handout = make_handout(course, visibility=Visibility.ENROLLED, session=session)
    _login(client, "trainee", roles.TRAINEES)
    response = _download(client, handout)
    assert response.status_code == 403
    assert handout.title in response.content.decode()


def test_waitlisted_trainee_is_refused_an_enrolled_handout(client, course, session):
    handout = make_handout(course, visibility=Visibility.ENROLLED, session=session)
    _login(client, "trainee", roles.TRAINEES)
    Enrolment.objects.create(
        session=session,
        user_id=client.session["_auth_user_id"],
        status=EnrolmentStatus.WAITLISTED,
    )
    assert _download(client, handout).status_code == 403


def test_selected_trainee_downloads_the_enrolled_handout(client, course, session):
    handout = make_handout(course, visibility=Visibility.ENROLLED, session=session)
    _login(client, "trainee", roles.TRAINEES)
    Enrolment.objects.create(
        session=session,
        user_id=client.session["_auth_user_id"],
        status=EnrolmentStatus.SELECTED,
    )
    assert _download(client, handout).status_code == 200


def test_trainee_of_another_session_is_refused(client, course, session):
    handout = make_handout(course, visibility=Visibility.ENROLLED, session=session)
    other = make_session(course, code="B08888")
    _login(client, "trainee", roles.TRAINEES)
    Enrolment.objects.create(
        session=other,
        user_id=client.session["_auth_user_id"],
        status=EnrolmentStatus.SELECTED,
    )
    assert _download(client, handout).status_code == 403


@pytest.mark.parametrize("who", [None, "trainee"])
def test_staff_only_handout_does_not_exist_for_others(client, course, who):
    handout = make_handout(course, visibility=Visibility.STAFF)
    if who:
        _login(client, who, roles.TRAINEES)
    assert _download(client, handout).status_code == 404


@pytest.mark.parametrize("role", [roles.ORGANIZERS, roles.EDITORS])
def test_staff_download_staff_only_handouts(client, course, role):
    handout = make_handout(course, visibility=Visibility.STAFF)
    _login(client, "staffer", role)
    assert _download(client, handout).status_code == 200


def test_handout_of_an_unpublished_course_is_hidden(client, catalog):
    draft = make_course(catalog, live=False)
    handout = make_handout(draft, visibility=Visibility.PUBLIC)
    assert _download(client, handout).status_code == 404


def test_course_page_lists_handouts_by_what_the_viewer_may_do(client, course, session):
    public = make_handout(course, visibility=Visibility.PUBLIC, title="公開簡介")
    enrolled = make_handout(
        course, visibility=Visibility.ENROLLED, session=session, title="學員講義"
    )
    make_handout(course, visibility=Visibility.STAFF, title="內部教案")
    html = client.get(course.url).content.decode()
    assert public.url in html
    assert "學員講義" in html and enrolled.url not in html
    assert "內部教案" not in html

    _login(client, "organizer", roles.ORGANIZERS)
    html = client.get(course.url).content.decode()
    assert "內部教案" in html and enrolled.url in html


def test_session_handout_takes_its_course_from_the_session(course, session):
    handout = Handout(title="x", session=session, visibility=Visibility.PUBLIC)
    handout.file.name = "documents/x.pdf"
    handout.clean()
    assert handout.course_id == course.pk


def test_wagtail_documents_api_lists_only_what_the_viewer_may_see(client, catalog):
    course = make_course(catalog)
    draft = make_course(catalog, live=False)
    public = make_handout(course, visibility=Visibility.PUBLIC)
    enrolled = make_handout(course, visibility=Visibility.ENROLLED)
    staff_only = make_handout(course, visibility=Visibility.STAFF)
    of_draft = make_handout(draft, visibility=Visibility.PUBLIC)

    listed = client.get("/api/v3/documents/", {"limit": 100})
    assert listed.status_code == 200
    ids = {item["id"] for item in listed.json()["items"]}
    assert ids == {public.pk, enrolled.pk}
    assert client.get(f"/api/v3/documents/{staff_only.pk}/").status_code == 404
    assert client.get(f"/api/v3/documents/{of_draft.pk}/").status_code == 404
    assert client.get(f"/api/v3/documents/{public.pk}/").status_code == 200


def test_staff_list_every_handout(catalog):
    from cms.handouts.selectors import handout_listable

    course = make_course(catalog)
    staff_only = make_handout(course, visibility=Visibility.STAFF)
    organizer = make_user("organizer", roles.ORGANIZERS)
    trainee = make_user("trainee", roles.TRAINEES)
    assert staff_only in handout_listable(user=organizer)
    assert staff_only not in handout_listable(user=trainee)


def _course_handouts(course, session, other_session):
    return [
        make_handout(course, visibility=Visibility.PUBLIC, name="a.pdf"),
        make_handout(course, visibility=Visibility.ENROLLED, name="b.pdf"),
        make_handout(
            course, visibility=Visibility.ENROLLED, session=session, name="c.pdf"
        ),
        make_handout(
            course, visibility=Visibility.ENROLLED, session=other_session, name="d.pdf"
        ),
        make_handout(course, visibility=Visibility.STAFF, name="e.pdf"),
    ]


@pytest.mark.parametrize("live", [True, False])
def test_course_listing_and_download_follow_one_rule(catalog, live):
    from django.contrib.auth.models import AnonymousUser

    from cms.handouts import selectors

    course = make_course(catalog, live=live)
    session, other_session = make_session(course), make_session(course)
    handouts = _course_handouts(course, session, other_session)
    member = make_user("member", roles.TRAINEES)
    Enrolment.objects.create(
        session=session, user=member, status=EnrolmentStatus.SELECTED
    )
    viewers = [
        AnonymousUser(),
        member,
        make_user("outsider", roles.TRAINEES),
        make_user("organizer", roles.ORGANIZERS),
    ]
    for user in viewers:
        listed = {
            item.handout.pk: item.can_download
            for item in selectors.handout_list_for_course(user=user, course=course)
        }
        expected = {}
        for handout in handouts:
            access = selectors.handout_access(user=user, handout=handout)
            if access != selectors.Access.HIDDEN:
                expected[handout.pk] = access == selectors.Access.ALLOWED
        assert listed == expected, user
    # What the rule decides, spelled out for the member of ``session``.
    member_may = {
        item.handout.title: item.can_download
        for item in selectors.handout_list_for_course(user=member, course=course)
    }
    if live:
        assert member_may == {
            "講義 a.pdf": True,
            "講義 b.pdf": True,
            "講義 c.pdf": True,
            "講義 d.pdf": False,
        }
    else:
        assert member_may == {}
