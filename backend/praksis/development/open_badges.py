"""A credential as an Open Badges 3.0 ``OpenBadgeCredential`` (1EdTech; a W3C Verifiable
Credential 2.0 in JSON-LD), its VC-JWT proof, and a printable page.

The document holds the spec's required fields: ``@context`` (VC 2.0, then OB 3.0.3), ``id``,
``type`` (``VerifiableCredential``, ``OpenBadgeCredential``), ``issuer`` (a ``Profile``:
the municipality), ``validFrom``, ``name`` and ``credentialSubject`` (an
``AchievementSubject`` with its ``achievement``: ``id``, ``type``, ``name``,
``description``, ``criteria``). The programme's provider (COK, a professionshøjskole) is the
achievement's ``creator``; its ECTS are ``creditsAvailable`` and ``creditsEarned``.

Ids are URNs: ``urn:uuid:`` of the credential, of the programme (the achievement), of the
person (the subject) and, derived from the municipality's id, of the issuer; the subject is
also identified by name and, hashed with a salt, by work e-mail (``IdentityObject``), so a
verifier can check who holds it without Praksis. ``credentialStatus`` names the credential's
place in its municipality's status list (``status_list``), where a revocation shows.

Signing (``sign``) follows the spec's JSON Web Token Proof Format: the payload is the
credential with the claims ``iss`` (issuer.id), ``jti`` (id), ``nbf`` (validFrom) and
``sub`` (credentialSubject.id); the JOSE header has only ``alg`` RS256, ``typ`` JWT, the
public key as ``jwk`` (never ``d``) and its RFC 7638 thumbprint as ``kid``, the key's id in
the published key set (``key_set``). The same credential always gives the same token.
"""

from __future__ import annotations

import base64
import hashlib
import html
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from jose import jwk, jwt

from praksis.development import status_list
from praksis.development.models import Credential
from praksis.kit.runtime import MunicipalityInfo
from praksis.settings import Settings

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ALGORITHM = "RS256"
ISSUER_NAMESPACE = uuid.UUID("6f0b7f84-3f4e-5c43-9d3a-6a1b2d7e0c18")
ISSUERS_PATH = "/api/v1/issuers"  # where development.router's public routes are mounted


@dataclass(frozen=True)
class Holder:
    person_id: uuid.UUID
    name: str
    email: str | None


@dataclass(frozen=True)
class Issuer:
    """The municipality as an issuer, and where its profile and status list are published
    (``issuers_url``: the public address of ``/api/v1/issuers``)."""

    municipality_id: str
    name: str
    issuers_url: str

    @property
    def id(self) -> str:
        return issuer_id(self.municipality_id)

    @property
    def profile_url(self) -> str:
        return f"{self.issuers_url}/{self.municipality_id}"

    @property
    def status_list_url(self) -> str:
        return f"{self.profile_url}/status-list"

    def profile(self) -> dict[str, Any]:
        """The Open Badges 3.0 ``Profile`` every credential names as its issuer."""
        return {"id": self.id, "type": ["Profile"], "name": self.name}


def issuer_of(municipality: MunicipalityInfo, settings: Settings) -> Issuer:
    return Issuer(municipality.id, municipality.name, settings.public_url + ISSUERS_PATH)


def urn(value: uuid.UUID) -> str:
    return f"urn:uuid:{value}"


def issuer_id(municipality_id: str) -> str:
    """The municipality as an issuer: the same URN in every credential it issues."""
    return urn(uuid.uuid5(ISSUER_NAMESPACE, f"issuer:{municipality_id}"))


def document(credential: Credential, holder: Holder, issuer: Issuer) -> dict[str, Any]:
    """The unsigned ``OpenBadgeCredential``."""
    valid_from = moment(credential.issued_at)
    subject: dict[str, Any] = {
        "id": urn(holder.person_id),
        "type": ["AchievementSubject"],
        "identifier": _identifiers(credential, holder),
        "achievement": _achievement(credential),
    }
    if credential.ects is not None:
        subject["creditsEarned"] = credential.ects
    return {
        "@context": CONTEXT,
        "id": urn(credential.id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential.title,
        "issuer": issuer.profile(),
        "validFrom": valid_from,
        "awardedDate": valid_from,
        "credentialSubject": subject,
        "credentialStatus": status_list.status_entry(
            issuer.status_list_url, credential.status_list_index
        ),
    }


def _achievement(credential: Credential) -> dict[str, Any]:
    achievement: dict[str, Any] = {
        "id": urn(credential.programme_id),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": credential.title,
        "description": credential.description or f"{credential.title} ({credential.provider})",
        "criteria": {
            "narrative": credential.criteria
            or f"Gennemført (og, hvor det bedømmes, bestået) forløbet der giver {credential.title}."
        },
        "creator": _provider(credential),
    }
    if credential.ects is not None:
        achievement["creditsAvailable"] = credential.ects
    return achievement


def _provider(credential: Credential) -> dict[str, Any]:
    provider_id = urn(uuid.uuid5(ISSUER_NAMESPACE, f"provider:{credential.provider}"))
    profile: dict[str, Any] = {"id": provider_id, "type": ["Profile"], "name": credential.provider}
    if credential.provider_url:
        profile["url"] = credential.provider_url
    return profile


def _identifiers(credential: Credential, holder: Holder) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": holder.name,
        }
    ]
    if holder.email:
        salt = credential.id.hex
        digest = hashlib.sha256((holder.email.strip().lower() + salt).encode()).hexdigest()
        found.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": f"sha256${digest}",
                "salt": salt,
            }
        )
    return found


def moment(value: datetime) -> str:
    """A moment as the credentials write it: UTC, whole seconds, ``Z``."""
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- VC-JWT ----------------------------------------------------------------------------------


def public_key(private_pem: str) -> dict[str, str]:
    """The signing key's public half as a JWK (RFC 7517) for signatures, with its RFC 7638
    thumbprint as ``kid``."""
    public = {
        name: str(value)
        for name, value in jwk.construct(private_pem, ALGORITHM).public_key().to_dict().items()
    }
    members = {"e": public["e"], "kty": public["kty"], "n": public["n"]}
    thumbprint = hashlib.sha256(orjson.dumps(members, option=orjson.OPT_SORT_KEYS)).digest()
    public["kid"] = base64.urlsafe_b64encode(thumbprint).rstrip(b"=").decode("ascii")
    public["use"] = "sig"
    return public


def key_set(private_pem: str) -> dict[str, list[dict[str, str]]]:
    """The JSON Web Key Set a verifier checks the signatures against (public half only)."""
    return {"keys": [public_key(private_pem)]}


def sign(credential_document: dict[str, Any], private_pem: str) -> str:
    """The credential (a badge or a status list) as a compact JWS (VC-JWT), signed with the
    municipality's key."""
    valid_from = datetime.strptime(credential_document["validFrom"], "%Y-%m-%dT%H:%M:%SZ")
    issuer = credential_document["issuer"]
    claims = {
        **credential_document,
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": credential_document["id"],
        "nbf": int(valid_from.replace(tzinfo=UTC).timestamp()),
        "sub": credential_document["credentialSubject"]["id"],
    }
    key = public_key(private_pem)
    return jwt.encode(
        claims, private_pem, algorithm=ALGORITHM, headers={"jwk": key, "kid": key["kid"]}
    )


# --- printable -------------------------------------------------------------------------------


def printable(credential: Credential, holder: Holder, issuer: Issuer) -> str:
    """A self-contained HTML page to print or save as PDF (every value escaped)."""
    rows = [
        ("Udbyder", credential.provider),
        ("Udstedt af", issuer.name),
        ("Dato", credential.awarded_on.isoformat()),
    ]
    if credential.ects is not None:
        rows.append(("ECTS", f"{credential.ects:g}"))
    details = "".join(
        f'<tr><th scope="row">{html.escape(label)}</th><td>{html.escape(value)}</td></tr>'
        for label, value in rows
    )
    criteria = f"<p>{html.escape(credential.criteria)}</p>" if credential.criteria else ""
    title = html.escape(credential.title)
    heading = f"<h1>{title}</h1>"
    if credential.revoked_at is not None:
        title = f"TILBAGEKALDT: {title}"
        heading = _revoked_banner(credential) + f"<h1><s>{html.escape(credential.title)}</s></h1>"
    return (
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        f"<title>{title} – {html.escape(holder.name)}</title>"
        "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5}"
        "th{text-align:left;padding-right:2em}"
        ".revoked{border:4px solid #b00020;color:#b00020;padding:0.5em 1em;font-weight:bold}"
        "</style></head><body>"
        f"{heading}<p>Tildelt <strong>{html.escape(holder.name)}</strong></p>"
        f"<p>{html.escape(credential.description)}</p>{criteria}"
        f"<table>{details}</table><p><small>Bevis {credential.id}</small></p></body></html>"
    )


def _revoked_banner(credential: Credential) -> str:
    """Said first and plainly, so a printout of a revoked credential cannot pass for one that
    stands."""
    assert credential.revoked_at is not None
    day = credential.revoked_at.date().isoformat()
    reason = html.escape(credential.revocation_reason or "")
    return (
        f'<p class="revoked" role="alert">Tilbagekaldt {day}: beviset gælder ikke længere.'
        f"<br>Begrundelse: {reason}</p>"
    )
