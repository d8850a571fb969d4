from __future__ import annotations

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field

from praksis.kit.db import TenantRecord


class Kerneopgave(TenantRecord, table=True):
    """A core task, defined by the movement it creates for the citizen."""

    __tablename__ = "kerneopgaver"
    __table_args__ = (
        UniqueConstraint("municipality_id", "title"),
        Index("ix_kerneopgaver_list_order", "municipality_id", "position", "id"),
    )

    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    citizen_outcome: str = Field(sa_type=Text)
    position: int = Field(default=0)
    active: bool = Field(default=True)
