"""The partner view's maintained aggregates: counts of people, their cell keys and sums per
offering cell.

One row per (municipality, offering, measure) (``reference.offering_cell_measures``), kept
equal to the raw tables by the fold (``statistics.folding``). It holds no person id and no
text, so it is the one tenant table a partner may read — only the rows of its own offerings'
member municipalities; the partner's API shows them only perturbed (``statistics.cellkey``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ColumnElement, ForeignKeyConstraint, Index
from sqlmodel import Field, col, select

from praksis.action_learning.models import ProjectPhase, ProjectStatus
from praksis.kit.db import (
    PartnerReadable,
    TenantOwned,
    TenantScoped,
    enum_field,
    tenant_fk,
    timestamp_field,
)
from praksis.programmes.models import PartnerOffering, PartnerOfferingMember

MEASURE_LENGTH = 64


def member_of_partner_offering(
    partner: str, municipality_id: Any, *conditions: ColumnElement[bool]
) -> ColumnElement[bool]:
    """Whether the municipality is a member of one of the partner's offerings (that meet the
    conditions): the partner rows of every ``PartnerReadable`` table here."""
    return (
        select(PartnerOfferingMember.offering_id)
        .join(PartnerOffering, col(PartnerOffering.id) == PartnerOfferingMember.offering_id)
        .where(
            PartnerOffering.partner == partner,
            PartnerOfferingMember.member_municipality_id == municipality_id,
            *conditions,
        )
        .exists()
    )


class OfferingStatistic(TenantScoped, PartnerReadable, table=True):
    __tablename__ = "offering_statistics"
    __table_args__ = (
        ForeignKeyConstraint(["offering_id"], ["partner_offerings.id"], ondelete="CASCADE"),
        Index("ix_offering_statistics_offering", "offering_id"),
    )

    offering_id: uuid.UUID = Field(primary_key=True)
    measure: str = Field(primary_key=True, max_length=MEASURE_LENGTH)
    value: int = Field(sa_type=BigInteger)

    @classmethod
    def partner_rows(cls, partner: str) -> ColumnElement[bool]:
        """Cells of the partner's own offerings, of municipalities that are its members."""
        return member_of_partner_offering(
            partner, cls.municipality_id, col(PartnerOfferingMember.offering_id) == cls.offering_id
        )


# --- the municipality view's maintained tallies ------------------------------------------------
# Small per-parent counts the municipality view joins with its enrolments in scope (the scope
# itself is never stored: it depends on the filters). Kept equal to the raw tables by the fold
# (``statistics.tallies``), like ``OfferingStatistic``.


class AttendanceTally(TenantScoped, table=True):
    """Recorded attendance of one person at the workshops of one cohort, by status."""

    __tablename__ = "attendance_tallies"
    __table_args__ = (
        tenant_fk("cohort_id", "cohorts", ondelete="CASCADE"),
        tenant_fk("person_id", "people", ondelete="CASCADE"),
        Index("ix_attendance_tallies_person", "municipality_id", "person_id"),
    )

    cohort_id: uuid.UUID = Field(primary_key=True)
    person_id: uuid.UUID = Field(primary_key=True)
    present: int = 0
    absent: int = 0
    excused: int = 0


class ProjectTally(TenantScoped, table=True):
    """One action-learning project: its cohort, status and phase (as the project has them) and
    its trial actions by status and their feedback by kind."""

    __tablename__ = "project_tallies"
    __table_args__ = (
        tenant_fk("project_id", "action_learning_projects", ondelete="CASCADE"),
        Index("ix_project_tallies_cohort", "municipality_id", "cohort_id"),
    )

    project_id: uuid.UUID = Field(primary_key=True)
    cohort_id: uuid.UUID | None = None
    status: ProjectStatus = enum_field(ProjectStatus)
    phase: ProjectPhase = enum_field(ProjectPhase)
    trial_actions_planned: int = 0
    trial_actions_done: int = 0
    trial_actions_dropped: int = 0
    feedback_buddy: int = 0
    feedback_learning_group: int = 0
    feedback_leader: int = 0
    feedback_colleague: int = 0
    feedback_facilitator: int = 0


class WorkshopEvaluationTally(TenantScoped, table=True):
    """One workshop's anonymous evaluations: how many, and the sum of each score."""

    __tablename__ = "workshop_evaluation_tallies"
    __table_args__ = (tenant_fk("workshop_id", "workshops", ondelete="CASCADE"),)

    workshop_id: uuid.UUID = Field(primary_key=True)
    responses: int = 0
    relevance_sum: int = 0
    learning_sum: int = 0
    usefulness_sum: int = 0


# --- the whole municipality's figures, for HR's unfiltered view ---------------------------------
# What the municipality view shows when nothing is filtered, kept whole so that the largest
# municipality's landing page reads a few hundred rows instead of joining every enrolment.


class ProgrammeStatistic(TenantScoped, table=True):
    """One programme's measures (``statistics.registry``) over every enrolment in it: the raw
    counts and sums the municipality view adds up across programmes."""

    __tablename__ = "programme_statistics"
    __table_args__ = (tenant_fk("programme_id", "programmes", ondelete="CASCADE"),)

    programme_id: uuid.UUID = Field(primary_key=True)
    measure: str = Field(primary_key=True, max_length=MEASURE_LENGTH)
    value: int = Field(sa_type=BigInteger)


class MunicipalityStatistic(TenantScoped, table=True):
    """The whole municipality's measures that do not add up across programmes: distinct
    people (who answered an evaluation, in all and by the month of the workshop; who answered
    a follow-up). ``tallies.municipality_measures`` says which."""

    __tablename__ = "municipality_statistics"

    measure: str = Field(primary_key=True, max_length=MEASURE_LENGTH)
    value: int = Field(sa_type=BigInteger)


NO_DEPARTMENT = uuid.UUID(int=0)
"""The department key of people without an org unit (a key cannot be null)."""
NO_COHORT = uuid.UUID(int=0)
"""The cohort key of enrolments without a cohort yet."""


class EnrolmentAndAttendanceCounts(TenantScoped):
    """Enrolments by status and, of the (person, cohort) pairs with an enrolment, the
    recorded attendance by status."""

    nominated: int = 0
    approved: int = 0
    waitlisted: int = 0
    declined: int = 0
    withdrawn: int = 0
    completed: int = 0
    present: int = 0
    absent: int = 0
    excused: int = 0


class DepartmentTally(EnrolmentAndAttendanceCounts, table=True):
    """One department's counts, by the department of the person's unit
    (``people.service.department_of``)."""

    __tablename__ = "department_tallies"

    department_id: uuid.UUID = Field(primary_key=True)


class CohortTally(EnrolmentAndAttendanceCounts, table=True):
    """One cohort's counts (``NO_COHORT``: enrolments without a cohort). No foreign key: the
    key of enrolments without a cohort is no cohort; a deleted cohort's row goes with the
    fold of its deletion."""

    __tablename__ = "cohort_tallies"

    cohort_id: uuid.UUID = Field(primary_key=True)


# --- changes not folded in yet (``statistics.aggregates``, ``statistics.folding``) -----------
# The record says only when; what it touched is in its detail row, which no partner reads.


class StatisticsChange(TenantOwned, PartnerReadable, table=True):
    """A committed change the maintained statistics do not include yet: the oldest one of a
    municipality says how fresh its figures are (``as_of``)."""

    __tablename__ = "statistics_changes"
    __table_args__ = (Index("ix_statistics_changes_noted_at", "municipality_id", "noted_at"),)

    noted_at: datetime = timestamp_field()

    @classmethod
    def partner_rows(cls, partner: str) -> ColumnElement[bool]:
        """Changes of municipalities that are members of one of the partner's offerings."""
        return member_of_partner_offering(partner, cls.municipality_id)


class StatisticsChangeDetail(TenantScoped, table=True):
    """What one change touched, by the kind of parent (``statistics.aggregates.Touched``)."""

    __tablename__ = "statistics_change_details"
    __table_args__ = (tenant_fk("change_id", "statistics_changes", ondelete="CASCADE"),)

    change_id: uuid.UUID = Field(primary_key=True)
    touched: dict[str, Any] = Field(sa_type=JSON)
