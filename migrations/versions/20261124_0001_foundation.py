"""foundation: municipalities, people, kerneopgaver, idempotency records, RLS

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import UtcDateTime

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = ("people", "kerneopgaver", "idempotency_records")


def _tenant_columns(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("municipality_id", sa.String(16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f(f"fk_{table}_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    rls.create_app_role()
    op.create_table(
        "municipalities",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("official_code", sa.String(4), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("country IN ('DK', 'NO')", name=op.f("ck_municipalities_country")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipalities")),
    )
    rls.grant_read("municipalities")
    op.create_table(
        "people",
        *_tenant_columns("people"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("job_title", sa.String(200), nullable=True),
        sa.Column("subject", sa.String(512), nullable=True),
        sa.Column("external_id", sa.String(200), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint(
            "municipality_id", "external_id", name=op.f("uq_people_municipality_id_external_id")
        ),
        sa.UniqueConstraint(
            "municipality_id", "subject", name=op.f("uq_people_municipality_id_subject")
        ),
    )
    op.create_table(
        "kerneopgaver",
        *_tenant_columns("kerneopgaver"),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("citizen_outcome", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint(
            "municipality_id", "title", name=op.f("uq_kerneopgaver_municipality_id_title")
        ),
    )
    op.create_index(
        "ix_kerneopgaver_list_order", "kerneopgaver", ["municipality_id", "position", "id"]
    )
    op.create_table(
        "idempotency_records",
        *_tenant_columns("idempotency_records"),
        sa.Column("subject", sa.String(512), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.LargeBinary(), nullable=False),
        sa.Column("response_headers", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint(
            "municipality_id",
            "subject",
            "key",
            name=op.f("uq_idempotency_records_municipality_id_subject_key"),
        ),
    )
    for table in TENANT_TABLES:
        rls.enable_tenant_rls(table)


def downgrade() -> None:
    for table in TENANT_TABLES:
        rls.disable_tenant_rls(table)
    op.drop_table("idempotency_records")
    op.drop_index("ix_kerneopgaver_list_order", table_name="kerneopgaver")
    op.drop_table("kerneopgaver")
    op.drop_table("people")
    op.drop_table("municipalities")
