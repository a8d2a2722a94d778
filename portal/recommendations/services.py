import json

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from .engine import Engine
from .models import AlsoTaken, RecommendationStat, StoredRecommendation

BATCH = 2000


def recommendations_precompute(*, users=None, today=None) -> int:
    """Recompute and store every trainee's recommendations; returns how many users.

    The engine loads what all trainees share once; each batch of users is replaced
    in one transaction, so readers see the old list or the new one, never a mix.
    """
    engine = Engine(today=today)
    queryset = (
        users
        if users is not None
        else get_user_model().objects.filter(is_active=True, person__isnull=False)
    )
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        rows = [
            (user_id, item.course_id, rank, item.score, item.reasons, now)
            for user_id, trainee in engine.trainees(batch).items()
            for rank, item in enumerate(engine.recommend(trainee), start=1)
        ]
        _replace(batch, rows)
    also_taken_store(engine=engine)
    stats_record_recommended(day=timezone.localdate())
    return len(ids)


def _replace(user_ids, rows):
    """Swap these users' stored lists in one transaction. Plain DELETE and, on
    PostgreSQL, COPY: the ORM's delete fetches the rows first and its bulk insert
    converts every value in Python, which at 100,000 trainees costs minutes."""
    model = StoredRecommendation
    with transaction.atomic():
        connection = transaction.get_connection()
        model.objects.filter(user_id__in=user_ids)._raw_delete(connection.alias)
        if connection.vendor == "postgresql":
            columns = "user_id, course_id, rank, score, reasons, computed_at"
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(
                    f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
                ) as copy,
            ):
                for user_id, course_id, rank, score, reasons, at in rows:
                    copy.write_row(
                        (user_id, course_id, rank, score, json.dumps(reasons), at)
                    )
        else:
            model.objects.bulk_create(
                (
                    model(
                        user_id=user_id,
                        course_id=course_id,
                        rank=rank,
                        score=score,
                        reasons=reasons,
                        computed_at=at,
                    )  # fmt: skip
                    for user_id, course_id, rank, score, reasons, at in rows
                ),
                batch_size=2000,
            )


def _bump(*, day, course_id, field):
    updated = RecommendationStat.objects.filter(date=day, course_id=course_id).update(
        **{field: F(field) + 1}
    )
    if not updated:
        stat, created = RecommendationStat.objects.get_or_create(
            date=day, course_id=course_id, defaults={field: 1}
        )
        if not created:
            RecommendationStat.objects.filter(pk=stat.pk).update(
                **{field: F(field) + 1}
            )


def stats_record_recommended(*, day) -> None:
    """How many trainees each course is recommended to, as of ``day``."""
    counts = StoredRecommendation.objects.values("course_id").annotate(n=Count("pk"))
    with transaction.atomic():
        for row in counts:
            RecommendationStat.objects.update_or_create(
                date=day, course_id=row["course_id"], defaults={"recommended": row["n"]}
            )


def recommendation_click(*, user, course) -> None:
    """A trainee followed a recommendation."""
    _bump(day=timezone.localdate(), course_id=course.pk, field="clicks")


def recommendation_enrolled(*, user, course_id) -> None:
    """Count an enrolment in a course that was recommended to this trainee."""
    if StoredRecommendation.objects.filter(user=user, course_id=course_id).exists():
        _bump(day=timezone.localdate(), course_id=course_id, field="enrolments")


def also_taken_store(*, engine, per_course=6) -> None:
    """Replace the "people who took this also took" lists from the engine's counts."""
    rows = [
        AlsoTaken(course_id=course_id, other_id=other_id, trainees=count, rank=rank)
        for course_id, counter in engine.co.items()
        for rank, (other_id, count) in enumerate(
            ((o, c) for o, c in counter.most_common() if o in engine.category), start=1
        )
        if rank <= per_course
    ]
    with transaction.atomic():
        AlsoTaken.objects.all().delete()
        AlsoTaken.objects.bulk_create(rows, batch_size=5000)
