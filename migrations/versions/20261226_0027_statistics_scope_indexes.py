"""statistics scope indexes: a filtered scope's enrolments and their people read from indexes

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-22 09:00:00

The municipality view reads a filtered scope's enrolments (a period: by creation time) with
each one's person's org unit (``statistics.scope_reads``). ``ix_enrolments_created`` holds the
columns that read needs (PostgreSQL: ``INCLUDE``, so the read never visits the table);
``ix_people_org_unit`` gains the person's id, so the people of some units, or a whole
municipality's (person, unit), are read from the index alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0027"
down_revision: str | Sequence[str] | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCOPE_COLUMNS = [
    "id",
    "person_id",
    "cohort_id",
    "programme_id",
    "status",
    "withdrawal_reason",
    "grade",
    "passed",
]


def upgrade() -> None:
    op.create_index(
        "ix_enrolments_created",
        "enrolments",
        ["municipality_id", "created_at"],
        unique=False,
        postgresql_include=SCOPE_COLUMNS,
    )
    _people_org_unit(["municipality_id", "org_unit_id", "id"])


def downgrade() -> None:
    _people_org_unit(["municipality_id", "org_unit_id"])
    op.drop_index("ix_enrolments_created", table_name="enrolments")


def _people_org_unit(columns: list[str]) -> None:
    op.drop_index("ix_people_org_unit", table_name="people")
    op.create_index("ix_people_org_unit", "people", columns, unique=False)
