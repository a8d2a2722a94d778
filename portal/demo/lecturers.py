"""Demo lecturer records: the demo ``lecturer`` account linked to a catalog
lecturer who teaches demo sessions (past and upcoming), with a demo bank
account; the other lecturers get profiles with categories, some with accounts
and most without."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count, Max, Min

from cms.catalog.models import Lecturer
from portal.accounts import roles
from portal.lecturers import banking
from portal.lecturers.models import DistanceBand, LecturerCategory, LecturerProfile

CATEGORIES = [
    LecturerCategory.OUTSIDE,
    LecturerCategory.AFFILIATED,
    LecturerCategory.OUTSIDE,
    LecturerCategory.INTERNAL,
    LecturerCategory.ASSISTANT,
]
BANDS = [DistanceBand.NEAR, DistanceBand.NEAR, DistanceBand.FAR, DistanceBand.ABROAD]
EXPERTISE = [
    ["資訊安全", "數位治理"],
    ["法制作業", "公文寫作"],
    ["公共政策", "政策分析"],
    ["資訊安全", "網路攻防"],
    ["日語"],
    ["預算編列", "會計"],
    ["領導力", "溝通"],
    ["健康促進"],
    ["英語"],
    ["都市計畫"],
]
# The demo bank account (a made-up number).
DEMO_BANK = {
    "bank_code": "700",
    "branch": "0001",
    "account_number": "00012345678",
    "holder": "吳講座",
}


def _teaching_lecturer(today):
    """The catalog lecturer with the most periods, among those teaching both
    before and from ``today``; else the one with the most periods."""
    ranked = Lecturer.objects.annotate(
        n=Count("timetable_entries"),
        first=Min("timetable_entries__date"),
        last=Max("timetable_entries__date"),
    ).order_by("-n", "name")
    both = ranked.filter(first__lt=today, last__gte=today).first()
    return both or ranked.first()


def lecturers_demo(*, users, today, report):
    """Create what is missing; running it again changes nothing."""
    account = users.get("lecturer")
    lecturer = None
    if account is not None and not LecturerProfile.objects.filter(user=account):
        lecturer = _teaching_lecturer(today)
    if lecturer is not None:
        profile, created = LecturerProfile.objects.get_or_create(
            lecturer=lecturer,
            defaults={
                "category": LecturerCategory.OUTSIDE,
                "distance_band": DistanceBand.NEAR,
                "phone": "0912-345-678",
                "email": account.email,
                "education": "國立臺灣大學公共事務研究所碩士",
                "experience": "臺北市政府各局處講座十年",
            },
        )
        profile.user = account
        profile.email = profile.email or account.email
        sealed = banking.normalise(**DEMO_BANK)
        profile.bank_account_sealed = banking.seal(sealed, profile_id=profile.pk)
        profile.bank_account_masked = banking.mask(sealed)
        profile.expertise.add("公文寫作", "簡報技巧")
        profile.save()  # a cluster's tags are written when it is saved
        account.groups.add(Group.objects.get_or_create(name=roles.LECTURERS)[0])
        report.add("lecturer profiles", int(created))
    have = set(LecturerProfile.objects.values_list("lecturer_id", flat=True))
    User = get_user_model()
    for n, lecturer in enumerate(Lecturer.objects.order_by("name", "pk")):
        if lecturer.pk in have:
            continue
        profile = LecturerProfile.objects.create(
            lecturer=lecturer,
            category=CATEGORIES[n % len(CATEGORIES)],
            distance_band=BANDS[n % len(BANDS)],
            email=f"lecturer{lecturer.pk}@demo.civiclearn.local",
        )
        profile.expertise.add(*EXPERTISE[n % len(EXPERTISE)])
        profile.save()
        if n % 4 == 1:  # some lecturers have accounts, most do not yet
            username = f"lecturer{lecturer.pk}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, email=profile.email)
                user.set_unusable_password()
                user.save()
            user.groups.add(Group.objects.get_or_create(name=roles.LECTURERS)[0])
            profile.user = user
            profile.save(update_fields=["user"])
        report.add("lecturer profiles")
