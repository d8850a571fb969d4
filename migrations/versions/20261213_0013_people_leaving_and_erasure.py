"""people: when they left, and when their personal data was erased

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-13 09:00:00

``people.left_on`` is the day a person left the municipality (set by HR or an import);
``praksis erase-leavers`` erases those who left more than
``PRAKSIS_RETENTION_MONTHS_AFTER_LEAVING`` months ago. ``people.erased_at`` is the moment a
person's personal data was erased (GDPR art. 17, ``praksis.privacy``): the row stays as a
pseudonym so that counts and statistics stay correct, and is left out of pickers and
searches. The index serves the retention job's search for leavers not yet erased.

Both columns are nullable and added without a default; ``people`` keeps its row-level
security. Downgrading drops them (an erased person's row stays pseudonymised).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("people", sa.Column("left_on", sa.Date(), nullable=True))
    op.add_column("people", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_people_left_on", "people", ["municipality_id", "left_on"])


def downgrade() -> None:
    op.drop_index("ix_people_left_on", table_name="people")
    op.drop_column("people", "erased_at")
    op.drop_column("people", "left_on")
