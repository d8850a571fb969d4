"""partner round years: the partner's offering cells also count each year's rounds

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-21 09:00:00

No schema change: ``offering_statistics`` gains rows ``year.<year>.<measure>`` (the people of
the rounds whose first workshop starts in that year, for ``GET /statistics/partner?year=``).
Filled without a manual step: for each municipality the upgrade records a statistics change
that touches everything, which the first serving process (or ``praksis rebuild-statistics``)
folds in. Downgrading deletes those rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORDS = {
    "statistics_changes": ("id", sa.Uuid, "noted_at", sa.DateTime(timezone=True)),
    "statistics_change_details": ("change_id", sa.Uuid, "touched", sa.JSON),
}


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    for (municipality,) in bind.execute(sa.text("SELECT id FROM municipalities")).all():
        change = uuid.uuid4()
        values = {"noted_at": now, "touched": {"everything": True}}
        for name, (key, key_type, column, column_type) in RECORDS.items():
            table = sa.table(
                name,
                sa.column("municipality_id", sa.String),
                sa.column(key, key_type),
                sa.column(column, column_type),
            )
            row = {"municipality_id": municipality, key: change, column: values[column]}
            bind.execute(table.insert().values(**row))


def downgrade() -> None:
    op.execute("DELETE FROM offering_statistics WHERE measure LIKE 'year.%'")
