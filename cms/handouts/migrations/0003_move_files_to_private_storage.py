"""Move handout files from the default storage (MEDIA_ROOT, published under
/media/) to the private storage. Idempotent: a file already moved is skipped,
and a copy left behind by an interrupted run is removed. Backwards, the files
move back."""

from django.core.files.storage import storages
from django.db import migrations


def _same_place(source, target) -> bool:
    location = getattr(source, "location", None)
    return location is not None and location == getattr(target, "location", None)


def move_files(apps, source_alias: str, target_alias: str) -> int:
    """Move every handout's file from one storage to the other; the number moved."""
    Handout = apps.get_model("handouts", "Handout")
    source, target = storages[source_alias], storages[target_alias]
    if _same_place(source, target):
        return 0
    moved = 0
    for pk, name in (
        Handout.objects.exclude(file="").values_list("pk", "file").iterator()
    ):
        if not source.exists(name):
            continue  # already moved, or missing before we came
        if target.exists(name) and target.size(name) == source.size(name):
            # An earlier run copied it and stopped before deleting the original.
            source.delete(name)
            continue
        with source.open(name, "rb") as content:
            stored = target.save(name, content)
        if stored != name:
            Handout.objects.filter(pk=pk).update(file=stored)
        source.delete(name)
        moved += 1
    return moved


def forwards(apps, schema_editor):
    move_files(apps, "default", "private")


def backwards(apps, schema_editor):
    move_files(apps, "private", "default")


class Migration(migrations.Migration):
    dependencies = [
        ("handouts", "0002_private_storage"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
