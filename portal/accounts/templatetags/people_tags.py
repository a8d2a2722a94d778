"""``{{ user|display_name }}``: the one naming rule (accounts.names) in templates."""

from django import template

from portal.accounts import names

register = template.Library()


@register.filter
def display_name(user) -> str:
    """``names.display_name`` of ``user``; empty for no user."""
    if not user:
        return ""
    return names.display_name(user)
