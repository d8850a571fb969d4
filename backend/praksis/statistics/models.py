"""The partner view's maintained aggregates: raw counts and sums per offering cell.

One row per (municipality, offering, measure), kept equal to the plain GROUP BY over the raw
tables by ``statistics.aggregates`` in the same transaction as every change. It holds no
person id and no text, so it is the one tenant table a partner may read — only the rows of
its own offerings' member municipalities.
"""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, ColumnElement, ForeignKeyConstraint, Index
from sqlmodel import Field, col, select

from praksis.kit.db import PartnerReadable, TenantScoped
from praksis.programmes.models import PartnerOffering, PartnerOfferingMember

MEASURE_LENGTH = 64


class OfferingStatistic(TenantScoped, PartnerReadable, table=True):
    __tablename__ = "offering_statistics"
    __table_args__ = (
        ForeignKeyConstraint(["offering_id"], ["partner_offerings.id"], ondelete="CASCADE"),
        Index("ix_offering_statistics_offering", "offering_id"),
    )

    offering_id: uuid.UUID = Field(primary_key=True)
    measure: str = Field(primary_key=True, max_length=MEASURE_LENGTH)
    value: int = Field(sa_type=BigInteger)

    @classmethod
    def partner_rows(cls, partner: str) -> ColumnElement[bool]:
        """Cells of the partner's own offerings, of municipalities that are its members."""
        return (
            select(PartnerOfferingMember.offering_id)
            .join(PartnerOffering, col(PartnerOffering.id) == PartnerOfferingMember.offering_id)
            .where(
                PartnerOffering.partner == partner,
                PartnerOfferingMember.offering_id == cls.offering_id,
                PartnerOfferingMember.member_municipality_id == cls.municipality_id,
            )
            .exists()
        )
