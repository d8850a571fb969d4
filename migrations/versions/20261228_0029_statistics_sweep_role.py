"""statistics sweep role: which municipalities have changes to fold, read once

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-28 09:00:00

The statistics folder's sweep looked for changes other processes left by opening one tenant
transaction per municipality (~135 ms every 2 s at 98 municipalities, with nothing to fold).
It now reads which municipalities have records, and since when, in one statement as its own
role (``praksis_statistics_sweep``, created here like the status list's role in 0021): SELECT
on ``statistics_changes``' ``municipality_id`` and ``noted_at`` in every municipality, through
a second, read-only policy, and on nothing else (no other column, no detail, no other table).
Downgrading drops the policy and the grant; the role stays (it belongs to the cluster).
"""

from __future__ import annotations

from collections.abc import Sequence

from praksis.kit import rls

revision: str = "0029"
down_revision: str | Sequence[str] | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "statistics_changes"


def upgrade() -> None:
    rls.allow_statistics_sweep(TABLE, ("municipality_id", "noted_at"))


def downgrade() -> None:
    rls.disallow_statistics_sweep(TABLE)
