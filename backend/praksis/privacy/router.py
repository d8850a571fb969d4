from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.etag import IfMatch
from praksis.kit.permissions import Permission
from praksis.people.models import Person
from praksis.people.schemas import PersonRead
from praksis.people.service import read_person
from praksis.privacy import service
from praksis.privacy.schemas import PersonalDataExport

PersonExporter = Annotated[TenantContext, Depends(authorize(Permission.people_export, item=Person))]
PersonEraser = Annotated[TenantContext, Depends(authorize(Permission.people_erase, item=Person))]
OwnDataExporter = Annotated[TenantContext, Depends(authorize(Permission.own_data_export))]

router = api_router(tags=["privacy"])


@router.get("/people/{person_id:uuid}/export", operation_id="export_person")
def export_person(context: PersonExporter, person_id: uuid.UUID) -> PersonalDataExport:
    """Everything Praksis holds on the person (GDPR art. 15), for HR answering a request."""
    return service.export_person(context, person_id)


@router.get("/me/export", operation_id="export_my_data")
def export_my_data(context: OwnDataExporter) -> PersonalDataExport:
    """Everything Praksis holds on you (GDPR art. 15)."""
    return service.export_my_data(context)


@router.post(
    "/people/{person_id:uuid}/erase",
    operation_id="erase_person",
    responses={
        409: {
            "description": "Already erased (`urn:praksis:problem:person-erased`), or someone "
            "still relies on the person (`urn:praksis:problem:erasure-blocked`): they lead a "
            "unit or facilitate a cohort or workshop that is not over; the detail names it. "
            "Nothing was changed."
        }
    },
)
def erase_person(context: PersonEraser, person_id: uuid.UUID, if_match: IfMatch) -> PersonRead:
    """Erase the person's personal data (GDPR art. 17): name becomes a "former employee"
    marker, e-mail, job title, external id, leaving day and sign-in are removed, and what
    they wrote about themselves is cleared; what they took part in stays as a pseudonym, so
    statistics do not change, and feedback they gave keeps its content without their name.
    Cannot be undone. Send the person's ETag in `If-Match` to erase only what you read."""
    if_match.check(context.session, Person, person_id, lambda: read_person(context, person_id))
    return if_match.tagged(service.erase_person(context, person_id))
