from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict


class PersonRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    email: str | None
    job_title: str | None


class MunicipalityRead(BaseModel):
    id: str
    name: str
    country: str
    time_zone: str


class MeRead(BaseModel):
    """The caller as Praksis knows them from their token."""

    subject: str
    roles: list[str]
    permissions: list[str]
    partner: str | None
    municipality: MunicipalityRead | None
    person: PersonRead | None
