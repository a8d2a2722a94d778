"""The authentication backend of the city's provider (mozilla-django-oidc).

The library does the code flow, the state and nonce checks and the signature
check; this adds what it leaves out: the provider's endpoints from discovery, the
ID token's issuer and audience, the userinfo subject, and the link to a person
(``services.identity_sign_in``) instead of the library's e-mail match.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import config, discovery, services

logger = logging.getLogger("civiclearn.sso")

# Set on the request when a sign-in is refused; the callback view shows why.
REFUSAL_ATTRIBUTE = "sso_refusal"


class CityAccountBackend(OIDCAuthenticationBackend):
    """Signs in with the provider's authorization code; never with a password."""

    # Django builds a backend for every request's user: no settings or network
    # here, the endpoints are read when a sign-in actually happens.
    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    get_user = ModelBackend.get_user  # refuses inactive users, unlike the library

    # Permissions are the password backend's (ModelBackend) answers; this one adds
    # none, so each check is not run twice.
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce; password sign-ins pass through.
        if request is None or "nonce" not in kwargs or not config.enabled():
            return None
        metadata = discovery.provider_metadata()
        self.OIDC_OP_TOKEN_ENDPOINT = metadata["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = metadata.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = metadata["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.issuer = metadata["issuer"]
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """The signature, and (unlike the library) issuer, audience and expiry."""
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation("ID token is not a JWT") from error
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("ID token signed with an unexpected algorithm")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                leeway=settings.OIDC_CLOCK_LEEWAY,
                options={"require": ["iss", "aud", "sub", "exp", "iat"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        # Core 1.0, 3.1.3.7: with several audiences, azp must be us.
        audience = claims.get("aud")
        if (
            isinstance(audience, list)
            and len(audience) > 1
            and claims.get("azp") != self.OIDC_RP_CLIENT_ID
        ):
            raise SuspiciousOperation("ID token authorized for another party")
        return claims

    def retrieve_matching_jwk(self, token):
        """The provider's signing key for ``token``: by ``kid``, or its only
        signing key of the token's algorithm when the provider names none."""
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        keys = response.json().get("keys") or []
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation("ID token is not a JWT") from error
        kid, alg = header.get("kid"), header.get("alg")
        found = [
            key
            for key in keys
            if isinstance(key, dict)
            and key.get("use", "sig") == "sig"
            and key.get("alg", alg) == alg
            and (kid is None or key.get("kid") == kid)
        ]
        if len(found) != 1:
            raise SuspiciousOperation("no single signing key matches the ID token")
        try:
            return jwt.PyJWK(found[0])
        except jwt.PyJWKError as error:
            raise SuspiciousOperation("unusable signing key") from error

    def get_userinfo(self, access_token, id_token, payload):
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        info = super().get_userinfo(access_token, id_token, payload)
        # Core 1.0, 5.3.2: the userinfo subject must be the ID token's.
        if not isinstance(info, dict) or info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo subject differs from the ID token")
        return {**payload, **info}

    def store_tokens(self, access_token, id_token):
        # The ID token is kept for the provider's logout (id_token_hint), unless
        # people are linked by national ID: the token may carry the number, which
        # must not be stored (the session) nor sent in a URL (the logout).
        if config.link_rule().kind != config.NATIONAL_ID:
            self.request.session["oidc_id_token"] = id_token

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            claims = self.get_userinfo(access_token, id_token, payload)
        except requests.RequestException as error:
            raise SuspiciousOperation(f"userinfo failed: {error}") from error
        try:
            return services.identity_sign_in(
                issuer=self.issuer, subject=payload.get("sub"), claims=claims
            )
        except services.SignInRefused as refusal:
            setattr(self.request, REFUSAL_ATTRIBUTE, refusal.code)
            logger.info("city sign-in refused: %s", refusal.code)
            return None
