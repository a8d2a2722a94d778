"""The access matrix: every role x every site page, admin view and API operation.

Each case names the roles allowed; every other role must be refused (a redirect
to a login page, Wagtail's "permission denied" redirect to the dashboard, 401,
403 or 404). Allowed means anything else but a server error: for a POST without
a body, a 400 shows the request got past the access checks.

One world is built per module inside a transaction rolled back at its end; each
test runs in a savepoint of its own.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient
from wagtail.models import APIToken

from cms.catalog.models import TimetableEntry
from cms.handouts.models import Visibility
from portal.accounts import roles
from portal.accounts.models import ImportBatch
from portal.certificates import codes as certificate_codes
from portal.certificates import services as certificate_services
from portal.classday import services as classday_services
from portal.classday.models import LeaveRequest
from portal.elearning.models import CompletionImport
from portal.enrolment import services as enrolment_services
from portal.exchanges import services as exchange_services
from portal.fees.models import FeeLine, FeeStatement
from portal.hour_uploads import services as hour_upload_services
from portal.licensing.models import LicenseApplication, LicenseApplicationPage
from portal.surveys.models import Kind, Question, Questionnaire
from portal.volunteers.models import ClockRequest, Signup, SignupStatus, Volunteer
from tests.factories.authorizations import authorize
from tests.factories.catalog import make_course, make_session, make_site, make_venue
from tests.factories.certificates import completed_record, default_templates
from tests.factories.feedback import make_suggestion
from tests.factories.handouts import make_handout
from tests.factories.lecturers import make_profile, make_submission, teach
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD, make_user
from tests.factories.volunteers import make_shift

from .access_world import module_world

pytestmark = pytest.mark.django_db

ANON, TRAINEE, HR, MOD, LIC = "anonymous", "trainee", "hr", "moderator", "licensee"
LECT, VOL, ORG, ED, SU = "lecturer", "volunteer", "organizer", "editor", "superuser"
ROLES = (ANON, TRAINEE, HR, MOD, LIC, LECT, VOL, ORG, ED, SU)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANON}
STAFF = frozenset({ORG, ED, SU})
AGENCY = STAFF | {HR}
ORGANIZERS = frozenset({ORG, SU})
NOBODY = frozenset()


def build_world():
    agencies = make_agencies()
    it, edu = agencies["it"], agencies["edu"]
    w = SimpleNamespace(agencies=agencies)
    w.alice = make_person("m_alice", agencies["it_unit"], name="資訊甲")
    w.bob = make_person("m_bob", edu, name="教育乙")
    w.hr_a = make_person("m_hr_a", it, roles.HR_OFFICERS, hr_agency=it)
    w.moderator = make_person("m_mod", it, roles.MODERATORS)
    w.licensee = make_person("m_lic", it, roles.LICENSEES)
    w.licensee_b = make_person("m_lic_b", edu, roles.LICENSEES)
    w.lecturer = make_person("m_lect", edu, roles.LECTURERS)
    w.volunteer = make_person("m_vol", edu, roles.VOLUNTEERS)
    w.organizer = make_user("m_org", roles.ORGANIZERS)
    w.editor = make_user("m_ed", roles.EDITORS)
    w.superuser = get_user_model().objects.create_superuser(
        "m_root", "root@example.test", PASSWORD
    )
    w.users = {
        TRAINEE: w.alice.user, HR: w.hr_a.user, MOD: w.moderator.user,
        LIC: w.licensee.user, LECT: w.lecturer.user, VOL: w.volunteer.user,
        ORG: w.organizer, ED: w.editor, SU: w.superuser,
    }  # fmt: skip
    w.tokens = {
        role: APIToken.create_token(user=user, name="matrix")
        for role, user in w.users.items()
    }

    home, catalog = make_site()
    w.home = home
    w.licensing_page = LicenseApplicationPage(
        title="教材授權申請", slug="licensing", terms="<p>條款</p>"
    )
    home.add_child(instance=w.licensing_page)
    w.course = make_course(catalog, title="資訊安全基礎班")
    today = timezone.localdate()
    w.session = make_session(w.course, start=today, capacity=10, venue=make_venue())
    TimetableEntry.objects.create(
        session=w.session, date=today, start_time=datetime.time(9),
        end_time=datetime.time(16), topic="第 1 天",
    )  # fmt: skip
    w.enrolments = {
        person.user.username: enrolment_services.enrolment_register(
            session=w.session, trainee=person.user
        )
        for person in (w.alice, w.bob)
    }
    w.alice_enrolment = w.enrolments["m_alice"]
    w.public = make_handout(w.course, visibility=Visibility.PUBLIC, title="課程簡介")
    w.enrolled = make_handout(
        w.course, visibility=Visibility.ENROLLED, session=w.session, title="學員講義",
    )  # fmt: skip
    authorize(w.enrolled)
    w.staff_only = make_handout(w.course, visibility=Visibility.STAFF, title="內部教案")
    w.questionnaire = Questionnaire.objects.create(
        title="課後調查", session=w.session,
        opens_at=timezone.now() - datetime.timedelta(hours=1),
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )  # fmt: skip
    Question.objects.create(
        questionnaire=w.questionnaire, text="課程內容符合需要", kind=Kind.LIKERT
    )
    w.vote = classday_services.vote_open(
        session=w.session, question="午餐？", options=["便當", "麵"], actor=w.organizer
    )
    w.leave = LeaveRequest.objects.create(
        enrolment=w.alice_enrolment, date=today, reason="公假"
    )
    w.applications = {}
    for key, person in (("it", w.licensee), ("edu", w.licensee_b)):
        application = LicenseApplication.objects.create(
            reference=f"L2026-9{len(w.applications)}", applicant=person.user,
            agency=person.agency, purpose="內部訓練", audience="同仁",
            period_start=today, period_end=today + datetime.timedelta(days=30),
            users_count=10, terms_accepted_at=timezone.now(),
        )  # fmt: skip
        application.materials.set([w.enrolled])
        w.applications[key] = application
    w.batch = ImportBatch.objects.create(uploaded_by=w.hr_a.user, filename="s.csv")
    w.completion_import = CompletionImport.objects.create(
        source="csv", status="planned", file_name="e.csv"
    )
    w.checkin_token = classday_services.checkin_token(session=w.session)
    w.lecturer_profile = make_profile("矩陣講座", user=w.lecturer.user)
    w.other_lecturer = make_profile("他人講座")
    teach(w.session, w.lecturer_profile.lecturer, today)
    w.fee_statement, w.other_fee_statement = (
        FeeStatement.objects.create(
            lecturer=profile, session=w.session, category="outside", date=today
        )
        for profile in (w.lecturer_profile, w.other_lecturer)
    )
    w.fee_line = FeeLine.objects.create(
        statement=w.fee_statement, kind="teaching", description="矩陣", amount=2000
    )
    w.authorization = authorize(
        make_handout(w.course, title="矩陣講座講義", name="mine.pdf"),
        lecturer=w.lecturer_profile.lecturer,
        status="pending",
    )
    # Material another lecturer of the session handed in (portal/lecturers).
    submitter = make_profile("他人講座二", user=make_user("m_lect_2", roles.LECTURERS))
    teach(w.session, submitter.lecturer, today, 13)
    w.other_submission = make_submission(submitter, w.session)
    w.other_authorization = authorize(
        make_handout(w.course, title="他人講義", name="other.pdf"),
        lecturer=w.other_lecturer.lecturer,
    )
    w.suggestion = make_suggestion(w.alice.user, session=w.session)  # the trainee's
    # The trainee's certificate of a session over (portal/certificates).
    default_templates()
    w.past_session = make_session(
        make_course(catalog, title="公文寫作班"),
        start=today - datetime.timedelta(days=7), code="M00001",
    )  # fmt: skip
    w.certificate = certificate_services.certificate_issue(
        record=completed_record(w.past_session, w.alice.user, agency=w.alice.agency),
        language="zh-hant",
        actor=w.organizer,
    )
    w.certificate_code = certificate_codes.certificate_code(w.certificate.number)
    # A seat the trainee offers her bureau's colleagues, next month (exchanges).
    w.exchange_enrolment = enrolment_services.enrolment_register(
        session=make_session(w.course, code="X00001"), trainee=w.alice.user
    )
    w.seat_offer = exchange_services.offer_create(
        enrolment=w.exchange_enrolment, actor=w.alice.user
    )
    # The HR officer's study-hour upload of the trainee's completed class.
    category = w.past_session.course.category
    category.lifelong_code = "04"
    category.save()
    w.upload_batch = hour_upload_services.upload_batch_create(
        viewer=w.hr_a.user, profile_key="lifelong@2026.1",
        year=w.past_session.start_date.year,
    )  # fmt: skip
    # The volunteer's profile, a shift next week and their place on it.
    w.volunteer_profile = Volunteer.objects.create(
        user=w.volunteer.user, name="志工丙", joined_on=datetime.date(2024, 1, 1)
    )
    w.vol_shift = make_shift(needed=2)
    w.vol_signup = Signup.objects.create(
        shift=w.vol_shift, volunteer=w.volunteer_profile,
        status=SignupStatus.CONFIRMED,
    )  # fmt: skip
    w.clock_request = ClockRequest.objects.create(
        signup=w.vol_signup, reason="忘記掃描",
        clock_in=timezone.now(), clock_out=timezone.now() + datetime.timedelta(hours=1),
    )  # fmt: skip
    return w


world = module_world(build_world)


def _signed_in(client, world, role):
    if role != ANON:
        client.force_login(world.users[role])
    return client


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code in (301, 302):
        location = response["Location"]
        return "/login/" in location or location.split("?")[0] == reverse(
            "wagtailadmin_home"
        )
    return False


def _check(response, role, allowed, label):
    assert response.status_code < 500, (label, role, response.status_code)
    refused = _refused(response)
    if role in allowed:
        assert not refused, (label, role, "refused", response.status_code)
    else:
        assert refused, (label, role, "allowed", response.status_code)


# Site pages --------------------------------------------------------------------

# (label, method, url builder, roles allowed)
SITE = [
    ("home", "get", lambda w: w.home.url, EVERYONE),
    ("course page", "get", lambda w: w.course.url, EVERYONE),
    ("licensing page", "get", lambda w: w.licensing_page.url, EVERYONE),
    ("search", "get", lambda w: reverse("search") + "?q=資訊", EVERYONE),
    ("search_suggest", "get", lambda w: reverse("search_suggest") + "?q=資", EVERYONE),
    ("accounts:login", "get", lambda w: reverse("accounts:login"), EVERYONE),
    # Single sign-on is off here (no DJANGO_OIDC_ISSUER): 404 for all; with a
    # provider, tests/portal/sso walks them.
    ("sso:login", "get", lambda w: reverse("sso:login"), NOBODY),
    ("sso:callback", "get", lambda w: reverse("sso:callback"), NOBODY),
    (
        "recommendation_follow", "get",
        lambda w: reverse("recommendation_follow", args=[w.course.pk]), SIGNED_IN,
    ),
    ("portal:my_classes", "get", lambda w: reverse("portal:my_classes"), SIGNED_IN),
    ("portal:my_hours", "get", lambda w: reverse("portal:my_hours"), SIGNED_IN),
    (
        "portal:enrol", "post",
        lambda w: reverse("portal:enrol", args=[w.session.pk]), SIGNED_IN,
    ),
    (
        "portal:withdraw", "post",
        lambda w: reverse("portal:withdraw", args=[w.alice_enrolment.pk]),
        AGENCY | {TRAINEE},
    ),
    (
        "portal:withdraw confirmation", "get",
        lambda w: reverse("portal:withdraw", args=[w.alice_enrolment.pk]),
        AGENCY | {TRAINEE},
    ),
    (
        "portal:agency_enrolments", "get",
        lambda w: reverse("portal:agency_enrolments"), AGENCY,
    ),
    ("portal:agency_hours", "get", lambda w: reverse("portal:agency_hours"), AGENCY),
    (
        "portal:agency_mandatory", "get",
        lambda w: reverse("portal:agency_mandatory"), AGENCY,
    ),
    ("portal:nominate", "get", lambda w: reverse("portal:nominate"), AGENCY),
    (
        "portal:substitute", "get",
        lambda w: reverse("portal:substitute", args=[w.alice_enrolment.pk]), AGENCY,
    ),
    (
        "portal:transfer", "get",
        lambda w: reverse("portal:transfer", args=[w.alice_enrolment.pk]), AGENCY,
    ),
    (
        "portal:person_detail own agency", "get",
        lambda w: reverse("portal:person_detail", args=[w.alice.pk]),
        AGENCY | {TRAINEE},  # the trainee is alice: her own record
    ),
    (
        "portal:person_detail other agency", "get",
        lambda w: reverse("portal:person_detail", args=[w.bob.pk]), STAFF,
    ),
    (
        "portal:people_search", "get",
        lambda w: reverse("portal:people_search") + "?q=資訊", AGENCY,
    ),
    ("portal:import_upload", "get", lambda w: reverse("portal:import_upload"), AGENCY),
    (
        "portal:import_review", "get",
        lambda w: reverse("portal:import_review", args=[w.batch.pk]), {HR},
    ),
    ("licensing:list", "get", lambda w: reverse("licensing:list"), STAFF | {LIC}),
    (
        "licensing:detail own agency", "get",
        lambda w: reverse("licensing:detail", args=[w.applications["it"].reference]),
        STAFF | {LIC},
    ),
    (
        "licensing:detail other agency", "get",
        lambda w: reverse("licensing:detail", args=[w.applications["edu"].reference]),
        STAFF,
    ),
    (
        "licensing:download forged", "get",
        lambda w: reverse("licensing:download", args=["forged-token"]), NOBODY,
    ),
    (
        "classday:checkin", "post",
        lambda w: reverse("classday:checkin", args=[w.checkin_token]), {TRAINEE},
    ),
    (
        "classday:day", "get",
        lambda w: reverse("classday:day", args=[w.session.pk]), {TRAINEE},
    ),
    (
        "classday:vote", "get",
        lambda w: reverse("classday:vote", args=[w.vote.pk]), ORGANIZERS | {TRAINEE},
    ),
    (
        "classday:vote_results (not published)", "get",
        lambda w: reverse("classday:vote_results", args=[w.vote.pk]), ORGANIZERS,
    ),
    (
        "surveys:answer", "get",
        lambda w: reverse("surveys:answer", args=[w.questionnaire.pk]), {TRAINEE},
    ),
    ("public handout", "get", lambda w: w.public.url, EVERYONE),
    ("enrolled handout", "get", lambda w: w.enrolled.url, STAFF | {TRAINEE}),
    ("staff-only handout", "get", lambda w: w.staff_only.url, STAFF),
    ("lecturers:teaching", "get", lambda w: reverse("lecturers:teaching"), {LECT}),
    ("lecturers:profile", "get", lambda w: reverse("lecturers:profile"), {LECT}),
    (
        "lecturers:bank_account", "post",
        lambda w: reverse("lecturers:bank_account"), {LECT},
    ),
    (
        "lecturers:accept forged", "get",
        lambda w: reverse("lecturers:accept", args=["forged-token"]), NOBODY,
    ),
    ("fees:list", "get", lambda w: reverse("fees:list"), {LECT}),
    ("lecturers:materials", "get", lambda w: reverse("lecturers:materials"), {LECT}),
    (
        "lecturers:material (another's)", "get",
        lambda w: reverse("lecturers:material", args=[w.other_submission.pk]), NOBODY,
    ),
    (
        "lecturers:material_withdraw (another's)", "post",
        lambda w: reverse("lecturers:material_withdraw", args=[w.other_submission.pk]),
        NOBODY,
    ),
    (
        "lecturers:material_download (another's)", "get",
        lambda w: reverse("lecturers:material_download", args=[w.other_submission.pk]),
        ORGANIZERS,  # its reviewers; no other lecturer
    ),
    ("authorizations:list", "get", lambda w: reverse("authorizations:list"), {LECT}),
    (
        "authorizations:detail (own)", "get",
        lambda w: reverse("authorizations:detail", args=[w.authorization.pk]), {LECT},
    ),
    (
        "authorizations:detail (another's)", "get",
        lambda w: reverse("authorizations:detail", args=[w.other_authorization.pk]),
        NOBODY,
    ),
    (
        "authorizations:document (another's)", "get",
        lambda w: reverse("authorizations:document", args=[w.other_authorization.pk]),
        NOBODY,
    ),
    (
        "authorizations:withdraw (another's)", "post",
        lambda w: reverse("authorizations:withdraw", args=[w.other_authorization.pk]),
        NOBODY,
    ),
    (
        "fees:detail own", "get",
        lambda w: reverse("fees:detail", args=[w.fee_statement.pk]), {LECT},
    ),
    (
        "fees:detail other's", "get",
        lambda w: reverse("fees:detail", args=[w.other_fee_statement.pk]), NOBODY,
    ),
    (
        "fees:dispute other's", "post",
        lambda w: reverse("fees:dispute", args=[w.other_fee_statement.pk]), NOBODY,
    ),
    ("feedback:board", "get", lambda w: reverse("feedback:board"), EVERYONE),
    ("feedback:mine", "get", lambda w: reverse("feedback:mine"), SIGNED_IN),
    ("feedback:new", "get", lambda w: reverse("feedback:new"), SIGNED_IN),
    (
        "feedback:withdraw (the trainee's)", "post",
        lambda w: reverse("feedback:withdraw", args=[w.suggestion.pk]), {TRAINEE},
    ),
    ("certificates:mine", "get", lambda w: reverse("certificates:mine"), SIGNED_IN),
    (
        "certificates:request", "post",
        lambda w: reverse("certificates:request"), SIGNED_IN,
    ),
    (
        "certificates:pdf (the trainee's)", "get",
        lambda w: reverse("certificates:pdf", args=[w.certificate.pk]), {TRAINEE},
    ),
    (
        "certificates:verify_form", "get",
        lambda w: reverse("certificates:verify_form"), EVERYONE,
    ),
    (
        "certificates:verify", "get",
        lambda w: reverse("certificates:verify", args=[w.certificate_code]), EVERYONE,
    ),
    (
        "certificates:verify forged", "get",
        lambda w: reverse("certificates:verify", args=[f"{w.certificate.number}-{'A' * 16}"]),
        NOBODY,
    ),
    # After the check-in case: its QR token lives 90 seconds from the world's build.
    ("exchanges:list", "get", lambda w: reverse("exchanges:list"), SIGNED_IN),
    (
        "exchanges:take (a colleague's seat)", "get",
        lambda w: reverse("exchanges:take", args=[w.seat_offer.pk]),
        STAFF | {HR, MOD, LIC},  # the trainee's bureau; hers is withdrawn, not taken
    ),
    (
        "exchanges:assign", "get",
        lambda w: reverse("exchanges:assign", args=[w.seat_offer.pk]), AGENCY,
    ),
    (
        "exchanges:offer (own seat)", "get",
        lambda w: reverse("exchanges:offer", args=[w.exchange_enrolment.pk]),
        {TRAINEE},
    ),
    (
        "exchanges:withdraw (own offer)", "post",
        lambda w: reverse("exchanges:withdraw", args=[w.seat_offer.pk]), {TRAINEE},
    ),
    ("hour_uploads:index", "get", lambda w: reverse("hour_uploads:index"), AGENCY),
    (
        "hour_uploads:detail (the HR officer's)", "get",
        lambda w: reverse("hour_uploads:detail", args=[w.upload_batch.pk]), AGENCY,
    ),
    (
        "hour_uploads:download (the HR officer's)", "post",
        lambda w: reverse("hour_uploads:download", args=[w.upload_batch.pk]), AGENCY,
    ),
    ("volunteers:home", "get", lambda w: reverse("volunteers:home"), {VOL}),
    ("volunteers:hours", "get", lambda w: reverse("volunteers:hours"), {VOL}),
    (
        "volunteers:certificate", "get",
        lambda w: reverse("volunteers:certificate", args=[timezone.localdate().year]),
        {VOL},
    ),
    (
        "volunteers:signup", "post",
        lambda w: reverse("volunteers:signup", args=[w.vol_shift.pk]), {VOL},
    ),
    (
        "volunteers:cancel (own place)", "post",
        lambda w: reverse("volunteers:cancel", args=[w.vol_signup.pk]), {VOL},
    ),
    (
        "volunteers:late (own place)", "get",
        lambda w: reverse("volunteers:late", args=[w.vol_signup.pk]), {VOL},
    ),
    # Any signed-in person may scan; a forged code is refused with 400.
    (
        "volunteers:clock forged", "get",
        lambda w: reverse("volunteers:clock", args=["1:2026-12-01:forged"]), SIGNED_IN,
    ),
    ("volunteers:coverage", "get", lambda w: reverse("volunteers:coverage"), ORGANIZERS),
    ("volunteers:plan", "get", lambda w: reverse("volunteers:plan"), ORGANIZERS),
    (
        "volunteers:shift_detail", "get",
        lambda w: reverse("volunteers:shift_detail", args=[w.vol_shift.pk]), ORGANIZERS,
    ),
    (
        "volunteers:national_export", "post",
        lambda w: reverse("volunteers:national_export"), ORGANIZERS,
    ),
    (
        "volunteers:volunteer_detail", "get",
        lambda w: reverse("volunteers:volunteer_detail", args=[w.volunteer_profile.pk]),
        ORGANIZERS,
    ),
    (
        "volunteers:request_decide", "post",
        lambda w: reverse("volunteers:request_decide", args=[w.clock_request.pk]),
        ORGANIZERS,
    ),
    (
        "volunteers:post_screen", "get",
        lambda w: reverse("volunteers:post_screen", args=[w.vol_shift.post.pk]),
        ORGANIZERS,
    ),
    (
        "volunteers:post_qr", "get",
        lambda w: reverse("volunteers:post_qr", args=[w.vol_shift.post.pk]), ORGANIZERS,
    ),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("label", "method", "url", "allowed"), SITE, ids=[c[0] for c in SITE]
)
def test_site_page(client, world, role, label, method, url, allowed):
    _signed_in(client, world, role)
    response = getattr(client, method)(url(world))
    _check(response, role, allowed, label)


# Wagtail admin -----------------------------------------------------------------

ADMIN_USERS = frozenset({HR, MOD, ORG, ED, SU})  # those with access_admin
PAGE_EDITORS = frozenset({MOD, ED, SU})
DOCUMENTS = frozenset({MOD, ORG, ED, SU})  # collection permissions
PEOPLE_VIEWERS = frozenset({HR, ORG, SU})  # view_person, view_enrolment, ...
REPORTS = STAFF  # Wagtail's reports: institute staff only

ADMIN = [
    ("wagtailadmin_home", lambda w: reverse("wagtailadmin_home"), ADMIN_USERS),
    ("wagtailadmin_account", lambda w: reverse("wagtailadmin_account"), ADMIN_USERS),
    ("people:index", lambda w: reverse("people:index"), PEOPLE_VIEWERS),
    (
        "people:inspect own agency",
        lambda w: reverse("people:inspect", args=[w.alice.pk]), PEOPLE_VIEWERS,
    ),
    (
        "people:inspect other agency",
        lambda w: reverse("people:inspect", args=[w.bob.pk]), ORGANIZERS,
    ),
    (
        "people:history",
        lambda w: reverse("people:history", args=[w.alice.pk]), ORGANIZERS,
    ),
    ("people:usage", lambda w: reverse("people:usage", args=[w.alice.pk]), ORGANIZERS),
    ("enrolments:index", lambda w: reverse("enrolments:index"), PEOPLE_VIEWERS),
    (
        "enrolments:history",
        lambda w: reverse("enrolments:history", args=[w.alice_enrolment.pk]),
        ORGANIZERS,
    ),
    (
        "training_records:index",
        lambda w: reverse("training_records:index"), PEOPLE_VIEWERS,
    ),
    ("outgoing_emails:index", lambda w: reverse("outgoing_emails:index"), ORGANIZERS),
    (
        "site history",
        lambda w: reverse("wagtailadmin_reports:site_history"), REPORTS,
    ),
    (
        "site history results",
        lambda w: reverse("wagtailadmin_reports:site_history_results"), REPORTS,
    ),
    (
        "site history csv",
        lambda w: reverse("wagtailadmin_reports:site_history") + "?export=csv",
        REPORTS,
    ),
    (
        "site history xlsx",
        lambda w: reverse("wagtailadmin_reports:site_history") + "?export=xlsx",
        REPORTS,
    ),
    (
        "locked pages",
        lambda w: reverse("wagtailadmin_reports:locked_pages"), {SU},
    ),
    ("workflows report", lambda w: reverse("wagtailadmin_reports:workflow"), {ED, SU}),
    (
        "workflow tasks report",
        lambda w: reverse("wagtailadmin_reports:workflow_tasks"), {ED, SU},
    ),
    ("aging pages", lambda w: reverse("wagtailadmin_reports:aging_pages"), {ED, SU}),
    (
        "page types usage",
        lambda w: reverse("wagtailadmin_reports:page_types_usage"), {ED, SU},
    ),
    (
        "page search",
        lambda w: reverse("wagtailadmin_pages:search") + "?q=資訊", {ED, SU},
    ),
    ("page explorer", lambda w: reverse("wagtailadmin_explore_root"), PAGE_EDITORS),
    (
        "page edit",
        lambda w: reverse("wagtailadmin_pages:edit", args=[w.course.pk]), PAGE_EDITORS,
    ),
    (
        "page history",
        lambda w: reverse("wagtailadmin_pages:history", args=[w.course.pk]), {ED, SU},
    ),
    (
        "page usage",
        lambda w: reverse("wagtailadmin_pages:usage", args=[w.course.pk]), {ED, SU},
    ),
    (
        "page type usage",
        lambda w: reverse(
            "wagtailadmin_pages:type_use", args=["catalog", "coursepage"]
        ),
        {ED, SU},
    ),
    (
        "sessions (snippet) list",
        lambda w: reverse("wagtailsnippets_catalog_session:list"), STAFF,
    ),
    (
        "sessions (snippet) history",
        lambda w: reverse("wagtailsnippets_catalog_session:history", args=[w.session.pk]),
        ORGANIZERS,  # editors only view sessions
    ),
    (
        "sessions (snippet) usage",
        lambda w: reverse("wagtailsnippets_catalog_session:usage", args=[w.session.pk]),
        ORGANIZERS,
    ),
    (
        "session chooser",
        lambda w: reverse("wagtailsnippetchoosers_catalog_session:choose"), STAFF,
    ),
    ("documents", lambda w: reverse("wagtaildocs:index"), DOCUMENTS),
    ("document upload", lambda w: reverse("wagtaildocs:add"), DOCUMENTS),
    (
        "document usage",
        lambda w: reverse("wagtaildocs:document_usage", args=[w.staff_only.pk]),
        STAFF,
    ),
    ("document chooser", lambda w: reverse("wagtaildocs_chooser:choose"), DOCUMENTS),
    ("images", lambda w: reverse("wagtailimages:index"), PAGE_EDITORS),
    (
        "image chooser",
        lambda w: reverse("wagtailimages_chooser:choose"), PAGE_EDITORS | {ORG},
    ),
    ("workflows", lambda w: reverse("wagtailadmin_workflows:index"), {SU}),
    ("workflow tasks", lambda w: reverse("wagtailadmin_workflows:task_index"), {SU}),
    ("licenses:index", lambda w: reverse("licenses:index"), STAFF),
    (
        "licenses:inspect",
        lambda w: reverse("licenses:inspect", args=[w.applications["it"].pk]), STAFF,
    ),
    (
        "session roster",
        lambda w: reverse("session_roster", args=[w.session.pk]), ORGANIZERS,
    ),
    (
        "session grades",
        lambda w: reverse("session_grades", args=[w.session.pk]), ORGANIZERS,
    ),
    ("elearning_imports", lambda w: reverse("elearning_imports"), ORGANIZERS),
    (
        "elearning_import",
        lambda w: reverse("elearning_import", args=[w.completion_import.pk]),
        ORGANIZERS,
    ),
    (
        "elearning_unfinished",
        lambda w: reverse("elearning_unfinished", args=[w.session.pk]), ORGANIZERS,
    ),
    (
        "grade schemes (snippet) list",
        lambda w: reverse("wagtailsnippets_catalog_gradescheme:list"), STAFF,
    ),
    (
        "course groups (snippet) list",
        lambda w: reverse("wagtailsnippets_catalog_coursegroup:list"), STAFF,
    ),
    (
        "class-day screen",
        lambda w: reverse("classday_screen", args=[w.session.pk]), ORGANIZERS,
    ),
    (
        "class-day projector view",
        lambda w: reverse("classday_projector", args=[w.session.pk]), ORGANIZERS,
    ),
    (
        "class-day settings (snippet) list",
        lambda w: reverse("wagtailsnippets_classday_classdaysettings:list"), STAFF,
    ),
    (
        "class-day settings (snippet) add",
        lambda w: reverse("wagtailsnippets_classday_classdaysettings:add"), ORGANIZERS,
    ),
    (
        "seat plans (snippet) add",
        lambda w: reverse("wagtailsnippets_classday_seatplan:add"), STAFF,
    ),
    (
        "questionnaire results",
        lambda w: reverse("questionnaire_results", args=[w.questionnaire.pk]),
        ORGANIZERS,
    ),
    ("users", lambda w: reverse("wagtailusers_users:index"), {SU}),
    ("groups", lambda w: reverse("wagtailusers_groups:index"), {SU}),
    (
        "recommendation report",
        lambda w: reverse("recommendation_report:index"), {ED, SU},
    ),
    ("lecturer_profiles:index", lambda w: reverse("lecturer_profiles:index"), STAFF),
    (
        "lecturer_profiles:inspect",
        lambda w: reverse("lecturer_profiles:inspect", args=[w.other_lecturer.pk]),
        STAFF,
    ),
    (
        "lecturer_profiles:edit",
        lambda w: reverse("lecturer_profiles:edit", args=[w.other_lecturer.pk]),
        STAFF,
    ),
    ("fees_register", lambda w: reverse("fees_register"), ORGANIZERS),
    ("fees_register_export", lambda w: reverse("fees_register_export"), ORGANIZERS),
    ("fees_disputed", lambda w: reverse("fees_disputed"), ORGANIZERS),
    (
        "fees_statement",
        lambda w: reverse("fees_statement", args=[w.fee_statement.pk]), ORGANIZERS,
    ),
    ("fee_rates:index", lambda w: reverse("fee_rates:index"), ORGANIZERS),
    (
        "authorization register",
        lambda w: reverse("authorizations_admin_register"), STAFF,
    ),
    (
        "authorization register export",
        lambda w: reverse("authorizations_admin_export"), STAFF,
    ),
    (
        "authorization add",
        lambda w: reverse("authorizations_admin_create"), ORGANIZERS,
    ),
    (
        "authorization detail",
        lambda w: reverse("authorizations_admin_detail", args=[w.other_authorization.pk]),
        STAFF,
    ),
    ("fee_settings:index", lambda w: reverse("fee_settings:index"), ORGANIZERS),
    ("lecturer_materials", lambda w: reverse("lecturer_materials"), ORGANIZERS),
    (
        "lecturer_material",
        lambda w: reverse("lecturer_material", args=[w.other_submission.pk]),
        ORGANIZERS,
    ),
    (
        "lecturer_material_download",
        lambda w: reverse("lecturer_material_download", args=[w.other_submission.pk]),
        ORGANIZERS,
    ),
    ("feedback_admin_index", lambda w: reverse("feedback_admin_index"), ORGANIZERS),
    (
        "feedback_admin_detail",
        lambda w: reverse("feedback_admin_detail", args=[w.suggestion.pk]), ORGANIZERS,
    ),
    ("certificates_admin_index", lambda w: reverse("certificates_admin_index"), ORGANIZERS),
    (
        "certificates_admin_session",
        lambda w: reverse("certificates_admin_session", args=[w.past_session.pk]),
        ORGANIZERS,
    ),
    (
        "certificates_admin_detail",
        lambda w: reverse("certificates_admin_detail", args=[w.certificate.pk]),
        ORGANIZERS,
    ),
    (
        "certificates_admin_pdf",
        lambda w: reverse("certificates_admin_pdf", args=[w.certificate.pk]), ORGANIZERS,
    ),
    (
        "courses on the national portals (snippet) list",
        lambda w: reverse("wagtailsnippets_hour_uploads_portalcourse:list"),
        {ED, SU},
    ),
    (
        "certificate templates (snippet) list",
        lambda w: reverse("wagtailsnippets_certificates_certificatetemplate:list"),
        ORGANIZERS,
    ),
    ("hr_sync_runs:index", lambda w: reverse("hr_sync_runs:index"), STAFF),
    ("import_audit:index", lambda w: reverse("import_audit:index"), STAFF),
    ("identity_disclosures:index", lambda w: reverse("identity_disclosures:index"), STAFF),
    (
        "volunteer duties (snippet) list",
        lambda w: reverse("wagtailsnippets_volunteers_duty:list"), ORGANIZERS,
    ),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("label", "url", "allowed"), ADMIN, ids=[c[0] for c in ADMIN])
def test_admin_view(client, world, role, label, url, allowed):
    _signed_in(client, world, role)
    _check(client.get(url(world)), role, allowed, label)


# API -------------------------------------------------------------------------------


def _api_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path, operation["operationId"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    )


# operationId -> roles allowed (every operation of the schema must be listed).
API = {
    "auth_token_create": EVERYONE,
    "auth_tokens_list": SIGNED_IN,
    "auth_tokens_destroy": {TRAINEE},  # the trainee's own token; nobody else's
    "categories_list": EVERYONE,
    "courses_list": EVERYONE,
    "courses_retrieve": EVERYONE,
    "courses_facets_retrieve": EVERYONE,
    "news_list": EVERYONE,
    "venues_list": EVERYONE,
    "sessions_retrieve": EVERYONE,
    "licensing_materials_list": EVERYONE,
    "me_retrieve": SIGNED_IN,
    "me_enrolments_list": SIGNED_IN,
    "me_enrolments_offer_seat_create": {TRAINEE},  # her own (400: offered already)
    "seat_offers_list": SIGNED_IN,
    "seat_offers_withdraw_create": {TRAINEE},
    # The trainee's bureau and staff (staff without a bureau: 400); hers: 400.
    "seat_offers_take_create": STAFF | {HR, MOD, LIC, TRAINEE},
    "me_recommendations_list": SIGNED_IN,
    "me_study_hours_list": SIGNED_IN,
    "me_hours_retrieve": SIGNED_IN,
    "records_list": SIGNED_IN,
    "sessions_enrol_create": SIGNED_IN,
    "checkin_create": SIGNED_IN,
    "enrolments_withdraw_create": AGENCY | {TRAINEE},
    "enrolments_substitute_create": AGENCY,
    "enrolments_transfer_create": AGENCY,  # 400 without a session
    "agency_enrolments_list": AGENCY,
    "agency_nominations_create": AGENCY,
    "agency_people_list": AGENCY,
    "agency_people_retrieve": AGENCY,
    "agency_study_hours_list": AGENCY,
    "agency_study_hours_export_retrieve": AGENCY,
    "agency_mandatory_training_retrieve": AGENCY,
    "agency_mandatory_training_export_retrieve": AGENCY,
    "handouts_download_retrieve": STAFF | {TRAINEE},
    "handouts_link_create": STAFF | {TRAINEE},
    "me_sessions_day_retrieve": {TRAINEE},
    "me_sessions_leave_create": {TRAINEE},
    "me_sessions_meal_update": {TRAINEE},
    "questionnaires_retrieve": {TRAINEE},
    "questionnaires_create": {TRAINEE},
    "questionnaires_results_retrieve": ORGANIZERS,
    "votes_retrieve": ORGANIZERS | {TRAINEE},
    "votes_create": {TRAINEE},
    "votes_status_create": ORGANIZERS,
    "sessions_arrivals_list": ORGANIZERS,
    "sessions_grades_list": ORGANIZERS,
    "sessions_grades_create": ORGANIZERS,  # 400 without rows
    "sessions_honours_retrieve": ORGANIZERS,
    "sessions_honours_create": ORGANIZERS,  # 400 without an action
    "sessions_online_completions_create": ORGANIZERS,  # 400 without ids
    "sessions_online_unfinished_list": ORGANIZERS,
    "sessions_kiosk_create": ORGANIZERS,
    "sessions_leave_requests_list": ORGANIZERS,
    "sessions_marks_create": ORGANIZERS,
    "sessions_meals_list": ORGANIZERS,
    "sessions_votes_create": ORGANIZERS,
    "leave_requests_decision_create": ORGANIZERS,
    "licensing_applications_list": STAFF | {LIC},
    "licensing_applications_create": {LIC},
    "licensing_applications_retrieve": STAFF | {LIC},
    "licensing_applications_transition_create": ORGANIZERS,
    "licensing_download_retrieve": NOBODY,  # a forged token
    "me_teaching_list": {LECT},
    "me_lecturer_profile_retrieve": {LECT},
    "me_lecturer_profile_partial_update": {LECT},
    "me_lecturer_profile_bank_account_create": {LECT},
    "me_fee_statements_list": {LECT},
    "me_fee_statements_retrieve": {LECT},
    "me_fee_statements_confirm_create": {LECT},  # 400 without the consent
    "me_fee_statements_dispute_create": {LECT},  # 400 without a comment
    "me_payments_list": {LECT},
    "fee_rates_list": ORGANIZERS,
    "fee_statements_list": ORGANIZERS,
    "fee_statements_retrieve": ORGANIZERS,
    "fee_statements_lines_adjust_create": ORGANIZERS,
    "lecturers_list": STAFF,
    "lecturers_retrieve": STAFF,
    "me_authorizations_list": {LECT},
    "me_authorizations_retrieve": {LECT},
    "me_authorizations_sign_create": {LECT},  # 400 without consent or signature
    "me_authorizations_decline_create": {LECT},
    "me_authorizations_withdraw_create": {LECT},  # 400: not signed
    "me_authorizations_document_retrieve": NOBODY,  # another lecturer's
    "authorizations_list": STAFF,
    "authorizations_retrieve": STAFF,
    "me_materials_list": {LECT},
    "me_materials_create": {LECT},  # 415: the upload is multipart
    "me_materials_retrieve": NOBODY,  # another lecturer's
    "me_materials_partial_update": NOBODY,
    "me_materials_destroy": NOBODY,
    "me_materials_download_retrieve": NOBODY,
    "materials_list": ORGANIZERS,
    "materials_download_retrieve": ORGANIZERS,
    "materials_accept_create": ORGANIZERS,
    "materials_return_create": ORGANIZERS,  # 400 without a comment
    "me_suggestions_list": SIGNED_IN,
    "me_suggestions_create": SIGNED_IN,  # 400 without a subject
    "me_suggestions_retrieve": {TRAINEE},  # the trainee's own; nobody else's
    "me_suggestions_withdraw_create": {TRAINEE},
    "suggestions_published_list": EVERYONE,
    "suggestions_list": ORGANIZERS,  # those with feedback.reply_suggestion
    "suggestions_retrieve": ORGANIZERS,
    "suggestions_reply_create": ORGANIZERS,  # 400 without a reply
    "suggestions_status_create": ORGANIZERS,  # 400 without a status
    "suggestions_publish_create": ORGANIZERS,  # 400 without published
    "me_certificates_list": SIGNED_IN,
    "me_certificates_create": SIGNED_IN,  # 400 without a record
    "me_certificates_pdf_retrieve": {TRAINEE},  # the trainee's own
    "certificates_list": AGENCY,  # an HR officer sees their agency's people
    "certificates_revoke_create": ORGANIZERS,  # 400 without a reason
    "certificates_verify_retrieve": EVERYONE,
    "hour_uploads_profiles_list": AGENCY,
    "hour_uploads_preview_retrieve": AGENCY,  # 400 without a profile and year
    "hour_uploads_list": AGENCY,
    "volunteer_shifts_list": {VOL},
    "volunteer_shifts_signup_create": {VOL},  # already signed up: 400
    # Everyone's list is scoped: others get an empty page.
    "volunteer_signups_list": SIGNED_IN,
    "volunteer_signups_cancel_create": ORGANIZERS | {VOL},
    # An empty body is refused (400) before the code is read.
    "volunteer_clock_create": SIGNED_IN,
    "volunteer_hours_retrieve": {VOL},
    "volunteer_coverage_list": ORGANIZERS,
    "hour_uploads_create": AGENCY,  # 400 without a profile and year
    "hour_uploads_retrieve": AGENCY,  # the HR officer's agency's batch
    "hour_uploads_rows_list": AGENCY,
    "hour_uploads_download_create": AGENCY,
    "hour_uploads_result_create": AGENCY,  # 415: the upload is multipart
}


def _api_path(world, path, operation_id):
    """The schema's path with the world's objects for its parameters."""
    ids = {
        "agency_people_retrieve": world.alice.pk,
        "courses_retrieve": world.course.pk,
        "sessions_retrieve": world.session.pk,
        "enrolments_withdraw_create": world.alice_enrolment.pk,
        "me_enrolments_offer_seat_create": world.exchange_enrolment.pk,
        "seat_offers_withdraw_create": world.seat_offer.pk,
        "seat_offers_take_create": world.seat_offer.pk,
        "volunteer_shifts_signup_create": world.vol_shift.pk,
        "volunteer_signups_cancel_create": world.vol_signup.pk,
        "enrolments_substitute_create": world.alice_enrolment.pk,
        "enrolments_transfer_create": world.alice_enrolment.pk,
        "handouts_download_retrieve": world.enrolled.pk,
        "handouts_link_create": world.enrolled.pk,
        "leave_requests_decision_create": world.leave.pk,
        "questionnaires_retrieve": world.questionnaire.pk,
        "questionnaires_create": world.questionnaire.pk,
        "questionnaires_results_retrieve": world.questionnaire.pk,
        "auth_tokens_destroy": world.tokens[TRAINEE][0].pk,
        "me_fee_statements_retrieve": world.fee_statement.pk,
        "fee_statements_retrieve": world.fee_statement.pk,
        "fee_statements_lines_adjust_create": world.fee_statement.pk,
        "lecturers_retrieve": world.other_lecturer.pk,
        "me_fee_statements_confirm_create": world.fee_statement.pk,
        "me_fee_statements_dispute_create": world.fee_statement.pk,
        "me_authorizations_retrieve": world.authorization.pk,
        "me_authorizations_sign_create": world.authorization.pk,
        "me_authorizations_decline_create": world.authorization.pk,
        "me_authorizations_withdraw_create": world.authorization.pk,
        "me_authorizations_document_retrieve": world.other_authorization.pk,
        "authorizations_retrieve": world.other_authorization.pk,
        "me_certificates_pdf_retrieve": world.certificate.pk,
        "certificates_revoke_create": world.certificate.pk,
        **dict.fromkeys(
            (
                "hour_uploads_retrieve",
                "hour_uploads_rows_list",
                "hour_uploads_download_create",
                "hour_uploads_result_create",
            ),
            world.upload_batch.pk,
        ),
        **dict.fromkeys(
            (
                "me_suggestions_retrieve",
                "me_suggestions_withdraw_create",
                "suggestions_retrieve",
                "suggestions_reply_create",
                "suggestions_status_create",
                "suggestions_publish_create",
            ),
            world.suggestion.pk,
        ),
        **dict.fromkeys(
            (
                "me_materials_retrieve",
                "me_materials_partial_update",
                "me_materials_destroy",
                "me_materials_download_retrieve",
                "materials_download_retrieve",
                "materials_accept_create",
                "materials_return_create",
            ),
            world.other_submission.pk,
        ),
    }
    return (
        path.replace("{id}", str(ids.get(operation_id, 0)))
        .replace("{session_id}", str(world.session.pk))
        .replace("{vote_id}", str(world.vote.pk))
        .replace("{line_id}", str(world.fee_line.pk))
        .replace("{reference}", world.applications["it"].reference)
        .replace("{token}", "forged-token")
        .replace("{code}", world.certificate_code)
    )


def _api_body(world, operation_id):
    """A valid body where a refusal could otherwise hide behind a 400."""
    return {
        "votes_create": {"option": world.vote.options.first().pk},
        "licensing_applications_transition_create": {"to_status": "under_review"},
        "fee_statements_lines_adjust_create": {"amount": 1500, "reason": "矩陣"},
    }.get(operation_id, {})


API_OPERATIONS = _api_operations()


def test_every_api_operation_has_an_expectation():
    assert {op for _m, _p, op in API_OPERATIONS} == set(API)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path", "operation_id"),
    API_OPERATIONS,
    ids=[op for _m, _p, op in API_OPERATIONS],
)
def test_api_operation(world, role, method, path, operation_id):
    client = APIClient()
    if role != ANON:
        _token, plaintext = world.tokens[role]
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    response = getattr(client, method.lower())(
        _api_path(world, path, operation_id), _api_body(world, operation_id),
        format="json",
    )  # fmt: skip
    _check(response, role, API.get(operation_id, NOBODY), operation_id)
