from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from .. import config

register = template.Library()


@register.inclusion_tag("sso/_city_login.html", takes_context=True)
def city_login(context, next_url="", via="site"):
    """The "sign in with the city account" link, when a provider is configured.

    Rendering never asks the provider: a provider that is down shows its error
    only when the link is used, and the password form below keeps working.
    """
    if not config.enabled():
        return {"enabled": False}
    params = {"lang": get_language()}
    if next_url:
        params["next"] = next_url
    if via == "admin":
        params["via"] = "admin"
    return {
        "enabled": True,
        "url": f"{reverse('sso:login')}?{urlencode(params)}",
        "via": via,
    }
