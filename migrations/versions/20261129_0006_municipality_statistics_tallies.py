"""municipality statistics tallies: the municipality view's maintained aggregates

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 08:26:31.223411

Three tenant tables with the usual tenant policy, kept equal to the raw tables by
``statistics.tallies`` in every writer's transaction. They start empty: fill them (and the
offering statistics) with ``praksis rebuild-statistics`` after upgrading a database with data.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("attendance_tallies", "project_tallies", "workshop_evaluation_tallies")
PROJECT_STATUSES = ("active", "completed", "paused", "abandoned")
PROJECT_PHASES = ("udforske", "designe", "afproeve", "evaluere")


def _counts(*names: str) -> list[sa.Column[int]]:
    return [sa.Column(name, sa.Integer(), nullable=False) for name in names]


def _tenant_table(name: str, parent: str, parent_table: str, *columns: sa.Column[int]) -> None:
    op.create_table(
        name,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["municipality_id", parent],
            [f"{parent_table}.municipality_id", f"{parent_table}.id"],
            name=op.f(f"fk_{name}_municipality_id_{parent}_{parent_table}"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f(f"fk_{name}_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
    )


def upgrade() -> None:
    _tenant_table(
        "attendance_tallies",
        "cohort_id",
        "cohorts",
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        *_counts("present", "absent", "excused"),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_attendance_tallies_municipality_id_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "municipality_id", "cohort_id", "person_id", name=op.f("pk_attendance_tallies")
        ),
    )
    _tenant_table(
        "project_tallies",
        "project_id",
        "action_learning_projects",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(*PROJECT_STATUSES, name="projectstatus", native_enum=False, length=17),
            nullable=False,
        ),
        sa.Column(
            "phase",
            sa.Enum(*PROJECT_PHASES, name="projectphase", native_enum=False, length=16),
            nullable=False,
        ),
        *_counts(
            "trial_actions_planned",
            "trial_actions_done",
            "trial_actions_dropped",
            "feedback_buddy",
            "feedback_learning_group",
            "feedback_leader",
            "feedback_colleague",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "project_id", name=op.f("pk_project_tallies")),
    )
    _tenant_table(
        "workshop_evaluation_tallies",
        "workshop_id",
        "workshops",
        sa.Column("workshop_id", sa.Uuid(), nullable=False),
        *_counts("responses", "relevance_sum", "learning_sum", "usefulness_sum"),
        sa.PrimaryKeyConstraint(
            "municipality_id", "workshop_id", name=op.f("pk_workshop_evaluation_tallies")
        ),
    )
    for table in TABLES:
        rls.enable_tenant_rls(table)


def downgrade() -> None:
    for table in reversed(TABLES):
        rls.disable_tenant_rls(table)
        op.drop_table(table)
