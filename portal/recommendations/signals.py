from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.enrolment.models import Enrolment

from . import services


@receiver(post_save, sender=Enrolment)
def count_recommended_enrolment(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.recommendation_enrolled(
            user=instance.user, course_id=instance.session.course_id
        )
