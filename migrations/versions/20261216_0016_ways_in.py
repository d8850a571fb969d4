"""ways in: requests, interest, eligibility, reasons, and the level of the per-unit rule

Revision ID: 0016
Revises: 0017
Create Date: 2026-12-16 09:00:00

Issue 18, items 1–3. New tenant tables, each with the usual tenant policy:
``enrolment_requests`` (a person asks for a place; at most one pending request per person and
programme, by a partial unique index), ``programme_interests`` (one per person and programme)
and ``programme_eligible_units`` (the programme's target group as org units).

New columns: a programme's ``target_group``, ``open_for_interest``, ``min_participants_level``
and its cancellation (``cancellation_reason``, ``cancellation_note``, ``cancelled_at``); a
cohort's cancellation; an enrolment's ``withdrawal_reason`` and ``withdrawal_note`` (the
withdrawal no longer overwrites the decision note).

``min_participants_level`` is ``forvaltning`` for new programmes (KL: "Forvaltningen skal
stille med mindst to"); programmes that exist keep ``afdeling``, what Praksis counted per
before, so a programme whose rules are frozen does not change its rule under it. PostgreSQL
then drops the column defaults; SQLite keeps them (dropping them would rebuild the tables).

Downgrading drops the tables and the columns (requests, interest, eligibility and reasons are
lost).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REQUESTS = "enrolment_requests"
INTERESTS = "programme_interests"
ELIGIBLE = "programme_eligible_units"
CANCELLATION_REASON = 31  # the longest reason, "facilitator_unavailable", + 8
WITHDRAWAL_REASON = 29  # "loyalty_to_colleagues" + 8
PENDING = "status = 'pending'"


def _tenant_fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.Constraint:
    return sa.ForeignKeyConstraint(
        ["municipality_id", column],
        [f"{target}.municipality_id", f"{target}.id"],
        name=op.f(f"fk_{table}_municipality_id_{column}_{target}"),
        ondelete=ondelete,
    )


def _municipality(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
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
    _add_columns()
    op.create_table(
        REQUESTS,
        *_municipality(REQUESTS),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("motivation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=17), nullable=False),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("enrolment_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _tenant_fk(REQUESTS, "programme_id", "programmes"),
        _tenant_fk(REQUESTS, "cohort_id", "cohorts"),
        _tenant_fk(REQUESTS, "person_id", "people"),
        _tenant_fk(REQUESTS, "decided_by_id", "people"),
        _tenant_fk(REQUESTS, "enrolment_id", "enrolments"),
    )
    op.create_index("ix_enrolment_requests_person", REQUESTS, ["municipality_id", "person_id"])
    op.create_index(
        "uq_enrolment_requests_one_pending",
        REQUESTS,
        ["municipality_id", "programme_id", "person_id"],
        unique=True,
        postgresql_where=sa.text(PENDING),
        sqlite_where=sa.text(PENDING),
    )
    op.create_table(
        INTERESTS,
        *_municipality(INTERESTS),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _tenant_fk(INTERESTS, "programme_id", "programmes", "CASCADE"),
        _tenant_fk(INTERESTS, "person_id", "people", "CASCADE"),
        sa.UniqueConstraint(
            "municipality_id",
            "programme_id",
            "person_id",
            name=op.f(f"uq_{INTERESTS}_municipality_id_programme_id_person_id"),
        ),
    )
    op.create_index("ix_programme_interests_person", INTERESTS, ["municipality_id", "person_id"])
    op.create_table(
        ELIGIBLE,
        *_municipality(ELIGIBLE),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("org_unit_id", sa.Uuid(), nullable=False),
        _tenant_fk(ELIGIBLE, "programme_id", "programmes", "CASCADE"),
        _tenant_fk(ELIGIBLE, "org_unit_id", "org_units", "CASCADE"),
        sa.UniqueConstraint(
            "municipality_id",
            "programme_id",
            "org_unit_id",
            name=op.f(f"uq_{ELIGIBLE}_municipality_id_programme_id_org_unit_id"),
        ),
    )
    for table in (REQUESTS, INTERESTS, ELIGIBLE):
        rls.enable_tenant_rls(table)


def _add_columns() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    reason = sa.String(length=CANCELLATION_REASON)
    defaults: list[tuple[str, str]] = []
    for table in ("programmes", "cohorts"):
        op.add_column(table, sa.Column("cancellation_reason", reason, nullable=True))
        op.add_column(
            table, sa.Column("cancellation_note", sa.Text(), nullable=False, server_default="")
        )
        op.add_column(table, sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        defaults.append((table, "cancellation_note"))
    op.add_column(
        "programmes",
        sa.Column(
            "min_participants_level",
            sa.String(length=19),
            nullable=False,
            server_default="afdeling",
        ),
    )
    op.add_column(
        "programmes", sa.Column("target_group", sa.Text(), nullable=False, server_default="")
    )
    op.add_column(
        "programmes",
        sa.Column("open_for_interest", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    defaults += [
        ("programmes", "min_participants_level"),
        ("programmes", "target_group"),
        ("programmes", "open_for_interest"),
    ]
    op.add_column(
        "enrolments",
        sa.Column("withdrawal_reason", sa.String(length=WITHDRAWAL_REASON), nullable=True),
    )
    op.add_column(
        "enrolments",
        sa.Column("withdrawal_note", sa.Text(), nullable=False, server_default=""),
    )
    defaults.append(("enrolments", "withdrawal_note"))
    if postgresql:
        for table, column in defaults:
            op.alter_column(table, column, server_default=None)


def downgrade() -> None:
    for table in (ELIGIBLE, INTERESTS, REQUESTS):
        rls.disable_tenant_rls(table)
    op.drop_table(ELIGIBLE)
    op.drop_index("ix_programme_interests_person", table_name=INTERESTS)
    op.drop_table(INTERESTS)
    op.drop_index("uq_enrolment_requests_one_pending", table_name=REQUESTS)
    op.drop_index("ix_enrolment_requests_person", table_name=REQUESTS)
    op.drop_table(REQUESTS)
    op.drop_column("enrolments", "withdrawal_note")
    op.drop_column("enrolments", "withdrawal_reason")
    for column in ("open_for_interest", "target_group", "min_participants_level"):
        op.drop_column("programmes", column)
    for table in ("cohorts", "programmes"):
        for column in ("cancelled_at", "cancellation_note", "cancellation_reason"):
            op.drop_column(table, column)
