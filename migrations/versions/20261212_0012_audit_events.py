"""audit events: an append-only trail of decisions and changes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-12 09:00:00

``audit_events`` records who decided or changed what in a municipality, when, with the
changed fields before and after (``audit.trail``). A tenant table with the usual tenant
policy; on PostgreSQL the application role may only INSERT and SELECT it, so even a faulty
request cannot rewrite or remove the trail. Only the owner (migrations, dropping a
municipality) deletes rows.

Nothing to backfill: decisions made before this revision left no record. Downgrading drops
the trail.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENTS = "audit_events"


def upgrade() -> None:
    op.create_table(
        EVENTS,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_person_id", sa.Uuid(), nullable=True),
        sa.Column("actor_client", sa.String(length=255), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Uuid(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_audit_events_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_occurred_at", EVENTS, ["municipality_id", "occurred_at", "id"])
    op.create_index(
        "ix_audit_events_object", EVENTS, ["municipality_id", "object_type", "object_id"]
    )
    op.create_index("ix_audit_events_actor", EVENTS, ["municipality_id", "actor_person_id"])
    rls.enable_tenant_rls(EVENTS)
    rls.make_append_only(EVENTS)


def downgrade() -> None:
    rls.disable_tenant_rls(EVENTS)
    op.drop_index("ix_audit_events_actor", table_name=EVENTS)
    op.drop_index("ix_audit_events_object", table_name=EVENTS)
    op.drop_index("ix_audit_events_occurred_at", table_name=EVENTS)
    op.drop_table(EVENTS)
