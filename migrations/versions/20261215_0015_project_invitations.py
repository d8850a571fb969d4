"""project invitations: co-ownership by invitation

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-15 09:00:00

Before this revision naming someone among a project's owners made them an owner without their
consent, and any co-owner could then remove the creator. From this revision a named person is
invited (``project_invitations``) and becomes an owner only by accepting; only the creator (or
HR) removes another owner. Existing owners stay owners. A tenant table with the usual tenant
policy. Downgrading drops the table (open invitations are lost).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "project_invitations"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("invited_by_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_project_invitations_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "project_id"],
            ["action_learning_projects.municipality_id", "action_learning_projects.id"],
            name=op.f("fk_project_invitations_municipality_id_project_id_action_learning_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_project_invitations_municipality_id_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "invited_by_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_project_invitations_municipality_id_invited_by_id_people"),
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_project_invitations")),
        sa.UniqueConstraint(
            "municipality_id",
            "project_id",
            "person_id",
            name=op.f("uq_project_invitations_municipality_id_project_id_person_id"),
        ),
    )
    op.create_index(
        "ix_project_invitations_person", TABLE, ["municipality_id", "person_id"], unique=False
    )
    rls.enable_tenant_rls(TABLE)


def downgrade() -> None:
    rls.disable_tenant_rls(TABLE)
    op.drop_index("ix_project_invitations_person", table_name=TABLE)
    op.drop_table(TABLE)
