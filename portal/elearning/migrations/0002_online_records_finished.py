"""Online classes' records kept before completions came from the platform: hours
recorded by hand stand for a finished online part. Mark it finished (at the
record's last change) so that the rule of portal.records holds for them too:
hours = classroom hours (none, for an online class) + the online part once
finished. Records without hours are left as they are."""

from django.db import migrations
from django.db.models import Q


def mark_finished(apps, schema_editor):
    TrainingRecord = apps.get_model("records", "TrainingRecord")
    online = Q(session__delivery_mode="online") | Q(
        session__delivery_mode="", session__course__delivery_mode="online"
    )
    for record in TrainingRecord.objects.filter(
        online, online_completed_at__isnull=True, hours__gt=0
    ).only("pk", "updated_at"):
        TrainingRecord.objects.filter(pk=record.pk).update(
            online_completed_at=record.updated_at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("elearning", "0001_completion_imports"),
        ("records", "0003_grades"),
        ("catalog", "0006_course_online_part"),
    ]

    operations = [migrations.RunPython(mark_finished, migrations.RunPython.noop)]
