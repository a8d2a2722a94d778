"""The lecturer's authorization pages and the staff register, through HTTP."""

import base64
import io

import openpyxl
import pytest
from django.urls import reverse
from PIL import Image

from cms.handouts.models import Visibility
from cms.handouts.selectors import handout_list_for_course
from portal.authorizations import services, wording
from portal.authorizations.models import Authorization, Status
from portal.authorizations.sealing import seal_status
from tests.factories.authorizations import authorize
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


def _data_url():
    image = Image.new("RGB", (300, 100), "white")
    for x in range(10, 290):
        image.putpixel((x, 50), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _digest(authorization):
    return wording.text_sha256(
        wording.consent_text(authorization, institute=services.institute_name())
    )


def test_the_lecturer_signs_on_the_site_and_downloads_the_sealed_pdf(
    client, prepared, aw
):
    authorization, link = prepared
    _login(client, aw.lect_a)
    response = client.get(link.removeprefix("https://learn.example.test"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "authorizations:detail", args=[authorization.pk]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "資安簡報" in page.content.decode()
    assert page.context["text_sha256"] == _digest(authorization)
    response = client.post(
        reverse("authorizations:sign", args=[authorization.pk]),
        {
            "signer_name": "甲講座",
            "signature": _data_url(),
            "consent": "on",
            "text_sha256": page.context["text_sha256"],
        },
    )
    assert response.status_code == 302
    authorization.refresh_from_db()
    assert authorization.status == Status.SIGNED
    download = client.get(reverse("authorizations:document", args=[authorization.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    pdf = b"".join(download.streaming_content)
    assert seal_status(pdf).ok


def test_a_bad_submission_keeps_what_was_typed_and_says_why(client, prepared, aw):
    authorization, _link = prepared
    _login(client, aw.lect_a)
    response = client.post(
        reverse("authorizations:sign", args=[authorization.pk]),
        {
            "signer_name": "甲講座本人",
            "signature": "data:image/svg+xml;base64,PHN2Zz4=",
            "text_sha256": _digest(authorization),
        },
    )
    assert response.status_code == 400
    form = response.context["sign_form"]
    assert set(form.errors) == {"signature"}
    assert 'value="甲講座本人"' in response.content.decode()
    response = client.post(
        reverse("authorizations:sign", args=[authorization.pk]),
        {"signer_name": "甲講座", "text_sha256": _digest(authorization)},
    )
    assert response.status_code == 400
    assert set(response.context["sign_form"].errors) == {"consent", "signature"}
    authorization.refresh_from_db()
    assert authorization.status == Status.PENDING


def test_another_lecturer_reaches_nothing(client, prepared, aw):
    authorization, link = prepared
    _login(client, aw.lect_b)
    response = client.get(link.removeprefix("https://learn.example.test"))
    assert response.status_code == 403
    assert response.context["code"] == "link_other_lecturer"
    for name in ("detail", "document"):
        assert (
            client.get(
                reverse(f"authorizations:{name}", args=[authorization.pk])
            ).status_code
            == 404
        )
    for name in ("sign", "decline", "withdraw"):
        assert (
            client.post(
                reverse(f"authorizations:{name}", args=[authorization.pk]), {}
            ).status_code
            == 404
        )
    assert client.get(reverse("authorizations:list")).context["waiting"] == []


def test_a_forged_link_is_refused_and_the_link_needs_a_sign_in(client, prepared, aw):
    _authorization, link = prepared
    path = link.removeprefix("https://learn.example.test")
    response = client.get(path)
    assert response.status_code == 302 and "login" in response["Location"]
    _login(client, aw.lect_a)
    response = client.get(path[:-3] + "xx/")
    assert response.status_code == 404
    assert response.context["code"] == "link_invalid"


def test_the_lecturer_withdraws_on_the_site(client, prepared, aw):
    authorization, _link = prepared
    _login(client, aw.lect_a)
    client.post(
        reverse("authorizations:sign", args=[authorization.pk]),
        {
            "signer_name": "甲講座",
            "typed_signature": "甲講座",
            "consent": "on",
            "text_sha256": _digest(authorization),
        },
    )
    authorization.refresh_from_db()
    assert authorization.status == Status.SIGNED
    response = client.post(
        reverse("authorizations:withdraw", args=[authorization.pk]), {"reason": ""}
    )
    assert response.status_code == 302
    authorization.refresh_from_db()
    assert authorization.status == Status.WITHDRAWN


def test_trainees_see_a_lecturers_handout_only_while_an_authorization_allows_it(
    client, aw
):
    course = aw.future.course
    titles = lambda: {  # noqa: E731
        item.handout.title
        for item in handout_list_for_course(user=aw.trainee, course=course)
    }
    assert titles() == {"課程簡介"}  # the institute's own only
    url = reverse("wagtaildocs_serve", args=[aw.slides.pk, aw.slides.filename])
    _login(client, aw.trainee)
    assert client.get(url).status_code == 404
    authorization = authorize(aw.slides, lecturer=aw.a.lecturer, scopes=("class",))
    assert titles() == {"課程簡介"}  # class use does not put it on the site
    authorization.scope_site = True
    authorization.save()
    assert titles() == {"課程簡介", "資安簡報"}
    assert client.get(url).status_code == 200
    services.authorization_withdraw(authorization=authorization, actor=aw.lect_a)
    assert titles() == {"課程簡介"}
    assert client.get(url).status_code == 404
    # Staff still reach it (to fix the register, or to take it down).
    staff_titles = {
        item.handout.title
        for item in handout_list_for_course(user=aw.organizer, course=course)
    }
    assert "資安簡報" in staff_titles


def test_the_register_and_its_export_for_staff_only(client, prepared, aw):
    authorization, _link = prepared
    authorize(aw.b_notes, lecturer=aw.b.lecturer)
    for outsider in (aw.lect_a, aw.trainee):
        client.logout()
        _login(client, outsider)
        response = client.get(reverse("authorizations_admin_register"))
        assert response.status_code in (302, 403)
    client.logout()
    _login(client, aw.organizer)
    response = client.get(
        reverse("authorizations_admin_register"), {"status": "pending"}
    )
    assert response.status_code == 200
    assert [a.pk for a in response.context["authorizations"]] == [authorization.pk]
    export = client.get(reverse("authorizations_admin_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert {row[1] for row in rows[1:]} == {"甲講座", "乙講座"}


def test_an_organizer_prepares_sends_and_records_a_withdrawal_in_the_admin(client, aw):
    _login(client, aw.organizer)
    response = client.post(
        reverse("authorizations_admin_create"),
        {
            "lecturer": aw.a.lecturer.pk,
            "session": aw.future.pk,
            "materials": [aw.slides.pk],
            "scope_class": "on",
            "scope_site": "on",
            "valid_from": aw.today.isoformat(),
            "conditions": "",
        },
    )
    assert response.status_code == 302
    authorization = Authorization.objects.get()
    assert authorization.status == Status.DRAFT
    client.post(reverse("authorizations_admin_send", args=[authorization.pk]))
    authorization.refresh_from_db()
    assert authorization.status == Status.PENDING
    # Another lecturer's material is refused with the reason, and nothing saved.
    response = client.post(
        reverse("authorizations_admin_detail", args=[authorization.pk]),
        {
            "lecturer": aw.a.lecturer.pk,
            "materials": [aw.b_notes.pk],
            "scope_class": "on",
            "valid_from": aw.today.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "乙的講義" in str(response.context["form"].errors["materials"])
    services.authorization_record_paper(
        authorization=authorization,
        actor=aw.organizer,
        signed_on=aw.today,
        signer_name="甲",
    )
    response = client.post(
        reverse("authorizations_admin_withdraw", args=[authorization.pk]),
        {"reason": ""},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("authorizations_admin_withdraw", args=[authorization.pk]),
        {"reason": "來電撤回"},
    )
    assert response.status_code == 302
    authorization.refresh_from_db()
    assert authorization.status == Status.WITHDRAWN


def test_public_handouts_of_the_institute_are_unchanged(aw):
    aw.own.visibility = Visibility.PUBLIC
    aw.own.save()
    from django.contrib.auth.models import AnonymousUser

    from cms.handouts.selectors import Access, handout_access

    assert handout_access(user=AnonymousUser(), handout=aw.own) == Access.ALLOWED
    assert handout_access(user=AnonymousUser(), handout=aw.slides) == Access.HIDDEN
