"""Demo authorization register: the course handouts' lecturers signed on paper
in earlier years (recorded by the demo organizer), some allowing licensing; the
demo ``lecturer`` has one authorization signed on the site and sealed, one
waiting for a signature, and one withdrawn."""

import contextlib
import datetime
import io

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile

from cms.catalog.models import TimetableEntry
from cms.handouts.models import Handout, Visibility
from portal.authorizations import services, wording
from portal.authorizations.models import Authorization


def _signature_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    draw = ImageDraw.Draw(image)
    points = [(40 + x * 9, 120 - int(40 * ((x % 14) / 7 - 1) ** 2)) for x in range(58)]
    draw.line(points, fill="black", width=5)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _handout(session, lecturer, title, slug, pdf_bytes):
    handout = Handout(
        title=title,
        course=session.course,
        session=session,
        visibility=Visibility.ENROLLED,
        lecturer=lecturer,
    )
    handout.file.save(
        f"{slug}.pdf",
        ContentFile(pdf_bytes(f"CivicLearn {slug}", ["Demo lecturer material."])),
        save=False,
    )
    handout.save()
    return handout


def _prepare(organizer, lecturer, session, materials, scopes, valid_from, **fields):
    return services.authorization_save(
        actor=organizer,
        authorization=Authorization(
            lecturer=lecturer, session=session, valid_from=valid_from, **fields
        ),
        materials=materials,
        scopes=scopes,
    )


def authorizations_demo(*, users, today, report, pdf_bytes):
    """Create the register once; running it again changes nothing."""
    organizer = users.get("organizer")
    if organizer is None or Authorization.objects.exists():
        return
    # Paper authorizations of the course handouts' lecturers.
    handouts = Handout.objects.filter(lecturer__isnull=False).order_by("pk")
    for n, handout in enumerate(handouts):
        scopes = ["class", "site"] + (["licensing"] if n % 2 == 0 else [])
        authorization = _prepare(
            organizer,
            handout.lecturer,
            None,
            [handout],
            scopes,
            today - datetime.timedelta(days=400 + n),
            conditions="" if n % 3 else "引用時須註明講座姓名",
        )
        services.authorization_record_paper(
            authorization=authorization,
            actor=organizer,
            signed_on=today - datetime.timedelta(days=400 + n),
            signer_name=handout.lecturer.name,
        )
        report.add("authorizations")
    account = users.get("lecturer")
    profile = getattr(account, "lecturer_profile", None) if account else None
    if profile is None:
        return
    lecturer = profile.lecturer
    entries = TimetableEntry.objects.filter(lecturer=lecturer).select_related(
        "session__course"
    )
    past = entries.filter(date__lt=today).order_by("-date").first()
    upcoming = entries.filter(date__gte=today).order_by("date").first()
    if past is not None:
        session = past.session
        slides = _handout(
            session, lecturer, f"{session.course.title} 講座簡報", "demo-lecturer-slides",
            pdf_bytes,
        )  # fmt: skip
        signed = _prepare(
            organizer, lecturer, session, [slides], ["class", "site", "recording"],
            session.start_date,
            valid_until=session.start_date + datetime.timedelta(days=3 * 365),
        )  # fmt: skip
        services.authorization_send(authorization=signed, actor=organizer, base_url="")
        signed.refresh_from_db()
        # No seal configured (production settings): the authorization stays waiting.
        with contextlib.suppress(ImproperlyConfigured):
            services.authorization_sign(
                authorization=signed,
                user=account,
                signer_name=lecturer.name,
                consent=True,
                text_sha256=wording.text_sha256(
                    wording.consent_text(signed, institute=services.institute_name())
                ),
                signature_png=_signature_png(),
            )
        report.add("authorizations")
        old = _handout(
            session, lecturer, f"{session.course.title} 舊版講義", "demo-lecturer-old",
            pdf_bytes,
        )  # fmt: skip
        withdrawn = _prepare(
            organizer, lecturer, session, [old], ["class", "site", "licensing"],
            session.start_date - datetime.timedelta(days=200),
        )  # fmt: skip
        services.authorization_record_paper(
            authorization=withdrawn,
            actor=organizer,
            signed_on=session.start_date - datetime.timedelta(days=200),
            signer_name=lecturer.name,
        )
        services.authorization_withdraw(
            authorization=withdrawn,
            actor=account,
            reason="講義內容已改版，舊版停止使用",
        )
        report.add("authorizations")
    if upcoming is not None:
        session = upcoming.session
        notes = _handout(
            session, lecturer, f"{session.course.title} 課堂講義", "demo-lecturer-notes",
            pdf_bytes,
        )  # fmt: skip
        pending = _prepare(
            organizer,
            lecturer,
            session,
            [notes],
            ["class", "site", "licensing"],
            max(today, session.start_date - datetime.timedelta(days=7)),
            conditions="授權其他機關使用時，請保留講座姓名與出處",
        )
        services.authorization_send(authorization=pending, actor=organizer, base_url="")
        report.add("authorizations")
