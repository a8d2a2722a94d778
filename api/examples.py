"""Examples shown in the OpenAPI schema and the interactive docs."""

from drf_spectacular.utils import OpenApiExample

SESSION = {
    "id": 42, "course_id": 7, "code": "B00492", "term": 2,
    "start_date": "2026-12-07", "end_date": "2026-12-08",
    "venue": {"id": 3, "name": "201 教室", "building": "教學大樓",
              "address": "臺北市文山區萬美街一段19號", "capacity": 60, "accessible": True},
    "capacity": 40, "registration_opens": "2026-10-23T09:00:00+08:00",
    "registration_closes": "2026-11-30T17:00:00+08:00", "delivery_mode": "classroom",
    "status": "open", "open_for_registration": True,
}  # fmt: skip

COURSE = {
    "id": 7, "title": "公文寫作實務班", "title_en": "Official Document Writing",
    "slug": "b00492", "url": "https://learn.example.gov.tw/catalog/b00492/",
    "summary": "掌握公文格式與用語，提升行政效率。",
    "category": {"id": 5, "name": "公共服務", "name_en": "Public service", "slug": "service"},
    "study_hours": "12.0", "delivery_mode": "classroom", "elearning_url": "",
    "next_session_start": "2026-12-07", "registration_open": True,
    "upcoming_sessions": [SESSION],
}  # fmt: skip

COURSE_LIST = OpenApiExample(
    "Courses",
    value={"count": 1, "next": None, "previous": None, "results": [COURSE]},
    response_only=True,
)
FACETS = OpenApiExample(
    "Facets",
    value={
        "total": 12,
        "category": [{"value": "it", "label": "資訊科技", "count": 5}],
        "mode": [{"value": "classroom", "label": "實體課程", "count": 9}],
        "month": [{"value": "2026-12", "label": "2026-12", "count": 4}],
        "open_for_registration": 3,
    },
    response_only=True,
)
ME = OpenApiExample(
    "Trainee",
    value={
        "username": "trainee",
        "roles": ["Trainees"],
        "scope": "self",
        "person": {
            "id": 1,
            "name": "王小明",
            "agency": {"id": 88, "code": "379121020A", "name": "資訊局業務一科"},
            "employee_number": "E000101",
            "job_title": "專員",
            "grade": "薦任第七職等",
            "email": "trainee@example.gov.tw",
            "national_id_masked": "A*******89",
        },
    },  # fmt: skip
    response_only=True,
)
ENROLMENT = OpenApiExample(
    "Selected",
    value={
        "id": 9,
        "person_name": "王小明",
        "session": {
            "id": 42,
            "code": "B00492",
            "term": 2,
            "course_id": 7,
            "course_title": "公文寫作實務班",
            "start_date": "2026-12-07",
            "end_date": "2026-12-08",
        },
        "agency": {"id": 88, "code": "379121020A", "name": "資訊局業務一科"},
        "status": "selected",
        "source": "self",
        "created_at": "2026-11-22T09:30:00+08:00",
        "record": None,
    },  # fmt: skip
    response_only=True,
)


def page_of(name, item):
    """A paginated list example holding one item."""
    return OpenApiExample(
        name,
        value={"count": 1, "next": None, "previous": None, "results": [item]},
        response_only=True,
    )


def one(name, value):
    return OpenApiExample(name, value=value, response_only=True)


CATEGORY = {"id": 5, "name": "公共服務", "name_en": "Public service", "slug": "service"}
VENUE = SESSION["venue"]
TIMETABLE = [
    {"date": "2026-12-07", "start_time": "09:30:00", "end_time": "12:30:00",
     "topic": "公文格式與用語", "lecturer": "林志明"},
]  # fmt: skip
SESSION_DETAIL = {**SESSION, "timetable": TIMETABLE}
COURSE_DETAIL = {
    **COURSE,
    "upcoming_sessions": [SESSION_DETAIL],
    "audience": "本府各機關學校公務人員。",
    "objectives": ["瞭解公文格式", "能寫出清楚的簽稿"],
    "outline": [{"title": "公文格式", "hours": "3.0", "description": ""}],
    "competencies": ["溝通協調"],
    "lecturers": [{"id": 2, "name": "林志明", "title": "臺北市政府法務局專門委員"}],
    "past_sessions": [],
    "handouts": [
        {"id": 11, "title": "公文寫作實務班 課程簡介", "file_extension": "pdf",
         "file_size": 18234, "visibility": "public", "session_id": None,
         "can_download": True,
         "download_url": "https://learn.example.gov.tw/api/v1/handouts/11/download/"},
    ],
}  # fmt: skip
NEWS = {"id": 30, "title": "QR Code 電子簽到說明", "date": "2026-11-20",
        "introduction": "學員報到時請以手機掃描 QR Code。",
        "url": "https://learn.example.gov.tw/news/news-3/"}  # fmt: skip
PERSON = ME.value["person"]
HOURS = {"year": 2026, "hours": "24.0", "sessions_completed": 3}
AGENCY_HOURS = {
    "person_id": 1, "name": "王小明", "national_id_masked": "A*******89",
    "employee_number": "E000101", "agency": PERSON["agency"], "job_title": "專員",
    "hours": "24.0", "sessions_completed": 3,
}  # fmt: skip
RECORD = {
    "id": 5, "person_name": "王小明", "session": ENROLMENT.value["session"], "year": 2026,
    "attendance": "attended", "hours": "12.0", "grade": "92.0", "grade_band": "優",
    "grade_parts": {"report": "88.0", "test": "95.0"}, "grade_adjustment": None,
    "grade_adjustment_reason": "", "honours_rank": 2, "completed": True,
}  # fmt: skip
TOKEN = {"id": 3, "name": "手機 App", "prefix": "wagtail_CL2U",
         "created": "2026-11-22T08:18:55+08:00", "last_used_at": None}  # fmt: skip
TOKEN_CREATED = {"id": 3, "token": "wagtail_…", "name": "手機 App",
                 "created": "2026-11-22T08:18:55+08:00"}  # fmt: skip
LINK = {"url": "https://learn.example.gov.tw/api/v1/handouts/12/download/?signature=…",
        "expires_at": "2026-11-22T09:40:00+08:00"}  # fmt: skip
NOMINATIONS = [
    {"person_id": 1, "enrolment": ENROLMENT.value, "error": None, "error_codes": []},
    {"person_id": 2, "enrolment": None, "error": "This person is not in your agency.",
     "error_codes": ["out_of_scope"]},
    {"person_id": 3, "enrolment": None,
     "error": "李大華 already completed 公文寫作實務班 on 2025-05-09. To nominate them "
              "again on purpose, tick \"Nominate again (retake on purpose)\".",
     "error_codes": ["already_completed"]},
]  # fmt: skip
NOMINATION_REQUEST = OpenApiExample(
    "Nominate two people", value={"session": 42, "people": [1, 3], "retake": False},
    request_only=True,
)  # fmt: skip

LICENSABLE_MATERIAL = {
    "id": 12, "title": "資訊安全基礎班 課程講義", "course_id": 7,
    "course_title": "資訊安全基礎班",
}  # fmt: skip
LICENSE = {
    "reference": "L2026-00003", "agency": "新北市政府人事處", "applicant": "licensee",
    "status": "granted", "materials": [LICENSABLE_MATERIAL],
    "purpose": "新進人員資安訓練", "audience": "本府新進人員",
    "period_start": "2026-12-01", "period_end": "2027-03-31", "users_count": 40,
    "conditions": "僅限內部訓練使用，須註明出處。", "refusal_reason": "",
    "submitted_at": "2026-11-22T10:00:00+08:00",
    "granted_at": "2026-11-24T15:00:00+08:00",
    "links_expire_at": "2026-12-24T15:00:00+08:00",
    "events": [{"status": "submitted", "at": "2026-11-22T10:00:00+08:00", "note": ""},
               {"status": "granted", "at": "2026-11-24T15:00:00+08:00", "note": ""}],
    "download_links": [{"material_id": 12, "title": "資訊安全基礎班 課程講義",
                        "url": "https://learn.example.gov.tw/api/v1/licensing/download/…/"}],
}  # fmt: skip

CHECKIN = {
    "session_id": 42, "kind": "in", "already": False, "seat": 12,
    "checked_in_at": "2026-12-07T08:52:10+08:00", "checked_out_at": None,
}  # fmt: skip
LEAVE = {"id": 5, "date": "2026-12-08", "hours": None, "starts_at": None, "reason": "家中有事",
         "status": "pending", "decision_note": ""}  # fmt: skip
VOTE = {"id": 3, "question": "最佳簡報組", "status": "published", "total": 28,
        "options": [{"id": 7, "label": "第一組", "votes": 16},
                    {"id": 8, "label": "第二組", "votes": 12}]}  # fmt: skip
CLASS_DAY = {
    "session_id": 42, "course_title": "公文寫作實務班", "date": "2026-12-07",
    "seat": 12, "checked_in_at": "2026-12-07T08:52:10+08:00", "checked_out_at": None,
    "timetable": [{"start_time": "09:30:00", "end_time": "12:30:00",
                   "topic": "公文格式與用語", "lecturer": "林志明"}],
    "leave": [LEAVE], "meals": [{"date": "2026-12-07", "meal": "vegetarian"}],
    "meals_open": True, "votes": [VOTE],
}  # fmt: skip

QUESTIONNAIRE = {
    "id": 4, "title": "課後滿意度調查", "introduction": "請花 2 分鐘填寫。",
    "session_id": 42, "open": True, "answered": False,
    "questions": [
        {"id": 11, "text": "課程內容符合我的工作需要", "kind": "likert",
         "required": True, "choices": []},
        {"id": 12, "text": "各講座的教學表現", "kind": "lecturer",
         "required": True, "choices": []},
    ],
    "lecturers": [{"id": 2, "name": "林志明", "title": "臺北市政府法務局專門委員"}],
    "answer_keys": ["q11", "q12-l2"],
    "free_text_note": "填答內容不會記錄姓名，但文字本身仍可能讓人認出您。",
}  # fmt: skip
QUESTIONNAIRE_RESULTS = {
    "id": 4, "title": "課後滿意度調查", "session_id": 42, "closed": True,
    "selected": 40, "answered": 31, "rate": 0.775, "responses": 31, "pending": 0,
    "min_group": 5, "free_text_note": "文字意見可能讓人認出填答者，請審慎閱讀，勿外流。",
    "questions": [
        {"id": 11, "text": "課程內容符合我的工作需要", "kind": "likert", "n": 31,
         "hidden": False, "mean": 4.39, "distribution": [0, 1, 2, 12, 16],
         "choices": [], "lecturers": [], "texts": [], "note": ""},
        {"id": 12, "text": "各講座的教學表現", "kind": "lecturer", "n": 0,
         "hidden": False, "mean": None, "distribution": [], "choices": [],
         "lecturers": [{"lecturer": {"id": 2, "name": "林志明",
                                     "title": "臺北市政府法務局專門委員"},
                        "n": 4, "hidden": True, "mean": None, "distribution": []}],
         "texts": [], "note": ""},
    ],
}  # fmt: skip

ARRIVAL = {"enrolment_id": 9, "name": "王小明", "agency": "資訊局業務一科", "seat": 12,
           "checked_in_at": "2026-12-07T08:52:10+08:00", "checked_out_at": None,
           "method": "qr"}  # fmt: skip
MEALS = {"date": "2026-12-07", "regular": 24, "vegetarian": 5, "none": 1, "unknown": 0}
HONOURS = {
    "computed_at": "2026-12-11T16:05:00+08:00", "confirmed_at": None,
    "places": [
        {"enrolment_id": 41, "name": "王小明", "grade": "98.5", "grade_band": "優",
         "place": 1},
        {"enrolment_id": 44, "name": "陳美玲", "grade": "95.0", "grade_band": "優",
         "place": 2},
        {"enrolment_id": 47, "name": "林志豪", "grade": "95.0", "grade_band": "優",
         "place": 2},
    ],
}  # fmt: skip
HOURS_OVERVIEW = {
    "year": 2026, "years": [2026, 2025, 2024], "hours": "15.0",
    "sessions_completed": 2,
    "by_delivery_mode": [{"delivery_mode": "實體課程", "hours": "12.0"},
                         {"delivery_mode": "線上課程（數位學習）", "hours": "3.0"}],
    "lines": [
        {"record_id": 5, "course_id": 7, "course_title": "資訊安全基礎班",
         "session_id": 12, "session_code": "B00492", "term": 1,
         "start_date": "2026-03-09", "end_date": "2026-03-10",
         "delivery_mode": "classroom", "attendance": "attended", "hours": "12.0",
         "completed": True, "grade_band": "優",
         "certificates": [{"id": 3, "number": "C2026-000003", "language": "zh-hant",
                           "pdf_url": "https://learn.example.gov.tw/api/v1/me/certificates/3/pdf/"}]},
    ],
    "mandatory": [
        {"rule_id": 1, "name": "性別主流化", "hours_required": "3.0",
         "hours_done": "0.0", "met": False, "percent": 0,
         "courses": [{"id": 9, "title": "性別主流化研習班"}], "record_ids": [],
         "next_session": {"id": 31, "code": "B00510", "term": 2, "course_id": 9,
                          "course_title": "性別主流化研習班", "start_date": "2026-12-15",
                          "url": "https://learn.example.gov.tw/catalog/b00510/#session-31"}},
    ],
    "by_year": [{"year": 2022, "hours": "0.0", "sessions_completed": 0},
                {"year": 2026, "hours": "15.0", "sessions_completed": 2}],
}  # fmt: skip
COMPLIANCE_PAGE = {
    "count": 1, "next": None, "previous": None, "year": 2026,
    "summary": [{"rule_id": 1, "rule_name": "資訊安全", "hours_required": "3.0",
                 "met": 2310, "total": 2498}],
    "results": [
        {"person_id": 1, "name": "王小明", "national_id_masked": "A*******89",
         "employee_number": "E000101", "job_title": "專員", "agency_code": "379130000A",
         "agency_name": "資訊局", "rule_id": 1, "rule_name": "資訊安全",
         "hours_done": "1.0", "hours_required": "3.0", "met": False},
    ],
}  # fmt: skip
ONLINE_UNFINISHED = [
    {"enrolment_id": 812, "user_id": 57, "name": "王小明", "agency": "資訊局",
     "employee_number": "E000101", "email": "wang@example.gov.tw",
     "online_hours": "6.0", "elearning_url": "https://elearning.example.gov.tw/course/B00412"},
]  # fmt: skip
