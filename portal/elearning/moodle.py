"""The e-learning platform's web service (Moodle's REST protocol): which of the
trainees we wait for have finished a course, and when.

Functions used (Moodle 2.9+; the token's service must allow them):
``core_course_get_courses_by_field`` (a course ID that is not a number is taken
as the course's ``idnumber``), ``core_enrol_get_enrolled_users`` and
``core_completion_get_course_completion_status``. Calls are POSTs to
``<DJANGO_ELEARNING_URL>/webservice/rest/server.php`` with the token in the body
(never in a URL that proxies log). Errors are ``PlatformError``; nothing here
writes."""

import datetime
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .completions import Completion

SERVER_PATH = "/webservice/rest/server.php"
MAX_RESPONSE = 20 * 1024 * 1024
# Per-person answers that concern that person only: reported, the run goes on.
PERSON_ERRORS = frozenset(
    {"usernotenroled", "notenroled", "nocriteriaset", "cannotviewreport"}
)


class PlatformError(Exception):
    """The platform could not be asked, or refused: ``code`` is Moodle's
    ``errorcode`` when it answered with one."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.code = code


@dataclass
class Client:
    url: str
    token: str
    timeout: float = 20.0

    @classmethod
    def from_settings(cls) -> "Client | None":
        """The configured platform, or None if DJANGO_ELEARNING_URL or
        DJANGO_ELEARNING_TOKEN is empty."""
        config = settings.ELEARNING
        if not config.get("URL") or not config.get("TOKEN"):
            return None
        return cls(
            url=config["URL"], token=config["TOKEN"], timeout=config.get("TIMEOUT", 20)
        )

    @property
    def endpoint(self) -> str:
        url = self.url.rstrip("/")
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise PlatformError(_("DJANGO_ELEARNING_URL must be an http(s) address."))
        return url if url.endswith(".php") else url + SERVER_PATH

    def call(self, function: str, **params):
        """One web service function's JSON answer; PlatformError otherwise."""
        body = urllib.parse.urlencode(
            {
                "wstoken": self.token,
                "wsfunction": function,
                "moodlewsrestformat": "json",
                **params,
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (http(s) only: endpoint)
            self.endpoint,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(  # noqa: S310 (http(s) only: endpoint)
                request, timeout=self.timeout
            ) as response:
                raw = response.read(MAX_RESPONSE + 1)
        except urllib.error.HTTPError as error:
            raise PlatformError(
                _("The e-learning platform answered HTTP %(status)s to %(function)s.")
                % {"status": error.code, "function": function}
            ) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise PlatformError(
                _("The e-learning platform could not be reached: %(reason)s.")
                % {"reason": str(reason)[:200]}
            ) from error
        if len(raw) > MAX_RESPONSE:
            raise PlatformError(_("The e-learning platform's answer is too large."))
        try:
            data = json.loads(raw)
        except ValueError as error:
            raise PlatformError(
                _("The e-learning platform's answer to %(function)s is not JSON.")
                % {"function": function}
            ) from error
        if isinstance(data, dict) and "exception" in data:
            code = str(data.get("errorcode", ""))[:100]
            raise PlatformError(
                _("The e-learning platform refused %(function)s: %(code)s %(message)s")
                % {
                    "function": function,
                    "code": code,
                    "message": str(data.get("message", ""))[:300],
                },
                code=code,
            )
        return data


def _platform_course_id(client: Client, key: str) -> int | None:
    if key.isdigit():
        return int(key)
    answer = client.call(
        "core_course_get_courses_by_field", field="idnumber", value=key
    )
    courses = answer.get("courses", []) if isinstance(answer, dict) else []
    return int(courses[0]["id"]) if courses else None


def _finished_at(status: dict) -> datetime.datetime:
    """When the course was completed: the latest time a criterion was, or now
    (Moodle gives no course completion time through this function)."""
    times = [
        int(c["timecompleted"])
        for c in status.get("completions", [])
        if c.get("complete") and c.get("timecompleted")
    ]
    if not times:
        return timezone.now()
    return datetime.datetime.fromtimestamp(max(times), tz=datetime.UTC)


def _waiting_for(enrolments):
    usernames, numbers, emails = set(), set(), set()
    for enrolment in enrolments:
        user = enrolment.user
        person = getattr(user, "person", None)
        usernames.add(user.username)
        if person is not None and person.employee_number:
            numbers.add(person.employee_number)
        for email in (user.email, person.email if person else ""):
            if email:
                emails.add(email.lower())
    return usernames, numbers, emails


def completions_fetch(*, client: Client, targets: dict) -> tuple[list, list]:
    """The completions of the people ``targets`` waits for, by course platform
    ID, and the problems (a course or person the platform does not know).
    PlatformError (nothing fetched counts) if the platform fails."""
    completions, problems, row = [], [], 0
    for key, enrolments in sorted(targets.items()):
        course_id = _platform_course_id(client, key)
        if course_id is None:
            problems.append(
                {
                    "row": 0,
                    "course": key,
                    "person": "",
                    "code": "platform_error",
                    "message": _("The platform has no course “%(course)s”.")
                    % {"course": key},
                }
            )
            continue
        usernames, numbers, emails = _waiting_for(enrolments)
        users = client.call("core_enrol_get_enrolled_users", courseid=course_id)
        if not isinstance(users, list):
            raise PlatformError(
                _("The e-learning platform's list of enrolled users is not a list.")
            )
        for user in users:
            if not isinstance(user, dict) or "id" not in user:
                continue
            username = str(user.get("username", ""))
            number = str(user.get("idnumber", "") or "")
            email = str(user.get("email", "") or "")
            if not (
                username in usernames or number in numbers or email.lower() in emails
            ):
                continue
            try:
                answer = client.call(
                    "core_completion_get_course_completion_status",
                    courseid=course_id,
                    userid=user["id"],
                )
            except PlatformError as error:
                if error.code not in PERSON_ERRORS:
                    raise
                problems.append(
                    {
                        "row": 0,
                        "course": key,
                        "person": username,
                        "code": "platform_error",
                        "message": str(error),
                    }
                )
                continue
            status = (
                answer.get("completionstatus", {}) if isinstance(answer, dict) else {}
            )
            if not status.get("completed"):
                continue
            row += 1
            completions.append(
                Completion(
                    row=row,
                    course=key,
                    completed_at=_finished_at(status),
                    username=username[:150],
                    employee_number=number[:30],
                    email=email[:254],
                )
            )
    return completions, problems
