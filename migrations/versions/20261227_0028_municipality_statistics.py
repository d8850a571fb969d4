"""municipality statistics: the whole municipality's distinct people, maintained

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-23 09:00:00

HR's unfiltered view counted two figures of distinct people on every request: who answered an
evaluation (in all and by the workshop's month) and who answered a follow-up. They do not add
up across programmes, so ``municipality_statistics`` keeps them per municipality (measure,
value), a tenant table with the usual tenant policy, recomputed by the fold.

Filled without a manual step: for each municipality the upgrade records a statistics change
that touches everything, folded in by the first serving process (or ``praksis
rebuild-statistics``). Downgrading drops the table.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls

revision: str = "0028"
down_revision: str | Sequence[str] | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "municipality_statistics"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("measure", sa.String(length=64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f(f"fk_{TABLE}_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "measure", name=op.f(f"pk_{TABLE}")),
    )
    rls.enable_tenant_rls(TABLE)
    municipalities = op.get_bind().execute(sa.text("SELECT id FROM municipalities")).scalars()
    changes = {municipality: uuid.uuid4() for municipality in municipalities}
    noted_at = datetime.now(UTC)
    op.bulk_insert(
        sa.table(
            "statistics_changes",
            sa.column("municipality_id", sa.String),
            sa.column("id", sa.Uuid),
            sa.column("noted_at", sa.DateTime(timezone=True)),
        ),
        [
            {"municipality_id": m, "id": change, "noted_at": noted_at}
            for m, change in changes.items()
        ],
    )
    op.bulk_insert(
        sa.table(
            "statistics_change_details",
            sa.column("municipality_id", sa.String),
            sa.column("change_id", sa.Uuid),
            sa.column("touched", sa.JSON),
        ),
        [
            {"municipality_id": m, "change_id": change, "touched": {"everything": True}}
            for m, change in changes.items()
        ],
    )


def downgrade() -> None:
    rls.disable_tenant_rls(TABLE)
    op.drop_table(TABLE)
