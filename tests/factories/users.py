from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.accounts.roles import ensure_role_groups

PASSWORD = "test-pass-2026"


def make_user(username, *roles, **fields):
    ensure_role_groups()
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.test", **fields
    )
    if roles:
        user.groups.set(Group.objects.filter(name__in=roles))
    return user
