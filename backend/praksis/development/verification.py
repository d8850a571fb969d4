"""What a verifier of a Praksis credential reads without an account: the issuer's profile,
its status list (is the credential revoked?) and the key set the signatures are checked
against. Public: no token, no caller, no person.

The status list is the one public read of a municipality's rows, so it goes through its own
session (``kit.db.StatusListSession``): the municipality the URL names, the status entries'
index and bit, read-only, as a role that may read nothing else (docs/tenancy.md).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from praksis.development import open_badges, status_list
from praksis.development.models import CredentialStatusEntry
from praksis.development.schemas import (
    IssuerProfile,
    JsonWebKey,
    JsonWebKeySet,
    SignedStatusList,
)
from praksis.development.service import signing_pem
from praksis.kit.db import status_list_session, utc_now
from praksis.kit.errors import NotFound
from praksis.kit.runtime import MunicipalityInfo, Runtime
from praksis.settings import Settings


class NoSigningKey(NotFound):
    slug, title = "credential-signing-not-configured", "Credential signing not configured"


def issuer_profile(runtime: Runtime, municipality: MunicipalityInfo) -> IssuerProfile:
    return IssuerProfile.model_validate(
        open_badges.issuer_of(municipality, runtime.settings).profile()
    )


def status_list_credential(runtime: Runtime, municipality: MunicipalityInfo) -> dict[str, Any]:
    """The municipality's ``BitstringStatusListCredential`` as of now (unsigned)."""
    issuer = open_badges.issuer_of(municipality, runtime.settings)
    settings = runtime.settings
    with status_list_session(
        runtime.engine, municipality.id, settings.status_list_db_role
    ) as session:
        entries = session.exec(
            select(CredentialStatusEntry.status_list_index, CredentialStatusEntry.revoked)
        ).all()
    indexes = [index for index, _revoked in entries]
    return status_list.status_list_credential(
        issuer.status_list_url,
        issuer.id,
        open_badges.moment(utc_now()),
        [index for index, revoked in entries if revoked],
        status_list.list_length(len(indexes), max(indexes, default=None)),
    )


def signed_status_list(runtime: Runtime, municipality: MunicipalityInfo) -> SignedStatusList:
    """The status list as a VC-JWT, signed like the badges (409 without a key)."""
    pem = signing_pem(runtime.settings, "status list")
    document = status_list_credential(runtime, municipality)
    return SignedStatusList(
        jwt=open_badges.sign(document, pem), public_key=open_badges.public_key(pem)
    )


def signing_keys(settings: Settings) -> JsonWebKeySet:
    """The published key set: the public half of the signing key (404 without one)."""
    key = settings.credential_signing_key
    if key is None:
        raise NoSigningKey(
            "Praksis has no credential signing key (PRAKSIS_CREDENTIAL_SIGNING_KEY): its "
            "credentials are not signed, so there is no key to check them against."
        )
    keys = open_badges.key_set(key.get_secret_value())["keys"]
    return JsonWebKeySet(keys=[JsonWebKey.model_validate(found) for found in keys])
