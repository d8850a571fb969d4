"""statistics changes: writers record, a folder folds them in

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-11 09:00:00

From this revision a writing transaction no longer recomputes the maintained statistics: it
records what it touched (``statistics_changes`` with its ``statistics_change_details``) and
the serving process folds the records in after the commit (``statistics.folding``).

Both are tenant tables with the usual tenant policy. ``statistics_changes`` holds only a
moment, so it also has a read-only partner policy like ``offering_statistics``: a partner's
figures say how fresh they are from the changes of its offerings' member municipalities. The
details (ids of the rows a change touched) are never readable by a partner.

Nothing to backfill: the maintained tables are current at this revision. Downgrading drops
both tables; records not folded in by then are lost, so run ``praksis rebuild-statistics``
after a downgrade.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import PARTNER_SETTING

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANGES = "statistics_changes"
DETAILS = "statistics_change_details"
PARTNER_POLICY = "partner_read"


def upgrade() -> None:
    op.create_table(
        CHANGES,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("noted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_statistics_changes_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_statistics_changes")),
    )
    op.create_index(
        "ix_statistics_changes_noted_at", CHANGES, ["municipality_id", "noted_at"], unique=False
    )
    op.create_table(
        DETAILS,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("change_id", sa.Uuid(), nullable=False),
        sa.Column("touched", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_statistics_change_details_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "change_id"],
            [f"{CHANGES}.municipality_id", f"{CHANGES}.id"],
            name=op.f("fk_statistics_change_details_municipality_id_change_id_statistics_changes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "municipality_id", "change_id", name=op.f("pk_statistics_change_details")
        ),
    )
    rls.enable_tenant_rls(CHANGES)
    rls.enable_tenant_rls(DETAILS)
    if op.get_bind().dialect.name == "postgresql":
        # Read-only (FOR SELECT): a partner transaction can never insert, change or delete.
        op.execute(
            f"""
            CREATE POLICY {PARTNER_POLICY} ON {CHANGES} FOR SELECT USING (
                EXISTS (
                    SELECT 1
                    FROM partner_offering_members m
                    JOIN partner_offerings o ON o.id = m.offering_id
                    WHERE o.partner = current_setting('{PARTNER_SETTING}', true)
                      AND m.member_municipality_id = {CHANGES}.municipality_id
                )
            )
            """
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS {PARTNER_POLICY} ON {CHANGES}")
    rls.disable_tenant_rls(DETAILS)
    rls.disable_tenant_rls(CHANGES)
    op.drop_table(DETAILS)
    op.drop_index("ix_statistics_changes_noted_at", table_name=CHANGES)
    op.drop_table(CHANGES)
