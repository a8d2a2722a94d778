"""The register decides what a lecturer's material may be used for: preparing,
sending, the signing links, signing, declining and withdrawing."""

import datetime
import io
import re

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import pgettext
from PIL import Image

from portal.authorizations import selectors, services, tokens, wording
from portal.authorizations.models import Authorization, Scope, Source, Status
from portal.authorizations.sealing import seal_status
from portal.notifications.models import OutgoingEmail
from tests.factories.authorizations import authorize
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


def _png():
    image = Image.new("RGB", (300, 100), "white")
    for x in range(20, 280):
        image.putpixel((x, 50 + (x % 20) - 10), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _token(link):
    return re.search(r"/sign/([^/]+)/$", link).group(1)


def _sign(authorization, user, **overrides):
    text = wording.consent_text(authorization, institute=services.institute_name())
    kwargs = {
        "authorization": authorization,
        "user": user,
        "signer_name": "甲講座",
        "consent": True,
        "text_sha256": wording.text_sha256(text),
        "signature_png": _png(),
    }
    kwargs.update(overrides)
    return services.authorization_sign(**kwargs)


# What a handout may be used for ---------------------------------------------


def test_a_lecturers_material_has_no_rights_until_an_authorization_is_in_force(aw):
    rights = selectors.material_rights(handouts=[aw.slides, aw.own])
    assert rights[aw.slides.pk] == set()
    assert rights[aw.own.pk] == {s.value for s in Scope}  # the institute's own
    authorize(aw.slides, scopes=("class", "site"), lecturer=aw.a.lecturer)
    rights = selectors.material_rights(handouts=[aw.slides])
    assert rights[aw.slides.pk] == {"class", "site"}
    assert selectors.handout_allowed(handout=aw.slides, scope="site")
    assert not selectors.handout_allowed(handout=aw.slides, scope="licensing")


@pytest.mark.parametrize(
    ("status", "start", "end", "in_force"),
    [
        (Status.SIGNED, -10, None, True),
        (Status.SIGNED, -10, 0, True),  # the last day counts
        (Status.SIGNED, -10, -1, False),  # expired
        (Status.SIGNED, 1, None, False),  # not yet
        (Status.WITHDRAWN, -10, None, False),
        (Status.PENDING, -10, None, False),
        (Status.DECLINED, -10, None, False),
    ],
)
def test_in_force_means_signed_and_within_its_period(aw, status, start, end, in_force):
    day = datetime.timedelta(days=1)
    authorize(
        aw.slides,
        lecturer=aw.a.lecturer,
        status=status,
        valid_from=aw.today + start * day,
        valid_until=None if end is None else aw.today + end * day,
    )
    assert selectors.handout_allowed(handout=aw.slides, scope="site") is in_force
    ids = set(selectors.handouts_in_force(scope="site").values_list("pk", flat=True))
    assert (aw.slides.pk in ids) is in_force
    assert (
        Scope.SITE in selectors.material_rights(handouts=[aw.slides])[aw.slides.pk]
    ) is in_force


def test_another_lecturers_authorization_does_not_cover_a_handout(aw):
    # Listed by mistake under 乙's authorization: 甲 never signed for it.
    authorization = authorize(aw.b_notes, lecturer=aw.b.lecturer)
    authorization.materials.add(aw.slides)
    assert not selectors.handout_allowed(handout=aw.slides, scope="site")
    assert aw.slides.pk not in set(
        selectors.handouts_in_force(scope="site").values_list("pk", flat=True)
    )
    assert selectors.material_rights(handouts=[aw.slides])[aw.slides.pk] == set()


# Preparing and sending ------------------------------------------------------


def test_only_organizers_prepare(aw):
    with pytest.raises(ValidationError) as error:
        services.authorization_save(
            actor=aw.lect_a,
            authorization=Authorization(lecturer=aw.a.lecturer, valid_from=aw.today),
            materials=[aw.slides],
            scopes=["class"],
        )
    assert error.value.code == "not_organizer"


def test_preparing_checks_scope_materials_and_session(aw):
    with pytest.raises(ValidationError) as error:
        services.authorization_save(
            actor=aw.organizer,
            authorization=Authorization(
                lecturer=aw.a.lecturer,
                session=aw.future,
                valid_from=aw.today,
                valid_until=aw.today - datetime.timedelta(days=1),
            ),
            materials=[aw.slides, aw.b_notes],
            scopes=[],
        )
    codes = {f: [e.code for e in errs] for f, errs in error.value.error_dict.items()}
    assert codes == {
        "scope_class": ["no_scope"],
        "valid_until": ["period_reversed"],
        "materials": ["other_lecturers_material"],
    }
    assert "乙的講義" in error.value.error_dict["materials"][0].messages[0]
    other_course_session = aw.past
    aw.a_past.delete()
    with pytest.raises(ValidationError) as error:
        services.authorization_save(
            actor=aw.organizer,
            authorization=Authorization(
                lecturer=aw.a.lecturer,
                session=other_course_session,
                valid_from=aw.today,
            ),
            materials=[aw.slides],
            scopes=["class"],
        )
    assert [e.code for e in error.value.error_dict["session"]] == ["not_teaching"]
    assert not Authorization.objects.exists()


def test_sending_mails_a_link_bound_to_the_lecturer(prepared, aw):
    authorization, link = prepared
    assert authorization.status == Status.PENDING
    assert authorization.reference == f"AUTH-{aw.today:%Y}-{authorization.pk:06d}"
    mail = OutgoingEmail.objects.get(template_key="authorization_request")
    assert mail.to == "a@x.test"
    assert link in mail.body
    assert (
        services.authorization_from_link(token=_token(link), user=aw.lect_a)
        == authorization
    )


def test_a_lecturer_without_an_account_cannot_be_sent_a_link(aw):
    aw.c.lecturer.handouts.add(aw.own)
    authorization = Authorization.objects.create(
        lecturer=aw.c.lecturer, valid_from=aw.today, scope_class=True
    )
    with pytest.raises(ValidationError) as error:
        services.authorization_send(
            authorization=authorization, actor=aw.organizer, base_url=""
        )
    assert error.value.code == "no_account"


def test_forged_expired_replaced_and_other_lecturers_links_are_refused(
    prepared, aw, settings
):
    authorization, link = prepared
    token = _token(link)
    with pytest.raises(tokens.LinkRefused) as refused:
        services.authorization_from_link(token=token[:-2] + "xx", user=aw.lect_a)
    assert (refused.value.code, refused.value.status) == ("link_invalid", 404)
    forged = signing.TimestampSigner(salt="another").sign(
        f"{authorization.pk}:{aw.a.lecturer.pk}:{authorization.link_nonce}"
    )
    with pytest.raises(tokens.LinkRefused) as refused:
        services.authorization_from_link(token=forged, user=aw.lect_a)
    assert refused.value.code == "link_invalid"
    with pytest.raises(tokens.LinkRefused) as refused:
        services.authorization_from_link(token=token, user=aw.lect_b)
    assert (refused.value.code, refused.value.status) == ("link_other_lecturer", 403)
    settings.AUTHORIZATION_LINK_DAYS = 0
    with pytest.raises(tokens.LinkRefused) as refused:
        services.authorization_from_link(token=token, user=aw.lect_a)
    assert (refused.value.code, refused.value.status) == ("link_expired", 410)
    settings.AUTHORIZATION_LINK_DAYS = 14
    services.authorization_send(
        authorization=authorization, actor=aw.organizer, base_url=""
    )
    with pytest.raises(tokens.LinkRefused) as refused:
        services.authorization_from_link(token=token, user=aw.lect_a)
    assert refused.value.code == "link_replaced"


# Signing ---------------------------------------------------------------------


def test_signing_seals_a_pdf_that_validates_and_states_the_text(prepared, aw):
    authorization, _link = prepared
    signed = _sign(authorization, aw.lect_a, ip_address="10.1.2.3")
    assert signed.status == Status.SIGNED
    assert signed.source == Source.ELECTRONIC
    assert signed.signed_by == aw.lect_a
    assert signed.signing_ip == "10.1.2.3"
    with signed.document.open("rb") as handle:
        pdf = handle.read()
    status = seal_status(pdf)
    assert (status.sealed, status.intact, status.valid, status.trusted) == (
        True, True, True, True,
    )  # fmt: skip
    import hashlib

    assert hashlib.sha256(pdf).hexdigest() == signed.document_sha256
    assert signed.consent_sha256 == wording.text_sha256(
        wording.consent_text(signed, institute=services.institute_name())
    )
    mail = OutgoingEmail.objects.get(template_key="authorization_signed")
    assert signed.document_sha256 in mail.body
    # One byte changed in the file: the seal no longer holds.
    middle = len(pdf) // 3
    tampered = pdf[:middle] + bytes([pdf[middle] ^ 0x01]) + pdf[middle + 1 :]
    broken = seal_status(tampered)
    assert not (broken.intact and broken.valid)
    # In force now: trainees see the materials, agencies may license them.
    assert selectors.handout_allowed(handout=aw.slides, scope="site")
    assert selectors.handout_allowed(handout=aw.cases, scope="licensing")
    assert not selectors.handout_allowed(handout=aw.cases, scope="recording")


def test_the_text_signed_must_be_the_text_shown(prepared, aw):
    authorization, _link = prepared
    shown = wording.text_sha256(
        wording.consent_text(authorization, institute=services.institute_name())
    )
    # The organizer narrows the scopes while the lecturer reads, then resends.
    services.authorization_save(
        actor=aw.organizer,
        authorization=authorization,
        materials=[aw.slides],
        scopes=["class"],
    )
    services.authorization_send(
        authorization=authorization, actor=aw.organizer, base_url=""
    )
    with pytest.raises(ValidationError) as error:
        _sign(authorization, aw.lect_a, text_sha256=shown)
    assert error.value.code == "text_changed"
    authorization.refresh_from_db()
    assert authorization.status == Status.PENDING and not authorization.document


def test_signing_needs_consent_a_signature_and_a_name(prepared, aw):
    authorization, _link = prepared
    with pytest.raises(ValidationError) as error:
        _sign(
            authorization, aw.lect_a, consent=False, signature_png=None, signer_name=" "
        )
    assert set(error.value.error_dict) == {"consent", "signature", "signer_name"}
    with pytest.raises(ValidationError) as error:
        _sign(authorization, aw.lect_a, signature_png=b"not a png")
    assert set(error.value.error_dict) == {"signature"}
    signed = _sign(
        authorization, aw.lect_a, signature_png=None, typed_signature="甲講座"
    )
    assert signed.status == Status.SIGNED


def test_only_the_lecturer_signs_and_only_once(prepared, aw):
    authorization, _link = prepared
    for user in (aw.lect_b, aw.organizer):
        with pytest.raises(ValidationError) as error:
            _sign(authorization, user)
        assert error.value.code == "not_own"
    _sign(authorization, aw.lect_a)
    with pytest.raises(ValidationError) as error:
        _sign(authorization, aw.lect_a)
    assert error.value.code == "not_pending"


def test_a_change_after_sending_voids_the_link_and_a_signed_one_cannot_change(
    prepared, aw
):
    authorization, link = prepared
    services.authorization_save(
        actor=aw.organizer, authorization=authorization, materials=[aw.slides]
    )
    authorization.refresh_from_db()
    assert authorization.status == Status.DRAFT
    with pytest.raises(tokens.LinkRefused):
        services.authorization_from_link(token=_token(link), user=aw.lect_a)
    services.authorization_send(
        authorization=authorization, actor=aw.organizer, base_url=""
    )
    _sign(authorization, aw.lect_a)
    with pytest.raises(ValidationError) as error:
        services.authorization_save(
            actor=aw.organizer, authorization=authorization, materials=[aw.slides]
        )
    assert error.value.code == "not_editable"


def test_declining(prepared, aw):
    authorization, _link = prepared
    declined = services.authorization_decline(
        authorization=authorization, user=aw.lect_a, reason="內容尚在修改"
    )
    assert (declined.status, declined.decline_reason) == (
        Status.DECLINED,
        "內容尚在修改",
    )
    assert not selectors.handout_allowed(handout=aw.slides, scope="site")


# Withdrawing -----------------------------------------------------------------


def test_the_lecturer_withdraws_and_every_right_ends(prepared, aw):
    authorization, _link = prepared
    _sign(authorization, aw.lect_a)
    assert selectors.handout_allowed(handout=aw.slides, scope="licensing")
    withdrawn = services.authorization_withdraw(
        authorization=authorization, actor=aw.lect_a
    )
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.withdrawn_by == aw.lect_a
    for scope in ("class", "site", "licensing"):
        assert not selectors.handout_allowed(handout=aw.slides, scope=scope)
    with pytest.raises(ValidationError) as error:
        services.authorization_withdraw(authorization=authorization, actor=aw.lect_a)
    assert error.value.code == "not_signed"


def test_an_organizer_records_a_withdrawal_with_how_it_came(prepared, aw):
    authorization, _link = prepared
    _sign(authorization, aw.lect_a)
    with pytest.raises(ValidationError) as error:
        services.authorization_withdraw(authorization=authorization, actor=aw.organizer)
    assert "reason" in error.value.error_dict
    for outsider in (aw.lect_b, aw.trainee):
        with pytest.raises(ValidationError):
            services.authorization_withdraw(
                authorization=authorization, actor=outsider, reason="x"
            )
    services.authorization_withdraw(
        authorization=authorization, actor=aw.organizer, reason="2026-11-30 來函"
    )
    authorization.refresh_from_db()
    assert authorization.withdrawal_reason == "2026-11-30 來函"


def test_a_paper_authorization_is_recorded_as_signed(aw):
    authorization = services.authorization_save(
        actor=aw.organizer,
        authorization=Authorization(lecturer=aw.a.lecturer, valid_from=aw.today),
        materials=[aw.slides],
        scopes=["class", "site"],
    )
    with pytest.raises(ValidationError) as error:
        services.authorization_record_paper(
            authorization=authorization,
            actor=aw.organizer,
            signed_on=aw.today + datetime.timedelta(days=1),
            signer_name="",
        )
    assert set(error.value.error_dict) == {"signed_on", "signer_name"}
    recorded = services.authorization_record_paper(
        authorization=authorization,
        actor=aw.organizer,
        signed_on=aw.today,
        signer_name="甲講座",
    )
    assert (recorded.status, recorded.source) == (Status.SIGNED, Source.PAPER)
    assert selectors.handout_allowed(handout=aw.slides, scope="site")


# Scope of the register --------------------------------------------------------


def test_the_register_is_staffs_and_each_lecturer_sees_their_own(prepared, aw):
    authorization, _link = prepared
    theirs = authorize(aw.b_notes, lecturer=aw.b.lecturer)
    editor = make_user("editor_r", "Editors")
    assert set(selectors.authorization_list(viewer=aw.organizer)) == {
        authorization,
        theirs,
    }
    assert set(selectors.authorization_list(viewer=editor)) == {authorization, theirs}
    assert list(selectors.my_authorization_list(viewer=aw.lect_a)) == [authorization]
    assert list(selectors.my_authorization_list(viewer=aw.lect_b)) == [theirs]
    assert not selectors.authorization_list(viewer=aw.trainee).exists()
    assert not selectors.my_authorization_list(viewer=aw.trainee).exists()


def test_drafts_are_not_shown_to_the_lecturer(aw):
    services.authorization_save(
        actor=aw.organizer,
        authorization=Authorization(lecturer=aw.a.lecturer, valid_from=aw.today),
        materials=[aw.slides],
        scopes=["class"],
    )
    assert not selectors.my_authorization_list(viewer=aw.lect_a).exists()


def test_register_rows_name_the_state_as_people_read_it(aw):
    authorize(
        aw.slides,
        lecturer=aw.a.lecturer,
        valid_from=aw.today - datetime.timedelta(days=40),
        valid_until=aw.today - datetime.timedelta(days=1),
    )
    rows = selectors.register_rows(selectors.authorization_list(viewer=aw.organizer))
    assert len(rows) == 1
    assert rows[0][1] == "甲講座"
    assert rows[0][4] == "資安簡報"
    assert str(rows[0][9]) == pgettext("authorization", "Expired")
    assert timezone.is_naive(rows[0][10])
