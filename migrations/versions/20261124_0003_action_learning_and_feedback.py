"""action learning and feedback

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 14:25:53.829093
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import UtcDateTime

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = (
    "action_learning_projects",
    "evaluation_receipts",
    "project_owners",
    "transfer_follow_ups",
    "trial_actions",
    "workshop_evaluations",
    "feedback_invitations",
    "trial_action_feedback",
)


def upgrade() -> None:
    op.create_table(
        "action_learning_projects",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("challenge", sa.Text(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("kerneopgave_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=True),
        sa.Column(
            "phase",
            sa.Enum(
                "udforske",
                "designe",
                "afproeve",
                "evaluere",
                name="projectphase",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "completed",
                "paused",
                "abandoned",
                name="projectstatus",
                native_enum=False,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "cohort_id"],
            ["cohorts.municipality_id", "cohorts.id"],
            name=op.f("fk_action_learning_projects_municipality_id_cohort_id_cohorts"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "created_by_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_action_learning_projects_municipality_id_created_by_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "kerneopgave_id"],
            ["kerneopgaver.municipality_id", "kerneopgaver.id"],
            name=op.f("fk_action_learning_projects_municipality_id_kerneopgave_id_kerneopgaver"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_action_learning_projects_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_action_learning_projects")),
    )
    with op.batch_alter_table("action_learning_projects", schema=None) as batch_op:
        batch_op.create_index(
            "ix_action_learning_projects_cohort", ["municipality_id", "cohort_id"], unique=False
        )

    op.create_table(
        "evaluation_receipts",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workshop_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_evaluation_receipts_municipality_id_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "workshop_id"],
            ["workshops.municipality_id", "workshops.id"],
            name=op.f("fk_evaluation_receipts_municipality_id_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_evaluation_receipts_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_evaluation_receipts")),
        sa.UniqueConstraint(
            "municipality_id",
            "workshop_id",
            "person_id",
            name=op.f("uq_evaluation_receipts_municipality_id_workshop_id_person_id"),
        ),
    )
    op.create_table(
        "project_owners",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_project_owners_municipality_id_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "project_id"],
            ["action_learning_projects.municipality_id", "action_learning_projects.id"],
            name=op.f("fk_project_owners_municipality_id_project_id_action_learning_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_project_owners_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_project_owners")),
        sa.UniqueConstraint(
            "municipality_id",
            "project_id",
            "person_id",
            name=op.f("uq_project_owners_municipality_id_project_id_person_id"),
        ),
    )
    with op.batch_alter_table("project_owners", schema=None) as batch_op:
        batch_op.create_index(
            "ix_project_owners_person", ["municipality_id", "person_id"], unique=False
        )

    op.create_table(
        "transfer_follow_ups",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("enrolment_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("usage", sa.Integer(), nullable=True),
        sa.Column("examples", sa.Text(), nullable=False),
        sa.Column("answered_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "usage IS NULL OR usage BETWEEN 1 AND 5",
            name=op.f("ck_transfer_follow_ups_usage_range"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "enrolment_id"],
            ["enrolments.municipality_id", "enrolments.id"],
            name=op.f("fk_transfer_follow_ups_municipality_id_enrolment_id_enrolments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_transfer_follow_ups_municipality_id_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_transfer_follow_ups_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_transfer_follow_ups")),
        sa.UniqueConstraint(
            "municipality_id",
            "enrolment_id",
            name=op.f("uq_transfer_follow_ups_municipality_id_enrolment_id"),
        ),
    )
    with op.batch_alter_table("transfer_follow_ups", schema=None) as batch_op:
        batch_op.create_index(
            "ix_transfer_follow_ups_person", ["municipality_id", "person_id"], unique=False
        )

    op.create_table(
        "trial_actions",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("module_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("with_whom", sa.JSON(), nullable=False),
        sa.Column("with_whom_note", sa.String(length=500), nullable=False),
        sa.Column("planned_for", sa.Date(), nullable=True),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("reflection", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned", "done", "dropped", name="trialactionstatus", native_enum=False, length=15
            ),
            nullable=False,
        ),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "module_id"],
            ["programme_modules.municipality_id", "programme_modules.id"],
            name=op.f("fk_trial_actions_municipality_id_module_id_programme_modules"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "project_id"],
            ["action_learning_projects.municipality_id", "action_learning_projects.id"],
            name=op.f("fk_trial_actions_municipality_id_project_id_action_learning_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_trial_actions_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_trial_actions")),
    )
    with op.batch_alter_table("trial_actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_trial_actions_project", ["municipality_id", "project_id"], unique=False
        )

    op.create_table(
        "workshop_evaluations",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workshop_id", sa.Uuid(), nullable=False),
        sa.Column("relevance", sa.Integer(), nullable=False),
        sa.Column("learning", sa.Integer(), nullable=False),
        sa.Column("usefulness", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "learning BETWEEN 1 AND 5", name=op.f("ck_workshop_evaluations_learning_range")
        ),
        sa.CheckConstraint(
            "relevance BETWEEN 1 AND 5", name=op.f("ck_workshop_evaluations_relevance_range")
        ),
        sa.CheckConstraint(
            "usefulness BETWEEN 1 AND 5", name=op.f("ck_workshop_evaluations_usefulness_range")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "workshop_id"],
            ["workshops.municipality_id", "workshops.id"],
            name=op.f("fk_workshop_evaluations_municipality_id_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_workshop_evaluations_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_workshop_evaluations")),
    )
    with op.batch_alter_table("workshop_evaluations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_workshop_evaluations_workshop", ["municipality_id", "workshop_id"], unique=False
        )

    op.create_table(
        "feedback_invitations",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("trial_action_id", sa.Uuid(), nullable=False),
        sa.Column("invitee_id", sa.Uuid(), nullable=False),
        sa.Column("invited_by_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "invited_by_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_feedback_invitations_municipality_id_invited_by_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "invitee_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_feedback_invitations_municipality_id_invitee_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "trial_action_id"],
            ["trial_actions.municipality_id", "trial_actions.id"],
            name=op.f("fk_feedback_invitations_municipality_id_trial_action_id_trial_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_feedback_invitations_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_feedback_invitations")),
        sa.UniqueConstraint(
            "municipality_id",
            "trial_action_id",
            "invitee_id",
            name=op.f("uq_feedback_invitations_municipality_id_trial_action_id_invitee_id"),
        ),
    )
    with op.batch_alter_table("feedback_invitations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_feedback_invitations_invitee", ["municipality_id", "invitee_id"], unique=False
        )

    op.create_table(
        "trial_action_feedback",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("trial_action_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "buddy",
                "learning_group",
                "leader",
                "colleague",
                name="feedbackkind",
                native_enum=False,
                length=22,
            ),
            nullable=False,
        ),
        sa.Column("what_worked", sa.Text(), nullable=False),
        sa.Column("try_next", sa.Text(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("shared_with_leader", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "rating IS NULL OR rating BETWEEN 1 AND 5",
            name=op.f("ck_trial_action_feedback_rating_range"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "author_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_trial_action_feedback_municipality_id_author_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "trial_action_id"],
            ["trial_actions.municipality_id", "trial_actions.id"],
            name=op.f("fk_trial_action_feedback_municipality_id_trial_action_id_trial_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_trial_action_feedback_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_trial_action_feedback")),
    )
    with op.batch_alter_table("trial_action_feedback", schema=None) as batch_op:
        batch_op.create_index(
            "ix_trial_action_feedback_action", ["municipality_id", "trial_action_id"], unique=False
        )
    for table in TENANT_TABLES:
        rls.enable_tenant_rls(table)


def downgrade() -> None:
    for table in TENANT_TABLES:
        rls.disable_tenant_rls(table)
    with op.batch_alter_table("trial_action_feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_trial_action_feedback_action")

    op.drop_table("trial_action_feedback")
    with op.batch_alter_table("feedback_invitations", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_invitations_invitee")

    op.drop_table("feedback_invitations")
    with op.batch_alter_table("workshop_evaluations", schema=None) as batch_op:
        batch_op.drop_index("ix_workshop_evaluations_workshop")

    op.drop_table("workshop_evaluations")
    with op.batch_alter_table("trial_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_trial_actions_project")

    op.drop_table("trial_actions")
    with op.batch_alter_table("transfer_follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_transfer_follow_ups_person")

    op.drop_table("transfer_follow_ups")
    with op.batch_alter_table("project_owners", schema=None) as batch_op:
        batch_op.drop_index("ix_project_owners_person")

    op.drop_table("project_owners")
    op.drop_table("evaluation_receipts")
    with op.batch_alter_table("action_learning_projects", schema=None) as batch_op:
        batch_op.drop_index("ix_action_learning_projects_cohort")

    op.drop_table("action_learning_projects")
