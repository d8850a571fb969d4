"""withdrawn enrolments index: HR's whole municipality counts its withdrawals by reason

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-30 09:00:00

The municipality view of HR's whole municipality counts the withdrawn enrolments by reason
(``statistics.scope_reads.read_whole_municipality``), the one figure of that view not
maintained. Without an index it read every enrolment of the municipality from
``ix_enrolments_created`` and filtered (20,230 for 1,672 withdrawn in København of the
``seed-scale`` data: 3.0 ms, the view's slowest statement); this partial index holds the
withdrawn ones only (well under a millisecond).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | Sequence[str] | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WITHDRAWN = "status = 'withdrawn'"


def upgrade() -> None:
    op.create_index(
        "ix_enrolments_withdrawn",
        "enrolments",
        ["municipality_id", "withdrawal_reason"],
        unique=False,
        postgresql_where=sa.text(WITHDRAWN),
        sqlite_where=sa.text(WITHDRAWN),
    )


def downgrade() -> None:
    op.drop_index("ix_enrolments_withdrawn", table_name="enrolments")
