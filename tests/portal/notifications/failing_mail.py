from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    """A mail server that is always down."""

    def send_messages(self, email_messages):
        raise ConnectionError("SMTP is down")
