"""The reference: every measure of ``statistics.registry`` with plain GROUP BYs over the raw
tables. The maintained figures are kept equal to it (the tests and the benchmarks compare the
two); a request never runs it, but for the few figures that are not maintained (distinct
people of a scope: they do not add up across programmes).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from itertools import chain
from zoneinfo import ZoneInfo

from sqlalchemy import and_
from sqlmodel import col, func, select

from praksis.cohorts.models import Cohort
from praksis.municipalities.models import Municipality
from praksis.programmes.models import Programme
from praksis.statistics.cellkey import KEY_SPACE
from praksis.statistics.registry import (
    EVALUATIONS,
    PARTNER_ONLY,
    SOURCES,
    Rows,
    Source,
    in_year,
    named,
    start_measures,
)
from praksis.statistics.scope import (
    ByOfferingCell,
    ByProgramme,
    Cell,
    Conditions,
    Executor,
    Grouping,
    Key,
    Measures,
    as_utc,
    grouped_rows,
    key_join,
)
from praksis.workshops.models import Workshop

KEY_SUFFIX = "#key"
MUNICIPALITY_SOURCES = tuple(source for source in SOURCES if not source.partner_only)
ADDITIVE_SOURCES = tuple(source for source in MUNICIPALITY_SOURCES if source.additive)


def key_of(measure: str) -> str:
    """The stored measure holding the cell key of ``measure``'s people (partner view)."""
    return measure + KEY_SUFFIX


def counted(
    executor: Executor,
    sources: Iterable[Source],
    conditions: Conditions,
    grouping: Grouping,
    partner: bool = False,
) -> dict[Key, Measures]:
    """The sources' measures per group (None: not grouped), those of the partner's figures
    only when asked for; zeros left out."""
    found: dict[Key, Measures] = defaultdict(lambda: defaultdict(int))
    for source in sources:
        statement, programme, municipality = source.rows(conditions)
        for key, row in grouped_rows(executor, statement, programme, municipality, grouping):
            split = len(row) - 1 - len(source.sums)
            for name, value in named([(source, row[:split], row[split:])]):
                if partner or name not in PARTNER_ONLY:
                    found[key][name] += value
    return {key: dict(values) for key, values in found.items()}


def scope_measures(
    executor: Executor, conditions: Conditions, sources: Iterable[Source] = MUNICIPALITY_SOURCES
) -> Measures:
    """Every measure for one scope of enrolments (the municipality view); zeros left out."""
    return counted(executor, sources, conditions, None).get(None, {})


def programme_measures(
    executor: Executor, programme_ids: Collection[uuid.UUID] | None = None
) -> dict[uuid.UUID, Measures]:
    """Every measure that adds up across programmes, and the evaluations by workshop start
    (``registry.start_bucket``), per programme, over all of the programme's enrolments (all
    programmes when ``None``); zeros left out. What ``programme_statistics`` holds."""
    grouping = ByProgramme(None if programme_ids is None else frozenset(programme_ids))
    found = {
        key[1]: values
        for key, values in counted(executor, ADDITIVE_SOURCES, [], grouping).items()
        if key is not None
    }
    for (_municipality, programme), starts in _evaluations_by_start(executor, grouping).items():
        for moment, values in starts:
            for name, value in start_measures(moment, values):
                if value:
                    measures = found.setdefault(programme, {})
                    measures[name] = measures.get(name, 0) + value
    return found


def _evaluations_by_start(
    executor: Executor, grouping: ByProgramme
) -> dict[Cell, list[tuple[datetime, list[int]]]]:
    """Per (municipality, programme): the evaluations of its workshops of cohorts with an
    enrolment, as (workshop start in UTC, [responses, score sums…]) per distinct start."""
    statement, programme, municipality = EVALUATIONS.rows([])
    by_start = statement.add_columns(col(Workshop.starts_at)).group_by(col(Workshop.starts_at))
    found: dict[Cell, list[tuple[datetime, list[int]]]] = defaultdict(list)
    for key, (*values, starts_at) in grouped_rows(
        executor, by_start, programme, municipality, grouping
    ):
        assert key is not None  # grouped
        found[key].append((as_utc(starts_at), [int(value) for value in values]))
    return found


# --- the partner view's offering cells ---------------------------------------------------------


def offering_cell_measures(
    executor: Executor, offering_ids: Collection[uuid.UUID] | None = None
) -> dict[Cell, Measures]:
    """Every offering cell's measures, for the programmes linked to those offerings (all
    linked programmes when ``None``), from the raw tables: the reference. On a tenant
    session: that municipality's cells only; on an owner's connection, every municipality's.
    A cell with a linked programme always has the ``programmes`` measure; zeros left out.

    Every count is of distinct people, with their cell key (the sum of their record keys,
    ``statistics.cellkey``) under ``key_of(measure)``, and again for the people of each year's
    rounds (``registry.in_year``); the sums behind the averages and the programmes are stored
    as they are."""
    grouping = ByOfferingCell(None if offering_ids is None else frozenset(offering_ids))
    facts = [source for source in SOURCES if source.people is None]
    found = {
        key: values
        for key, values in counted(executor, facts, [], grouping, partner=True).items()
        if key is not None
    }
    years = round_years(executor, grouping)
    people = [
        people_rows(executor, grouping, source.people(), source.counts, years)
        for source in SOURCES
        if source.people is not None
    ]
    return add_people(found, chain.from_iterable(people))


PeopleRows = Iterable[tuple[uuid.UUID, int, Iterable[str], Cell]]
"""(person, record key, the measures the person counts in, offering cell)."""


def people_rows(
    executor: Executor,
    grouping: ByOfferingCell,
    rows: Rows,
    counts: Callable[..., Iterable[str]],
    years: dict[uuid.UUID, int],
) -> PeopleRows:
    """The distinct (person, record key, attributes…) rows of the offering cells, with the
    measures each counts in (``counts`` of the attributes), also under the year of the row's
    round (``round_years``) when it has one."""
    statement, programme, municipality = rows
    table = programme.class_  # a cohort's row, or an enrolment's
    in_cells = statement.join(
        Programme,
        and_(col(Programme.municipality_id) == municipality, col(Programme.id) == programme),
    ).where(grouping.condition())
    with_cell = in_cells.add_columns(
        col(getattr(table, "cohort_id", table.id)),
        col(Programme.municipality_id),
        col(Programme.offering_id),
    )
    for person, record_key, *attributes, cohort, cell_municipality, offering in executor.execute(
        with_cell.distinct()
    ).all():
        names = list(counts(*attributes))
        if (year := years.get(cohort)) is not None:
            names += [in_year(year, name) for name in names]
        yield person, record_key, names, (str(cell_municipality), offering)


def round_years(executor: Executor, grouping: ByOfferingCell) -> dict[uuid.UUID, int]:
    """The year of each round (cohort) of the offerings' programmes: the year its first
    workshop starts in, in its municipality's time. A cohort without workshops has none."""
    statement = (
        select(Workshop.cohort_id, func.min(Workshop.starts_at), Municipality.time_zone)
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .join(Programme, key_join(Programme, Cohort.programme_id))
        .join(Municipality, col(Municipality.id) == Workshop.municipality_id)
        .where(grouping.condition())
        .group_by(col(Workshop.cohort_id), col(Municipality.time_zone))
    )
    return {
        cohort: as_utc(first).astimezone(ZoneInfo(zone)).year
        for cohort, first, zone in executor.execute(statement).all()
    }


def add_people(found: dict[Cell, Measures], rows: PeopleRows) -> dict[Cell, Measures]:
    """The distinct people of each cell's measures, and their cell keys, added to ``found``."""
    people: dict[Cell, dict[str, dict[uuid.UUID, int]]] = defaultdict(lambda: defaultdict(dict))
    for person, record_key, names, cell in rows:
        for name in names:
            people[cell][name][person] = record_key
    for cell, by_measure in people.items():
        measures = found.setdefault(cell, {})
        for name, keys in by_measure.items():
            measures[name] = len(keys)
            if cell_key := sum(keys.values()) % KEY_SPACE:
                measures[key_of(name)] = cell_key
    return found
