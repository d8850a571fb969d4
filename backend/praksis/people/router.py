from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from typing import IO, Annotated, Any

from fastapi import Depends, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from praksis.kit.context import (
    CurrentPrincipal,
    TenantContext,
    api_router,
    authorize,
    optional_tenant_context,
)
from praksis.kit.created import NewItem
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission
from praksis.kit.ratelimit import Costly
from praksis.kit.schemas import SINGLE_LINE_PATTERN
from praksis.people import csv_import, service
from praksis.people.models import OrgUnit, OrgUnitKind, Person
from praksis.people.schemas import (
    EXTERNAL_ID_MAX,
    ImportResult,
    MeRead,
    MunicipalityRead,
    OrgUnitCreate,
    OrgUnitRead,
    OrgUnitUpdate,
    PeopleBulk,
    PersonCreate,
    PersonRead,
    PersonUpdate,
)

me_router = api_router(tags=["me"])


@me_router.get("/me", operation_id="get_me")
def get_me(
    principal: CurrentPrincipal,
    context: Annotated[TenantContext | None, Depends(optional_tenant_context)],
) -> MeRead:
    """Who the token says you are: your person, municipality, roles and permissions."""
    municipality: MunicipalityRead | None = None
    person: PersonRead | None = None
    if context is not None:
        info = context.municipality
        municipality = MunicipalityRead(
            id=info.id, name=info.name, country=info.country, time_zone=info.time_zone
        )
        person = service.my_person(context)
    return MeRead(
        subject=principal.subject,
        roles=sorted(role.value for role in principal.roles),
        permissions=sorted(permission.value for permission in principal.permissions),
        partner=principal.partner,
        municipality=municipality,
        person=person,
    )


# --- org units -------------------------------------------------------------------------------

OrgUnitsReader = Annotated[TenantContext, Depends(authorize(Permission.org_units_read))]
OrgUnitsWriter = Annotated[TenantContext, Depends(authorize(Permission.org_units_write))]
OrgUnitReader = Annotated[
    TenantContext, Depends(authorize(Permission.org_units_read, item=OrgUnit))
]
OrgUnitWriter = Annotated[
    TenantContext, Depends(authorize(Permission.org_units_write, item=OrgUnit))
]
ExternalIdQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=EXTERNAL_ID_MAX,
        pattern=SINGLE_LINE_PATTERN,
        description="Only the one with this external id.",
    ),
]

org_units_router = api_router(prefix="/org-units", tags=["org-units"])


@org_units_router.get("", operation_id="list_org_units", response_model=Page[OrgUnitRead])
async def list_org_units(
    context: OrgUnitsReader,
    page: PageParams,
    parent_id: Annotated[uuid.UUID | None, Query(description="Only units directly under it.")] = (
        None
    ),
    kind: Annotated[OrgUnitKind | None, Query(description="Only units of this kind.")] = None,
    external_id: ExternalIdQuery = None,
    retired: Annotated[
        bool | None,
        Query(
            description="false: only units in use; true: only retired ones (`retired_on`, "
            "set by the org sync for a unit gone from OS2mo); absent: both."
        ),
    ] = None,
) -> Response:
    """The municipality's organisation units, by name."""
    return await service.ORG_UNITS_LIST.respond(
        context, page, parent_id=parent_id, kind=kind, external_id=external_id, retired=retired
    )


@org_units_router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_org_unit")
def create_org_unit(context: OrgUnitsWriter, body: OrgUnitCreate, new: NewItem) -> OrgUnitRead:
    return new.located(service.create_org_unit(context, body))


@org_units_router.get("/{org_unit_id}", operation_id="get_org_unit")
def get_org_unit(context: OrgUnitReader, org_unit_id: uuid.UUID, cache: IfNoneMatch) -> OrgUnitRead:
    return cache.tagged(service.read_org_unit(context, org_unit_id))


@org_units_router.patch("/{org_unit_id}", operation_id="update_org_unit")
def update_org_unit(
    context: OrgUnitWriter, org_unit_id: uuid.UUID, body: OrgUnitUpdate, if_match: IfMatch
) -> OrgUnitRead:
    """Change the fields sent; `leader_ids`, when sent, replaces the unit's leaders."""
    if_match.check(
        context.session,
        OrgUnit,
        org_unit_id,
        lambda: service.read_org_unit(context, org_unit_id),
    )
    return if_match.tagged(service.update_org_unit(context, org_unit_id, body))


@org_units_router.delete(
    "/{org_unit_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_org_unit"
)
def delete_org_unit(context: OrgUnitWriter, org_unit_id: uuid.UUID) -> None:
    """Delete a unit that has no people and no units under it (else 409)."""
    service.delete_org_unit(context, org_unit_id)


# --- people ----------------------------------------------------------------------------------

PeopleReader = Annotated[TenantContext, Depends(authorize(Permission.people_read))]
PeopleWriter = Annotated[TenantContext, Depends(authorize(Permission.people_write))]
PeopleImporter = Annotated[
    TenantContext, Depends(authorize(Permission.people_write, costly=Costly.imports))
]
PersonReader = Annotated[TenantContext, Depends(authorize(Permission.people_read, item=Person))]
PersonWriter = Annotated[TenantContext, Depends(authorize(Permission.people_write, item=Person))]
DryRun = Annotated[
    bool, Query(description="Validate and report the outcome of every line; write nothing.")
]

MAX_IDS = 200  # one page: a client asks for the names of the people on the page it shows

# Item routes match UUIDs only, so /people/import and /people/bulk answer other methods with
# 405 instead of being read as a person id.
people_router = api_router(prefix="/people", tags=["people"])


@people_router.get("", operation_id="list_people", response_model=Page[PersonRead])
async def list_people(
    context: PeopleReader,
    page: PageParams,
    org_unit_id: Annotated[uuid.UUID | None, Query(description="Only people in this unit.")] = (
        None
    ),
    external_id: ExternalIdQuery = None,
    person_ids: Annotated[
        list[uuid.UUID] | None,
        Query(
            alias="id",
            max_length=MAX_IDS,
            description=f"Only these people (repeat the parameter, at most {MAX_IDS}); ids "
            "that are not the municipality's are left out.",
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            pattern=SINGLE_LINE_PATTERN,
            description="Name (for HR and integrations: or e-mail) contains this text "
            "(letter case ignored).",
        ),
    ] = None,
    in_my_team: Annotated[
        bool,
        Query(
            description="true: only your team as a leader (everyone in the units you lead "
            "and in the units below them)."
        ),
    ] = False,
) -> Response:
    """The municipality's people, by name. HR, integrations and the person themself see a
    person whole; everyone else sees name and unit (`email`, `job_title`, `external_id` are
    null), and `external_id` as a filter answers them 403."""
    return await service.PEOPLE_LIST.respond(
        context,
        page,
        org_unit_id=org_unit_id,
        external_id=external_id,
        person_ids=person_ids,
        q=q,
        in_my_team=in_my_team,
    )


@people_router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_person")
def create_person(context: PeopleWriter, body: PersonCreate, new: NewItem) -> PersonRead:
    return PersonRead.model_validate(new.located(service.create_person(context, body)))


# a CSV larger than this goes to a temporary file as it arrives, never into memory whole
SPOOL_IN_MEMORY_BYTES = 256 * 1024


async def csv_upload(request: Request) -> AsyncIterator[IO[bytes]]:
    """The request body (the CSV file), spooled as it arrives."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES) as spool:
        async for chunk in request.stream():
            await run_in_threadpool(spool.write, chunk)
        yield spool


CSV_REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {
                "schema": {
                    "type": "string",
                    "pattern": csv_import.CSV_BODY_PATTERN,
                    "description": csv_import.CSV_BODY_DESCRIPTION,
                },
                "example": "external_id;name;email;job_title;org_unit_external_id\r\n"
                "HR-1001;Søren Ærø Åkjær;soren@hedensted.dk;Pædagog;TEAM-BAERUM\r\n",
            }
        },
    }
}


IMPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {
        "description": "Another import of people into the municipality (CSV or bulk, dry run "
        "or not) is running: problem type `urn:praksis:problem:import-in-progress`, answered "
        "at once; nothing was done. Send it again when that one has finished."
    }
}


@people_router.post(
    "/import",
    operation_id="import_people_csv",
    openapi_extra=CSV_REQUEST_BODY,
    response_model=ImportResult,
    responses=IMPORT_RESPONSES,
)
def import_people_csv(
    context: PeopleImporter,
    upload: Annotated[IO[bytes], Depends(csv_upload)],
    dry_run: DryRun = False,
) -> Response:
    """Create or update people from a CSV file, matched by `external_id`.

    Every line is checked before it is written; a bad line is reported as rejected and the
    others are still saved, all in one transaction. The response lists each line's outcome.
    One import per municipality at a time: another one meanwhile answers 409.
    """
    report = csv_import.import_csv(context, upload, dry_run=dry_run)
    return Response(report.json(), media_type="application/json")


@people_router.post(
    "/bulk",
    operation_id="import_people_bulk",
    response_model=ImportResult,
    responses=IMPORT_RESPONSES,
)
def import_people_bulk(
    context: PeopleImporter, body: PeopleBulk, dry_run: DryRun = False
) -> Response:
    """Create or update up to 1000 people, matched by `external_id` (for intranet sync).

    Same rules and result as the CSV import; `line` is the item's position in `people`.
    """
    report = csv_import.import_bulk(context, body, dry_run=dry_run)
    return Response(report.json(), media_type="application/json")


@people_router.get("/{person_id:uuid}", operation_id="get_person")
def get_person(context: PersonReader, person_id: uuid.UUID, cache: IfNoneMatch) -> PersonRead:
    return cache.tagged(service.read_person(context, person_id))


@people_router.patch("/{person_id:uuid}", operation_id="update_person")
def update_person(
    context: PersonWriter, person_id: uuid.UUID, body: PersonUpdate, if_match: IfMatch
) -> PersonRead:
    if_match.check(
        context.session, Person, person_id, lambda: service.read_person(context, person_id)
    )
    updated = service.update_person(context, person_id, body)
    return if_match.tagged(PersonRead.model_validate(updated))


@people_router.delete(
    "/{person_id:uuid}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_person"
)
def delete_person(context: PersonWriter, person_id: uuid.UUID) -> None:
    """Delete a person nothing refers to (enrolments, attendance... make it 409)."""
    service.delete_person(context, person_id)
