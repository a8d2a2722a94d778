import pytest
from django.contrib.auth.models import Group

from portal.accounts.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db


def test_migrate_grants_every_role_all_its_permissions():
    """Nothing but ``migrate`` ran: the groups must hold the permissions of apps
    listed after accounts too (enrolment, records, classday, surveys)."""
    for name, perms in ROLE_PERMISSIONS.items():
        granted = set(
            Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        assert set(perms) <= granted, (name, set(perms) - granted)
