from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field

from praksis.kit.db import (
    TenantOwned,
    TenantRecord,
    UtcDateTime,
    enum_field,
    link_constraints,
    tenant_fk,
)

RECORD_KEY_BITS = 32


def new_record_key() -> int:
    """Uniform in [0, 2^32), from the operating system's secure source."""
    return secrets.randbits(RECORD_KEY_BITS)


class OrgUnitKind(StrEnum):
    forvaltning = "forvaltning"
    afdeling = "afdeling"
    team = "team"


class OrgUnit(TenantRecord, table=True):
    """A unit of the municipality's organisation: forvaltning → afdeling → team."""

    __tablename__ = "org_units"
    __table_args__ = (
        UniqueConstraint("municipality_id", "external_id"),
        tenant_fk("parent_id", "org_units"),
    )

    name: str = Field(max_length=200)
    kind: OrgUnitKind = enum_field(OrgUnitKind)
    parent_id: uuid.UUID | None = Field(default=None)
    external_id: str | None = Field(default=None, max_length=200)
    # The day the unit stopped existing in the organisation (the OS2mo sync retires a unit
    # gone from OS2mo); the row stays, because programmes, statistics and history name it.
    retired_on: date | None = None


class Person(TenantRecord, table=True):
    """Someone who works in (or for) a municipality and may sign in to Praksis."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("municipality_id", "subject"),
        UniqueConstraint("municipality_id", "external_id"),
        tenant_fk("org_unit_id", "org_units"),
        # with the id: a unit's people (or everyone's unit) read from the index alone
        Index("ix_people_org_unit", "municipality_id", "org_unit_id", "id"),
        Index("ix_people_left_on", "municipality_id", "left_on"),
    )

    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    job_title: str | None = Field(default=None, max_length=200)
    org_unit_id: uuid.UUID | None = Field(default=None)
    # "<issuer>|<sub>" of the person's sign-in, set when they first sign in
    subject: str | None = Field(default=None, max_length=512)
    external_id: str | None = Field(default=None, max_length=200)
    # The person's permanent random key for the partner statistics' noise
    # (``statistics.cellkey``); never shown, never changed.
    record_key: int = Field(default_factory=new_record_key, sa_type=BigInteger)
    # The day the person left the municipality (HR or an import sets it); the retention
    # job erases leavers (``praksis erase-leavers``).
    left_on: date | None = None
    # When the person's personal data was erased (``praksis.privacy``): the row stays as a
    # pseudonym so that what they took part in still counts.
    erased_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class OrgUnitLeader(TenantOwned, table=True):
    """A leader of a unit; their team is everyone in that unit and the units below it."""

    __tablename__ = "org_unit_leaders"
    __table_args__ = link_constraints("org_unit_id", "org_units", "person_id", "people", "CASCADE")

    org_unit_id: uuid.UUID
    person_id: uuid.UUID
