"""development goals, programme awards, credentials and self-assessments

Revision ID: 0017
Revises: 0020
Create Date: 2026-12-17 09:00:00

Issue 18: a person's development goals (with the competences and kerneopgaver they aim at and
a review day for the annual conversation), what completing a programme awards
(``programme_awards``, one per programme), the credentials issued on completion, and the
before/after self-assessments of ungraded programmes (Kirkpatrick level 2). Six new tenant
tables with the usual tenant policy; nothing existing changes. Downgrading drops them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import UtcDateTime

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "development_goals",
    "development_goal_competences",
    "development_goal_kerneopgaver",
    "programme_awards",
    "credentials",
    "self_assessments",
)


def _reference(table: str, column: str, target: str, ondelete: str | None = None) -> Any:
    return sa.ForeignKeyConstraint(
        ["municipality_id", column],
        [f"{target}.municipality_id", f"{target}.id"],
        name=op.f(f"fk_{table}_municipality_id_{column}_{target}"),
        ondelete=ondelete,
    )


def _award_columns() -> list[Any]:
    return [
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("provider_url", sa.String(length=500), nullable=True),
        sa.Column("ects", sa.Float(), nullable=True),
    ]


def upgrade() -> None:
    goals = "development_goals"
    rls.create_tenant_table(
        goals,
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "agreed",
                "in_progress",
                "achieved",
                "dropped",
                name="goalstatus",
                native_enum=False,
                length=19,
            ),
            nullable=False,
        ),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("proposed_by_id", sa.Uuid(), nullable=False),
        sa.Column("agreed_by_id", sa.Uuid(), nullable=True),
        sa.Column("agreed_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        _reference(goals, "person_id", "people"),
        _reference(goals, "proposed_by_id", "people"),
        _reference(goals, "agreed_by_id", "people"),
    )
    op.create_index("ix_development_goals_person", goals, ["municipality_id", "person_id"])

    for table, column, target in (
        ("development_goal_competences", "competence_id", "competences"),
        ("development_goal_kerneopgaver", "kerneopgave_id", "kerneopgaver"),
    ):
        rls.create_tenant_table(
            table,
            sa.Column("goal_id", sa.Uuid(), nullable=False),
            sa.Column(column, sa.Uuid(), nullable=False),
            _reference(table, "goal_id", goals, "CASCADE"),
            _reference(table, column, target, "CASCADE"),
            sa.UniqueConstraint(
                "municipality_id",
                "goal_id",
                column,
                name=op.f(f"uq_{table}_municipality_id_goal_id_{column}"),
            ),
        )

    awards = "programme_awards"
    rls.create_tenant_table(
        awards,
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        *_award_columns(),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "ects IS NULL OR (ects >= 0 AND ects <= 300)",
            name=op.f("ck_programme_awards_ects_range"),
        ),
        _reference(awards, "programme_id", "programmes", "CASCADE"),
        sa.UniqueConstraint(
            "municipality_id",
            "programme_id",
            name=op.f("uq_programme_awards_municipality_id_programme_id"),
        ),
    )

    credentials = "credentials"
    rls.create_tenant_table(
        credentials,
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("enrolment_id", sa.Uuid(), nullable=False),
        *_award_columns(),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("issued_at", UtcDateTime(), nullable=False),
        _reference(credentials, "person_id", "people"),
        _reference(credentials, "programme_id", "programmes"),
        _reference(credentials, "enrolment_id", "enrolments"),
        sa.UniqueConstraint(
            "municipality_id",
            "enrolment_id",
            name=op.f("uq_credentials_municipality_id_enrolment_id"),
        ),
    )
    op.create_index("ix_credentials_person", credentials, ["municipality_id", "person_id"])

    assessments = "self_assessments"
    rls.create_tenant_table(
        assessments,
        sa.Column("enrolment_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("competence_id", sa.Uuid(), nullable=False),
        sa.Column(
            "moment",
            sa.Enum("before", "after", name="assessmentmoment", native_enum=False, length=14),
            nullable=False,
        ),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("answered_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "score >= 1 AND score <= 5", name=op.f("ck_self_assessments_score_range")
        ),
        _reference(assessments, "enrolment_id", "enrolments"),
        _reference(assessments, "person_id", "people"),
        _reference(assessments, "competence_id", "competences"),
        sa.UniqueConstraint(
            "municipality_id",
            "enrolment_id",
            "competence_id",
            "moment",
            name=op.f("uq_self_assessments_municipality_id_enrolment_id_competence_id_moment"),
        ),
    )
    op.create_index("ix_self_assessments_person", assessments, ["municipality_id", "person_id"])


def downgrade() -> None:
    op.drop_index("ix_self_assessments_person", table_name="self_assessments")
    op.drop_index("ix_credentials_person", table_name="credentials")
    op.drop_index("ix_development_goals_person", table_name="development_goals")
    for table in reversed(TABLES):
        rls.disable_tenant_rls(table)
        op.drop_table(table)
