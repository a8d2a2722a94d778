"""The trainee's pages, the public verification page and the organizer's
admin screens, through HTTP."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.certificates import codes, rules, services
from portal.certificates.models import Certificate
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def issued(cw):
    """alice's and bob's certificates of the past session, in Chinese."""
    summary = services.certificate_issue_session(session=cw.past, actor=cw.organizer)
    by_user = {c.record.user_id: c for c in summary.issued}
    return by_user[cw.alice.user.pk], by_user[cw.bob.user.pk]


def test_my_certificates_lists_mine_with_their_links_and_what_i_may_ask_for(
    client, cw, issued
):
    mine, bobs = issued
    _login(client, cw.alice.user)
    response = client.get(reverse("certificates:mine"))
    assert response.status_code == 200
    page = response.content.decode()
    assert mine.number in page and bobs.number not in page
    assert reverse("certificates:pdf", args=[mine.pk]) in page
    assert codes.certificate_code(mine.number) in page
    offers = {o.record.pk: o for o in response.context["offers"]}
    assert offers[cw.alice_record.pk].languages == ["en"]
    assert offers[cw.blended_record.pk].languages == []
    assert offers[cw.blended_record.pk].refusal == " ".join(
        rules.issue_refusal(cw.blended_record, today=cw.today).messages
    )
    assert cw.future_record.pk in offers  # completed, but not over yet
    assert not offers[cw.future_record.pk].languages


def test_the_pdf_is_mine_only_with_the_safe_download_headers(client, cw, issued):
    mine, bobs = issued
    _login(client, cw.alice.user)
    response = client.get(reverse("certificates:pdf", args=[mine.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "no-store" in response["Cache-Control"]
    assert client.get(reverse("certificates:pdf", args=[bobs.pk])).status_code == 404
    services.certificate_revoke(certificate=mine, actor=cw.organizer, reason="誤發")
    assert client.get(reverse("certificates:pdf", args=[mine.pk])).status_code == 404


def test_the_trainee_gets_the_other_language_on_demand_for_their_own_only(
    client, cw, issued
):
    _login(client, cw.alice.user)
    url = reverse("certificates:request")
    response = client.post(url, {"record": cw.alice_record.pk, "language": "en"})
    assert response.status_code == 302
    english = Certificate.objects.get(record=cw.alice_record, language="en")
    assert english.issued_by == cw.alice.user
    assert english.number in client.get(response["Location"]).content.decode()
    response = client.post(url, {"record": cw.bob_record.pk, "language": "en"})
    assert response.status_code == 404
    assert not Certificate.objects.filter(record=cw.bob_record, language="en")


def test_the_verification_page_shows_what_is_certified_and_nothing_else(
    client, cw, issued
):
    mine, _bobs = issued
    url = reverse("certificates:verify", args=[codes.certificate_code(mine.number)])
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    for shown in (
        mine.number,
        "王資安",
        "資訊安全基礎班",
        f"{cw.past.end_date:%Y-%m-%d}",
    ):
        assert shown in page
    person = cw.alice
    for hidden in (
        person.agency.name,
        person.national_id_masked,
        person.email,
        person.user.username,
        mine.session_code,
    ):
        assert hidden not in page, hidden
    services.certificate_revoke(
        certificate=mine, actor=cw.organizer, reason="私人理由：時數不足"
    )
    response = client.get(url)
    assert response.context["status"] == "revoked"
    page = response.content.decode()
    assert f"{timezone.localdate():%Y-%m-%d}" in page and "時數不足" not in page
    forged = url.replace(url.rstrip("/").rsplit("-", 1)[1], "A" * 16)
    assert client.get(forged).status_code == 404


def test_the_verify_form_takes_a_code_but_not_a_number_alone(client, cw, issued):
    mine, _bobs = issued
    code = codes.certificate_code(mine.number)
    url = reverse("certificates:verify_form")
    response = client.get(url, {"code": f" {code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[code])
    response = client.get(url, {"code": mine.number})
    assert response.status_code == 400
    assert response.context["form"].errors["code"]


def test_the_organizer_issues_a_sessions_certificates_from_the_admin(client, cw):
    _login(client, cw.organizer)
    url = reverse("certificates_admin_session", args=[cw.past.pk])
    page = client.get(url)
    assert page.status_code == 200
    names = [row.name for row in page.context["rows"]]
    assert sorted(names) == sorted(["王資安", "李教育"])  # carol did not complete
    client.post(url, {"language": "zh-hant"})
    assert Certificate.objects.filter(record__session=cw.past).count() == 2
    # Again: nothing new.
    client.post(url, {"language": "zh-hant"})
    assert Certificate.objects.filter(record__session=cw.past).count() == 2
    # One trainee in English, by the row's button.
    client.post(url, {"record": cw.bob_record.pk, "language": "en"})
    assert Certificate.objects.filter(record=cw.bob_record, language="en").exists()
    sessions = client.get(reverse("wagtailsnippets_catalog_session:list"))
    assert url in sessions.content.decode()  # the session list's button
    add = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    assert client.get(add).status_code == 200  # organizers edit the templates


def test_the_organizer_revokes_with_a_reason_in_the_admin(client, cw, issued):
    mine, _bobs = issued
    _login(client, cw.organizer)
    revoke = reverse("certificates_admin_revoke", args=[mine.pk])
    assert client.post(revoke, {"reason": ""}).status_code == 400
    response = client.post(revoke, {"reason": "重複核發"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.revoked_reason, mine.revoked_by) == ("重複核發", cw.organizer)
    detail = client.get(reverse("certificates_admin_detail", args=[mine.pk]))
    assert "重複核發" in detail.content.decode()
