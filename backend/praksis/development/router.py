from __future__ import annotations

import uuid
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request, Response, status
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from praksis.development import service, status_list, verification
from praksis.development.models import Credential, DevelopmentGoal, GoalStatus
from praksis.development.schemas import (
    AwardDefinition,
    AwardRead,
    CredentialRead,
    CredentialRevocation,
    DevelopmentPlan,
    GoalCreate,
    GoalRead,
    GoalStatusChange,
    GoalUpdate,
    IssuerProfile,
    JsonWebKeySet,
    SelfAssessmentCreate,
    SelfAssessmentRead,
    SignedOpenBadge,
    SignedStatusList,
)
from praksis.enrolments.models import Enrolment
from praksis.kit.context import TenantContext, api_router, authorize, known_municipality, runtime_of
from praksis.kit.created import NewItem
from praksis.kit.errors import NotFound
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission
from praksis.kit.runtime import MunicipalityInfo
from praksis.kit.schemas import MunicipalityId
from praksis.people.models import Person
from praksis.programmes.models import Programme

DevelopmentReader = Annotated[TenantContext, Depends(authorize(Permission.development_read))]
DevelopmentWriter = Annotated[TenantContext, Depends(authorize(Permission.development_write))]
GoalReader = Annotated[
    TenantContext, Depends(authorize(Permission.development_read, item=DevelopmentGoal))
]
GoalWriter = Annotated[
    TenantContext, Depends(authorize(Permission.development_write, item=DevelopmentGoal))
]
PlanReader = Annotated[TenantContext, Depends(authorize(Permission.development_read, item=Person))]
CredentialReader = Annotated[
    TenantContext, Depends(authorize(Permission.development_read, item=Credential))
]
CredentialRevoker = Annotated[
    TenantContext, Depends(authorize(Permission.credentials_revoke, item=Credential))
]
AwardReader = Annotated[
    TenantContext, Depends(authorize(Permission.programmes_read, item=Programme))
]
AwardWriter = Annotated[
    TenantContext, Depends(authorize(Permission.programmes_write, item=Programme))
]
AssessmentReader = Annotated[
    TenantContext, Depends(authorize(Permission.development_read, item=Enrolment))
]
AssessmentWriter = Annotated[
    TenantContext, Depends(authorize(Permission.development_write, item=Enrolment))
]

router = api_router(tags=["development"])
GOALS = "/development-goals"
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "The goal's status does not allow this (problem+json)."}
}


# --- goals -------------------------------------------------------------------------------------


@router.get(GOALS, operation_id="list_development_goals", response_model=Page[GoalRead])
async def list_goals(
    context: DevelopmentReader,
    page: PageParams,
    person_id: uuid.UUID | None = None,
    status: GoalStatus | None = None,
) -> Response:
    """Goals the caller may see: their own, their team's as a leader, everyone's for HR."""
    return await service.GOALS_LIST.respond(context, page, person_id=person_id, status=status)


@router.post(GOALS, status_code=status.HTTP_201_CREATED, operation_id="propose_development_goal")
def propose_goal(context: DevelopmentWriter, body: GoalCreate, new: NewItem) -> GoalRead:
    """Propose a goal, for yourself or (as their leader, or HR) for a member of your team;
    the other party agrees to it."""
    return new.located(service.propose_goal(context, body))


@router.get(f"{GOALS}/{{goal_id:uuid}}", operation_id="get_development_goal")
def get_goal(context: GoalReader, goal_id: uuid.UUID, cache: IfNoneMatch) -> GoalRead:
    return cache.tagged(service.read_goal(context, goal_id))


@router.patch(
    f"{GOALS}/{{goal_id:uuid}}", operation_id="update_development_goal", responses=CONFLICT
)
def update_goal(
    context: GoalWriter, goal_id: uuid.UUID, body: GoalUpdate, if_match: IfMatch
) -> GoalRead:
    if_match.check(
        context.session, DevelopmentGoal, goal_id, lambda: service.read_goal(context, goal_id)
    )
    return if_match.tagged(service.update_goal(context, goal_id, body))


@router.post(
    f"{GOALS}/{{goal_id:uuid}}/status",
    operation_id="change_development_goal_status",
    responses=CONFLICT,
)
def change_goal_status(context: GoalWriter, goal_id: uuid.UUID, body: GoalStatusChange) -> GoalRead:
    """Agree to, start, achieve or drop the goal, from the status it has now (else 409)."""
    return service.change_goal_status(context, goal_id, body)


# --- the development plan ----------------------------------------------------------------------


@router.get("/people/{person_id:uuid}/development-plan", operation_id="get_development_plan")
def get_development_plan(context: PlanReader, person_id: uuid.UUID) -> DevelopmentPlan:
    """The person's goals (for MUS), programmes, projects and credentials; for the person,
    their leaders and HR (anyone else: 404)."""
    return service.development_plan(context, person_id)


@router.get("/me/development-plan", operation_id="get_my_development_plan")
def get_my_development_plan(context: DevelopmentReader) -> DevelopmentPlan:
    return service.my_development_plan(context)


# --- programme awards --------------------------------------------------------------------------

AWARD = "/programmes/{programme_id:uuid}/award"


@router.get(AWARD, operation_id="get_programme_award")
def get_award(context: AwardReader, programme_id: uuid.UUID) -> AwardRead:
    """What completing the programme awards (404: nothing)."""
    return service.read_award(context, programme_id)


@router.put(AWARD, operation_id="set_programme_award")
def set_award(context: AwardWriter, programme_id: uuid.UUID, body: AwardDefinition) -> AwardRead:
    """Define (or redefine) the credential that completing the programme awards."""
    return service.set_award(context, programme_id, body)


@router.delete(AWARD, status_code=status.HTTP_204_NO_CONTENT, operation_id="remove_programme_award")
def remove_award(context: AwardWriter, programme_id: uuid.UUID) -> None:
    service.remove_award(context, programme_id)


# --- credentials -------------------------------------------------------------------------------

CREDENTIAL = "/credentials/{credential_id:uuid}"


@router.get("/credentials", operation_id="list_credentials", response_model=Page[CredentialRead])
async def list_credentials(
    context: DevelopmentReader, page: PageParams, person_id: uuid.UUID | None = None
) -> Response:
    return await service.CREDENTIALS_LIST.respond(context, page, person_id=person_id)


@router.get(CREDENTIAL, operation_id="get_credential")
def get_credential(context: CredentialReader, credential_id: uuid.UUID) -> CredentialRead:
    return CredentialRead.model_validate(service.get_credential(context, credential_id))


@router.post(
    f"{CREDENTIAL}/revoke",
    operation_id="revoke_credential",
    responses={409: {"description": "The credential was revoked already (problem+json)."}},
)
def revoke_credential(
    context: CredentialRevoker, credential_id: uuid.UUID, body: CredentialRevocation
) -> CredentialRead:
    """HR revokes a credential (issued in error, or no longer deserved), with the reason:
    its exports say so and its bit in the municipality's status list is set, for good."""
    return CredentialRead.model_validate(service.revoke_credential(context, credential_id, body))


@router.get(
    f"{CREDENTIAL}/open-badge",
    operation_id="export_open_badge",
    response_class=Response,
    responses={
        200: {
            "description": "An Open Badges 3.0 `OpenBadgeCredential` (W3C VC 2.0 JSON-LD), "
            "unsigned: a verifier can check its content but not who issued it.",
            "content": {"application/ld+json": {"schema": {"type": "object"}}},
        }
    },
)
def export_open_badge(context: CredentialReader, credential_id: uuid.UUID) -> Response:
    document: dict[str, Any] = service.open_badge(context, credential_id)
    return Response(
        content=_json(document),
        media_type="application/ld+json",
        headers={"Content-Disposition": f'attachment; filename="open-badge-{credential_id}.json"'},
    )


@router.get(
    f"{CREDENTIAL}/open-badge/signed",
    operation_id="export_signed_open_badge",
    responses={409: {"description": "No signing key is configured (problem+json)."}},
)
def export_signed_open_badge(
    context: CredentialReader, credential_id: uuid.UUID
) -> SignedOpenBadge:
    """The Open Badge as a VC-JWT (RS256), signed with the municipality's key."""
    return service.signed_open_badge(context, credential_id)


@router.get(
    f"{CREDENTIAL}/printable",
    operation_id="print_credential",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
def print_credential(context: CredentialReader, credential_id: uuid.UUID) -> HTMLResponse:
    """The credential as a page to print or save as PDF."""
    return HTMLResponse(service.printable_credential(context, credential_id))


def _json(document: dict[str, Any]) -> bytes:
    return orjson.dumps(document)


# --- for verifiers: public, no bearer token -----------------------------------------------------

public_router = api_router(tags=["credential verification"])
PUBLIC: dict[str, Any] = {"security": []}
ISSUER = "/issuers/{municipality_id}"
UNKNOWN_ISSUER = "Praksis knows no municipality with this id."
CACHE_STATUS = f"public, max-age={status_list.TTL_SECONDS}"
CACHE_PROFILE = "public, max-age=3600"


async def _issuing_municipality(request: Request, municipality_id: str) -> MunicipalityInfo:
    municipality = await known_municipality(runtime_of(request), municipality_id)
    if municipality is None:
        raise NotFound(UNKNOWN_ISSUER)
    return municipality


@public_router.get(ISSUER, operation_id="get_issuer_profile", openapi_extra=PUBLIC)
async def get_issuer_profile(
    request: Request, municipality_id: MunicipalityId, response: Response
) -> IssuerProfile:
    """The municipality as the issuer of its credentials (Open Badges 3.0 `Profile`): the id
    its credentials name as their issuer. **No bearer token.**"""
    municipality = await _issuing_municipality(request, municipality_id)
    response.headers["Cache-Control"] = CACHE_PROFILE
    return verification.issuer_profile(runtime_of(request), municipality)


@public_router.get(
    f"{ISSUER}/status-list",
    operation_id="get_credential_status_list",
    openapi_extra=PUBLIC,
    response_class=Response,
    responses={
        200: {
            "description": "A W3C Bitstring Status List v1.0 `BitstringStatusListCredential` "
            "(purpose `revocation`): a credential's bit at its `statusListIndex` is 1 once "
            "revoked. Only bits, no personal data.",
            "content": {"application/ld+json": {"schema": {"type": "object"}}},
        }
    },
)
async def get_credential_status_list(request: Request, municipality_id: MunicipalityId) -> Response:
    """The municipality's credential status list, where a verifier checks that a credential
    still stands. **No bearer token.**"""
    municipality = await _issuing_municipality(request, municipality_id)
    document = await run_in_threadpool(
        verification.status_list_credential, runtime_of(request), municipality
    )
    return Response(
        content=_json(document),
        media_type="application/ld+json",
        headers={"Cache-Control": CACHE_STATUS},
    )


@public_router.get(
    f"{ISSUER}/status-list/signed",
    operation_id="get_signed_credential_status_list",
    openapi_extra=PUBLIC,
    responses={409: {"description": "No signing key is configured (problem+json)."}},
)
async def get_signed_credential_status_list(
    request: Request, municipality_id: MunicipalityId, response: Response
) -> SignedStatusList:
    """The status list as a VC-JWT (RS256), signed with the key the badges are signed with.
    **No bearer token.**"""
    municipality = await _issuing_municipality(request, municipality_id)
    response.headers["Cache-Control"] = CACHE_STATUS
    return await run_in_threadpool(
        verification.signed_status_list, runtime_of(request), municipality
    )


@public_router.get(
    "/credential-keys",
    operation_id="get_credential_signing_keys",
    openapi_extra=PUBLIC,
    responses={404: {"description": "No signing key is configured (problem+json)."}},
)
async def get_credential_signing_keys(request: Request, response: Response) -> JsonWebKeySet:
    """The JSON Web Key Set (RFC 7517) with the public key the credentials and status lists
    are signed with; a VC-JWT's `kid` names its key here. **No bearer token.**"""
    response.headers["Cache-Control"] = CACHE_PROFILE
    return verification.signing_keys(runtime_of(request).settings)


# --- self-assessments --------------------------------------------------------------------------

ASSESSMENT = "/enrolments/{enrolment_id:uuid}/self-assessment"


@router.get(ASSESSMENT, operation_id="get_self_assessment")
def get_self_assessment(context: AssessmentReader, enrolment_id: uuid.UUID) -> SelfAssessmentRead:
    """Your ratings (1–5) of the programme's competence goals, before and after."""
    return service.read_self_assessment(context, enrolment_id)


@router.post(
    ASSESSMENT,
    status_code=status.HTTP_201_CREATED,
    operation_id="give_self_assessment",
    responses={409: {"description": "Given already, or not possible now (problem+json)."}},
)
def give_self_assessment(
    context: AssessmentWriter, enrolment_id: uuid.UUID, body: SelfAssessmentCreate
) -> SelfAssessmentRead:
    """Rate yourself on each competence goal of an ungraded programme: once before, once
    after (Kirkpatrick level 2)."""
    return service.assess_self(context, enrolment_id, body)
