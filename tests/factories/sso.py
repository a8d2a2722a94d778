"""A real OpenID Connect provider for the single sign-on tests (oidc-provider-mock),
run in a thread on a free port, and a browser's walk through the code flow."""

import os
import socket
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import requests
from django.urls import reverse
from oidc_provider_mock import run_server_in_thread

CLIENT_ID = "civiclearn"
CLIENT_SECRET = "test-client-secret"


@contextmanager
def running_provider():
    """The provider's issuer URL while it runs (plain HTTP, on localhost)."""
    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # http://localhost only
    try:
        with run_server_in_thread(port=0) as server:
            yield f"http://localhost:{server.server_port}"
    finally:
        if previous is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = previous


def closed_port_url() -> str:
    """An address where nothing listens: a provider that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def provider_user(issuer: str, sub: str, **claims):
    """Give the provider's account ``sub`` these claims (replacing earlier ones)."""
    response = requests.put(f"{issuer}/users/{sub}", json=claims, timeout=10)
    response.raise_for_status()


def start(client, **params):
    """The site's "sign in with the city account" link: the provider's address."""
    response = client.get(reverse("sso:login"), params)
    assert response.status_code == 302, response.status_code
    return response["Location"]


def authorize(authorize_url: str, sub: str) -> str:
    """The person signs in at the provider as ``sub``: its redirect back to us."""
    response = requests.post(
        authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10
    )
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def callback(client, redirect: str):
    """The browser follows the provider's redirect to our callback."""
    parts = urlsplit(redirect)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, sub: str, **params):
    """The whole walk: our link, the provider's sign-in, our callback."""
    return callback(client, authorize(start(client, **params), sub))


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
