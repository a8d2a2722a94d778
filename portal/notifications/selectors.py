"""E-mail templates and outgoing e-mails, for the admin."""

from .models import EmailTemplate


def email_template_failed_list():
    """Templates whose stored wording failed and was replaced by the default."""
    return EmailTemplate.objects.filter(render_failed_at__isnull=False).order_by(
        "-render_failed_at"
    )
