"""Imports every table so ``metadata`` is complete (for Alembic and the RLS checks). It
installs nothing: the statistics upkeep is installed by ``praksis.wiring``."""

from praksis.action_learning.models import (
    ActionLearningProject,
    ProjectInvitation,
    ProjectOwner,
    TrialAction,
)
from praksis.audit.models import AuditEvent
from praksis.cohorts.models import (
    BuddyPair,
    Cohort,
    CohortFacilitator,
    LearningGroup,
    LearningGroupMember,
)
from praksis.competences.models import Competence, CompetenceFramework, CompetenceKerneopgave
from praksis.development.models import (
    Credential,
    DevelopmentGoal,
    GoalCompetence,
    GoalKerneopgave,
    ProgrammeAward,
    SelfAssessment,
)
from praksis.enrolments.models import Enrolment, EnrolmentRequest
from praksis.feedback.models import (
    EvaluationReceipt,
    EvaluationRelease,
    FeedbackInvitation,
    TransferFollowUp,
    TrialActionFeedback,
    WorkshopEvaluation,
)
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import metadata
from praksis.kit.idempotency import IdempotencyRecord, PartnerIdempotencyRecord
from praksis.municipalities.models import Municipality
from praksis.notifications.models import Notification, NotificationPreference
from praksis.people.models import OrgUnit, OrgUnitLeader, Person
from praksis.programmes.models import (
    CompetenceGoal,
    PartnerOffering,
    PartnerOfferingMember,
    Programme,
    ProgrammeEligibleUnit,
    ProgrammeInterest,
    ProgrammeKerneopgave,
    ProgrammeModule,
)
from praksis.statistics.models import (
    AttendanceTally,
    OfferingStatistic,
    ProjectTally,
    StatisticsChange,
    StatisticsChangeDetail,
    WorkshopEvaluationTally,
)
from praksis.webhooks.models import WebhookDelivery, WebhookEndpoint
from praksis.workshops.models import (
    Attendance,
    CalendarFeed,
    Workshop,
    WorkshopBooking,
    WorkshopFacilitator,
)

__all__ = [
    "ActionLearningProject",
    "Attendance",
    "AttendanceTally",
    "AuditEvent",
    "BuddyPair",
    "CalendarFeed",
    "Cohort",
    "CohortFacilitator",
    "Competence",
    "CompetenceFramework",
    "CompetenceGoal",
    "CompetenceKerneopgave",
    "Credential",
    "DevelopmentGoal",
    "Enrolment",
    "EnrolmentRequest",
    "EvaluationReceipt",
    "EvaluationRelease",
    "FeedbackInvitation",
    "GoalCompetence",
    "GoalKerneopgave",
    "IdempotencyRecord",
    "Kerneopgave",
    "LearningGroup",
    "LearningGroupMember",
    "Municipality",
    "Notification",
    "NotificationPreference",
    "OfferingStatistic",
    "OrgUnit",
    "OrgUnitLeader",
    "PartnerIdempotencyRecord",
    "PartnerOffering",
    "PartnerOfferingMember",
    "Person",
    "Programme",
    "ProgrammeAward",
    "ProgrammeEligibleUnit",
    "ProgrammeInterest",
    "ProgrammeKerneopgave",
    "ProgrammeModule",
    "ProjectInvitation",
    "ProjectOwner",
    "ProjectTally",
    "SelfAssessment",
    "StatisticsChange",
    "StatisticsChangeDetail",
    "TransferFollowUp",
    "TrialAction",
    "TrialActionFeedback",
    "WebhookDelivery",
    "WebhookEndpoint",
    "Workshop",
    "WorkshopBooking",
    "WorkshopEvaluation",
    "WorkshopEvaluationTally",
    "WorkshopFacilitator",
    "metadata",
]
