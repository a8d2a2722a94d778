"""Project-level guarantees: migrations committed, deploy checks, database settings."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def _run(*args, env=None):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_every_model_change_has_a_committed_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.slow
def test_deploy_check_passes_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20
        + "deploy-check-secret-with-enough-entropy-0123456789",
        "DJANGO_PERSONAL_ID_HASH_KEY": "deploy-check-hash-key",
        "DJANGO_PERSONAL_ID_KEYS": "k1:" + base64.b64encode(b"k" * 32).decode(),
        "DJANGO_ALLOWED_HOSTS": "learn.example.gov.tw",
        "DJANGO_VAR_DIR": str(tmp_path),
    }
    # The institute's seal for signed authorizations: a throwaway one here.
    made = _run(
        "manage.py", "authorizations_seal_selfsigned", "--out", str(tmp_path / "seal"),
        "--algorithm", "ec", env=env,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    for line in made.stdout.split():
        name, _sep, value = line.partition("=")
        env[name] = value
    assert env["DJANGO_AUTHORIZATION_SEAL_KEY_FILE"]
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production", DJANGO_VAR_DIR=str(tmp_path)
    )
    result = _run("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_sqlite_default_uses_wal_and_immediate_transactions(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", DJANGO_VAR_DIR=str(tmp_path))
    code = (
        "import django, json; django.setup();"
        "from django.db import connection; from django.conf import settings;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode');"
        "print(json.dumps([settings.DATABASES['default']['OPTIONS']['transaction_mode'],"
        " c.fetchone()[0]]))"
    )
    result = _run("-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["IMMEDIATE", "wal"]


@pytest.mark.slow
def test_database_url_selects_postgresql(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/civic",
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DJANGO_VAR_DIR": str(tmp_path),
    }
    code = (
        "import django, json; django.setup(); from django.conf import settings;"
        "d = settings.DATABASES['default']; print(json.dumps([d['ENGINE'], d['NAME']]))"
    )
    result = _run("-c", code, env=env)
    assert json.loads(result.stdout) == ["django.db.backends.postgresql", "civic"]
