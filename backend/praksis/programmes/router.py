from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Request, Response, status

from praksis.kit.context import (
    CurrentPartner,
    TenantContext,
    api_router,
    authorize,
    current_principal,
    partner_context,
)
from praksis.kit.created import NewItem
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission, Role
from praksis.programmes import interest, service
from praksis.programmes.models import (
    PartnerOffering,
    Programme,
    ProgrammeKind,
    ProgrammeModule,
    ProgrammeStatus,
)
from praksis.programmes.schemas import (
    InterestRead,
    ModuleCreate,
    ModuleRead,
    ModuleUpdate,
    OfferingCreate,
    OfferingRead,
    OfferingUpdate,
    ProgrammeCreate,
    ProgrammeRead,
    ProgrammeUpdate,
)

ProgrammesReader = Annotated[TenantContext, Depends(authorize(Permission.programmes_read))]
ProgrammesWriter = Annotated[TenantContext, Depends(authorize(Permission.programmes_write))]
ProgrammeReader = Annotated[
    TenantContext, Depends(authorize(Permission.programmes_read, item=Programme))
]
ProgrammeWriter = Annotated[
    TenantContext, Depends(authorize(Permission.programmes_write, item=Programme))
]
InterestRegistrar = Annotated[
    TenantContext, Depends(authorize(Permission.interest_register, item=Programme))
]
ModuleReader = Annotated[
    TenantContext, Depends(authorize(Permission.programmes_read, item=ProgrammeModule))
]
ModuleWriter = Annotated[
    TenantContext, Depends(authorize(Permission.programmes_write, item=ProgrammeModule))
]

router = api_router(prefix="/programmes", tags=["programmes"])


@router.get("", operation_id="list_programmes", response_model=Page[ProgrammeRead])
async def list_programmes(
    context: ProgrammesReader,
    page: PageParams,
    status: Annotated[ProgrammeStatus | None, Query(description="Only this status.")] = None,
    kind: Annotated[ProgrammeKind | None, Query(description="Only this kind.")] = None,
    kerneopgave_id: Annotated[
        uuid.UUID | None, Query(description="Only programmes serving this kerneopgave.")
    ] = None,
) -> Response:
    """The municipality's programmes, oldest first."""
    return await service.PROGRAMMES_LIST.respond(
        context, page, status=status, kind=kind, kerneopgave_id=kerneopgave_id
    )


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_programme")
def create_programme(
    context: ProgrammesWriter, body: ProgrammeCreate, new: NewItem
) -> ProgrammeRead:
    """A draft programme; modules are numbered 1..n in the order given."""
    return new.located(service.create_programme(context, body))


@router.get("/{programme_id}", operation_id="get_programme")
def get_programme(
    context: ProgrammeReader, programme_id: uuid.UUID, cache: IfNoneMatch
) -> ProgrammeRead:
    return cache.tagged(service.read_programme(context, programme_id))


@router.patch("/{programme_id}", operation_id="update_programme")
def update_programme(
    context: ProgrammeWriter, programme_id: uuid.UUID, body: ProgrammeUpdate, if_match: IfMatch
) -> ProgrammeRead:
    """Change fields, rules (draft or open only) and status (409 names the allowed next ones)."""
    if_match.check(
        context.session,
        Programme,
        programme_id,
        lambda: service.read_programme(context, programme_id),
    )
    return if_match.tagged(service.update_programme(context, programme_id, body))


@router.delete(
    "/{programme_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_programme"
)
def delete_programme(context: ProgrammeWriter, programme_id: uuid.UUID) -> None:
    """Deletes a draft programme; any other is cancelled instead (409)."""
    service.delete_programme(context, programme_id)


@router.get("/{programme_id}/interest", operation_id="get_programme_interest")
def get_programme_interest(context: ProgrammeReader, programme_id: uuid.UUID) -> InterestRead:
    """Whether you registered interest; HR also sees how many did, per forvaltning (never
    who)."""
    return interest.read_interest(context, programme_id)


@router.post(
    "/{programme_id}/interest",
    status_code=status.HTTP_201_CREATED,
    operation_id="register_programme_interest",
)
def register_programme_interest(
    context: InterestRegistrar, programme_id: uuid.UUID
) -> InterestRead:
    """Register your interest in a programme of the catalogue before HR commits it (once;
    again changes nothing)."""
    return interest.register_interest(context, programme_id)


@router.delete(
    "/{programme_id}/interest",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="withdraw_programme_interest",
)
def withdraw_programme_interest(context: InterestRegistrar, programme_id: uuid.UUID) -> None:
    """Take back your interest."""
    interest.withdraw_interest(context, programme_id)


@router.get(
    "/{programme_id}/modules",
    operation_id="list_programme_modules",
    response_model=Page[ModuleRead],
)
async def list_programme_modules(
    context: ProgrammeReader, programme_id: uuid.UUID, page: PageParams
) -> Response:
    """The programme's modules, by position."""
    return await service.MODULES_LIST.respond(context, page, programme_id=programme_id)


@router.post(
    "/{programme_id}/modules",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_programme_module",
)
def create_programme_module(
    context: ProgrammeWriter, programme_id: uuid.UUID, body: ModuleCreate, new: NewItem
) -> ModuleRead:
    return new.located(service.create_module(context, programme_id, body))


@router.get("/{programme_id}/modules/{module_id}", operation_id="get_programme_module")
def get_programme_module(
    context: ModuleReader, programme_id: uuid.UUID, module_id: uuid.UUID, cache: IfNoneMatch
) -> ModuleRead:
    return cache.tagged(service.read_module(context, programme_id, module_id))


@router.patch("/{programme_id}/modules/{module_id}", operation_id="update_programme_module")
def update_programme_module(
    context: ModuleWriter,
    programme_id: uuid.UUID,
    module_id: uuid.UUID,
    body: ModuleUpdate,
    if_match: IfMatch,
) -> ModuleRead:
    """Change a module; a new position moves the others so positions stay 1..n."""
    if_match.check(
        context.session,
        ProgrammeModule,
        module_id,
        lambda: service.read_module(context, programme_id, module_id),
    )
    return if_match.tagged(service.update_module(context, programme_id, module_id, body))


@router.delete(
    "/{programme_id}/modules/{module_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_programme_module",
)
def delete_programme_module(
    context: ModuleWriter, programme_id: uuid.UUID, module_id: uuid.UUID
) -> None:
    """Removes a module without workshops (409 otherwise); the later ones move up."""
    service.delete_module(context, programme_id, module_id)


# --- partner offerings -----------------------------------------------------------------------
#
# Two callers, two separate paths: a partner organisation (KL, HK, KS) through its own
# PartnerSession, which cannot touch any municipality's table; a municipality through its
# tenant session, seeing only the offerings it takes part in. Nothing here is personal data.

offerings_router = api_router(prefix="/partner-offerings", tags=["partner-offerings"])

_read_as_municipality = authorize(Permission.programmes_read)


async def offering_caller(request: Request) -> service.OfferingCaller:
    """A partner's context for a partner token; otherwise the municipal reader's context."""
    principal = await current_principal(request)
    if Role.partner in principal.roles:
        return await partner_context(request)
    return await _read_as_municipality(request)


OfferingCaller = Annotated[service.OfferingCaller, Depends(offering_caller)]


@offerings_router.get("", operation_id="list_partner_offerings", response_model=Page[OfferingRead])
async def list_partner_offerings(caller: OfferingCaller, page: PageParams) -> Response:
    """A partner's own offerings; for a municipality, those it takes part in."""
    return await service.OFFERINGS_LIST.respond(caller, page)


@offerings_router.post(
    "", status_code=status.HTTP_201_CREATED, operation_id="create_partner_offering"
)
def create_partner_offering(
    partner: CurrentPartner, body: OfferingCreate, new: NewItem
) -> OfferingRead:
    """A partner organisation's cross-municipality offering (partner tokens only)."""
    return new.located(service.create_offering(partner, body))


@offerings_router.get("/{offering_id}", operation_id="get_partner_offering")
def get_partner_offering(
    caller: OfferingCaller, offering_id: uuid.UUID, cache: IfNoneMatch
) -> OfferingRead:
    """For its owner, or a municipality taking part; anyone else gets 404."""
    return cache.tagged(service.read_offering(caller, offering_id))


@offerings_router.patch("/{offering_id}", operation_id="update_partner_offering")
def update_partner_offering(
    caller: OfferingCaller, offering_id: uuid.UUID, body: OfferingUpdate, if_match: IfMatch
) -> OfferingRead:
    """The owning partner changes the offering and its municipalities."""
    partner = service.owner_changing(caller, offering_id)
    if_match.check(
        partner.session,
        PartnerOffering,
        offering_id,
        lambda: service.read_partner_offering(partner, offering_id),
    )
    return if_match.tagged(service.update_offering(partner, offering_id, body))


@offerings_router.delete(
    "/{offering_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_partner_offering",
)
def delete_partner_offering(caller: OfferingCaller, offering_id: uuid.UUID) -> None:
    """The owning partner deletes the offering; 409 while a municipality's programme uses it."""
    service.delete_offering(caller, offering_id)
