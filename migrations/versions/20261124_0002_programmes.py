"""programmes, cohorts, enrolments, workshops, org units, competences, partner offerings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 13:23:43.773178
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from praksis.kit import rls
from praksis.kit.db import UtcDateTime

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE_ENROLMENT = "status IN ('nominated', 'approved', 'waitlisted', 'completed')"
TENANT_TABLES = (
    "competence_frameworks",
    "org_units",
    "programmes",
    "cohorts",
    "competences",
    "programme_kerneopgaver",
    "programme_modules",
    "calendar_feeds",
    "cohort_facilitators",
    "competence_goals",
    "competence_kerneopgaver",
    "enrolments",
    "learning_groups",
    "org_unit_leaders",
    "workshops",
    "attendance",
    "buddy_pairs",
    "learning_group_members",
    "workshop_facilitators",
)
PARTNER_TABLES = ("partner_offerings", "partner_offering_members")


def upgrade() -> None:
    op.create_table(
        "partner_offerings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("partner", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "kompetencegivende_uddannelse",
                "udviklingsforloeb",
                "kursus",
                "temadag",
                "fyraftensmoede",
                "ledersparring",
                "netvaerk",
                name="programmekind",
                native_enum=False,
                length=36,
            ),
            nullable=False,
        ),
        sa.Column("min_participants_per_org_unit", sa.Integer(), nullable=True),
        sa.Column(
            "grading",
            sa.Enum(
                "none", "pass_fail", "danish_7_point", name="grading", native_enum=False, length=22
            ),
            nullable=False,
        ),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_offerings")),
    )
    with op.batch_alter_table("partner_offerings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_offerings_partner"), ["partner"], unique=False)

    op.create_table(
        "competence_frameworks",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_competence_frameworks_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_competence_frameworks")),
        sa.UniqueConstraint(
            "municipality_id", "title", name=op.f("uq_competence_frameworks_municipality_id_title")
        ),
    )
    op.create_table(
        "org_units",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "forvaltning", "afdeling", "team", name="orgunitkind", native_enum=False, length=19
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "parent_id"],
            ["org_units.municipality_id", "org_units.id"],
            name=op.f("fk_org_units_municipality_id_parent_id_org_units"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_org_units_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_org_units")),
        sa.UniqueConstraint(
            "municipality_id", "external_id", name=op.f("uq_org_units_municipality_id_external_id")
        ),
    )
    op.create_table(
        "partner_offering_members",
        sa.Column("offering_id", sa.Uuid(), nullable=False),
        sa.Column("member_municipality_id", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_partner_offering_members_member_municipality_id_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["partner_offerings.id"],
            name=op.f("fk_partner_offering_members_offering_id_partner_offerings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "offering_id", "member_municipality_id", name=op.f("pk_partner_offering_members")
        ),
    )
    with op.batch_alter_table("partner_offering_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_offering_members_member_municipality_id"),
            ["member_municipality_id"],
            unique=False,
        )

    op.create_table(
        "programmes",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "kompetencegivende_uddannelse",
                "udviklingsforloeb",
                "kursus",
                "temadag",
                "fyraftensmoede",
                "ledersparring",
                "netvaerk",
                name="programmekind",
                native_enum=False,
                length=36,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "open",
                "running",
                "completed",
                "cancelled",
                name="programmestatus",
                native_enum=False,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("offering_id", sa.Uuid(), nullable=True),
        sa.Column("min_participants_per_org_unit", sa.Integer(), nullable=True),
        sa.Column("justification_required", sa.Boolean(), nullable=False),
        sa.Column("justification_min_length", sa.Integer(), nullable=False),
        sa.Column("cohort_min_size", sa.Integer(), nullable=True),
        sa.Column("cohort_max_size", sa.Integer(), nullable=True),
        sa.Column(
            "grading",
            sa.Enum(
                "none", "pass_fail", "danish_7_point", name="grading", native_enum=False, length=22
            ),
            nullable=False,
        ),
        sa.Column("transfer_follow_up_days", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "cohort_min_size IS NULL OR cohort_max_size IS NULL "
            "OR cohort_min_size <= cohort_max_size",
            name=op.f("ck_programmes_cohort_size_range"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_programmes_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["partner_offerings.id"],
            name=op.f("fk_programmes_offering_id_partner_offerings"),
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_programmes")),
    )
    op.create_table(
        "cohorts",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "running",
                "completed",
                "cancelled",
                name="cohortstatus",
                native_enum=False,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "programme_id"],
            ["programmes.municipality_id", "programmes.id"],
            name=op.f("fk_cohorts_municipality_id_programme_id_programmes"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_cohorts_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_cohorts")),
        sa.UniqueConstraint(
            "municipality_id",
            "programme_id",
            "name",
            name=op.f("uq_cohorts_municipality_id_programme_id_name"),
        ),
    )
    op.create_table(
        "competences",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("framework_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "framework_id"],
            ["competence_frameworks.municipality_id", "competence_frameworks.id"],
            name=op.f("fk_competences_municipality_id_framework_id_competence_frameworks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_competences_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_competences")),
        sa.UniqueConstraint(
            "municipality_id",
            "framework_id",
            "title",
            name=op.f("uq_competences_municipality_id_framework_id_title"),
        ),
    )
    op.create_table(
        "programme_kerneopgaver",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("kerneopgave_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "kerneopgave_id"],
            ["kerneopgaver.municipality_id", "kerneopgaver.id"],
            name=op.f("fk_programme_kerneopgaver_municipality_id_kerneopgave_id_kerneopgaver"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "programme_id"],
            ["programmes.municipality_id", "programmes.id"],
            name=op.f("fk_programme_kerneopgaver_municipality_id_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_programme_kerneopgaver_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_programme_kerneopgaver")),
        sa.UniqueConstraint(
            "municipality_id",
            "programme_id",
            "kerneopgave_id",
            name=op.f("uq_programme_kerneopgaver_municipality_id_programme_id_kerneopgave_id"),
        ),
    )
    op.create_table(
        "programme_modules",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("competence_goal", sa.Text(), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "programme_id"],
            ["programmes.municipality_id", "programmes.id"],
            name=op.f("fk_programme_modules_municipality_id_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_programme_modules_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_programme_modules")),
        sa.UniqueConstraint(
            "municipality_id",
            "programme_id",
            "position",
            name=op.f("uq_programme_modules_municipality_id_programme_id_position"),
        ),
    )
    op.create_table(
        "calendar_feeds",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_calendar_feeds_municipality_id_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_calendar_feeds_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint(
            "municipality_id", "person_id", name=op.f("uq_calendar_feeds_municipality_id_person_id")
        ),
        sa.UniqueConstraint(
            "municipality_id",
            "token_hash",
            name=op.f("uq_calendar_feeds_municipality_id_token_hash"),
        ),
    )
    op.create_table(
        "cohort_facilitators",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "cohort_id"],
            ["cohorts.municipality_id", "cohorts.id"],
            name=op.f("fk_cohort_facilitators_municipality_id_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_cohort_facilitators_municipality_id_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_cohort_facilitators_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_cohort_facilitators")),
        sa.UniqueConstraint(
            "municipality_id",
            "cohort_id",
            "person_id",
            name=op.f("uq_cohort_facilitators_municipality_id_cohort_id_person_id"),
        ),
    )
    op.create_table(
        "competence_goals",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("module_id", sa.Uuid(), nullable=True),
        sa.Column("competence_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "competence_id"],
            ["competences.municipality_id", "competences.id"],
            name=op.f("fk_competence_goals_municipality_id_competence_id_competences"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "module_id"],
            ["programme_modules.municipality_id", "programme_modules.id"],
            name=op.f("fk_competence_goals_municipality_id_module_id_programme_modules"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "programme_id"],
            ["programmes.municipality_id", "programmes.id"],
            name=op.f("fk_competence_goals_municipality_id_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_competence_goals_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_competence_goals")),
        sa.UniqueConstraint(
            "municipality_id",
            "programme_id",
            "module_id",
            "competence_id",
            name=op.f("uq_competence_goals_municipality_id_programme_id_module_id_competence_id"),
        ),
    )
    op.create_table(
        "competence_kerneopgaver",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("competence_id", sa.Uuid(), nullable=False),
        sa.Column("kerneopgave_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "competence_id"],
            ["competences.municipality_id", "competences.id"],
            name=op.f("fk_competence_kerneopgaver_municipality_id_competence_id_competences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "kerneopgave_id"],
            ["kerneopgaver.municipality_id", "kerneopgaver.id"],
            name=op.f("fk_competence_kerneopgaver_municipality_id_kerneopgave_id_kerneopgaver"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_competence_kerneopgaver_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_competence_kerneopgaver")),
        sa.UniqueConstraint(
            "municipality_id",
            "competence_id",
            "kerneopgave_id",
            name=op.f("uq_competence_kerneopgaver_municipality_id_competence_id_kerneopgave_id"),
        ),
    )
    op.create_table(
        "enrolments",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("nominated_by_id", sa.Uuid(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("team_challenge", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "nominated",
                "approved",
                "waitlisted",
                "declined",
                "withdrawn",
                "completed",
                name="enrolmentstatus",
                native_enum=False,
                length=18,
            ),
            nullable=False,
        ),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("completed_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "cohort_id"],
            ["cohorts.municipality_id", "cohorts.id"],
            name=op.f("fk_enrolments_municipality_id_cohort_id_cohorts"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "nominated_by_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_enrolments_municipality_id_nominated_by_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_enrolments_municipality_id_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "programme_id"],
            ["programmes.municipality_id", "programmes.id"],
            name=op.f("fk_enrolments_municipality_id_programme_id_programmes"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_enrolments_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_enrolments")),
    )
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_enrolments_cohort", ["municipality_id", "cohort_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_enrolments_person", ["municipality_id", "person_id"], unique=False
        )
        batch_op.create_index(
            "ix_enrolments_programme", ["municipality_id", "programme_id", "status"], unique=False
        )
    # One active enrolment per person and programme, also under concurrent nominations.
    op.create_index(
        "uq_enrolments_one_active",
        "enrolments",
        ["municipality_id", "programme_id", "person_id"],
        unique=True,
        postgresql_where=sa.text(ACTIVE_ENROLMENT),
        sqlite_where=sa.text(ACTIVE_ENROLMENT),
    )

    op.create_table(
        "learning_groups",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "cohort_id"],
            ["cohorts.municipality_id", "cohorts.id"],
            name=op.f("fk_learning_groups_municipality_id_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_learning_groups_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_learning_groups")),
        sa.UniqueConstraint(
            "municipality_id",
            "cohort_id",
            "name",
            name=op.f("uq_learning_groups_municipality_id_cohort_id_name"),
        ),
    )
    op.create_table(
        "org_unit_leaders",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_unit_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "org_unit_id"],
            ["org_units.municipality_id", "org_units.id"],
            name=op.f("fk_org_unit_leaders_municipality_id_org_unit_id_org_units"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_org_unit_leaders_municipality_id_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_org_unit_leaders_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_org_unit_leaders")),
        sa.UniqueConstraint(
            "municipality_id",
            "org_unit_id",
            "person_id",
            name=op.f("uq_org_unit_leaders_municipality_id_org_unit_id_person_id"),
        ),
    )
    op.create_table(
        "workshops",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("module_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "workshop",
                "leader_sparring",
                "oplaeg",
                name="workshopkind",
                native_enum=False,
                length=23,
            ),
            nullable=False,
        ),
        sa.Column("starts_at", UtcDateTime(), nullable=False),
        sa.Column("ends_at", UtcDateTime(), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("scheduled", "cancelled", name="workshopstatus", native_enum=False, length=17),
            nullable=False,
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_workshops_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["municipality_id", "cohort_id"],
            ["cohorts.municipality_id", "cohorts.id"],
            name=op.f("fk_workshops_municipality_id_cohort_id_cohorts"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "module_id"],
            ["programme_modules.municipality_id", "programme_modules.id"],
            name=op.f("fk_workshops_municipality_id_module_id_programme_modules"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_workshops_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_workshops")),
    )
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.create_index(
            "ix_workshops_cohort_time", ["municipality_id", "cohort_id", "starts_at"], unique=False
        )

    op.create_table(
        "attendance",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workshop_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "present",
                "absent",
                "excused",
                name="attendancestatus",
                native_enum=False,
                length=15,
            ),
            nullable=False,
        ),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_attendance_municipality_id_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "recorded_by_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_attendance_municipality_id_recorded_by_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "workshop_id"],
            ["workshops.municipality_id", "workshops.id"],
            name=op.f("fk_attendance_municipality_id_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_attendance_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_attendance")),
        sa.UniqueConstraint(
            "municipality_id",
            "workshop_id",
            "person_id",
            name=op.f("uq_attendance_municipality_id_workshop_id_person_id"),
        ),
    )
    op.create_table(
        "buddy_pairs",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("first_person_id", sa.Uuid(), nullable=False),
        sa.Column("second_person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "first_person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_buddy_pairs_municipality_id_first_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "group_id"],
            ["learning_groups.municipality_id", "learning_groups.id"],
            name=op.f("fk_buddy_pairs_municipality_id_group_id_learning_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "second_person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_buddy_pairs_municipality_id_second_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_buddy_pairs_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_buddy_pairs")),
        sa.UniqueConstraint(
            "municipality_id",
            "cohort_id",
            "first_person_id",
            name=op.f("uq_buddy_pairs_municipality_id_cohort_id_first_person_id"),
        ),
        sa.UniqueConstraint(
            "municipality_id",
            "cohort_id",
            "second_person_id",
            name=op.f("uq_buddy_pairs_municipality_id_cohort_id_second_person_id"),
        ),
    )
    op.create_table(
        "learning_group_members",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "group_id"],
            ["learning_groups.municipality_id", "learning_groups.id"],
            name=op.f("fk_learning_group_members_municipality_id_group_id_learning_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_learning_group_members_municipality_id_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_learning_group_members_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_learning_group_members")),
        sa.UniqueConstraint(
            "municipality_id",
            "cohort_id",
            "person_id",
            name=op.f("uq_learning_group_members_municipality_id_cohort_id_person_id"),
        ),
    )
    op.create_table(
        "workshop_facilitators",
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workshop_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id", "person_id"],
            ["people.municipality_id", "people.id"],
            name=op.f("fk_workshop_facilitators_municipality_id_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id", "workshop_id"],
            ["workshops.municipality_id", "workshops.id"],
            name=op.f("fk_workshop_facilitators_municipality_id_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_workshop_facilitators_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f("pk_workshop_facilitators")),
        sa.UniqueConstraint(
            "municipality_id",
            "workshop_id",
            "person_id",
            name=op.f("uq_workshop_facilitators_municipality_id_workshop_id_person_id"),
        ),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("org_unit_id", sa.Uuid(), nullable=True))
        batch_op.create_index(
            "ix_people_org_unit", ["municipality_id", "org_unit_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_people_municipality_id_org_unit_id_org_units"),
            "org_units",
            ["municipality_id", "org_unit_id"],
            ["municipality_id", "id"],
        )
    for table in TENANT_TABLES:
        rls.enable_tenant_rls(table)
    for table in PARTNER_TABLES:
        rls.grant_read_write(table)


def downgrade() -> None:
    for table in TENANT_TABLES:
        rls.disable_tenant_rls(table)
    for table in PARTNER_TABLES:
        rls.revoke_all(table)
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_people_municipality_id_org_unit_id_org_units"), type_="foreignkey"
        )
        batch_op.drop_index("ix_people_org_unit")
        batch_op.drop_column("org_unit_id")

    op.drop_table("workshop_facilitators")
    op.drop_table("learning_group_members")
    op.drop_table("buddy_pairs")
    op.drop_table("attendance")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_index("ix_workshops_cohort_time")

    op.drop_table("workshops")
    op.drop_table("org_unit_leaders")
    op.drop_table("learning_groups")
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_index("uq_enrolments_one_active")
        batch_op.drop_index("ix_enrolments_programme")
        batch_op.drop_index("ix_enrolments_person")
        batch_op.drop_index("ix_enrolments_cohort")

    op.drop_table("enrolments")
    op.drop_table("competence_kerneopgaver")
    op.drop_table("competence_goals")
    op.drop_table("cohort_facilitators")
    op.drop_table("calendar_feeds")
    op.drop_table("programme_modules")
    op.drop_table("programme_kerneopgaver")
    op.drop_table("competences")
    op.drop_table("cohorts")
    op.drop_table("programmes")
    with op.batch_alter_table("partner_offering_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_offering_members_member_municipality_id"))

    op.drop_table("partner_offering_members")
    op.drop_table("org_units")
    op.drop_table("competence_frameworks")
    with op.batch_alter_table("partner_offerings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_offerings_partner"))

    op.drop_table("partner_offerings")
