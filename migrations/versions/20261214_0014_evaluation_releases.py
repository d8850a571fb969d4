"""evaluation releases: a workshop's results are released once, then it takes no answers

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-14 09:00:00

Before this revision a workshop's evaluation summary was shown as soon as five had answered
and changed with every later answer, so reading it before and after one answer showed that
answer's ratings and comment. From this revision HR or the workshop's facilitator releases
the results once (``evaluation_releases``); until then the summary shows only how many
answered, and from then on the workshop takes no more answers.

Existing workshops start unreleased: their summaries show the count only until someone
releases them. A tenant table with the usual tenant policy. Downgrading drops the table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "evaluation_releases"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("workshop_id", sa.Uuid(), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_by_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_evaluation_releases_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "workshop_id"],
            ["workshops.municipality_id", "workshops.id"],
            name=op.f("fk_evaluation_releases_municipality_id_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "released_by_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_evaluation_releases_municipality_id_released_by_id_people"),
        ),
        sa.PrimaryKeyConstraint(
            "municipality_id", "workshop_id", name=op.f("pk_evaluation_releases")
        ),
    )
    rls.enable_tenant_rls(TABLE)


def downgrade() -> None:
    rls.disable_tenant_rls(TABLE)
    op.drop_table(TABLE)
