"""The database cache table of settings.CACHES["security"] without Redis: login
lockouts and import turns shared by every worker.

Made here so that every `migrate` (make run, deployments, test databases) has them;
Django's createcachetable skips a table that exists.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations

TABLES = ("civiclearn_security_cache",)


def _tables():
    names = set(TABLES)
    for options in getattr(settings, "CACHES", {}).values():
        if options.get("BACKEND", "").endswith("db.DatabaseCache"):
            names.add(options["LOCATION"])
    return sorted(names)


def create_tables(apps, schema_editor):
    call_command(
        "createcachetable",
        *_tables(),
        database=schema_editor.connection.alias,
        verbosity=0,
    )


def drop_tables(apps, schema_editor):
    existing = schema_editor.connection.introspection.table_names()
    for name in _tables():
        if name in existing:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_importbatch")]

    operations = [migrations.RunPython(create_tables, drop_tables)]
