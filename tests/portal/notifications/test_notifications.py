import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.notifications import delivery, services
from portal.notifications.models import (
    EmailStatus,
    EmailTemplate,
    OutgoingEmail,
    TemplateKey,
)
from portal.notifications.tasks import send_email_task
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_default_templates_exist_in_both_languages():
    keys = set(EmailTemplate.objects.values_list("key", "language"))
    assert ("summons", "zh-hant") in keys and ("summons", "en") in keys
    assert keys == {
        (key, language) for key in TemplateKey.values for language in ("zh-hant", "en")
    }
    assert len(keys) == 2 * len(TemplateKey.values)


@pytest.mark.parametrize(
    "body",
    [
        "{trainee_password}",
        "{trainee_name.__class__}",
        "{course_title[0]}",
        "unclosed {brace",
    ],
)
def test_unknown_or_unsafe_placeholders_are_refused_on_save(body):
    template = EmailTemplate(key="summons", language="en", subject="S", body=body)
    with pytest.raises(ValidationError) as excinfo:
        template.clean()
    assert "body" in excinfo.value.message_dict


def test_editor_sees_the_placeholder_error_in_the_admin(client):
    make_user("editor", "Editors")
    client.login(username="editor", password=PASSWORD)
    template = EmailTemplate.objects.get(key="summons", language="zh-hant")
    url = reverse(
        "wagtailsnippets_notifications_emailtemplate:edit", args=[template.pk]
    )
    response = client.post(
        url,
        {"key": "summons", "language": "zh-hant", "subject": "調訓 {course_title}",
         "body": "{trainee_name} 您好 {secret}"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "{secret}" in response.content.decode()
    template.refresh_from_db()
    assert "{secret}" not in template.body


def test_mail_is_queued_in_the_request_and_sent_by_the_worker(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = services.email_queue(
            key="summons",
            to=["trainee@example.test"],
            cc=["hr@example.test"],
            context={
                "trainee_name": "王小明",
                "course_title": "公文寫作實務班",
                "term": 2,
            },
        )
    assert email.status == EmailStatus.QUEUED and not mail.outbox
    assert "王小明" in email.body and "公文寫作實務班" in email.subject
    for callback in callbacks:
        callback()  # what the commit hands to the task queue (immediate in tests)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert mail.outbox[0].to == ["trainee@example.test"]
    assert mail.outbox[0].cc == ["hr@example.test"]


def test_a_failed_send_is_retried_then_marked_failed(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.portal.notifications.failing_mail.Backend"
    email = services.email_queue(
        key="summons", to=["trainee@example.test"], context={"trainee_name": "王"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_email_task.call(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == delivery.MAX_ATTEMPTS
    assert "SMTP is down" in email.last_error


def test_failed_mail_is_visible_to_organizers(client):
    make_user("organizer", "Organizers")
    OutgoingEmail.objects.create(
        template_key="summons", to="x@example.test", subject="調訓通知", body="...",
        status=EmailStatus.FAILED, attempts=5, last_error="SMTPServerDisconnected",
    )  # fmt: skip
    client.login(username="organizer", password=PASSWORD)
    response = client.get(reverse("outgoing_emails:index"), {"status": "failed"})
    assert response.status_code == 200
    assert "調訓通知" in response.content.decode()
