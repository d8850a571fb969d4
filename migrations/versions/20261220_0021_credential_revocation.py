"""credential revocation and status lists

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-20 09:00:00

Issue 18's last gaps. ``credentials`` gains ``revoked_at`` and ``revocation_reason`` (HR's
revocation) and ``status_list_index``, its place in the municipality's W3C Bitstring Status
List; ``credential_status_entries`` holds each place and its bit, nothing about a person. A
tenant table with the usual tenant policy and a second, read-only policy for the public
status list's own role (``praksis_status_list``, created here like the application role in
0001), which may read this table and no other.

Every existing credential gets an entry: a random free index (the spec's advice, so an index
tells nothing of when a credential was issued), not revoked. Downgrading drops the table and
the columns (revocations and indexes are lost; the role stays, it belongs to the cluster).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import UtcDateTime

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTRIES = "credential_status_entries"
CREDENTIALS = "credentials"
LIST_BLOCK = 131_072  # the spec's minimum list length; lists stay at most half full


def upgrade() -> None:
    op.create_table(
        ENTRIES,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("status_list_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f(f"fk_{ENTRIES}_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "status_list_index", name=op.f(f"pk_{ENTRIES}")),
    )
    rls.enable_tenant_rls(ENTRIES)
    rls.create_status_list_role()
    rls.allow_status_list_reads(ENTRIES)

    with op.batch_alter_table(CREDENTIALS) as batch_op:
        batch_op.add_column(sa.Column("status_list_index", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("revoked_at", UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("revocation_reason", sa.String(length=500), nullable=True))
    _give_existing_credentials_an_entry()
    with op.batch_alter_table(CREDENTIALS) as batch_op:
        batch_op.alter_column("status_list_index", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_credentials_municipality_id_status_list_index"),
            ["municipality_id", "status_list_index"],
        )
        batch_op.create_foreign_key(
            batch_op.f(f"fk_credentials_municipality_id_status_list_index_{ENTRIES}"),
            ENTRIES,
            ["municipality_id", "status_list_index"],
            ["municipality_id", "status_list_index"],
        )


def _give_existing_credentials_an_entry() -> None:
    bind = op.get_bind()
    entries = sa.table(
        ENTRIES,
        sa.column("municipality_id", sa.String),
        sa.column("status_list_index", sa.Integer),
        sa.column("revoked", sa.Boolean),
    )
    credentials = sa.table(
        CREDENTIALS,
        sa.column("municipality_id", sa.String),
        sa.column("id", sa.Uuid),
        sa.column("status_list_index", sa.Integer),
    )
    held: dict[str, list[object]] = {}
    for municipality, credential in bind.execute(
        sa.select(credentials.c.municipality_id, credentials.c.id)
    ).all():
        held.setdefault(municipality, []).append(credential)
    pick = random.SystemRandom()
    for municipality, ids in held.items():
        size = LIST_BLOCK * -(-2 * len(ids) // LIST_BLOCK)
        for credential, index in zip(ids, pick.sample(range(size), len(ids)), strict=True):
            bind.execute(
                entries.insert().values(
                    municipality_id=municipality, status_list_index=index, revoked=False
                )
            )
            bind.execute(
                credentials.update()
                .where(credentials.c.municipality_id == municipality)
                .where(credentials.c.id == credential)
                .values(status_list_index=index)
            )


def downgrade() -> None:
    with op.batch_alter_table(CREDENTIALS) as batch_op:
        batch_op.drop_constraint(
            batch_op.f(f"fk_credentials_municipality_id_status_list_index_{ENTRIES}"),
            type_="foreignkey",
        )
        batch_op.drop_constraint(
            batch_op.f("uq_credentials_municipality_id_status_list_index"), type_="unique"
        )
        batch_op.drop_column("revocation_reason")
        batch_op.drop_column("revoked_at")
        batch_op.drop_column("status_list_index")
    rls.disallow_status_list_reads(ENTRIES)
    rls.disable_tenant_rls(ENTRIES)
    op.drop_table(ENTRIES)
