"""The provider's endpoints, read from its discovery document and cached.

A provider that is down or answers nonsense raises ``ProviderUnavailable``: the
sign-in views turn it into a message, and the login pages never call this (they
render without the provider).
"""

import hashlib
import logging

import requests
from django.conf import settings
from django.core.cache import cache

from . import config

logger = logging.getLogger("civiclearn.sso")

REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


class ProviderUnavailable(Exception):
    """The discovery document could not be read or is not usable."""


def _cache_key(issuer: str) -> str:
    return "sso:discovery:" + hashlib.sha256(issuer.encode()).hexdigest()[:24]


def provider_metadata() -> dict:
    """The issuer's OpenID configuration (cached ``OIDC_DISCOVERY_CACHE_SECONDS``)."""
    issuer = config.issuer()
    key = _cache_key(issuer)
    metadata = cache.get(key)
    if metadata is not None:
        return metadata
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("OIDC discovery failed at %s: %s", url, error)
        raise ProviderUnavailable(str(error)) from error
    if not isinstance(metadata, dict) or any(
        not isinstance(metadata.get(name), str) for name in REQUIRED
    ):
        logger.warning("OIDC discovery at %s lacks required endpoints", url)
        raise ProviderUnavailable("incomplete discovery document")
    # OpenID Connect Discovery 1.0, 4.3: the issuer must be the one we asked.
    if metadata["issuer"].rstrip("/") != issuer:
        logger.warning(
            "OIDC discovery at %s names another issuer: %s", url, metadata["issuer"]
        )
        raise ProviderUnavailable("issuer mismatch")
    cache.set(key, metadata, settings.OIDC_DISCOVERY_CACHE_SECONDS)
    return metadata


def cached_metadata() -> dict | None:
    """The discovery document if already cached, without asking the provider."""
    return cache.get(_cache_key(config.issuer()))
