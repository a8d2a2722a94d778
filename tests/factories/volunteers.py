"""Volunteers, duties, posts and a published month of shifts."""

import datetime
import itertools

from django.utils import timezone

from portal.accounts.roles import ORGANIZERS, VOLUNTEERS
from portal.volunteers.models import Duty, Post, Shift, ShiftMonth, Volunteer

from .users import make_user

_seq = itertools.count(1)


def make_volunteer(username=None, **fields):
    username = username or f"vol{next(_seq)}"
    user = make_user(username, VOLUNTEERS)
    return Volunteer.objects.create(
        user=user,
        name=fields.pop("name", f"志工{username}"),
        joined_on=fields.pop("joined_on", datetime.date(2024, 1, 1)),
        **fields,
    )


def make_coordinator(username=None):
    return make_user(username or f"coord{next(_seq)}", ORGANIZERS)


def make_month(day: datetime.date, *, open_now=True, published=True) -> ShiftMonth:
    now = timezone.now()
    opens = (
        now - datetime.timedelta(days=1)
        if open_now
        else now + datetime.timedelta(days=1)
    )
    month, _created = ShiftMonth.objects.update_or_create(
        month=day.replace(day=1),
        defaults={
            "signup_opens_at": opens,
            "signup_closes_at": opens + datetime.timedelta(days=10),
            "published_at": now if published else None,
        },
    )
    return month


def make_shift(day=None, *, duty=None, post=None, start=(9, 0), end=(12, 0), **fields):
    day = day or timezone.localdate() + datetime.timedelta(days=7)
    n = next(_seq)
    duty = duty or Duty.objects.create(name=f"服務台{n}")
    post = post or Post.objects.create(name=f"一樓服務台{n}")
    month = fields.pop("month", None) or make_month(day)
    return Shift.objects.create(
        month=month,
        duty=duty,
        post=post,
        date=day,
        starts_at=datetime.time(*start),
        ends_at=datetime.time(*end),
        needed=fields.pop("needed", 2),
        **fields,
    )
