"""Each measure is declared once (``statistics.registry``): it counts in a registered source,
whose reference the tests run; it has a place in the schema of each view that shows it; and
every maintained form of it equals the reference, measure by measure, on generated data (on
SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import col, select, update

from praksis.enrolments.models import Enrolment
from praksis.kit.db import tenant_session
from praksis.programmes.models import Programme
from praksis.scale.service import ScaleOptions, seed_scale
from praksis.settings import Settings
from praksis.statistics.folding import settle
from praksis.statistics.partner_service import FIGURES
from praksis.statistics.reference import (
    offering_cell_measures,
    programme_measures,
    scope_measures,
)
from praksis.statistics.registry import (
    AVERAGES,
    EVALUATION_PEOPLE,
    EVALUATIONS,
    MEASURES,
    PARTNER_ONLY,
    PARTNER_RATIOS,
    PROJECT_TALLY_COUNTS,
    SOURCES,
    Layout,
    Leaf,
    attendance_tally,
    project_tally,
)
from praksis.statistics.schemas import Count, PartnerFigures
from praksis.statistics.scope import Measures
from praksis.statistics.scope_reads import read_scope
from praksis.statistics.service import MEASURES_SHOWN

GENERATED = ScaleOptions(municipalities=2, people_per_municipality=120, seed=7)


def placed(shape: Layout) -> set[Any]:
    """Every measure (by name), average and rate a layout fills."""
    found: set[Any] = set()
    for _name, leaf in shape:
        if not isinstance(leaf, Leaf):
            found |= placed(leaf)
        elif leaf.kind in ("counts", "items"):
            found |= {measure for _key, measure in leaf.of}
        else:
            found.add(leaf.of)
    return found


def count_fields(model: type[Any]) -> int:
    """How many ``Count``s a partner row holds, but for those in dicts and lists."""
    total = 0
    for field in model.model_fields.values():
        if field.annotation is Count:
            total += 1
        elif isinstance(field.annotation, type) and hasattr(field.annotation, "model_fields"):
            total += count_fields(field.annotation)
    return total


def test_every_measure_counts_in_a_registered_source() -> None:
    names = [measure.name for measure in MEASURES]
    assert len(names) == len(set(names))
    assert all(measure.source in SOURCES for measure in MEASURES)
    assert set(names) >= PARTNER_ONLY
    # the tallies' decoders cover every tallied source; the others follow from their rows
    decoded = [
        *attendance_tally(0, 0, 0),
        *project_tally("active", "plan", 0, *[0] * len(PROJECT_TALLY_COUNTS)),
    ]
    tallied = {source for source, _attributes, _values in decoded} | {EVALUATIONS}
    assert tallied == {source for source in SOURCES if source.tallied}


def test_every_shown_measure_has_its_place_in_the_views_schema() -> None:
    shown = {measure.name for measure in MEASURES if measure.municipality}
    assert placed(MEASURES_SHOWN) == shown | set(AVERAGES)
    partner = {measure.name for measure in MEASURES if measure.partner}
    assert placed(FIGURES) == partner | set(AVERAGES) | set(PARTNER_RATIOS)
    # every Count of the partner's figures is a declared measure's
    singles = [leaf for leaf in _leaves(FIGURES) if leaf.kind == "count"]
    assert len(singles) == count_fields(PartnerFigures)


def _leaves(shape: Layout) -> list[Leaf]:
    found: list[Leaf] = []
    for _name, leaf in shape:
        found += _leaves(leaf) if not isinstance(leaf, Leaf) else [leaf]
    return found


def test_every_maintained_measure_equals_its_reference(engine: Engine, settings: Settings) -> None:
    report = seed_scale(engine, GENERATED, settings.jwt_issuer)
    for tenant in report.municipality_ids:
        _with_pass_fail_results(engine, tenant, settings.app_db_role)
    settle(engine, settings.app_db_role)
    compared: set[str] = set()
    for tenant in report.municipality_ids:
        with tenant_session(engine, tenant, settings.app_db_role) as session:
            reference = programme_measures(session)
            assert programme_measures(session, None, from_tallies=True) == reference
            offerings = set(
                session.exec(
                    select(Programme.offering_id).where(col(Programme.offering_id).is_not(None))
                ).all()
            )
            cells = offering_cell_measures(session, offerings)
            assert offering_cell_measures(session, offerings, from_tallies=True) == cells
            compared |= _names(*reference.values(), *cells.values())
            # a filtered scope's read (its enrolments and attendance by status are compared
            # with the view's breakdowns; evaluations.people is counted by the view)
            programme = next(iter(reference))
            conditions = [col(Enrolment.programme_id) == programme]
            expected = scope_measures(session, conditions)
            assert read_scope(session, conditions, "Europe/Copenhagen").measures == {
                name: value
                for name, value in expected.items()
                if not name.startswith(("enrolments.", "attendance.")) and name != EVALUATION_PEOPLE
            }
    assert {measure.name for measure in MEASURES} <= compared


def _with_pass_fail_results(engine: Engine, tenant: str, app_role: str) -> None:
    """Some completions passed or failed without a grade (the generator grades them all)."""
    with tenant_session(engine, tenant, app_role) as session:
        graded = session.exec(
            select(Enrolment.id)
            .where(col(Enrolment.grade).is_not(None))
            .order_by(col(Enrolment.id))
            .limit(4)
        ).all()
        for index, enrolment in enumerate(graded):
            session.execute(
                update(Enrolment)
                .where(col(Enrolment.id) == enrolment)
                .values(grade=None, passed=index % 2 == 0)
            )


def _names(*measures: Measures) -> set[str]:
    return {name for found in measures for name in found if "#" not in name}
