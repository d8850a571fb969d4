from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from praksis.kit.schemas import InputModel, MunicipalityId, PartnerSlug

SignInRole = Literal["participant", "leader", "facilitator", "hr_admin", "partner"]
MunicipalRole = Literal["participant", "leader", "facilitator", "hr_admin"]


class OidcClientConfig(BaseModel):
    """What the SPA needs for Authorization Code + PKCE at the municipality's issuer."""

    issuer: str
    client_id: str
    scope: str


class AuthConfig(BaseModel):
    oidc: OidcClientConfig | None = Field(
        description="The OIDC issuer and the SPA's public client; null when none is configured."
    )
    dev_sign_in: bool = Field(description="Whether the development sign-in is enabled.")


class DevPerson(BaseModel):
    id: uuid.UUID
    name: str
    job_title: str | None
    org_unit: str | None = Field(description="The name of the person's org unit.")
    roles: list[MunicipalRole] = Field(description="The roles this person may sign in with.")


class DevMunicipality(BaseModel):
    id: str
    name: str
    people: list[DevPerson]


class DevPartner(BaseModel):
    slug: str
    name: str


class DevSignInOptions(BaseModel):
    municipalities: list[DevMunicipality]
    partners: list[DevPartner]


class DevSignIn(InputModel):
    """A person of a municipality with one of their roles, or a partner organisation."""

    role: SignInRole
    municipality_id: MunicipalityId | None = None
    person_id: uuid.UUID | None = None
    partner: PartnerSlug | None = None

    @model_validator(mode="after")
    def _person_or_partner(self) -> DevSignIn:
        if self.role == "partner":
            if self.partner is None or self.municipality_id or self.person_id:
                raise ValueError("a partner sign-in needs partner and no municipality or person")
        elif self.municipality_id is None or self.person_id is None or self.partner:
            raise ValueError("a municipal sign-in needs municipality_id and person_id")
        return self


class DevToken(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme's name, not a secret
    expires_in: int = Field(description="Seconds until the token expires.")
