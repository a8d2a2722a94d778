from django import template

register = template.Library()


@register.filter
def ntd(value) -> str:
    """An amount in whole New Taiwan dollars, grouped as Taiwan writes it: NT$31,325."""
    if value in (None, ""):
        return ""
    return f"NT${int(value):,}"
