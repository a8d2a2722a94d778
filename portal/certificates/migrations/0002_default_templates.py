"""The Chinese and English default certificate templates (no seal or signature
images: staff add those in the admin)."""

from django.db import migrations

DEFAULTS = [
    {
        "language": "zh-hant",
        "name": "標準研習證明（中文）",
        "title": "研習證明書",
        "body": (
            "{name} 君參加{institute}辦理之「{course}」（班期代碼 {session_code}），"
            "研習期間自 {start_date} 至 {end_date}，計 {hours} 小時，"
            "成績合格，特此證明。"
        ),
        "signer_title": "院長",
    },
    {
        "language": "en",
        "name": "Standard certificate (English)",
        "title": "Certificate of Completion",
        "body": (
            "This is to certify that {name} has completed the course “{course}” "
            "(session {session_code}) held by {institute} from {start_date} to "
            "{end_date}, a total of {hours} study hours."
        ),
        "signer_title": "Director",
    },
]


def create_defaults(apps, schema_editor):
    CertificateTemplate = apps.get_model("certificates", "CertificateTemplate")
    for fields in DEFAULTS:
        if not CertificateTemplate.objects.filter(
            language=fields["language"], is_default=True
        ).exists():
            CertificateTemplate.objects.create(is_default=True, **fields)


def remove_defaults(apps, schema_editor):
    CertificateTemplate = apps.get_model("certificates", "CertificateTemplate")
    CertificateTemplate.objects.filter(
        name__in=[fields["name"] for fields in DEFAULTS], certificates__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
