"""A small Moodle-compatible web service for the pull's tests: a real HTTP
server in a thread that answers ``/webservice/rest/server.php`` with the
shapes Moodle's external functions return (completion/classes/external.php,
enrol/externallib.php, course/externallib.php), including Moodle's error JSON
(HTTP 200 with ``exception``/``errorcode``/``message``)."""

import json
import threading
import time
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

TOKEN = "test-token-0123456789"


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _error(errorcode, message, exception="moodle_exception"):
    return {"exception": exception, "errorcode": errorcode, "message": message}


class FakeMoodle:
    """``courses``: {id: {"idnumber", "users": [user dicts], "completed": {user
    id: timestamp}}}. ``calls`` records each function asked."""

    def __init__(self, courses, *, delay=0.0):
        self.courses = courses
        self.delay = delay
        self.calls = []
        self.server = make_server("127.0.0.1", 0, self.app, handler_class=_Quiet)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def app(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode()
        params = {k: v[0] for k, v in parse_qs(body).items()}
        params.update(
            {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        )
        if self.delay:
            time.sleep(self.delay)
        if environ["PATH_INFO"] != "/webservice/rest/server.php":
            start_response("404 Not Found", [("Content-Type", "text/html")])
            return [b"<h1>Not found</h1>"]
        self.calls.append(params.get("wsfunction"))
        answer = self.answer(params)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(answer).encode()]

    def answer(self, params):
        if params.get("wstoken") != TOKEN:
            return _error("invalidtoken", "Invalid token - token not found",
                          "moodle_exception")  # fmt: skip
        if params.get("moodlewsrestformat") != "json":
            return _error("invalidparameter", "Invalid parameter value detected")
        function = params.get("wsfunction")
        if function == "core_course_get_courses_by_field":
            found = [
                {"id": cid, "shortname": f"C{cid}", "fullname": f"Course {cid}",
                 "displayname": f"Course {cid}", "idnumber": course["idnumber"],
                 "categoryid": 1, "format": "topics", "enablecompletion": 1}
                for cid, course in self.courses.items()
                if params.get("field") == "idnumber"
                and course["idnumber"] == params.get("value")
            ]  # fmt: skip
            return {"courses": found, "warnings": []}
        course = self.courses.get(int(params.get("courseid", 0)))
        if function == "core_enrol_get_enrolled_users":
            if course is None:
                return _error("invalidrecord", "Can't find data record in database table course.",
                              "dml_missing_record_exception")  # fmt: skip
            return course["users"]
        if function == "core_completion_get_course_completion_status":
            userid = int(params.get("userid", 0))
            if course is None or userid not in {u["id"] for u in course["users"]}:
                return _error("usernotenroled", "User is not enrolled in this course")
            done = course["completed"].get(userid)
            return {
                "completionstatus": {
                    "completed": done is not None,
                    "aggregation": 1,
                    "completions": [
                        {"type": 4, "title": "Activity completion", "status": "Yes" if done else "No",
                         "complete": done is not None, "timecompleted": done,
                         "details": {"type": "Activity completion", "criteria": "Quiz",
                                     "requirement": "Marking yourself complete",
                                     "status": ""}},
                    ],
                },
                "warnings": [],
            }  # fmt: skip
        return _error(
            "accessexception", "Access control exception",
            "webservice_access_exception",
        )  # fmt: skip


def moodle_user(uid, username, email="", idnumber=""):
    return {
        "id": uid, "username": username, "firstname": username, "lastname": "",
        "fullname": username, "email": email, "idnumber": idnumber,
        "firstaccess": 0, "lastaccess": 0, "lastcourseaccess": 0,
        "roles": [{"roleid": 5, "name": "", "shortname": "student", "sortorder": 0}],
        "enrolledcourses": [],
    }  # fmt: skip
