from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from praksis.kit.context import CurrentPrincipal, TenantContext, api_router, optional_tenant_context
from praksis.people import service
from praksis.people.schemas import MeRead, MunicipalityRead, PersonRead

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
        found = service.get_person(context.session, context.person_id)
        person = PersonRead.model_validate(found) if found is not None else None
    return MeRead(
        subject=principal.subject,
        roles=sorted(role.value for role in principal.roles),
        permissions=sorted(permission.value for permission in principal.permissions),
        partner=principal.partner,
        municipality=municipality,
        person=person,
    )


org_units_router = api_router(prefix="/org-units", tags=["org-units"])
people_router = api_router(prefix="/people", tags=["people"])
