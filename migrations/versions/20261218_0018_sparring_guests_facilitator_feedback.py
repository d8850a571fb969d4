"""leader sparring meetings, workshop guests, facilitator feedback

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-18 09:00:00

Issue 18. ``sparring_meetings`` (a programme's leader sparring meetings) and
``sparring_invitations`` (the participants' leaders invited, and whether they came);
``workshop_guests`` (external facilitators and speakers named on a workshop, no account).
Tenant tables with the usual tenant policy. Feedback on trial actions gains the kind
``facilitator`` (a VARCHAR enum: nothing to alter), so ``project_tallies`` gains its count
``feedback_facilitator`` (0 for every existing project: no such feedback existed).
Downgrading drops the tables and the column (the meetings, guests and counts are lost; a
``facilitator`` feedback row would remain and should be deleted first).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import UtcDateTime

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEETINGS = "sparring_meetings"
INVITATIONS = "sparring_invitations"
GUESTS = "workshop_guests"


def _tenant(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f(f"fk_{table}_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f(f"pk_{table}")),
    ]


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.SchemaItem:
    return sa.ForeignKeyConstraint(
        ["municipality_id", column],
        [f"{target}.municipality_id", f"{target}.id"],
        name=op.f(f"fk_{table}_municipality_id_{column}_{target}"),
        ondelete=ondelete,
    )


def _enum(name: str, length: int, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade() -> None:
    op.create_table(
        MEETINGS,
        *_tenant(MEETINGS),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", UtcDateTime(), nullable=False),
        sa.Column("ends_at", UtcDateTime(), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", _enum("sparringstatus", 17, "scheduled", "cancelled"), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f(f"ck_{MEETINGS}_ends_after_start")),
        _fk(MEETINGS, "programme_id", "programmes"),
        _fk(MEETINGS, "created_by_id", "people"),
    )
    op.create_index(
        "ix_sparring_meetings_programme",
        MEETINGS,
        ["municipality_id", "programme_id", "starts_at"],
        unique=False,
    )
    op.create_table(
        INVITATIONS,
        *_tenant(INVITATIONS),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            _enum("sparringattendance", 16, "invited", "attended", "absent"),
            nullable=False,
        ),
        sa.Column("invited_at", UtcDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", UtcDateTime(), nullable=True),
        _fk(INVITATIONS, "meeting_id", MEETINGS, ondelete="CASCADE"),
        _fk(INVITATIONS, "person_id", "people"),
        _fk(INVITATIONS, "recorded_by_id", "people"),
        sa.UniqueConstraint(
            "municipality_id",
            "meeting_id",
            "person_id",
            name=op.f(f"uq_{INVITATIONS}_municipality_id_meeting_id_person_id"),
        ),
    )
    op.create_index(
        "ix_sparring_invitations_person",
        INVITATIONS,
        ["municipality_id", "person_id"],
        unique=False,
    )
    op.create_table(
        GUESTS,
        *_tenant(GUESTS),
        sa.Column("workshop_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column(
            "contribution",
            _enum("guestcontribution", 19, "facilitator", "speaker"),
            nullable=False,
        ),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        _fk(GUESTS, "workshop_id", "workshops", ondelete="CASCADE"),
    )
    op.create_index(
        "ix_workshop_guests_workshop", GUESTS, ["municipality_id", "workshop_id"], unique=False
    )
    for table in (MEETINGS, INVITATIONS, GUESTS):
        rls.enable_tenant_rls(table)
    with op.batch_alter_table("project_tallies") as batch_op:
        batch_op.add_column(
            sa.Column("feedback_facilitator", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("project_tallies") as batch_op:
        batch_op.alter_column("feedback_facilitator", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("project_tallies") as batch_op:
        batch_op.drop_column("feedback_facilitator")
    for table in (GUESTS, INVITATIONS, MEETINGS):
        rls.disable_tenant_rls(table)
    op.drop_index("ix_workshop_guests_workshop", table_name=GUESTS)
    op.drop_table(GUESTS)
    op.drop_index("ix_sparring_invitations_person", table_name=INVITATIONS)
    op.drop_table(INVITATIONS)
    op.drop_index("ix_sparring_meetings_programme", table_name=MEETINGS)
    op.drop_table(MEETINGS)
