"""Signing out of the portal or the admin also ends the provider's session, where
the provider offers RP-initiated logout (``end_session_endpoint``).

Django's ``logout()`` tells receivers before it empties the session, so the
receiver reads the ID token there and leaves the provider's address on the
request; ``middleware.ProviderLogoutMiddleware`` then sends the browser there
instead of to the page the logout view chose, which becomes the return address.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from . import config, discovery

# The provider's logout address, without the return address (added from the
# logout view's own redirect).
END_SESSION_ATTRIBUTE = "sso_end_session"


@receiver(user_logged_out, dispatch_uid="sso_provider_logout")
def remember_provider_logout(sender, request, user, **kwargs):
    if request is None or not config.enabled():
        return
    session = getattr(request, "session", None)
    if session is None or session.get("sso_issuer") != config.issuer():
        return  # signed in with a password: the provider has no session of ours
    try:
        metadata = discovery.provider_metadata()
    except discovery.ProviderUnavailable:
        return  # the portal's session still ends
    endpoint = metadata.get("end_session_endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        return
    params = {"client_id": settings.OIDC_RP_CLIENT_ID}
    if session.get("oidc_id_token"):
        params["id_token_hint"] = session["oidc_id_token"]
    setattr(request, END_SESSION_ATTRIBUTE, (endpoint, params))


def end_session_url(endpoint: str, params: dict, return_to: str) -> str:
    query = urlencode({**params, "post_logout_redirect_uri": return_to})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
