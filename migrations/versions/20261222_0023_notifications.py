"""notifications (the e-mail outbox) and each person's notification preferences

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-22 09:00:00

Issue 19: ``notifications`` holds what a person is to be told by e-mail (written in the
transaction of what it tells, delivered afterwards by the worker; its status says what
became of it) and ``notification_preferences`` a person's own language and delivery choice
(immediate, a daily digest or none). Tenant tables with the usual tenant policy. Downgrading
drops both (undelivered notifications and the choices are lost).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import UtcDateTime

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOTIFICATIONS = "notifications"
PREFERENCES = "notification_preferences"


def _enum(name: str, length: int, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def _tenant_keys(table: str) -> list[sa.SchemaItem]:
    return [
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f(f"fk_{table}_municipality_id_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f(f"fk_{table}_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        PREFERENCES,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("language", _enum("language", 10, "da", "en", "nb"), nullable=True),
        sa.Column("delivery", _enum("delivery", 17, "immediate", "digest", "none"), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        *_tenant_keys(PREFERENCES),
        sa.PrimaryKeyConstraint("municipality_id", "person_id", name=op.f(f"pk_{PREFERENCES}")),
    )
    op.create_table(
        NOTIFICATIONS,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "notificationkind",
                27,
                "enrolment_decided",
                "workshop_invitation",
                "workshop_cancelled",
                "feedback_requested",
                "evaluation_due",
                "evaluations_open",
                "follow_up_due",
                "team_attention",
            ),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("about_person_id", sa.Uuid(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            _enum(
                "notificationstatus",
                23,
                "pending",
                "sending",
                "sent",
                "awaiting_digest",
                "held",
                "opted_out",
                "undeliverable",
                "failed",
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("claimed_at", UtcDateTime(), nullable=True),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        *_tenant_keys(NOTIFICATIONS),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f(f"pk_{NOTIFICATIONS}")),
        sa.UniqueConstraint(
            "municipality_id",
            "dedupe_key",
            name=op.f(f"uq_{NOTIFICATIONS}_municipality_id_dedupe_key"),
        ),
    )
    op.create_index(
        "ix_notifications_person", NOTIFICATIONS, ["municipality_id", "person_id"], unique=False
    )
    op.create_index(
        "ix_notifications_status", NOTIFICATIONS, ["municipality_id", "status"], unique=False
    )
    rls.enable_tenant_rls(PREFERENCES)
    rls.enable_tenant_rls(NOTIFICATIONS)


def downgrade() -> None:
    rls.disable_tenant_rls(NOTIFICATIONS)
    rls.disable_tenant_rls(PREFERENCES)
    op.drop_index("ix_notifications_status", table_name=NOTIFICATIONS)
    op.drop_index("ix_notifications_person", table_name=NOTIFICATIONS)
    op.drop_table(NOTIFICATIONS)
    op.drop_table(PREFERENCES)
