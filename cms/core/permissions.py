"""Permission policies for admin listings whose rows only services create."""

from wagtail.permission_policies import ModelPermissionPolicy


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Rows are created by services (enrolment, records, e-mail, statistics), never
    through an admin form; Wagtail's ModelViewSet has no switch to drop its add view."""

    denied = frozenset({"add"})

    def user_has_permission(self, user, action):
        if action in self.denied:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class ReadOnlyPermissionPolicy(NoAddPermissionPolicy):
    """Listed and inspected only; changes go through their own screens."""

    denied = frozenset({"add", "change", "delete"})
