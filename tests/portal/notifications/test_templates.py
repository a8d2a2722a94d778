"""Editors' wordings: format specs refused on save; a broken stored one never
breaks the action that sends the mail, the default goes out and staff are told."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from portal.notifications.models import EmailTemplate, OutgoingEmail
from portal.notifications.placeholders import (
    PLACEHOLDERS,
    TemplateRenderError,
    render,
)
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        "您是第 {position:d} 位",
        "{position:>{term}}",
        "{trainee_name!r} 您好",
        "{trainee_name!s}",
        "{trainee_name.upper}",
        "{course_title[0]}",
    ],
)
def test_format_specs_conversions_and_lookups_are_refused(body):
    template = EmailTemplate(
        key="waitlisted", language="zh-hant", subject="S", body=body
    )
    with pytest.raises(ValidationError) as excinfo:
        template.clean()
    assert [e.code for e in excinfo.value.error_dict["body"]] == ["placeholder_format"]


def test_plain_placeholders_and_escaped_braces_pass():
    template = EmailTemplate(
        key="waitlisted",
        language="zh-hant",
        subject="{course_title}",
        body="第 {position} 位 {{不是欄位}}",
    )
    template.clean()
    assert (
        render(template.body, PLACEHOLDERS["waitlisted"], {"position": "3"})
        == "第 3 位 {不是欄位}"
    )


def test_the_rendering_never_runs_the_format_language():
    with pytest.raises(TemplateRenderError):
        render("{position:d}", PLACEHOLDERS["waitlisted"], {"position": "3"})


def test_the_editor_reads_the_error_in_their_language(client):
    make_user("editor", "Editors")
    client.login(username="editor", password=PASSWORD)
    template = EmailTemplate.objects.get(key="waitlisted", language="zh-hant")
    url = reverse(
        "wagtailsnippets_notifications_emailtemplate:edit", args=[template.pk]
    )
    data = {
        "key": "waitlisted",
        "language": "zh-hant",
        "subject": "候補 {course_title}",
        "body": "您是第 {position:d} 位",
    }
    message = (
        "%(placeholder)s: write a placeholder as its plain name in braces, "
        "e.g. {trainee_name}, without a colon, exclamation mark, dot or "
        "square brackets."
    )
    with translation.override("zh-hant"):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hant")
        expected = translation.gettext(message) % {"placeholder": "{position:d}"}
    assert expected != message % {"placeholder": "{position:d}"}  # translated
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["body"] == [expected]
    assert form.data["body"] == "您是第 {position:d} 位"  # what was typed is kept
    template.refresh_from_db()
    assert ":d" not in template.body


def test_a_broken_stored_template_does_not_break_enrolment(client, catalog):
    # Stored before validation refused it (or written around the admin).
    EmailTemplate.objects.filter(key="waitlisted").update(
        body="{trainee_name} 您是第 {position:d} 位"
    )
    agency = make_agencies()["it"]
    session = make_session(make_course(catalog, title="公文寫作"), capacity=1)
    first, second = (make_person(f"t{i}", agency).user for i in range(2))
    for trainee in (first, second):
        client.force_login(trainee)
        response = client.post(reverse("portal:enrol", args=[session.pk]))
        assert response.status_code == 302
    email = OutgoingEmail.objects.get(template_key="waitlisted")
    assert email.to == second.email
    assert "1" in email.body and "公文寫作" in email.body  # the built-in default
    template = EmailTemplate.objects.get(key="waitlisted", language="zh-hant")
    assert template.render_failed_at is not None and template.render_error

    # The alert is on the dashboard of those who look after the wordings ...
    make_user("editor", "Editors")
    client.login(username="editor", password=PASSWORD)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="failed-email-templates' in dashboard
    edit_url = reverse(
        "wagtailsnippets_notifications_emailtemplate:edit", args=[template.pk]
    )
    assert edit_url in dashboard
    # ... until a corrected wording is saved.
    response = client.post(
        edit_url,
        {"key": "waitlisted", "language": "zh-hant",
         "subject": template.subject, "body": "您是第 {position} 位"},
    )  # fmt: skip
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.render_failed_at is None and template.render_error == ""
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="failed-email-templates' not in dashboard


def test_the_alert_is_not_shown_to_hr_officers(client):
    EmailTemplate.objects.filter(key="summons", language="zh-hant").update(
        render_error="x", render_failed_at="2026-01-01T00:00:00Z"
    )
    agency = make_agencies()["it"]
    hr = make_person("hr", agency, "HR officers", hr_agency=agency)
    client.force_login(hr.user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert 'id="failed-email-templates' not in response.content.decode()


def test_every_built_in_default_passes_validation():
    """The fallback itself can never fail."""
    from portal.notifications.defaults import DEFAULT_TEMPLATES

    for (key, _language), (subject, body) in DEFAULT_TEMPLATES.items():
        for text in (subject, body):
            render(text, PLACEHOLDERS[key], {})
