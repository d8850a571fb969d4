from __future__ import annotations

import uuid

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field

from praksis.kit.db import TenantOwned, TenantRecord, link_constraints, tenant_fk


class CompetenceFramework(TenantRecord, table=True):
    """A competence profile, e.g. the fagprofil "Specialist i borgerkontakt"."""

    __tablename__ = "competence_frameworks"
    __table_args__ = (UniqueConstraint("municipality_id", "title"),)

    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    source: str | None = Field(default=None, max_length=200)


class Competence(TenantOwned, table=True):
    """One competence of a framework, optionally tied to kerneopgaver."""

    __tablename__ = "competences"
    __table_args__ = (
        UniqueConstraint("municipality_id", "framework_id", "title"),
        tenant_fk("framework_id", "competence_frameworks", ondelete="CASCADE"),
    )

    framework_id: uuid.UUID
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    position: int = Field(default=0)


class CompetenceKerneopgave(TenantOwned, table=True):
    __tablename__ = "competence_kerneopgaver"
    __table_args__ = link_constraints(
        "competence_id", "competences", "kerneopgave_id", "kerneopgaver", "CASCADE"
    )

    competence_id: uuid.UUID
    kerneopgave_id: uuid.UUID
