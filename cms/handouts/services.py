from django.db.models import F

from .models import Handout


def handout_record_download(*, handout: Handout) -> None:
    """Count one download; an UPDATE with F() so concurrent downloads all count."""
    Handout.objects.filter(pk=handout.pk).update(download_count=F("download_count") + 1)
