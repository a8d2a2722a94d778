from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalIdentity(models.Model):
    """A person's account at the city's sign-in provider, linked on first sign-in.

    Later sign-ins find the user by issuer and subject (``sub``), never again by
    e-mail or number: a changed e-mail at the provider does not move the link.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject identifier"), max_length=255)
    # How the first sign-in found the person: email, employee_number or national_id.
    linked_by = models.CharField(_("linked by"), max_length=20)
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("city account link")
        verbose_name_plural = _("city account links")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="sso_identity_issuer_subject"
            )
        ]

    def __str__(self):
        return f"{self.issuer} {self.subject}"
