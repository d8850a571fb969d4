"""offering statistics: the partner view's maintained aggregates

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 04:50:00.000000

A tenant table with the usual tenant policy (a municipality's transactions maintain its own
rows) and a second, read-only policy for partner transactions: the rows of the partner's own
offerings (``praksis.partner``), for the municipalities that are members of them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import PARTNER_SETTING

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "offering_statistics"
PARTNER_POLICY = "partner_read"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("offering_id", sa.Uuid(), nullable=False),
        sa.Column("measure", sa.String(length=64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_offering_statistics_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["partner_offerings.id"],
            name=op.f("fk_offering_statistics_offering_id_partner_offerings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "municipality_id", "offering_id", "measure", name=op.f("pk_offering_statistics")
        ),
    )
    op.create_index("ix_offering_statistics_offering", TABLE, ["offering_id"], unique=False)
    rls.enable_tenant_rls(TABLE)
    if op.get_bind().dialect.name == "postgresql":
        # Read-only (FOR SELECT): a partner transaction can never insert, change or delete.
        op.execute(
            f"""
            CREATE POLICY {PARTNER_POLICY} ON {TABLE} FOR SELECT USING (
                EXISTS (
                    SELECT 1
                    FROM partner_offering_members m
                    JOIN partner_offerings o ON o.id = m.offering_id
                    WHERE o.partner = current_setting('{PARTNER_SETTING}', true)
                      AND m.offering_id = {TABLE}.offering_id
                      AND m.member_municipality_id = {TABLE}.municipality_id
                )
            )
            """
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS {PARTNER_POLICY} ON {TABLE}")
    rls.disable_tenant_rls(TABLE)
    op.drop_index("ix_offering_statistics_offering", table_name=TABLE)
    op.drop_table(TABLE)
