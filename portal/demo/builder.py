"""A believable zh-Hant institute for local use, demos and benchmarks.

Everything is keyed by a natural key (slug, username, session code and term) and
only created when missing, so running the generator again changes nothing.
"""

import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.catalog.models import (
    CatalogIndexPage,
    Competency,
    CourseCategory,
    CoursePage,
    DeliveryMode,
    Lecturer,
    Session,
    SessionStatus,
    TimetableEntry,
    Venue,
)
from cms.catalog.signals import catalog_touch
from cms.core.models import InstituteSettings
from cms.handouts.models import Handout, Visibility
from cms.home.models import HomeFeaturedCourse, HomePage, StandardPage
from cms.news.models import NewsIndexPage, NewsPage
from portal.accounts import roles
from portal.accounts.models import Person
from portal.classday.models import ClassDaySettings, SeatPlan
from portal.enrolment.models import (
    Enrolment,
    EnrolmentEvent,
    EnrolmentSource,
    EnrolmentStatus,
)
from portal.licensing.models import LicenseApplicationPage
from portal.recommendations.models import EditorPick, MandatoryRule
from portal.surveys.models import Kind, Question, Questionnaire

from .authorizations import authorizations_demo
from .certificates import certificates_demo
from .exchanges import exchanges_demo
from .feedback import feedback_demo
from .fees import fees_demo
from .lecturers import lecturers_demo
from .people import PeopleBuilder
from .rules import rules_demo
from .volunteers import volunteers_demo

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented local-only demo accounts
ADDRESS = "臺北市文山區萬美街一段19號"

CATEGORIES = [
    (
        "it",
        "資訊科技",
        "Information technology",
        "#0b5394",
        [
            "資訊安全基礎班",
            "Python 程式設計入門班",
            "資料分析與視覺化實務班",
            "生成式 AI 應用實務班",
            "雲端服務與數位轉型班",
        ],
    ),
    (
        "language",
        "語文學習",
        "Languages",
        "#7b2d8b",
        [
            "夜間日語初級班",
            "日語中級會話班",
            "英語簡報技巧班",
            "職場英文寫作班",
            "韓語入門班",
        ],
    ),
    (
        "leadership",
        "領導管理",
        "Leadership and management",
        "#8a4b08",
        [
            "中階主管領導力發展班",
            "高階主管策略規劃班",
            "團隊激勵與溝通班",
            "變革管理實務班",
            "績效管理研習班",
        ],
    ),
    (
        "law",
        "政策法制",
        "Law and policy",
        "#5c3c1e",
        [
            "行政程序法實務班",
            "政府採購法基礎班",
            "個人資料保護法研習班",
            "訴願與國家賠償實務班",
            "法規草擬技巧班",
        ],
    ),
    (
        "service",
        "公共服務",
        "Public service",
        "#0f6e3f",
        [
            "為民服務品質提升班",
            "陳情處理與溝通技巧班",
            "公文寫作實務班",
            "社會設計與服務創新班",
            "跨域協調與溝通班",
        ],
    ),
    (
        "finance",
        "財務會計",
        "Finance and accounting",
        "#1d5d6b",
        [
            "政府會計基礎班",
            "預算編製實務班",
            "內部控制與稽核班",
            "財務報表分析班",
            "公共建設財務規劃班",
        ],
    ),
    (
        "hr",
        "人力資源",
        "Human resources",
        "#a3324a",
        [
            "人事法規基礎班",
            "員工協助方案研習班",
            "職能評鑑實務班",
            "性別主流化研習班",
            "教學設計與講師培訓班",
        ],
    ),
    (
        "health",
        "健康促進",
        "Health",
        "#2e7d32",
        [
            "職場健康管理班",
            "紓壓與正念練習班",
            "CPR 與 AED 急救訓練班",
            "健康飲食與體重管理班",
            "運動傷害防護班",
        ],
    ),
    (
        "city",
        "城市治理",
        "City governance",
        "#37474f",
        [
            "智慧城市治理研習班",
            "都市計畫概論班",
            "交通安全與運輸規劃班",
            "防災與災害應變班",
            "淨零排放與永續發展班",
        ],
    ),
    (
        "culture",
        "人文素養",
        "Culture and humanities",
        "#6a4c93",
        [
            "臺北歷史散步班",
            "藝術欣賞與美感培養班",
            "閱讀與寫作工作坊",
            "影像紀錄與攝影班",
            "多元文化與族群研習班",
        ],
    ),
    (
        "elearning",
        "數位學習",
        "Digital learning",
        "#00695c",
        [
            "數位課程設計與製作班",
            "線上教學平臺操作班",
            "混成學習設計班",
            "微學習影片製作班",
            "數位學習成效評估班",
        ],
    ),
    (
        "efficiency",
        "行政效能",
        "Administrative efficiency",
        "#4e342e",
        [
            "簡報製作與表達技巧班",
            "會議管理與議事規則班",
            "專案管理實務班",
            "檔案管理實務班",
            "時間管理與工作效能班",
        ],
    ),
]

ENGLISH_TITLES = {
    "夜間日語初級班": "Evening Japanese for Beginners",
    "日語中級會話班": "Intermediate Japanese Conversation",
    "資訊安全基礎班": "Information Security Basics",
    "Python 程式設計入門班": "Introduction to Python Programming",
    "英語簡報技巧班": "Presenting in English",
    "公文寫作實務班": "Official Document Writing",
    "政府採購法基礎班": "Government Procurement Act Basics",
    "專案管理實務班": "Project Management in Practice",
}

COMPETENCIES = [
    "溝通協調",
    "數位能力",
    "問題解決",
    "創新思維",
    "法治素養",
    "團隊合作",
    "策略思考",
    "顧客導向",
    "國際視野",
    "健康管理",
]

VENUES = [
    ("101 教室", "行政大樓", 40),
    ("102 教室", "行政大樓", 40),
    ("201 教室", "教學大樓", 60),
    ("202 教室", "教學大樓", 60),
    ("301 電腦教室", "教學大樓", 36),
    ("302 電腦教室", "教學大樓", 36),
    ("國際會議廳", "活動中心", 150),
    ("501 研討室", "研究大樓", 24),
    ("502 研討室", "研究大樓", 24),
    ("團體活動室", "活動中心", 80),
]

LECTURERS = [
    ("陳怡君", "國立臺灣大學資訊工程學系教授"),
    ("林志明", "臺北市政府法務局專門委員"),
    ("王美玲", "國立政治大學公共行政學系副教授"),
    ("張家豪", "資深資安顧問"),
    ("李淑芬", "日本語教育講師"),
    ("黃建國", "臺北市政府主計處科長"),
    ("吳佩珊", "企業管理顧問"),
    ("劉俊傑", "臺北市立聯合醫院醫師"),
    ("蔡雅婷", "英語教學專家"),
    ("楊宗翰", "都市計畫技師"),
    ("許惠雯", "人力資源管理顧問"),
    ("鄭文華", "國立臺北藝術大學講師"),
    ("謝明哲", "數位學習設計師"),
    ("郭玉琴", "臺北市政府人事處專員"),
    ("洪國榮", "消防局救災救護指揮中心主任"),
    ("曾美惠", "正念減壓認證講師"),
    ("Emily Chen", "Language trainer, British Council alumni"),
    ("賴柏宇", "資料科學家"),
    ("周欣怡", "公共服務設計師"),
    ("羅志豪", "財務分析師"),
]

NEWS = [
    (
        "本處 115 年度訓練計畫公告",
        "年度訓練計畫已公告，各機關人事單位可開始提報薦送名單。",
    ),
    ("混成學習課程全面上線", "部分班期改採數位加實體之混成學習，請先完成線上課程。"),
    ("QR Code 電子簽到說明", "學員報到時請以手機掃描教室 QR Code 完成簽到。"),
    ("講義電子化減紙措施", "自本年度起講義以電子檔提供，學員可於課程頁面下載。"),
    ("颱風期間停課規定", "如遇颱風停班停課，當日班期順延，另行通知。"),
    ("無障礙設施改善完成", "教學大樓電梯與無障礙坡道已完成改善。"),
]

ACCOUNTS = [
    ("editor", "陳", "編輯", [roles.EDITORS, roles.MODERATORS]),
    ("organizer", "林", "辦班", [roles.ORGANIZERS]),
    ("trainee", "王", "小明", [roles.TRAINEES]),
    ("trainee2", "李", "小華", [roles.TRAINEES]),
    ("hr_a", "張", "人事甲", [roles.HR_OFFICERS]),
    ("hr_b", "黃", "人事乙", [roles.HR_OFFICERS]),
    ("lecturer", "吳", "講座", [roles.LECTURERS]),
    ("licensee", "周", "授權", [roles.LICENSEES]),
    ("volunteer", "蔡", "志工", [roles.VOLUNTEERS]),
]

# Benchmark-scale catalogue: each title in five courses. The first three are a
# sequence (the plain title is the first level); trainees take them in order.
SERIES = ["", "（中級）", "（高級）", "（專題）", "（工作坊）"]
SEQUENCE_LEVELS = 3
# Yearly mandatory training: (rule name, course title, hours a year).
MANDATORY = [("資訊安全", "資訊安全基礎班", 3), ("性別主流化", "性別主流化研習班", 3)]
# Editors' picks of the demo: (course title, reason, job titles, weight).
PICKS = [
    ("生成式 AI 應用實務班", "新政策：生成式 AI 使用指引", "", 8),
    ("中階主管領導力發展班", "主管職能培訓", "股長\n科長", 6),
]


@dataclass
class Report:
    created: dict = field(default_factory=dict)

    def add(self, name, count=1):
        if count:
            self.created[name] = self.created.get(name, 0) + count

    def __str__(self):
        if not self.created:
            return "Nothing to create: the demo data is already there."
        return ", ".join(f"{name}: {n}" for name, n in self.created.items())


def _weekday_on_or_after(day):
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _day_periods(day_hours, topics=("專題講授", "案例研討與實作")):
    """A class day's periods for ``day_hours`` hours: a morning of up to three
    hours from 9:30, the rest after the lunch break from 13:30."""
    minutes = int(Decimal(day_hours) * 60)
    morning = min(minutes, 180)
    periods = [(datetime.time(9, 30), _after(datetime.time(9, 30), morning), topics[0])]
    if minutes > morning:
        periods.append(
            (
                datetime.time(13, 30),
                _after(datetime.time(13, 30), minutes - morning),
                topics[1],
            )
        )
    return periods


def _after(start, minutes):
    moment = datetime.datetime.combine(datetime.date(2000, 1, 1), start)
    return (moment + datetime.timedelta(minutes=minutes)).time()


def _weekdays(start, count):
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _pdf_bytes(title_ascii, lines):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creator("CivicLearn demo")
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.cell(text=title_ascii, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.multi_cell(0, 8, text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _hero_png(colour, seed):
    rnd = random.Random(seed)
    img = PILImage.new("RGB", (960, 540), colour)
    draw = ImageDraw.Draw(img)
    for _ in range(7):
        x, y = rnd.randint(-200, 900), rnd.randint(-200, 500)
        r = rnd.randint(80, 260)
        shade = tuple(
            min(255, int(c) + rnd.randint(20, 70)) for c in img.getpixel((0, 0))
        )
        draw.ellipse((x, y, x + r, y + r), fill=shade)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


class DemoBuilder:
    """Builds the demo institute; ``years`` > 0 adds benchmark-sized history."""

    def __init__(self, *, years=0, today=None, stdout=None):
        self.years = years
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.rnd = random.Random(2026)
        self.report = Report()
        self.stdout = stdout

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    def build(self):
        with transaction.atomic():
            users = self.accounts()
            home = self.site()
            categories = self.categories()
            competencies = self.competencies()
            venues = self.venues()
            lecturers = self.lecturers()
            catalog, news_index = self.index_pages(home)
            courses = self.courses(catalog, categories, competencies, lecturers)
            self.featured(home, courses)
            self.sessions(courses, venues, lecturers)
            self.handouts(courses)
            self.news(news_index)
            self.recommendation_rules(courses)
            people = PeopleBuilder(report=self.report, today=self.today)
            bureaus, units = people.agencies()
            staff = people.demo_people(users, bureaus, units)
            people.demo_enrolments(users, staff, courses[0])
            people.online_parts_finished()
            self.class_day(courses[3], venues, users, staff)
            lecturers_demo(users=users, today=self.today, report=self.report)
            fees_demo(users=users, today=self.today, report=self.report)
            authorizations_demo(
                users=users, today=self.today, report=self.report, pdf_bytes=_pdf_bytes
            )
            certificates_demo(users=users, today=self.today, report=self.report)
            feedback_demo(users=users, today=self.today, report=self.report)
            rules_demo(users=users, today=self.today, report=self.report)
            exchanges_demo(users=users, today=self.today, report=self.report)
            volunteers_demo(users=users, today=self.today, report=self.report)
            if self.years:
                people.people_at_scale(10_000 * self.years, units)
                people.history_at_scale(
                    mandatory_titles=[title for _n, title, _h in MANDATORY],
                    series=SERIES,
                    levels=SEQUENCE_LEVELS,
                )
                people.online_parts_finished()
            if self.report.created:
                catalog_touch()  # bulk writes send no signals
        return self.report

    # People -----------------------------------------------------------------
    def accounts(self):
        User = get_user_model()
        users = {}
        for username, last, first, groups in ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@demo.civiclearn.local",
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.set(Group.objects.filter(name__in=groups))
                self.report.add("accounts")
            users[username] = user
        return users

    # Pages ------------------------------------------------------------------
    def site(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(
                title="首頁",
                slug="home-civiclearn",
                hero_heading="終身學習，從這裡開始",
                hero_text="查詢課程、線上報名、下載講義與查看研習時數，一站完成。",
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            # Wagtail's placeholder "Welcome" page makes way for ours.
            Page.objects.filter(depth=2, content_type__model="page").exclude(
                pk=home.pk
            ).delete()
            home.refresh_from_db()
            self.report.add("pages")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="CivicLearn",
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = "CivicLearn"
            site.save()
        settings_obj = InstituteSettings.for_site(
            Site.objects.get(is_default_site=True)
        )
        if not settings_obj.address:
            settings_obj.address = ADDRESS
            settings_obj.phone = "(02) 2932-0212"
            settings_obj.email = "service@demo.civiclearn.local"
            settings_obj.save()
        return home

    def _child(self, parent, model, slug, **fields):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, show_in_menus=True, **fields)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.report.add("pages")
        return page

    def index_pages(self, home):
        catalog = self._child(
            home,
            CatalogIndexPage,
            "catalog",
            title="課程總覽",
            introduction="依類別、上課方式與月份查詢本處開設的課程。",
        )
        news = self._child(home, NewsIndexPage, "news", title="最新消息")
        self._child(
            home,
            StandardPage,
            "about",
            title="關於本處",
            introduction="本處負責臺北市政府公務人員之培訓，每年辦理逾千個班期。",
        )
        self._child(
            home,
            LicenseApplicationPage,
            "licensing",
            title="教材授權申請",
            introduction="其他機關可線上申請使用本處經講座授權之教材，審查通過後於線上下載。",
            body="<p>請勾選欲使用之教材，說明用途、對象、期間與使用人數。"
            "本處將於 3 個工作天內回覆，每一步驟皆以電子郵件通知。</p>",
            terms="<ol><li>教材僅限申請書所載之用途、對象與期間內使用。</li>"
            "<li>不得改作、販售或轉授權他人；引用時應註明出處與講座姓名。</li>"
            "<li>下載連結限申請帳號使用，逾期失效。</li></ol>",
            account_request_text="<p>尚無機關帳號者，請由機關人事單位來信 "
            "service@demo.civiclearn.local 申請教材授權帳號。</p>",
        )
        return catalog, news

    # Snippets ---------------------------------------------------------------
    def categories(self):
        result = {}
        for order, (slug, name, name_en, colour, _titles) in enumerate(CATEGORIES):
            category, created = CourseCategory.objects.get_or_create(
                slug=slug,
                # Demo lifelong-learning codes, so that 上傳檔 shows rows.
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "sort_order": order,
                    "lifelong_code": f"{order + 1:02d}",
                },
            )
            self.report.add("categories", created)
            result[slug] = (category, colour)
        return result

    def competencies(self):
        result = []
        for name in COMPETENCIES:
            obj, created = Competency.objects.get_or_create(name=name)
            self.report.add("competencies", created)
            result.append(obj)
        return result

    def venues(self):
        result = []
        for name, building, capacity in VENUES:
            venue, created = Venue.objects.get_or_create(
                name=name,
                defaults={
                    "building": building,
                    "address": ADDRESS,
                    "capacity": capacity,
                },
            )
            if created and capacity <= 60:
                # Classrooms have a seat plan: rows of six, front to back.
                SeatPlan.objects.create(
                    venue=venue, rows=-(-capacity // 6), seats_per_row=6
                )
            self.report.add("venues", created)
            result.append(venue)
        return result

    def lecturers(self):
        result = []
        for name, title in LECTURERS:
            lecturer = Lecturer.objects.filter(name=name).first()
            if lecturer is None:
                lecturer = Lecturer.objects.create(
                    name=name,
                    title=title,
                    biography=f"{name}，{title}，具多年授課經驗。",
                )
                self.report.add("lecturers")
            result.append(lecturer)
        return result

    def _hero_image(self, slug, colour):
        Image = get_image_model()
        title = f"課程主視覺：{slug}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(
                title=title,
                file=ImageFile(
                    io.BytesIO(_hero_png(colour, slug)), name=f"hero-{slug}.png"
                ),
            )
            image.save()
            self.report.add("images")
        return image

    # Courses ----------------------------------------------------------------
    def courses(self, catalog, categories, competencies, lecturers):
        series = SERIES if self.years else SERIES[:1]
        existing = {p.slug: p for p in CoursePage.objects.child_of(catalog)}
        courses, number = [], 490
        for slug, _name, _en, _colour, titles in CATEGORIES:
            category, colour = categories[slug]
            image = self._hero_image(slug, colour)
            for suffix_index, suffix in enumerate(series):
                for title in titles:
                    number += 1
                    code = f"B{number:05d}"
                    page = existing.get(code.lower())
                    if page is None:
                        page = self._course(
                            catalog,
                            code,
                            title + suffix,
                            category,
                            image,
                            competencies,
                            lecturers,
                            suffix_index,
                        )
                    courses.append(page)
        return courses

    def _course(
        self, catalog, code, title, category, image, competencies, lecturers, k
    ):
        rnd = self.rnd
        base_title = title.split("（")[0]
        hours = Decimal(rnd.choice([3, 6, 6, 12, 12, 18, 24]))
        mode = rnd.choices(
            [
                DeliveryMode.CLASSROOM,
                DeliveryMode.HYBRID,
                DeliveryMode.LIVESTREAM,
                DeliveryMode.BLENDED,
                DeliveryMode.ONLINE,
            ],
            weights=[60, 12, 8, 14, 6],
        )[0]
        units = [
            {
                "type": "unit",
                "value": {
                    "title": f"{base_title}：{topic}",
                    "hours": str(hours / 3),
                    "description": "",
                },
            }
            for topic in ("概論與案例", "實務演練", "綜合討論")
        ]
        page = CoursePage(
            title=title,
            slug=code.lower(),
            title_en=ENGLISH_TITLES.get(base_title, "") if not k else "",
            summary=f"{title}協助同仁掌握{category.name}領域的核心知識與實務技巧，"
            f"課程結合講授、案例研討與分組演練。",
            audience="本府各機關學校公務人員，業務相關者優先。",
            category=category,
            study_hours=hours,
            delivery_mode=mode,
            elearning_url=(
                f"https://elearning.example.gov.tw/course/{code}"
                if mode in (DeliveryMode.BLENDED, DeliveryMode.ONLINE)
                else ""
            ),
            elearning_course_id=(
                code if mode in (DeliveryMode.BLENDED, DeliveryMode.ONLINE) else ""
            ),
            # A blended course: a third of its hours online.
            online_hours=hours / 3 if mode == DeliveryMode.BLENDED else Decimal("0"),
            hero_image=image,
            objectives=[
                ("objective", f"瞭解{base_title.removesuffix('班')}的基本概念"),
                ("objective", "能將所學應用於日常業務"),
            ],
            outline=units,
        )
        page.competencies = rnd.sample(competencies, 2)
        page.lecturers = rnd.sample(lecturers, 2)
        catalog.add_child(instance=page)
        page.save_revision().publish()
        self.report.add("courses")
        return page

    def featured(self, home, courses):
        if home.featured_courses.exists():
            return
        for order, course in enumerate(courses[:60:10]):
            HomeFeaturedCourse.objects.create(
                page=home, course=course, sort_order=order
            )
        self.report.add("featured courses", min(6, len(courses)))

    # Sessions ---------------------------------------------------------------
    def _plan(self, courses):
        """(course, term or None for the next one, start date) of every session."""
        rnd, plans = random.Random(7), []
        if not self.years:
            # 150 sessions over the current year, 2 or 3 per course.
            # A year of sessions around today: about nine months past, three to come,
            # so that a fresh demo always has classes open for registration.
            first_day = self.today - datetime.timedelta(days=270)
            for i, course in enumerate(courses):
                for _ in range(3 if i % 2 else 2):
                    start = first_day + datetime.timedelta(days=rnd.randint(0, 360))
                    plans.append((course, None, start))
            return plans
        per_year = 1100
        first_day = self.today - datetime.timedelta(days=365 * self.years - 95)
        # Some courses draw more classes than others; each yearly mandatory
        # course runs about 4% of all classes.
        weights = [rnd.lognormvariate(0, 0.8) for _ in courses]
        mandatory = {title for _name, title, _hours in MANDATORY}
        share = sum(weights) * 0.04
        weights = [
            share if course.title in mandatory else weight
            for course, weight in zip(courses, weights, strict=True)
        ]
        for course in rnd.choices(courses, weights=weights, k=per_year * self.years):
            start = first_day + datetime.timedelta(
                days=rnd.randint(0, 365 * self.years)
            )
            plans.append((course, None, start))
        return plans

    def sessions(self, courses, venues, lecturers):
        existing = set(Session.objects.values_list("code", "term"))
        if existing and (not self.years or len(existing) >= self.years * 1000):
            return
        plans = self._plan(courses)
        plans.sort(key=lambda p: p[2])
        rnd = random.Random(11)
        booked = {v.pk: set() for v in venues}
        for start, end, venue_id in Session.objects.exclude(
            status=SessionStatus.CANCELLED
        ).values_list("start_date", "end_date", "venue_id"):
            if venue_id:
                day = start
                while day <= end:
                    booked[venue_id].add(day)
                    day += datetime.timedelta(days=1)
        terms = {}
        for code, term in existing:
            terms[code] = max(terms.get(code, 0), term)
        new_sessions, timetables = [], []
        for course, term, start in plans:
            code = course.slug.upper()
            if term is None:
                term = terms.get(code, 0) + 1
            terms[code] = max(terms.get(code, 0), term)
            if (code, term) in existing:
                continue
            days = max(1, min(5, int(course.study_hours // 6)))
            start = _weekday_on_or_after(start)
            online = course.delivery_mode in (
                DeliveryMode.ONLINE,
                DeliveryMode.LIVESTREAM,
            )
            venue, dates = None, _weekdays(start, days)
            if not online:
                for _attempt in range(40):
                    dates = _weekdays(start, days)
                    free = [v for v in venues if not booked[v.pk].intersection(dates)]
                    if free:
                        venue = rnd.choice(free)
                        booked[venue.pk].update(dates)
                        break
                    start = _weekday_on_or_after(start + datetime.timedelta(days=1))
            capacity = (
                min(venue.capacity, rnd.choice([24, 30, 36, 40, 60])) if venue else 80
            )
            opens = timezone.make_aware(
                datetime.datetime.combine(
                    dates[0] - datetime.timedelta(days=45), datetime.time(9, 0)
                )
            )
            closes = timezone.make_aware(
                datetime.datetime.combine(
                    dates[0] - datetime.timedelta(days=7), datetime.time(17, 0)
                )
            )
            status = self._status(dates, opens, closes, rnd)
            if status == SessionStatus.CANCELLED and venue:
                booked[venue.pk].difference_update(dates)
            session = Session(
                course=course,
                code=code,
                term=term,
                start_date=dates[0],
                end_date=dates[-1],
                venue=venue,
                capacity=capacity,
                registration_opens=opens,
                registration_closes=closes,
                status=status,
                livestream_url=(
                    f"https://live.example.gov.tw/{code}-{term}"
                    if course.delivery_mode
                    in (DeliveryMode.HYBRID, DeliveryMode.LIVESTREAM)
                    else ""
                ),
            )
            new_sessions.append(session)
            timetables.append((session, dates, course))
        Session.objects.bulk_create(new_sessions, batch_size=1000)
        entries = []
        for session, dates, course in timetables:
            pool = list(course.lecturers.all()) if not self.years else lecturers
            periods = _day_periods(course.study_hours / len(dates))
            for day in dates:
                for order, (begin, finish, topic) in enumerate(periods):
                    entries.append(
                        TimetableEntry(
                            session=session,
                            date=day,
                            start_time=begin,
                            end_time=finish,
                            topic=topic,
                            lecturer=pool[(order + day.day) % len(pool)],
                            sort_order=order,
                        )
                    )
        TimetableEntry.objects.bulk_create(entries, batch_size=2000)
        self.report.add("sessions", len(new_sessions))
        self.report.add("timetable periods", len(entries))

    def _status(self, dates, opens, closes, rnd):
        if rnd.random() < 0.02:
            return SessionStatus.CANCELLED
        if dates[-1] < self.today or closes < self.now:
            return SessionStatus.CLOSED
        if opens <= self.now <= closes:
            return SessionStatus.FULL if rnd.random() < 0.1 else SessionStatus.OPEN
        return SessionStatus.PLANNED

    # Class day ------------------------------------------------------------------
    def class_day(self, course, venues, users, staff):
        """A class running today for the demo trainees: check in, seats, leave,
        meals, a questionnaire; and the institute's questionnaire template."""
        template = Questionnaire.objects.filter(is_template=True).first()
        if template is None:
            template = Questionnaire(
                title="課後滿意度調查",
                introduction="感謝您參訓，請花 2 分鐘填寫，協助我們改進課程。",
                is_template=True,
            )
            template.questions = [
                Question(text="課程內容符合我的工作需要", kind=Kind.LIKERT),
                Question(text="整體而言，我對本課程感到滿意", kind=Kind.LIKERT),
                Question(text="各講座的教學表現", kind=Kind.LECTURER),
                Question(text="課程時數", kind=Kind.CHOICE, choices="太短\n適中\n太長"),
                Question(text="其他建議", kind=Kind.TEXT, required=False),
            ]
            template.save()
            self.report.add("questionnaire templates")
        today = self.today
        if Session.objects.filter(course=course, start_date=today).exists():
            return
        # A room with a seat plan; a database seeded before plans existed has none.
        rooms = [v for v in venues if v.capacity >= 36]
        planned = set(SeatPlan.objects.values_list("venue_id", flat=True))
        venue = next((v for v in rooms if v.pk in planned), rooms[0])
        clash = Session.objects.filter(
            venue=venue, start_date__lte=today, end_date__gte=today
        ).exclude(status=SessionStatus.CANCELLED)
        for other in clash:  # the demo's random plan may have booked it today
            other.venue = None
            other.save(update_fields=["venue"])
        term = (Session.objects.filter(code=course.slug.upper()).aggregate(
            m=Max("term"))["m"] or 0) + 1  # fmt: skip
        opens = self.now - datetime.timedelta(days=30)
        # As many class days as the course's hours need (six a day), from today.
        days = max(1, min(5, int(course.study_hours // 6)))
        dates = [today, *_weekdays(today + datetime.timedelta(days=1), days - 1)]
        session = Session.objects.create(
            course=course, code=course.slug.upper(), term=term, start_date=today,
            end_date=dates[-1], venue=venue, capacity=30,
            registration_opens=opens, registration_closes=opens + datetime.timedelta(days=20),
            status=SessionStatus.CLOSED,
        )  # fmt: skip
        # Lunch orders close at 10:30 on the day, before the lunch they are for.
        ClassDaySettings.objects.create(
            session=session, serves_meals=True,
            meal_deadline=timezone.make_aware(
                datetime.datetime.combine(today, datetime.time(10, 30))
            ),
        )  # fmt: skip
        lecturers = list(course.lecturers.all()) or list(Lecturer.objects.all()[:2])
        periods = _day_periods(
            course.study_hours / len(dates), topics=("專題講授", "分組演練與簡報")
        )
        for day in dates:
            for order, (begin, end, topic) in enumerate(periods):
                TimetableEntry.objects.create(
                    session=session, date=day, start_time=begin, end_time=end,
                    topic=topic, lecturer=lecturers[order % len(lecturers)],
                    sort_order=order,
                )  # fmt: skip
        persons = {p.user_id: p for p in Person.objects.filter(
            user__in=[users["trainee"], users["trainee2"], *staff[:10]])}  # fmt: skip
        for user in [users["trainee"], users["trainee2"], *staff[:10]]:
            enrolment = Enrolment.objects.create(
                session=session, user=user, agency=persons[user.pk].agency,
                status=EnrolmentStatus.SELECTED, source=EnrolmentSource.SELF,
            )  # fmt: skip
            EnrolmentEvent.objects.create(
                enrolment=enrolment, to_status=EnrolmentStatus.SELECTED
            )
        copy = Questionnaire(
            title=template.title, introduction=template.introduction, session=session,
            opens_at=self.now - datetime.timedelta(hours=1),
        )  # fmt: skip
        copy.questions = [
            Question(text=q.text, kind=q.kind, choices=q.choices, required=q.required)
            for q in template.questions.all()
        ]
        copy.save()
        self.report.add("class day sessions")

    # Recommendations -------------------------------------------------------
    def recommendation_rules(self, courses):
        by_title = {course.title: course for course in courses}
        for name, title, hours in MANDATORY:
            if MandatoryRule.objects.filter(name=name).exists():
                continue
            rule = MandatoryRule(name=name, hours_per_year=hours)
            rule.courses.set([by_title[title]])
            rule.save()
            self.report.add("mandatory training rules")
        for title, reason, job_titles, weight in PICKS:
            course = by_title[title]
            if EditorPick.objects.filter(course=course, reason=reason).exists():
                continue
            EditorPick.objects.create(
                course=course,
                reason=reason,
                job_titles=job_titles,
                weight=weight,
                starts_on=self.today - datetime.timedelta(days=30),
                ends_on=self.today + datetime.timedelta(days=180),
            )
            self.report.add("editor picks")

    # Handouts and news ------------------------------------------------------
    def handouts(self, courses):
        if Handout.objects.exists():
            return
        for index, course in enumerate(courses[:60]):
            code = course.slug.upper()
            session = course.sessions.order_by("start_date").first()
            specs = [
                ("課程簡介", Visibility.PUBLIC, None, "intro"),
                ("課程講義", Visibility.ENROLLED, session, "handout"),
            ]
            if index % 3 == 0:
                specs.append(("教學手冊（內部）", Visibility.STAFF, None, "staff"))
            for label, visibility, owner_session, kind in specs:
                content = _pdf_bytes(
                    f"CivicLearn {code} - {kind}",
                    [
                        f"Course {code}, {kind} material for demo use.",
                        "Generated by manage.py seed_demo.",
                    ],
                )
                handout = Handout(
                    title=f"{course.title} {label}",
                    course=course,
                    session=owner_session,
                    visibility=visibility,
                    # The course's lecturer wrote the handout; what it may be
                    # used for is in the register (portal/demo/authorizations).
                    lecturer=course.lecturers.first() if kind == "handout" else None,
                )
                handout.file.save(
                    f"{code.lower()}-{kind}.pdf", ContentFile(content), save=False
                )
                handout.save()
                self.report.add("handouts")

    def news(self, news_index):
        for offset, (title, intro) in enumerate(NEWS):
            slug = f"news-{offset + 1}"
            if not NewsPage.objects.filter(slug=slug).exists():
                page = NewsPage(
                    title=title,
                    slug=slug,
                    introduction=intro,
                    date=self.today - datetime.timedelta(days=offset * 9),
                    body=[("paragraph", f"<p>{intro}</p>")],
                )
                news_index.add_child(instance=page)
                page.save_revision().publish()
                self.report.add("news")
