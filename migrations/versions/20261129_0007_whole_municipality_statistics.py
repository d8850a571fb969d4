"""whole municipality statistics: programme measures and department tallies

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 12:00:00

Two tenant tables with the usual tenant policy, kept equal to the raw tables by
``statistics.tallies`` in every writer's transaction: HR's unfiltered municipality view reads
them instead of joining every enrolment. They start empty: fill them with
``praksis rebuild-statistics`` after upgrading a database with data.

``department_tallies.department_id`` has no foreign key: people without an org unit count
under the nil UUID, and a change to the org tree recomputes every row.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("programme_statistics", "department_tallies")
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


def _municipality_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["municipality_id"],
        ["municipalities.id"],
        name=op.f(f"fk_{table}_municipality_id_municipalities"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "programme_statistics",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("measure", sa.String(length=64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "programme_id"],
            ["programmes.municipality_id", "programmes.id"],
            name=op.f("fk_programme_statistics_municipality_id_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        _municipality_fk("programme_statistics"),
        sa.PrimaryKeyConstraint(
            "municipality_id", "programme_id", "measure", name=op.f("pk_programme_statistics")
        ),
    )
    op.create_table(
        "department_tallies",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("department_id", sa.Uuid(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        _municipality_fk("department_tallies"),
        sa.PrimaryKeyConstraint(
            "municipality_id", "department_id", name=op.f("pk_department_tallies")
        ),
    )
    for table in TABLES:
        rls.enable_tenant_rls(table)
    # a programme's projects and a department's people's attendance, for recomputing them
    op.create_index(
        "ix_project_tallies_cohort", "project_tallies", ["municipality_id", "cohort_id"]
    )
    op.create_index(
        "ix_attendance_tallies_person", "attendance_tallies", ["municipality_id", "person_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_attendance_tallies_person", table_name="attendance_tallies")
    op.drop_index("ix_project_tallies_cohort", table_name="project_tallies")
    for table in reversed(TABLES):
        rls.disable_tenant_rls(table)
        op.drop_table(table)
