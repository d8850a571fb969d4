"""workshop bookings of cohort facilitators

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10 09:00:00

From this revision a scheduled workshop also holds its cohort's facilitators
(``workshops.bookings``), so the exclusion constraint of ``workshop_bookings`` refuses a
facilitator double-booked through facilitating a cohort. This step adds their rows; nothing
in the schema changes. Someone booked already (a participant, or named on the workshop) keeps
the one row.

Before this revision nothing stopped a cohort's facilitator from being busy elsewhere at one
of its workshops, so the new rows may clash with stored ones. The upgrade does not fail on
that: on PostgreSQL the rows stored already are kept, then the new ones in the order their
workshops were planned; a row that overlaps one kept is left out and logged. As with 0008's
left-out rows, the services' read-then-write check still sees the clash: cancel or move one
of the two workshops; the left-out row is written when its workshop is next moved or given
other named facilitators (refused with 409 naming the clash while it remains). SQLite has no
constraint (its writers are serialised): every row is stored.

Downgrading deletes the rows that only the cohort's facilitation held.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit.db import TENANT_SETTING

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

logger = logging.getLogger("alembic.runtime.migration")

# Each scheduled workshop with each facilitator of its cohort.
BY_COHORT_FACILITATION = """
    SELECT w.id AS workshop_id, f.person_id, w.starts_at, w.ends_at, w.created_at
    FROM workshops w
    JOIN cohort_facilitators f ON f.municipality_id = w.municipality_id
      AND f.cohort_id = w.cohort_id
    WHERE w.municipality_id = :m AND w.status = 'scheduled'
"""
NOT_STORED = """
    NOT EXISTS (
        SELECT 1 FROM workshop_bookings b
        WHERE b.municipality_id = :m AND b.workshop_id = held.workshop_id
          AND b.person_id = held.person_id
    )
"""
BACKFILL = f"""
    INSERT INTO workshop_bookings (municipality_id, workshop_id, person_id, starts_at, ends_at)
    SELECT :m, held.workshop_id, held.person_id, held.starts_at, held.ends_at
    FROM ({BY_COHORT_FACILITATION}) held
    WHERE {NOT_STORED}
    ORDER BY held.person_id, held.created_at, held.workshop_id
"""
LEFT_OUT = f"""
    SELECT held.person_id, held.workshop_id FROM ({BY_COHORT_FACILITATION}) held
    WHERE {NOT_STORED}
    ORDER BY held.person_id, held.workshop_id
"""
# Rows 0008's rule does not hold: neither a participant of the cohort nor named on the workshop.
ONLY_BY_COHORT_FACILITATION = """
    DELETE FROM workshop_bookings
    WHERE municipality_id = :m
      AND NOT EXISTS (
        SELECT 1 FROM workshops w
        JOIN enrolments e ON e.municipality_id = w.municipality_id
          AND e.cohort_id = w.cohort_id
        WHERE w.municipality_id = :m AND w.id = workshop_bookings.workshop_id
          AND e.person_id = workshop_bookings.person_id
          AND e.status IN ('approved', 'completed')
      )
      AND NOT EXISTS (
        SELECT 1 FROM workshop_facilitators f
        WHERE f.municipality_id = :m AND f.workshop_id = workshop_bookings.workshop_id
          AND f.person_id = workshop_bookings.person_id
      )
"""


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    backfill = BACKFILL + (" ON CONFLICT DO NOTHING" if postgresql else "")
    for connection, municipality in _municipalities():
        connection.execute(sa.text(backfill), {"m": municipality})
        left_out = connection.execute(sa.text(LEFT_OUT), {"m": municipality}).all()
        if left_out:
            logger.warning(
                "%s: %d cohort facilitator booking(s) left out, double bookings that exist "
                "already (person, workshop): %s",
                municipality,
                len(left_out),
                ", ".join(f"({person}, {workshop})" for person, workshop in left_out),
            )


def downgrade() -> None:
    for connection, municipality in _municipalities():
        connection.execute(sa.text(ONLY_BY_COHORT_FACILITATION), {"m": municipality})


def _municipalities() -> Iterator[tuple[sa.Connection, str]]:
    """Each municipality, with its tenant set on PostgreSQL (the policies are forced, also on
    a table owner that is not a superuser)."""
    connection = op.get_bind()
    postgresql = connection.dialect.name == "postgresql"
    for (municipality,) in connection.execute(
        sa.text("SELECT id FROM municipalities ORDER BY id")
    ).all():
        if postgresql:
            connection.execute(
                sa.text("SELECT set_config(:setting, :m, true)"),
                {"setting": TENANT_SETTING, "m": municipality},
            )
        yield connection, municipality
