"""Token verification and the principal built from it.

Two issuers are accepted, each with its own pinned algorithms and key:

* the development issuer (HS256 with ``PRAKSIS_JWT_SECRET``), for ``praksis token`` and the
  demo sign-in;
* a production OIDC issuer (RS256/ES256), keys fetched from its JWKS with httpx, cached and
  refreshed when a token names an unknown ``kid``.

The algorithm is never taken from the token: the token's header is only compared with the
issuer's list before python-jose verifies the signature with that same list.
"""

from __future__ import annotations

import asyncio
import base64
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
from jose import jwt
from jose.exceptions import ExpiredSignatureError, JWTClaimsError, JWTError

from praksis.kit.errors import Unauthorized
from praksis.kit.permissions import MUNICIPAL_ROLES, PERSON_ROLES, Permission, Role, permissions_of
from praksis.kit.schemas import MUNICIPALITY_ID_PATTERN, PARTNER_SLUG_PATTERN
from praksis.kit.tls import verified_tls
from praksis.settings import Settings

CLOCK_SKEW_SECONDS = 30
MAX_SUBJECT_LENGTH = 255
MAX_LINK_ID_LENGTH = 200  # what a person's external id holds
MAX_DISPLAY_TEXT_LENGTH = 200  # what a person's name (and the e-mail kept from a token) holds
# C0 and C1 control characters, and lone surrogates (not UTF-8): PostgreSQL refuses NUL in
# text, and none of them belongs in a subject, a name or an address.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
TENANT_PATTERN = re.compile(MUNICIPALITY_ID_PATTERN)
PARTNER_PATTERN = re.compile(PARTNER_SLUG_PATTERN)
SIGNED_JWT_SEGMENTS = 3
DECODE_OPTIONS: dict[str, bool | int] = {
    "verify_signature": True,
    "verify_aud": True,
    "verify_iss": True,
    "verify_exp": True,
    "verify_nbf": True,
    "verify_iat": True,
    "require_exp": True,
    "require_iat": True,
    "require_aud": True,
    "require_iss": True,
    "require_sub": True,
    "leeway": CLOCK_SKEW_SECONDS,
}
VERIFIED_CACHE_SIZE = 10_000
KEY_TYPE_FOR_ALGORITHM = {"RS256": "RSA", "ES256": "EC"}


@dataclass(frozen=True)
class Principal:
    """Who is calling, as established by a verified token."""

    issuer: str
    subject: str
    tenant: str | None
    roles: frozenset[Role]
    partner: str | None = None
    scopes: frozenset[str] = frozenset()
    name: str | None = None
    email: str | None = None
    permissions: frozenset[Permission] = field(default=frozenset())
    # What may link a first sign-in to an imported person (people.service): the value of the
    # issuer's configured link claim, and the e-mail only if the issuer is trusted for it and
    # the token says the address is verified.
    link_id: str | None = None
    verified_email: str | None = None

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def display_name(self) -> str:
        """The token's name, else its subject, cut to what a person's name holds."""
        return (self.name or self.subject)[:MAX_DISPLAY_TEXT_LENGTH]


@dataclass(frozen=True)
class Issuer:
    name: str
    audience: str
    algorithms: tuple[str, ...]
    link_claim: str | None = None
    link_email: bool = False


class JwksCache:
    """The OIDC issuer's signing keys by ``kid``, refreshed on expiry or on an unknown kid."""

    def __init__(self, url: str, max_age: float, min_refresh_interval: float) -> None:
        self.url = url
        self.max_age = max_age
        self.min_refresh_interval = min_refresh_interval
        self._keys: list[dict[str, Any]] = []
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def key_for(self, kid: str | None, algorithm: str) -> dict[str, Any]:
        now = time.monotonic()
        stale = now - self._fetched_at > self.max_age
        unknown = self._find(kid, algorithm) is None
        if stale or (unknown and now - self._fetched_at >= self.min_refresh_interval):
            await self._refresh()
        key = self._find(kid, algorithm)
        if key is None:
            raise Unauthorized("The token's signing key is not published by the issuer.")
        return key

    def _find(self, kid: str | None, algorithm: str) -> dict[str, Any] | None:
        candidates = [
            key
            for key in self._keys
            if key.get("kty") == KEY_TYPE_FOR_ALGORITHM[algorithm]
            and key.get("alg", algorithm) == algorithm
            and key.get("use", "sig") == "sig"
            and "verify" in key.get("key_ops", ["verify"])
            and (algorithm != "ES256" or key.get("crv") == "P-256")
        ]
        if kid is not None:
            return next((k for k in candidates if k.get("kid") == kid), None)
        return candidates[0] if len(candidates) == 1 else None

    async def _refresh(self) -> None:
        async with self._lock:
            if time.monotonic() - self._fetched_at < self.min_refresh_interval and self._keys:
                return
            try:
                async with httpx.AsyncClient(timeout=5.0, verify=verified_tls()) as client:
                    response = await client.get(self.url)
                    response.raise_for_status()
                    document = response.json()
            except (httpx.HTTPError, ValueError) as error:
                if self._keys:
                    return
                raise Unauthorized("The issuer's signing keys are unavailable.") from error
            keys = document.get("keys") if isinstance(document, dict) else None
            if not isinstance(keys, list):
                raise Unauthorized("The issuer's key set is malformed.")
            self._keys = [key for key in keys if isinstance(key, dict)]
            self._fetched_at = time.monotonic()


class TokenVerifier:
    """Verifies bearer tokens against the configured issuers and builds the Principal."""

    def __init__(self, settings: Settings) -> None:
        self.max_token_bytes = settings.max_token_bytes
        self.max_lifetime_seconds = settings.max_token_lifetime_seconds
        self.dev_secret = settings.jwt_secret
        self.issuers: dict[str, Issuer] = {}
        self.jwks: JwksCache | None = None
        if settings.jwt_secret is not None:
            self.issuers[settings.jwt_issuer] = Issuer(
                settings.jwt_issuer,
                settings.jwt_audience,
                ("HS256",),
                settings.jwt_link_claim,
                settings.jwt_link_email,
            )
        if settings.oidc_issuer and settings.oidc_audience and settings.oidc_jwks_url:
            self.issuers[settings.oidc_issuer] = Issuer(
                settings.oidc_issuer,
                settings.oidc_audience,
                tuple(settings.oidc_algorithms),
                settings.oidc_link_claim,
                settings.oidc_link_email,
            )
            self.jwks = JwksCache(
                settings.oidc_jwks_url,
                settings.jwks_cache_seconds,
                settings.jwks_min_refresh_seconds,
            )
        self.oidc_issuer = settings.oidc_issuer
        self._verified: dict[str, tuple[float, float, Principal]] = {}

    async def verify(self, token: str) -> Principal:
        """The principal of a valid token. A token verified before is answered from memory
        until its ``exp`` (the same bytes verify the same way); every rejection is recomputed."""
        cached = self._verified.get(token)
        now = time.time()
        if cached is not None and cached[0] - CLOCK_SKEW_SECONDS <= now < cached[1]:
            return cached[2]
        principal, not_before, expires = await self._verify_uncached(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (not_before, expires, principal)
        return principal

    async def _verify_uncached(self, token: str) -> tuple[Principal, float, float]:
        if len(token.encode("utf-8", "replace")) > self.max_token_bytes:
            raise Unauthorized("The token is too large.")
        if token.count(".") != SIGNED_JWT_SEGMENTS - 1:
            raise Unauthorized("Only signed JWTs (JWS compact form) are accepted.")
        header = _segment_json(token, 0)
        issuer = self._issuer_named(_segment_json(token, 1).get("iss"))
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in issuer.algorithms:
            raise Unauthorized("The token's algorithm is not accepted for its issuer.")
        if "zip" in header or "crit" in header or "enc" in header:
            raise Unauthorized("Compressed, encrypted or critical-extension tokens are refused.")
        key = await self._key_for(issuer, header, algorithm)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=list(issuer.algorithms),
                audience=issuer.audience,
                issuer=issuer.name,
                options=DECODE_OPTIONS,
            )
        except ExpiredSignatureError as error:
            raise Unauthorized("The token has expired.") from error
        except JWTClaimsError as error:
            raise Unauthorized(f"The token's claims are not valid: {error}") from error
        except JWTError as error:
            raise Unauthorized("The token's signature or form is not valid.") from error
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            # python-jose lets these through for a non-numeric time claim or a malformed
            # published key; either way the token cannot be verified.
            raise Unauthorized("The token could not be verified.") from error
        principal = _principal_from(claims, issuer)
        if claims["exp"] - claims["iat"] > self.max_lifetime_seconds:
            raise Unauthorized(
                f"The token lives longer than {self.max_lifetime_seconds} seconds from its iat."
            )
        not_before = float(claims.get("nbf") or claims["iat"])
        return principal, not_before, float(claims["exp"]) + CLOCK_SKEW_SECONDS

    def _issuer_named(self, name: object) -> Issuer:
        issuer = self.issuers.get(name) if isinstance(name, str) else None
        if issuer is None:
            raise Unauthorized("The token's issuer is not trusted.")
        return issuer

    async def _key_for(self, issuer: Issuer, header: Mapping[str, Any], algorithm: str) -> Any:
        if issuer.name == self.oidc_issuer and self.jwks is not None:
            kid = header.get("kid")
            return await self.jwks.key_for(kid if isinstance(kid, str) else None, algorithm)
        return self.dev_secret


def _segment_json(token: str, index: int) -> dict[str, Any]:
    segment = token.split(".")[index]
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = orjson.loads(raw)
    except (ValueError, orjson.JSONDecodeError) as error:
        raise Unauthorized("The token is not well-formed.") from error
    if not isinstance(value, dict):
        raise Unauthorized("The token is not well-formed.")
    return value


def _principal_from(claims: Mapping[str, Any], issuer: Issuer) -> Principal:
    for claim in ("exp", "iat", "nbf"):
        value = claims.get(claim)
        if (claim != "nbf" or value is not None) and not _is_number(value):
            raise Unauthorized(f"The token's {claim} claim must be a number.")
    if claims["iat"] > time.time() + CLOCK_SKEW_SECONDS:
        raise Unauthorized("The token was issued in the future.")
    subject = claims.get("sub")
    if (
        not isinstance(subject, str)
        or not 0 < len(subject) <= MAX_SUBJECT_LENGTH
        or UNPRINTABLE.search(subject)
    ):
        raise Unauthorized("The token's subject is not valid.")
    roles = _roles(claims.get("roles"))
    tenant = _optional_matching(claims.get("tenant"), TENANT_PATTERN, "tenant")
    partner = _optional_matching(claims.get("partner"), PARTNER_PATTERN, "partner")
    if roles & MUNICIPAL_ROLES and tenant is None:
        raise Unauthorized("A municipal role needs the token's tenant claim.")
    if Role.partner in roles and partner is None:
        raise Unauthorized("The partner role needs the token's partner claim.")
    if Role.integration in roles and roles & PERSON_ROLES:
        raise Unauthorized("An integration token carries no person's roles.")
    if Role.partner in roles and tenant is not None:
        raise Unauthorized("A partner token must not carry a tenant claim.")
    if not roles:
        raise Unauthorized("The token grants no role.")
    scope = claims.get("scope", "")
    scopes = frozenset(scope.split()) if isinstance(scope, str) else frozenset()
    email = _short_text(claims.get("email"), "email")
    return Principal(
        issuer=str(claims["iss"]),
        subject=subject,
        tenant=tenant,
        roles=roles,
        partner=partner,
        scopes=scopes,
        name=_short_text(claims.get("name"), "name"),
        email=email,
        permissions=permissions_of(roles, scopes),
        link_id=_link_id(claims, issuer.link_claim),
        verified_email=email if issuer.link_email and _email_verified(claims) else None,
    )


def _link_id(claims: Mapping[str, Any], link_claim: str | None) -> str | None:
    """The configured link claim's value: an id as text (or a whole number), else none."""
    if link_claim is None:
        return None
    value = claims.get(link_claim)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    if UNPRINTABLE.search(value) or len(value) > MAX_LINK_ID_LENGTH:
        raise Unauthorized(f"The token's {link_claim} claim is not a valid id.")
    return value


def _email_verified(claims: Mapping[str, Any]) -> bool:
    # OIDC Core says a boolean; some identity providers send the string "true".
    return claims.get("email_verified") in (True, "true")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _roles(value: object) -> frozenset[Role]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Unauthorized("The token's roles claim must be a list of role names.")
    known = {role.value for role in Role}
    unknown = sorted(set(value) - known)
    if unknown:
        raise Unauthorized(f"The token's roles claim names roles Praksis does not know: {unknown}.")
    return frozenset(Role(item) for item in value)


def _optional_matching(value: object, pattern: re.Pattern[str], claim: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise Unauthorized(f"The token's {claim} claim is not valid.")
    return value


def _short_text(value: object, claim: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    if UNPRINTABLE.search(value):
        raise Unauthorized(f"The token's {claim} claim holds control characters.")
    return value[:MAX_DISPLAY_TEXT_LENGTH]


def issue_dev_token(
    settings: Settings,
    *,
    subject: str,
    tenant: str | None,
    roles: list[str],
    partner: str | None = None,
    scope: str | None = None,
    name: str | None = None,
    email: str | None = None,
    email_verified: bool | None = None,
    ttl_seconds: int = 3600,
) -> str:
    """Sign a development token with the dev issuer (refused when it is not configured)."""
    if settings.jwt_secret is None:
        raise RuntimeError("The development issuer is not configured (PRAKSIS_JWT_SECRET).")
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
        "roles": roles,
    }
    optional = {
        "tenant": tenant,
        "partner": partner,
        "scope": scope,
        "name": name,
        "email": email,
        "email_verified": email_verified,
    }
    claims.update({key: value for key, value in optional.items() if value is not None})
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
