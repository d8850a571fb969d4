"""workshop bookings: the database refuses a double booking

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:00:00

``workshop_bookings`` holds one row for each person a scheduled workshop holds (the
participants of its cohort, with an approved or completed place, and its named facilitators)
at the workshop's time; ``workshops.bookings`` keeps it in every writer's transaction. The
services check for a clash before writing (read-then-write), which two requests at once
both pass; on PostgreSQL the exclusion constraint below refuses the second of two
overlapping rows of one person (it needs ``btree_gist`` for the equality parts, a trusted
extension). SQLite serialises writers (``BEGIN IMMEDIATE``), so there the check alone holds
and the table has no exclusion constraint.

The backfill reads each municipality with its tenant set (the policies are forced, also on a
table owner that is not a superuser). A double booking that exists already (written by two
requests at once before this revision) cannot be stored: the booking of the workshop planned
first is kept, the other is left out and logged, and the read-then-write check still sees
it. Cancel or move one of the two workshops: the left-out row is written when its workshop
is next moved or given other facilitators, or the person's place in its cohort changes; while
the clash remains, such a change is refused with 409 naming it.

Downgrading drops the table and leaves the extension installed (it may have been there
before, and other schemas may use it).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import TENANT_SETTING, UtcDateTime

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

logger = logging.getLogger("alembic.runtime.migration")

TABLE = "workshop_bookings"
# Who a scheduled workshop holds, as the services' double-booking rule says at this revision.
HELD = """
    SELECT w.id AS workshop_id, e.person_id
    FROM workshops w
    JOIN enrolments e ON e.municipality_id = w.municipality_id AND e.cohort_id = w.cohort_id
    WHERE w.municipality_id = :m AND w.status = 'scheduled'
      AND e.status IN ('approved', 'completed')
    UNION
    SELECT w.id, f.person_id
    FROM workshops w
    JOIN workshop_facilitators f
      ON f.municipality_id = w.municipality_id AND f.workshop_id = w.id
    WHERE w.municipality_id = :m AND w.status = 'scheduled'
"""
# Per person, in the order the workshops were planned: the first of two overlapping ones is
# stored, the second conflicts and is skipped (PostgreSQL; SQLite has no constraint to hit).
BACKFILL = f"""
    WITH held AS ({HELD})
    INSERT INTO {TABLE} (municipality_id, workshop_id, person_id, starts_at, ends_at)
    SELECT :m, w.id, held.person_id, w.starts_at, w.ends_at
    FROM held JOIN workshops w ON w.municipality_id = :m AND w.id = held.workshop_id
    ORDER BY held.person_id, w.created_at, w.id
"""
LEFT_OUT = f"""
    WITH held AS ({HELD})
    SELECT held.person_id, held.workshop_id FROM held
    WHERE NOT EXISTS (
        SELECT 1 FROM {TABLE} b
        WHERE b.municipality_id = :m AND b.workshop_id = held.workshop_id
          AND b.person_id = held.person_id
    )
    ORDER BY held.person_id, held.workshop_id
"""


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        TABLE,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("workshop_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", UtcDateTime(), nullable=False),
        sa.Column("ends_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_workshop_bookings_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "workshop_id"],
            ["workshops.municipality_id", "workshops.id"],
            name=op.f("fk_workshop_bookings_municipality_id_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_workshop_bookings_municipality_id_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_workshop_bookings_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "municipality_id", "workshop_id", "person_id", name=op.f("pk_workshop_bookings")
        ),
    )
    if postgresql:
        # [starts_at, ends_at): back-to-back workshops do not overlap, as in the services
        op.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT ex_workshop_bookings_no_double_booking "
            "EXCLUDE USING gist (municipality_id WITH =, person_id WITH =, "
            "tstzrange(starts_at, ends_at) WITH &&)"
        )
    rls.enable_tenant_rls(TABLE)
    _backfill(postgresql)


def _backfill(postgresql: bool) -> None:
    connection = op.get_bind()
    municipalities = connection.execute(sa.text("SELECT id FROM municipalities ORDER BY id"))
    for (municipality,) in municipalities.all():
        if postgresql:
            connection.execute(
                sa.text("SELECT set_config(:setting, :m, true)"),
                {"setting": TENANT_SETTING, "m": municipality},
            )
        backfill = BACKFILL + (" ON CONFLICT DO NOTHING" if postgresql else "")
        connection.execute(sa.text(backfill), {"m": municipality})
        left_out = connection.execute(sa.text(LEFT_OUT), {"m": municipality}).all()
        if left_out:
            logger.warning(
                "%s: %d booking(s) left out, double bookings that exist already "
                "(person, workshop): %s",
                municipality,
                len(left_out),
                ", ".join(f"({person}, {workshop})" for person, workshop in left_out),
            )


def downgrade() -> None:
    rls.disable_tenant_rls(TABLE)
    op.drop_table(TABLE)
