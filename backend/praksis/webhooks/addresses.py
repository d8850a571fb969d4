"""Where a delivery may go: guarding against server-side request forgery.

An endpoint's URL is checked when it is registered (https, no credentials, no address of a
private, loopback or link-local network) and again when a delivery is sent: the host name is
resolved then, every address it resolves to must be public, and the request goes to that
address (TLS still verifies the certificate for the name), so a name that points somewhere
else after the check (DNS rebinding) reaches nothing private. Development and the tests send
to a receiver on their own machine: ``PRAKSIS_WEBHOOKS_ALLOW_LOCAL_URLS`` (refused in
production) allows plain http and private addresses.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from praksis.kit.errors import InvalidInput
from praksis.settings import Settings

DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_ADDRESSES = 3  # a delivery tries at most this many of the host's addresses


class AddressRefused(Exception):
    """The URL's host resolves to an address a delivery may not reach (or to none)."""


@dataclass(frozen=True)
class Target:
    """Where to connect for a URL: the URL with the address in place of the name, and the
    name for the Host header and the TLS certificate check."""

    url: str
    host_header: str
    server_name: str | None


def check_endpoint_url(url: str, settings: Settings) -> str:
    """The URL if an endpoint may have it, else 422 naming ``body.url``."""
    problem = _url_problem(url, settings)
    if problem is not None:
        raise InvalidInput(
            f"The endpoint URL is not allowed: {problem}.",
            errors=[{"location": "body.url", "message": problem}],
        )
    return url


def _url_problem(url: str, settings: Settings) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "not a URL"
    allow_local = settings.webhooks_allow_local_urls
    secure_only = settings.environment != "development" and not allow_local
    if parts.scheme not in DEFAULT_PORTS or (secure_only and parts.scheme != "https"):
        return "use https" if secure_only else "use http or https"
    if not parts.hostname:
        return "no host"
    if parts.username is not None or parts.password is not None:
        return "no user name or password in the URL; authenticate by the signature"
    if parts.fragment:
        return "no fragment (#...)"
    if port == 0:
        return "no port 0"
    if not allow_local and not _may_be_public(parts.hostname):
        return "the host is a private, loopback or link-local address"
    return None


def _may_be_public(host: str) -> bool:
    """A literal address must be public; a name is checked when it is resolved."""
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return _is_public(ipaddress.ip_address(host))
    except ValueError:
        return True


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return address.is_global and not address.is_multicast


def resolve_targets(url: str, allow_local: bool) -> list[Target]:
    """Where to send a delivery for ``url``, one target per address the name resolves to
    (tried in turn, as any client would); ``AddressRefused`` if it may not go there."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise AddressRefused(f"cannot resolve the host: {error}") from error
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in found))
    if not addresses:
        raise AddressRefused("the host resolves to no address")
    if not allow_local and not all(_is_public(address) for address in addresses):
        raise AddressRefused("the host resolves to a private, loopback or link-local address")
    return [_pinned(parts, address, host) for address in addresses[:MAX_ADDRESSES]]


def _pinned(
    parts: SplitResult, address: ipaddress.IPv4Address | ipaddress.IPv6Address, host: str
) -> Target:
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = literal if parts.port is None else f"{literal}:{parts.port}"
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    if ":" in host:  # the URL named an IPv6 address itself
        host_header = f"[{host}]" if parts.port is None else f"[{host}]:{parts.port}"
    return Target(
        url=urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")),
        host_header=host_header,
        server_name=host if parts.scheme == "https" else None,
    )
