from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language, as (code, name, url, is_current)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def localised_title(page):
    """A course's English title in English, when the editor gave one."""
    if translation.get_language() == "en" and getattr(page, "title_en", ""):
        return page.title_en
    return page.title


@register.filter
def localised_name(category):
    if translation.get_language() == "en" and getattr(category, "name_en", ""):
        return category.name_en
    return category.name
