"""What the statistics views return: counts, rates and averages only.

No person id, no person's name and no free text ever appears here; the labels are the names
of org units, programmes and kerneopgaver.
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

GRADES_7_POINT = (-3, 0, 2, 4, 7, 10, 12)


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
    key: uuid.UUID | None = Field(description="The org unit, kerneopgave or programme; null = none")
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
    """Kirkpatrick level 1: workshop evaluation averages (1–5), only from enough answers."""

    responses: int
    min_responses: int
    relevance: float | None
    learning: float | None
    usefulness: float | None


class GradeCount(BaseModel):
    grade: int
    count: int


class LearningFigures(BaseModel):
    """Kirkpatrick level 2: grades on the 7-point scale and pass/fail of completed enrolments."""

    grades: list[GradeCount]
    passed: int
    failed: int
    pass_rate: float | None


class TransferFigures(BaseModel):
    """Kirkpatrick level 3: transfer follow-ups, average usage (1–5) from enough answers."""

    answers: int
    min_answers: int
    average_usage: float | None


class Kirkpatrick(BaseModel):
    level_1_reaction: EvaluationAverages
    level_2_learning: LearningFigures
    level_3_behaviour: TransferFigures


class MunicipalityStatistics(FunnelFigures):
    """The caller's municipality's figures, for the enrolments in scope."""

    by_org_unit: list[BreakdownRow]
    by_kerneopgave: list[BreakdownRow]
    by_programme: list[BreakdownRow]
    projects: ProjectFigures
    trial_actions: TrialActionFigures
    feedback: FeedbackFigures
    kirkpatrick: Kirkpatrick
