"""Who an editor's rule reaches; the engine and the admin preview both ask here."""

from django.db.models import Exists, OuterRef, Q

from portal.accounts.models import Person
from portal.records.models import TrainingRecord

from .models import AlsoTaken, StoredRecommendation


def audience_people(*, rule):
    """Everyone the rule's audience criteria select (all filled criteria hold)."""
    people = Person.objects.all()
    # ParentalManyToMany: read through the cluster (works before saving, too).
    agency_paths = [agency.path for agency in rule.agencies.all()]
    category_ids = [category.pk for category in rule.categories_taken.all()]
    if agency_paths:
        within = Q()
        for path in agency_paths:
            within |= Q(agency__path__startswith=path)
        people = people.filter(within)
    if rule.grade_list:
        people = people.filter(grade__in=rule.grade_list)
    if rule.job_title_list:
        people = people.filter(job_title__in=rule.job_title_list)
    if category_ids:
        people = people.filter(
            Exists(
                TrainingRecord.objects.filter(
                    user_id=OuterRef("user_id"),
                    completed=True,
                    session__course__category_id__in=category_ids,
                )
            )
        )
    return people


def audience_preview(*, rule, sample=5):
    """(how many people, a few of them) for the editor's preview."""
    people = audience_people(rule=rule)
    return people.count(), list(people.order_by("name")[:sample])


def recommendation_list(*, user, limit=6):
    """The user's precomputed recommendations of published courses, best first."""
    if not user.is_authenticated:
        return []
    return list(
        StoredRecommendation.objects.filter(user=user, course__live=True)
        .select_related("course")
        .order_by("rank")[:limit]
    )


def also_taken_list(*, course, limit=6):
    """Published courses that trainees of ``course`` also took, most often first."""
    return [
        row.other
        for row in AlsoTaken.objects.filter(course=course, other__live=True)
        .select_related("other")
        .order_by("rank")[:limit]
    ]
