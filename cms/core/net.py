"""The client's address: from X-Forwarded-For only when a trusted proxy sent it.

Every limit, lockout and log that names an address asks ``client_ip``; a header
anyone can write must not let a client pick a new identity per request.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    if address is None:
        return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def client_ip(request) -> str:
    """The address of whoever sent ``request``.

    Behind proxies listed in ``TRUSTED_PROXIES`` (addresses or CIDRs), the
    right-most address of X-Forwarded-For that is not a trusted proxy: entries to
    its left were written by the client and prove nothing. Otherwise REMOTE_ADDR.
    """
    meta = request.META
    remote = meta.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    current = _address(remote)
    if not networks or not _trusted(current, networks):
        return str(current) if current is not None else remote
    chain = [hop for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
    for hop in reversed(chain):
        address = _address(hop)
        if address is None:
            # A trusted proxy always writes a valid address; stop at the first
            # malformed one and name the last proxy that vouched for the hop.
            break
        current = address
        if not _trusted(address, networks):
            break
    return str(current)
