"""partner idempotency records

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 15:13:51.333480
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import UtcDateTime

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner_idempotency_records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("partner", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=512), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.LargeBinary(), nullable=False),
        sa.Column("response_headers", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_idempotency_records")),
        sa.UniqueConstraint(
            "partner",
            "subject",
            "key",
            name=op.f("uq_partner_idempotency_records_partner_subject_key"),
        ),
    )
    rls.grant_read_write("partner_idempotency_records")


def downgrade() -> None:
    rls.revoke_all("partner_idempotency_records")
    op.drop_table("partner_idempotency_records")
