from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from praksis.kit.db import TenantOwned, timestamp_field


class Person(TenantOwned, table=True):
    """Someone who works in (or for) a municipality and may sign in to Praksis."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("municipality_id", "subject"),
        UniqueConstraint("municipality_id", "external_id"),
    )

    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    job_title: str | None = Field(default=None, max_length=200)
    # "<issuer>|<sub>" of the person's sign-in, set when they first sign in
    subject: str | None = Field(default=None, max_length=512)
    external_id: str | None = Field(default=None, max_length=200)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
