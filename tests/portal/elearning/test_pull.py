"""The pull from a Moodle-compatible web service, against a real local HTTP
server with Moodle's response shapes: success, a platform that is down or slow,
and a refused token."""

import datetime
import socket

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.elearning import moodle, services
from portal.elearning.models import CompletionImport, ImportStatus, Source
from portal.records.models import TrainingRecord
from tests.factories.elearning import make_elearning_world

from .fake_moodle import TOKEN, FakeMoodle, moodle_user

pytestmark = pytest.mark.django_db

YESTERDAY = int(
    (timezone.now() - datetime.timedelta(days=1)).replace(microsecond=0).timestamp()
)


@pytest.fixture
def w(catalog):
    return make_elearning_world(catalog)


def _platform():
    """Course 77 (the blended one): alice finished yesterday, bob not yet; course
    78 (idnumber ONL-2, the online one): bob finished, found by his e-mail."""
    return {
        77: {
            "idnumber": "",
            "users": [
                moodle_user(11, "el_alice", "alice@example.test"),
                moodle_user(12, "el_bob", "bob@example.test"),
                moodle_user(13, "someone_else", "else@example.test"),
            ],
            "completed": {11: YESTERDAY},
        },
        78: {
            "idnumber": "ONL-2",
            "users": [moodle_user(21, "b.platform", "Bob@Example.test")],
            "completed": {21: YESTERDAY},
        },
    }


def _configure(settings, url, token=TOKEN, timeout=5):
    settings.ELEARNING = {**settings.ELEARNING, "URL": url, "TOKEN": token,
                          "TIMEOUT": timeout}  # fmt: skip


def _record(enrolment):
    return TrainingRecord.objects.filter(enrolment=enrolment).first()


def test_the_pull_records_who_finished_and_asks_only_about_those_waiting(w, settings):
    with FakeMoodle(_platform()) as platform:
        _configure(settings, platform.url)
        call_command("elearning_pull", verbosity=0)
        batch = CompletionImport.objects.get()
        assert batch.source == Source.MOODLE and batch.status == ImportStatus.APPLIED
        assert (batch.total, batch.recorded) == (2, 2)
        alice = _record(w.alice_blended)
        assert int(alice.online_completed_at.timestamp()) == YESTERDAY
        assert _record(w.bob_online).completed
        assert _record(w.bob_blended) is None  # not finished on the platform
        # Nobody unknown to us is asked about.
        asked = platform.calls.count("core_completion_get_course_completion_status")
        assert asked == 3  # alice and bob in 77, bob in 78
        assert "core_course_get_courses_by_field" in platform.calls

        # Again: only bob's blended part is still awaited; nothing new is recorded.
        platform.calls.clear()
        call_command("elearning_pull", verbosity=0)
        again = CompletionImport.objects.latest("pk")
        assert (again.recorded, again.total) == (0, 0)
        assert platform.calls.count("core_completion_get_course_completion_status") == 1


def test_a_platform_that_is_down_changes_nothing_and_logs_a_failed_run(w, settings):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    _configure(settings, f"http://127.0.0.1:{port}")
    with pytest.raises(CommandError):
        call_command("elearning_pull", verbosity=0)
    batch = CompletionImport.objects.get()
    assert batch.status == ImportStatus.FAILED
    assert "could not be reached" in batch.error or "無法" in batch.error
    assert not TrainingRecord.objects.exists()


def test_a_slow_platform_times_out_and_changes_nothing(w, settings):
    with FakeMoodle(_platform(), delay=1.5) as platform:
        _configure(settings, platform.url, timeout=0.3)
        with pytest.raises(moodle.PlatformError):
            services.elearning_pull()
    assert CompletionImport.objects.get().status == ImportStatus.FAILED
    assert not TrainingRecord.objects.exists()


def test_a_refused_token_is_reported_with_moodles_error_code(w, settings):
    with FakeMoodle(_platform()) as platform:
        _configure(settings, platform.url, token="wrong")
        with pytest.raises(moodle.PlatformError) as refused:
            services.elearning_pull()
    assert refused.value.code == "invalidtoken"
    batch = CompletionImport.objects.get()
    assert batch.status == ImportStatus.FAILED and "invalidtoken" in batch.error
    assert "wrong" not in batch.error  # the token is never logged
    assert not TrainingRecord.objects.exists()


def test_a_failure_midway_records_nothing_of_the_earlier_courses(w, settings):
    with FakeMoodle(_platform()) as platform:
        _configure(settings, platform.url)
        original = platform.answer

        def broken(params):  # course 77 answers, then 78's users fail
            if (
                params.get("wsfunction") == "core_enrol_get_enrolled_users"
                and params.get("courseid") == "78"
            ):
                return {"exception": "dml_read_exception", "errorcode": "dmlreadexception",
                        "message": "Error reading from database"}  # fmt: skip
            return original(params)

        platform.answer = broken
        with pytest.raises(moodle.PlatformError):
            services.elearning_pull()
    assert not TrainingRecord.objects.exists()  # alice's course-77 completion too


def test_nothing_happens_while_the_platform_is_not_configured(w, settings, capsys):
    _configure(settings, "", token="")
    call_command("elearning_pull")
    assert "not configured" in capsys.readouterr().out
    assert not CompletionImport.objects.exists()


def test_the_pull_is_a_periodic_job():
    from portal.scheduler.jobs import job_get

    assert job_get("elearning_pull").command == "elearning_pull"
