"""Demo suggestions and replies (意見回應): the demo trainees wrote about a class
they took and about the service; the organizer answered three, published them
on the public board in edited words, and is looking into one more. Written
directly with dates in the past, so no e-mail is queued and the trainees' own
hourly limit is untouched."""

import datetime

from django.utils import timezone

from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.feedback.models import Action, Status, Suggestion, SuggestionEvent, Topic

# (author, about a past class?, topic, subject, body, days ago, status,
#  reply, public subject, public body)
SUGGESTIONS = [
    (
        "trainee", True, Topic.CONTENT, "希望增加實作練習時間",
        "我是資訊局的王小明，課程內容很實用，但實作時間只有半小時，來不及完成練習，"
        "希望下次能增加實作時間。",
        30, Status.ANSWERED,
        "感謝您的建議。下一期起實作時段將延長為 1 小時，並提供課後練習檔案下載。",
        "希望增加實作練習時間",
        "課程內容很實用，但實作時間只有半小時，來不及完成練習，希望能增加實作時間。",
    ),
    (
        "trainee", False, Topic.WEBSITE, "報名頁面在手機上字太小",
        "用手機報名時，班期日期的字太小不易閱讀，我的電話 0912-345-678，歡迎聯絡。",
        20, Status.CLOSED,
        "謝謝您的回饋。我們已放大手機版的班期日期字級，並加強對比。",
        "報名頁面在手機上字太小",
        "用手機報名時，班期日期的字太小不易閱讀。",
    ),
    (
        "trainee2", False, Topic.REGISTRATION, "候補通知可否提早寄出",
        "候補遞補的通知常在開課前一天才收到，來不及安排公務，希望能提早通知。",
        12, Status.ANSWERED,
        "遞補作業已改為開課前 3 個工作天完成，並同時以電子郵件通知您與機關人事。",
        "候補通知可否提早寄出",
        "候補遞補的通知常在開課前一天才收到，來不及安排公務，希望能提早通知。",
    ),
    (
        "trainee2", True, Topic.VENUE, "教室冷氣太冷",
        "下午上課時教室冷氣偏冷，是否能調高溫度或提供外套借用？",
        3, Status.IN_PROGRESS, "", "", "",
    ),
    (
        "trainee", False, Topic.OTHER, "希望增設機車停車位",
        "上課日早上機車停車位常常客滿，希望能增加停車位或提供附近停車資訊。",
        1, Status.NEW, "", "", "",
    ),
]  # fmt: skip


def _past_session(user, today):
    enrolment = (
        Enrolment.objects.filter(
            user=user,
            status=EnrolmentStatus.SELECTED,
            session__end_date__lt=today,
        )
        .select_related("session")
        .order_by("-session__end_date", "pk")
        .first()
    )
    return enrolment.session if enrolment else None


def feedback_demo(*, users, today, report):
    """Create the demo suggestions once; running it again changes nothing."""
    organizer = users.get("organizer")
    if organizer is None or Suggestion.objects.exists():
        return
    now = timezone.now()
    for (
        username, about_class, topic, subject, body, days, status,
        reply, public_subject, public_body,
    ) in SUGGESTIONS:  # fmt: skip
        author = users.get(username)
        if author is None:
            continue
        sent = now - datetime.timedelta(days=days, hours=2)
        replied = sent + datetime.timedelta(days=1) if reply else None
        suggestion = Suggestion.objects.create(
            author=author,
            session=_past_session(author, today) if about_class else None,
            topic=topic,
            subject=subject,
            body=body,
            status=status,
            reply=reply,
            replied_by=organizer if reply else None,
            replied_at=replied,
            published=bool(public_body),
            public_subject=public_subject,
            public_body=public_body,
            published_at=replied + datetime.timedelta(hours=1) if public_body else None,
        )
        events = [(Action.CREATED, Status.NEW, author, sent)]
        if status == Status.IN_PROGRESS:
            events.append(
                (Action.STATUS, status, organizer, sent + datetime.timedelta(hours=3))
            )
        if reply:
            events.append((Action.REPLIED, Status.ANSWERED, organizer, replied))
        if public_body:
            events.append(
                (
                    Action.PUBLISHED,
                    Status.ANSWERED,
                    organizer,
                    replied + datetime.timedelta(hours=1),
                )
            )
        if status == Status.CLOSED:
            events.append(
                (Action.STATUS, status, organizer, replied + datetime.timedelta(days=2))
            )
        for action, after, actor, at in events:
            event = SuggestionEvent.objects.create(
                suggestion=suggestion, action=action, status=after, actor=actor
            )
            SuggestionEvent.objects.filter(pk=event.pk).update(at=at)
        # auto_now_add/auto_now stamp today: the demo's dates are in the past.
        Suggestion.objects.filter(pk=suggestion.pk).update(
            created_at=sent, updated_at=events[-1][3]
        )
        report.add("suggestions")
