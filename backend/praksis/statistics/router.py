from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Depends, Query, Request, Response

from praksis.kit.context import (
    CurrentPartner,
    TenantContext,
    api_router,
    authorize,
    runtime_of,
    spend,
)
from praksis.kit.csv import CSV_MEDIA_TYPE, csv_response, wants_csv
from praksis.kit.permissions import Permission
from praksis.kit.ratelimit import Costly
from praksis.kit.schemas import Day
from praksis.statistics import partner_service, service
from praksis.statistics.cellkey import Disclosure
from praksis.statistics.csv_export import municipality_csv, partner_csv
from praksis.statistics.schemas import MunicipalityStatistics, PartnerStatistics

MunicipalityStatisticsReader = Annotated[
    TenantContext,
    Depends(authorize(Permission.statistics_municipality, costly=Costly.statistics)),
]

Format = Annotated[
    Literal["json", "csv"] | None, Query(description="csv: the same as Accept: text/csv.")
]

router = api_router(prefix="/statistics", tags=["statistics"])

CSV_RESPONSE = csv_response(
    "The figures as JSON, or as CSV for Danish Excel (UTF-8 with BOM, `;`, decimal comma) "
    "with `Accept: text/csv` or `?format=csv`."
)


@router.get(
    "/municipality",
    operation_id="get_municipality_statistics",
    response_model=MunicipalityStatistics,
    responses=CSV_RESPONSE,
)
def get_municipality_statistics(
    context: MunicipalityStatisticsReader,
    request: Request,
    programme_id: Annotated[uuid.UUID | None, Query(description="Only this programme.")] = None,
    kerneopgave_id: Annotated[
        uuid.UUID | None, Query(description="Only programmes serving this kerneopgave.")
    ] = None,
    org_unit_id: Annotated[
        uuid.UUID | None, Query(description="Only people in this unit and the units below it.")
    ] = None,
    from_date: Annotated[
        Day | None, Query(alias="from", description="Enrolments created on or after this day.")
    ] = None,
    to_date: Annotated[
        Day | None, Query(alias="to", description="Enrolments created on or before this day.")
    ] = None,
    format: Format = None,
) -> MunicipalityStatistics | Response:
    """The municipality's figures (hr_admin), or those of the caller's own units (leader):
    enrolment funnel, completion and attendance rates per org unit, kerneopgave and
    programme, action learning, feedback volume and Kirkpatrick levels 1-3."""
    filters = service.StatisticsFilter(
        programme_id, kerneopgave_id, org_unit_id, from_date, to_date
    )
    figures = service.municipality_figures(context, filters)
    if _wants_csv(request, format):
        statistics = MunicipalityStatistics.model_validate(figures)
        return Response(municipality_csv(statistics), media_type=CSV_MEDIA_TYPE)
    return Response(service.as_json(figures), media_type="application/json")


@router.get(
    "/partner",
    operation_id="get_partner_statistics",
    response_model=PartnerStatistics,
    responses=CSV_RESPONSE,
)
def get_partner_statistics(
    partner: CurrentPartner,
    request: Request,
    offering_id: Annotated[
        uuid.UUID | None, Query(description="Only this one of the partner's offerings.")
    ] = None,
    year: Annotated[
        int | None,
        Query(
            ge=2000,
            le=2100,
            description="Only the rounds (cohorts) whose first workshop starts in this year "
            "(in the municipality's time); averages are given for all rounds together only.",
        ),
    ] = None,
    format: Format = None,
) -> PartnerStatistics | Response:
    """A partner organisation's offerings (partner tokens only): per participating
    municipality, per offering and in total — enrolment funnel, completion and attendance
    rates, projects, trial actions, feedback volume and Kirkpatrick levels 1-3.

    No person, no free text, no person id. Every count is of distinct people and carries
    the cell-key method's noise (at most ±`PRAKSIS_STATISTICS_NOISE_MAX`, default 3), a fixed
    function of the people counted: the same cell reads the same in every table and query,
    and subtracting figures yields noise, not a person. A published count below `min_count`
    (`PRAKSIS_STATISTICS_MIN_COUNT`, default 5) is suppressed; rates come from published
    counts, averages only from `min_count` people and perturbed as well. See
    docs/statistics-privacy.md. `year` narrows to one year's rounds, each figure perturbed
    from its own people; there is deliberately no other period filter."""
    spend(request, Costly.statistics, partner.principal)
    settings = runtime_of(request).settings
    disclosure = Disclosure(
        settings.statistics_min_count,
        settings.statistics_noise_max,
        settings.statistics_noise_variance,
    )
    body = partner_service.partner_statistics(partner, offering_id, disclosure, year)
    if _wants_csv(request, format):
        statistics = PartnerStatistics.model_validate_json(body)
        return Response(partner_csv(statistics), media_type=CSV_MEDIA_TYPE)
    return Response(body, media_type="application/json")


def _wants_csv(request: Request, format: str | None) -> bool:
    return wants_csv(request.headers.get("accept", ""), format)
