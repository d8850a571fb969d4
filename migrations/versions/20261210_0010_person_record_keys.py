"""person record keys: the partner statistics' cell-key method

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:00:00

Every person gets a permanent random record key, uniform in [0, 2^32)
(``statistics.cellkey``, docs/statistics-privacy.md); new people get theirs from the
application when they are created. Existing people get one here, drawn from the operating
system's secure source, each municipality with its tenant set (the policies are forced, also
on a table owner that is not a superuser). ``people`` keeps its row-level security; the
column adds no new table.

The column is added NOT NULL with a default of 0 for the rows that exist (SQLite cannot add
a NOT NULL column without one); PostgreSQL then drops the default, SQLite keeps it (dropping
it would rebuild ``people`` under its foreign keys). No row keeps 0 from it.

The partner view's offering cells change meaning at this revision (distinct people and their
cell keys instead of events), so the old rows are deleted here, each municipality with its
tenant set; ``praksis rebuild-statistics`` computes the new ones (until then a partner sees
its offerings without figures; any write to a cell recomputes it).

Downgrading drops the column (and leaves the offering cells to ``rebuild-statistics``).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit.db import TENANT_SETTING

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_BITS = 32


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.add_column(
        "people",
        sa.Column("record_key", sa.BigInteger(), nullable=False, server_default="0"),
    )
    _draw_keys_and_clear_offering_cells(postgresql)
    if postgresql:
        op.alter_column("people", "record_key", server_default=None)


def _draw_keys_and_clear_offering_cells(postgresql: bool) -> None:
    connection = op.get_bind()
    municipalities = connection.execute(sa.text("SELECT id FROM municipalities ORDER BY id"))
    for (municipality,) in municipalities.all():
        if postgresql:
            connection.execute(
                sa.text("SELECT set_config(:setting, :m, true)"),
                {"setting": TENANT_SETTING, "m": municipality},
            )
        connection.execute(
            sa.text("DELETE FROM offering_statistics WHERE municipality_id = :m"),
            {"m": municipality},
        )
        people = connection.execute(
            sa.text("SELECT id FROM people WHERE municipality_id = :m"), {"m": municipality}
        ).scalars()
        keys = [
            {"m": municipality, "id": person, "key": secrets.randbits(KEY_BITS)}
            for person in people.all()
        ]
        if keys:
            connection.execute(
                sa.text(
                    "UPDATE people SET record_key = :key WHERE municipality_id = :m AND id = :id"
                ),
                keys,
            )


def downgrade() -> None:
    op.drop_column("people", "record_key")
