"""What the statistics views return: counts, rates and averages only.

No person id, no person's name and no free text ever appears here; the labels are the names
of org units, programmes and kerneopgaver.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

AS_OF = (
    "The figures include every change committed before this moment: the read itself when "
    "they are current, else the oldest change not folded in yet (a few seconds at most)"
)


class Funnel(BaseModel):
    """Enrolments by their current status; ``ever_approved`` = approved + completed."""

    nominated: int = 0
    approved: int = 0
    waitlisted: int = 0
    declined: int = 0
    withdrawn: int = 0
    completed: int = 0
    ever_approved: int = 0
    total: int = 0


class AttendanceFigures(BaseModel):
    """Recorded attendance of enrolled people at their cohort's workshops."""

    present: int = 0
    recorded: int = 0
    rate: float | None = Field(None, description="present / recorded; null when none recorded")


class FunnelFigures(BaseModel):
    funnel: Funnel
    completion_rate: float | None = Field(
        None, description="completed / (approved + completed + withdrawn); null when 0 / 0"
    )
    attendance: AttendanceFigures


class BreakdownRow(FunnelFigures):
    key: uuid.UUID | None = Field(
        description="The org unit, kerneopgave, programme or cohort; null = none"
    )
    label: str


class ProjectFigures(BaseModel):
    total: int = 0
    by_status: dict[str, int]
    by_phase: dict[str, int]


class TrialActionFigures(BaseModel):
    planned: int = 0
    done: int = 0
    dropped: int = 0


class FeedbackFigures(BaseModel):
    total: int = 0
    by_kind: dict[str, int]


class EvaluationAverages(BaseModel):
    """Kirkpatrick level 1: workshop evaluation averages (1–5), only from enough people."""

    responses: int
    people: int = Field(description="Distinct people who answered")
    min_responses: int = Field(description="Averages need answers from this many people")
    relevance: float | None
    learning: float | None
    usefulness: float | None


class GradeCount(BaseModel):
    grade: int
    count: int


class SelfAssessmentFigures(BaseModel):
    """Kirkpatrick level 2 of ungraded programmes: participants' own ratings (1–5) of the
    programme's competence goals, before and after, of the enrolments with both; averages only
    from min_people distinct people."""

    people: int = Field(description="Distinct people who rated themselves before and after")
    min_people: int = Field(description="The averages need this many people")
    average_before: float | None
    average_after: float | None
    average_change: float | None


class LearningFigures(BaseModel):
    """Kirkpatrick level 2: grades on the 7-point scale and pass/fail of completed enrolments,
    and the self-assessments of ungraded programmes."""

    grades: list[GradeCount]
    passed: int
    failed: int
    pass_rate: float | None
    self_assessment: SelfAssessmentFigures


class TransferFigures(BaseModel):
    """Kirkpatrick level 3: transfer follow-ups, average usage (1–5) from enough people."""

    answers: int
    people: int = Field(description="Distinct people who answered")
    min_answers: int = Field(description="The average needs answers from this many people")
    average_usage: float | None


class EvaluationMonth(BaseModel):
    """Kirkpatrick level 1 for the workshops that started in one month."""

    month: str = Field(description="YYYY-MM in the municipality's time zone")
    responses: int
    people: int = Field(description="Distinct people who answered; averages need min_responses")
    relevance: float | None
    learning: float | None
    usefulness: float | None


class Kirkpatrick(BaseModel):
    level_1_reaction: EvaluationAverages
    level_1_by_month: list[EvaluationMonth] = Field(
        description="Level 1 over time: the same workshops by the month they started, oldest "
        "first; averages only from min_responses answers in that month"
    )
    level_2_learning: LearningFigures
    level_3_behaviour: TransferFigures


class ReasonCounts(BaseModel):
    """Why people withdrew and why programmes and cohorts were cancelled: counts only, by
    reason (``not_given`` when none was), never who."""

    withdrawals: dict[str, int] = Field(
        description="Withdrawn enrolments in scope, by the reason given."
    )
    programme_cancellations: dict[str, int] = Field(
        description="Cancelled programmes (matching the programme and kerneopgave filters, "
        "cancelled in the period), by reason."
    )
    cohort_cancellations: dict[str, int] = Field(
        description="Cancelled cohorts of those programmes, cancelled in the period, by reason."
    )


class MunicipalityStatistics(FunnelFigures):
    """The caller's municipality's figures, for the enrolments in scope."""

    as_of: datetime = Field(description=AS_OF)
    by_org_unit: list[BreakdownRow]
    by_kerneopgave: list[BreakdownRow]
    by_programme: list[BreakdownRow]
    by_cohort: list[BreakdownRow] = Field(
        description="Per cohort (hold): labelled 'programme – cohort'; null key = enrolments "
        "without a cohort yet"
    )
    projects: ProjectFigures
    trial_actions: TrialActionFigures
    feedback: FeedbackFigures
    kirkpatrick: Kirkpatrick
    reasons: ReasonCounts


# --- the partner view: perturbed counts of people, rates and averages (cell-key method) -------


class Count(BaseModel):
    """A count of distinct people as published to a partner, with the cell-key method's
    noise; ``value`` is null when ``suppressed``."""

    value: int | None = Field(description="The perturbed count; null when suppressed")
    suppressed: bool = Field(
        description="Hidden: the perturbed count is below min_count (0 included)"
    )


class PartnerFunnel(BaseModel):
    """People with an enrolment, by its current status."""

    nominated: Count
    approved: Count
    waitlisted: Count
    declined: Count
    withdrawn: Count
    completed: Count
    total: Count


class PartnerAttendance(BaseModel):
    present: Count
    absent: Count
    excused: Count
    recorded: Count
    rate: float | None = Field(
        description="people present at least once / people with recorded attendance; null "
        "unless both are shown"
    )


class PartnerProjects(BaseModel):
    total: Count
    by_status: dict[str, Count]
    by_phase: dict[str, Count]


class PartnerTrialActions(BaseModel):
    planned: Count
    done: Count
    dropped: Count
    total: Count


class PartnerFeedback(BaseModel):
    total: Count
    by_kind: dict[str, Count]


class PartnerEvaluations(BaseModel):
    """Kirkpatrick level 1: ``responses`` = people who evaluated; averages (1–5) only from
    min_count people or more, perturbed."""

    responses: Count
    relevance: float | None
    learning: float | None
    usefulness: float | None


class PartnerGradeCount(BaseModel):
    grade: int
    count: Count


class PartnerLearning(BaseModel):
    """Kirkpatrick level 2: people with a completed enrolment, under its grade (7-point
    scale), passed or failed (pass/fail), or not graded."""

    grades: list[PartnerGradeCount]
    passed: Count
    failed: Count
    not_graded: Count
    pass_rate: float | None = Field(
        description="people with grade 02 or above or passed / people with a grade or pass/fail, "
        "each perturbed; null when either is suppressed"
    )


class PartnerTransfer(BaseModel):
    """Kirkpatrick level 3: people who answered a transfer follow-up; average usage (1–5) as
    level 1."""

    answers: Count
    average_usage: float | None


class PartnerKirkpatrick(BaseModel):
    level_1_reaction: PartnerEvaluations
    level_2_learning: PartnerLearning
    level_3_behaviour: PartnerTransfer


class PartnerFigures(BaseModel):
    programmes: int = Field(
        description="Programmes linked to the offering (a fact about the municipality, not "
        "about people: exact); 0 for a member that has linked none yet"
    )
    funnel: PartnerFunnel
    completion_rate: float | None = Field(
        description="people completed / people with a place (approved, completed or "
        "withdrawn), each perturbed; null when either is suppressed"
    )
    attendance: PartnerAttendance
    projects: PartnerProjects
    trial_actions: PartnerTrialActions
    feedback: PartnerFeedback
    kirkpatrick: PartnerKirkpatrick


class MunicipalityFigures(PartnerFigures):
    """One member municipality's programmes linked to the offering (every member has a row,
    also before it links a programme)."""

    municipality_id: str
    name: str


class OfferingFigures(BaseModel):
    offering_id: uuid.UUID
    title: str
    municipalities: list[MunicipalityFigures]
    total: PartnerFigures = Field(description="All participating municipalities together")


class PartnerStatistics(BaseModel):
    """A partner's offerings, per participating municipality and in total. Counts below
    ``min_count`` are suppressed; every figure carries the cell-key method's noise."""

    as_of: datetime = Field(description=AS_OF)
    partner: str
    min_count: int
    offerings: list[OfferingFigures]
    total: PartnerFigures = Field(
        description="All the partner's offerings together (a person in two offerings counts "
        "in each; the same with or without a filter)"
    )
