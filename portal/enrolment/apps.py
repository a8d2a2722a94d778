from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    name = "portal.enrolment"
    label = "enrolment"
    verbose_name = _("Enrolment")

    def ready(self):
        from cms.core import people

        from . import eligibility, selectors

        for question in (
            "enrolment_is_active",
            "active_session_ids",
            "session_states",
        ):
            people.answer(question, getattr(selectors, question))
        people.answer("eligibility_refusals", eligibility.eligibility_refusals)
