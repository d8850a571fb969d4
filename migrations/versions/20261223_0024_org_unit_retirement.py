"""org units: the day a unit was retired

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-21 09:00:00

Issue 19, the org sync from OS2mo. ``org_units.retired_on`` is the day a unit stopped
existing in the municipality's organisation (the sync sets it for a unit gone from OS2mo).
A retired unit is not deleted: a programme aimed at it, the department statistics and the
audit trail still name it, and the people who were in it keep it as their last unit. The
column is nullable, added without a default; ``org_units`` keeps its row-level security.
Downgrading drops it (retired units become ordinary units again).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("org_units", sa.Column("retired_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("org_units", "retired_on")
