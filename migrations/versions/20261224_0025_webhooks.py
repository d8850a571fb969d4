"""outgoing webhooks: endpoints and their deliveries

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-21 09:00:00

Issue 19: a municipality's webhook endpoints (URL, the event types they want, the signing
secret and, after a rotation, the previous one until it expires) and the outbox of
deliveries to them with their last status. Two tenant tables with the usual tenant policy;
nothing existing changes. Downgrading drops them (and every delivery not yet sent).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import UtcDateTime

revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENDPOINTS = "webhook_endpoints"
DELIVERIES = "webhook_deliveries"


def upgrade() -> None:
    rls.create_tenant_table(
        ENDPOINTS,
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("event_types", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("previous_secret", sa.String(length=100), nullable=True),
        sa.Column("previous_secret_expires_at", UtcDateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    rls.create_tenant_table(
        DELIVERIES,
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "delivered",
                "failed",
                name="deliverystatus",
                native_enum=False,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("last_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("delivered_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "endpoint_id"],
            [f"{ENDPOINTS}.municipality_id", f"{ENDPOINTS}.id"],
            name=op.f(f"fk_{DELIVERIES}_municipality_id_endpoint_id_{ENDPOINTS}"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "municipality_id",
            "endpoint_id",
            "message_id",
            name=op.f(f"uq_{DELIVERIES}_municipality_id_endpoint_id_message_id"),
        ),
    )
    op.create_index(
        "ix_webhook_deliveries_due", DELIVERIES, ["municipality_id", "status", "next_attempt_at"]
    )
    op.create_index(
        "ix_webhook_deliveries_endpoint", DELIVERIES, ["municipality_id", "endpoint_id", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_webhook_deliveries_endpoint", table_name=DELIVERIES)
    op.drop_index("ix_webhook_deliveries_due", table_name=DELIVERIES)
    for table in (DELIVERIES, ENDPOINTS):
        rls.disable_tenant_rls(table)
        op.drop_table(table)
