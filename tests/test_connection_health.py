"""After a PostgreSQL restart, pooled connections are checked before reuse
(CONN_HEALTH_CHECKS) instead of failing one request each."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import OperationalError, close_old_connections, connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_postgresql_settings_check_pooled_connections(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/civic",
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DJANGO_VAR_DIR": str(tmp_path),
    }
    code = (
        "import django, json; django.setup(); from django.conf import settings;"
        "d = settings.DATABASES['default'];"
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    max_age, health_checks = json.loads(result.stdout.strip().splitlines()[-1])
    assert max_age > 0 and health_checks is True


def _kill_backend():
    """End our server-side session from another connection, as a restart does."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_is_replaced_at_the_next_request():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server to restart")
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True

    connection.ensure_connection()
    _kill_backend()
    close_old_connections()  # what Django does when a request starts
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)

    # Without the check the same sequence fails the request: the test can fail.
    connection.health_check_enabled = False
    try:
        connection.ensure_connection()
        _kill_backend()
        close_old_connections()
        with pytest.raises(OperationalError), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()
        connection.health_check_enabled = True
