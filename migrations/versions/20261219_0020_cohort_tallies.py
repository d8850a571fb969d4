"""cohort tallies: the municipality view per cohort (hold)

Revision ID: 0020
Revises: 0015
Create Date: 2026-12-19 09:00:00

HR's figures per cohort, maintained like the department tallies: ``cohort_tallies`` holds one
cohort's enrolments by status and the recorded attendance of its enrolled people (the key
0000… for enrolments without a cohort yet). A tenant table with the usual tenant policy, no
foreign key to ``cohorts`` (that key is no cohort; a deleted cohort's row goes with the fold
of its deletion).

Filled without a manual step: for each municipality the upgrade records a statistics change
that touches everything, so the first serving process (or ``praksis rebuild-statistics``)
folds the new table in within ``PRAKSIS_STATISTICS_SWEEP_SECONDS``; until then the figures'
``as_of`` says they are older than the upgrade. Downgrading drops the table.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "cohort_tallies"
COUNTS = (
    "nominated",
    "approved",
    "waitlisted",
    "declined",
    "withdrawn",
    "completed",
    "present",
    "absent",
    "excused",
)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f(f"fk_{TABLE}_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "cohort_id", name=op.f(f"pk_{TABLE}")),
    )
    rls.enable_tenant_rls(TABLE)
    _record_a_change_touching_everything()


def _record_a_change_touching_everything() -> None:
    bind = op.get_bind()
    changes = sa.table(
        "statistics_changes",
        sa.column("municipality_id", sa.String),
        sa.column("id", sa.Uuid),
        sa.column("noted_at", sa.DateTime(timezone=True)),
    )
    details = sa.table(
        "statistics_change_details",
        sa.column("municipality_id", sa.String),
        sa.column("change_id", sa.Uuid),
        sa.column("touched", sa.JSON),
    )
    now = datetime.now(UTC)
    for (municipality,) in bind.execute(sa.text("SELECT id FROM municipalities")).all():
        change = uuid.uuid4()
        bind.execute(changes.insert().values(municipality_id=municipality, id=change, noted_at=now))
        bind.execute(
            details.insert().values(
                municipality_id=municipality, change_id=change, touched={"everything": True}
            )
        )


def downgrade() -> None:
    rls.disable_tenant_rls(TABLE)
    op.drop_table(TABLE)
