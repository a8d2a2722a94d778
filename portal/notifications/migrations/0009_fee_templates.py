from django.db import migrations


def create_missing_defaults(apps, schema_editor):
    from portal.notifications.defaults import DEFAULT_TEMPLATES

    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for (key, language), (subject, body) in DEFAULT_TEMPLATES.items():
        if key.startswith("fee_"):
            EmailTemplate.objects.get_or_create(
                key=key, language=language, defaults={"subject": subject, "body": body}
            )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0008_fee_template_keys")]

    operations = [
        migrations.RunPython(create_missing_defaults, migrations.RunPython.noop)
    ]
