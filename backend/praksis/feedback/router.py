from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response, status

from praksis.feedback import service
from praksis.feedback.models import TransferFollowUp, TrialActionFeedback
from praksis.feedback.schemas import (
    EvaluationReceived,
    EvaluationSummary,
    FeedbackCreate,
    FeedbackRead,
    FeedbackToGive,
    FeedbackUpdate,
    FollowUpAnswer,
    FollowUpIssued,
    FollowUpRead,
    InvitationCreate,
    InvitationRead,
    TeamFollowUpRead,
    WorkshopEvaluationCreate,
    WorkshopEvaluationDue,
)
from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.created import NewItem
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission
from praksis.workshops.models import Workshop

# Reading is narrowed row by row in the service (author, owners, leaders, HR), so every
# municipal role may ask; giving, answering and managing need their own permission.
FeedbackReader = Annotated[TenantContext, Depends(authorize(Permission.projects_read))]
OneFeedbackReader = Annotated[
    TenantContext, Depends(authorize(Permission.projects_read, item=TrialActionFeedback))
]
FeedbackGiver = Annotated[TenantContext, Depends(authorize(Permission.feedback_give))]
OneFeedbackEditor = Annotated[
    TenantContext, Depends(authorize(Permission.feedback_give, item=TrialActionFeedback))
]
Inviter = Annotated[TenantContext, Depends(authorize(Permission.projects_write))]
Evaluator = Annotated[TenantContext, Depends(authorize(Permission.evaluations_answer))]
EvaluationReader = Annotated[
    TenantContext, Depends(authorize(Permission.evaluations_read, item=Workshop))
]
FollowUpManager = Annotated[TenantContext, Depends(authorize(Permission.follow_ups_manage))]
FollowUpAnswerer = Annotated[TenantContext, Depends(authorize(Permission.follow_ups_answer))]
OneFollowUpReader = Annotated[
    TenantContext, Depends(authorize(Permission.projects_read, item=TransferFollowUp))
]
OneFollowUpAnswerer = Annotated[
    TenantContext, Depends(authorize(Permission.follow_ups_answer, item=TransferFollowUp))
]

router = api_router(prefix="/feedback", tags=["feedback"])

# Fixed paths first: "/invitations" must not be read as a {feedback_id}.


# --- invitations -------------------------------------------------------------------------------


@router.post(
    "/invitations", status_code=status.HTTP_201_CREATED, operation_id="invite_feedback_colleague"
)
def invite_colleague(context: Inviter, body: InvitationCreate) -> InvitationRead:
    """An owner of a trial action asks a colleague for feedback on it."""
    return service.invite_colleague(context, body)


@router.get(
    "/invitations", operation_id="list_my_feedback_invitations", response_model=Page[InvitationRead]
)
async def list_my_invitations(context: FeedbackReader, page: PageParams) -> Response:
    """Invitations to the caller to give feedback (with the trial action's title only)."""
    return await service.INVITATIONS_LIST.respond(context, page)


@router.get("/to-give", operation_id="list_feedback_to_give", response_model=Page[FeedbackToGive])
async def list_feedback_to_give(context: FeedbackGiver, page: PageParams) -> Response:
    """Done trial actions of the caller's buddy and learning group, with the kinds of
    feedback the caller may give on each and how much they have given already."""
    return await service.TO_GIVE_LIST.respond(context, page)


# --- workshop evaluations ----------------------------------------------------------------------


@router.post(
    "/workshop-evaluations",
    status_code=status.HTTP_201_CREATED,
    operation_id="evaluate_workshop",
)
def evaluate_workshop(context: Evaluator, body: WorkshopEvaluationCreate) -> EvaluationReceived:
    """An attendee evaluates a workshop, once and anonymously."""
    return EvaluationReceived(workshop_id=service.evaluate_workshop(context, body))


@router.get(
    "/workshop-evaluations/due",
    operation_id="list_workshop_evaluations_due",
    response_model=Page[WorkshopEvaluationDue],
)
async def list_evaluations_due(context: Evaluator, page: PageParams) -> Response:
    """Workshops the caller attended and has not evaluated yet (evaluations are anonymous;
    only the fact of having answered is kept with the caller)."""
    return await service.EVALUATIONS_DUE_LIST.respond(context, page)


@router.get(
    "/workshop-evaluations/{workshop_id}/summary", operation_id="get_workshop_evaluation_summary"
)
def get_evaluation_summary(context: EvaluationReader, workshop_id: uuid.UUID) -> EvaluationSummary:
    """How many answered; results and comments once released and from at least 5 answers
    (HR and the workshop's own facilitators)."""
    return service.evaluation_summary(context, workshop_id)


@router.post(
    "/workshop-evaluations/{workshop_id}/release",
    operation_id="release_workshop_evaluation",
    responses={409: {"description": "Released already (problem+json)."}},
)
def release_evaluation(context: EvaluationReader, workshop_id: uuid.UUID) -> EvaluationSummary:
    """Release the workshop's results, once (HR or its facilitator): the summary then shows
    them, and the workshop takes no more answers, so the figures never change afterwards and
    nobody can read them before and after one person's answer."""
    return service.release_evaluation(context, workshop_id)


# --- transfer follow-ups -----------------------------------------------------------------------


@router.post("/follow-ups/issue", operation_id="issue_transfer_follow_ups")
def issue_follow_ups(context: FollowUpManager) -> FollowUpIssued:
    """Issue every follow-up that has fallen due in the municipality (idempotent)."""
    return FollowUpIssued(issued=len(service.issue_due_follow_ups(context)))


@router.get(
    "/follow-ups", operation_id="list_my_transfer_follow_ups", response_model=Page[FollowUpRead]
)
async def list_my_follow_ups(context: FollowUpAnswerer, page: PageParams) -> Response:
    """The caller's follow-ups; any that fell due since are issued first.

    Asynchronous on purpose: the unit of work commits after a successful async handler, so
    the follow-ups issued here are kept (a sync read-only handler's session is discarded).
    """
    return await service.MY_FOLLOW_UPS_LIST.respond(context, page)


@router.get(
    "/follow-ups/team",
    operation_id="list_team_transfer_follow_ups",
    response_model=Page[TeamFollowUpRead],
    responses={403: {"description": "The caller is not a leader (problem+json)."}},
)
async def list_team_follow_ups(context: FeedbackReader, page: PageParams) -> Response:
    """A leader's team's follow-ups: due date, whether answered, the usage score (1–5); never
    the examples. Any that fell due since are issued first (so asynchronous, as above)."""
    return await service.TEAM_FOLLOW_UPS_LIST.respond(context, page)


@router.get("/follow-ups/{follow_up_id:uuid}", operation_id="get_transfer_follow_up")
def get_follow_up(context: OneFollowUpReader, follow_up_id: uuid.UUID) -> FollowUpRead:
    return service.get_follow_up(context, follow_up_id)


@router.post("/follow-ups/{follow_up_id:uuid}/answer", operation_id="answer_transfer_follow_up")
def answer_follow_up(
    context: OneFollowUpAnswerer, follow_up_id: uuid.UUID, body: FollowUpAnswer
) -> FollowUpRead:
    """The person answers their follow-up, once."""
    return service.answer_follow_up(context, follow_up_id, body)


# --- feedback on trial actions -----------------------------------------------------------------


@router.get("", operation_id="list_feedback", response_model=Page[FeedbackRead])
async def list_feedback(
    context: FeedbackReader,
    page: PageParams,
    trial_action_id: Annotated[uuid.UUID | None, Query(description="On this trial action.")] = None,
    given: Annotated[bool | None, Query(description="true: written by me.")] = None,
    received: Annotated[bool | None, Query(description="true: on my trial actions.")] = None,
) -> Response:
    """The feedback the caller may read."""
    return await service.FEEDBACK_LIST.respond(
        context, page, trial_action_id=trial_action_id, given=given, received=received
    )


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="give_feedback")
def give_feedback(context: FeedbackGiver, body: FeedbackCreate, new: NewItem) -> FeedbackRead:
    return new.located(service.give_feedback(context, body))


@router.get("/{feedback_id:uuid}", operation_id="get_feedback")
def get_feedback(
    context: OneFeedbackReader, feedback_id: uuid.UUID, cache: IfNoneMatch
) -> FeedbackRead:
    return cache.tagged(service.get_feedback(context, feedback_id))


@router.patch("/{feedback_id:uuid}", operation_id="update_feedback")
def update_feedback(
    context: OneFeedbackEditor, feedback_id: uuid.UUID, body: FeedbackUpdate, if_match: IfMatch
) -> FeedbackRead:
    """Only the author changes their feedback."""
    if_match.check(
        context.session,
        TrialActionFeedback,
        feedback_id,
        lambda: service.get_feedback(context, feedback_id),
    )
    return if_match.tagged(service.update_feedback(context, feedback_id, body))


@router.delete(
    "/{feedback_id:uuid}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_feedback"
)
def delete_feedback(context: OneFeedbackEditor, feedback_id: uuid.UUID) -> None:
    """Only the author deletes their feedback."""
    service.delete_feedback(context, feedback_id)
