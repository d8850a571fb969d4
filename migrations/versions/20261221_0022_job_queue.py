"""the background job queue (procrastinate), PostgreSQL only

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-21 09:00:00

Issue 19: ``praksis worker`` runs procrastinate, whose queue lives in its own tables, types
and functions (``procrastinate_*``). Created as the installed procrastinate ships them, and
the newest of its own migration files they contain is recorded (``kit.jobs``): a later
procrastinate's migrations are applied by ``praksis migrate`` after this chain
(docs/operations.md, "Background work"). On SQLite nothing: the demo's worker keeps its queue
in memory. Downgrading drops every ``procrastinate_*`` object (queued jobs are lost).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from praksis.kit.jobs import drop_queue_schema, install_queue_schema

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        install_queue_schema(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        drop_queue_schema(connection)
