from django.dispatch import receiver
from wagtail.documents.models import document_served

from . import services


@receiver(document_served)
def count_download(sender, instance, request, **kwargs):
    services.handout_record_download(handout=instance)
