from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from praksis.kit.db import MUNICIPALITY_ID_LENGTH, timestamp_field


class Country(StrEnum):
    DK = "DK"
    NO = "NO"


class Municipality(SQLModel, table=True):
    """A Danish or Norwegian municipality; the unit of tenancy (``dk-0766``)."""

    __tablename__ = "municipalities"
    __table_args__ = (CheckConstraint("country IN ('DK', 'NO')", name="country"),)

    id: str = Field(primary_key=True, max_length=MUNICIPALITY_ID_LENGTH)
    country: str = Field(max_length=2)
    official_code: str = Field(max_length=4)
    name: str = Field(max_length=100)
    time_zone: str = Field(max_length=64)
    created_at: datetime = timestamp_field()
