"""A partner's figures from the maintained aggregates, perturbed before anything is shown.

Every count is of distinct people (``reference.offering_cell_measures``) and is published
through the cell-key method (``statistics.cellkey``): each row of the table (a municipality's
cell, an offering's total, the grand total) is perturbed from its own people and cell key,
never summed from perturbed figures, so the same people read the same in every query, and one
person more or less changes the noise unpredictably. Rates are ratios of published counts;
averages need ``threshold`` people and carry noise of their own. A partner may choose a year of
rounds (``registry.in_year``: the cells count each person also under the year of their cohort's
first workshop), perturbed from its own people as well; averages only of all rounds together.
The document is built as plain dicts (``registry.layout``) and serialised once with orjson,
afresh for every request: ~30 ms at national scale, so nothing of a partner's is cached in the
process (nor can be served stale).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

import orjson
from sqlalchemy import JSON, Select
from sqlalchemy import select as select_columns
from sqlmodel import col, func, select

from praksis.kit.context import PartnerContext
from praksis.kit.db import PartnerSession
from praksis.kit.errors import NotFound
from praksis.municipalities.models import Municipality
from praksis.programmes.models import PartnerOffering, PartnerOfferingMember
from praksis.statistics import registry as r
from praksis.statistics.cellkey import Disclosure, PTable, magnitude_key, ptable
from praksis.statistics.folding import figures_as_of
from praksis.statistics.models import OfferingStatistic
from praksis.statistics.reference import key_of
from praksis.statistics.schemas import PartnerFigures
from praksis.statistics.scope import Cell, Measures
from praksis.statistics.service import AVERAGE_DIGITS, RATE_DIGITS

SCORE_RANGE = (1, 5)  # evaluation scores and follow-up usage
DERIVED: dict[str, r.Average | r.Ratio] = {average.path: average for average in r.AVERAGES}
DERIVED |= {ratio.path: ratio for ratio in r.PARTNER_RATIOS}
FIGURES = r.layout(PartnerFigures, r.paths_of("partner"), DERIVED)
"""Where each measure, average and rate stands in ``PartnerFigures``."""


class OfferingRow(NamedTuple):
    id: uuid.UUID
    title: str
    members: tuple[tuple[str, str], ...] = ()  # (municipality id, name), by id


class CellRow(NamedTuple):
    """One offering cell as the partner reads it: its measures gathered in the database."""

    municipality_id: str
    offering_id: uuid.UUID
    municipality_name: str
    measures: Measures


def _partner_rows_statement(partner: str, *columns: Any) -> Select[Any]:
    """The one place a partner reads aggregates: its own offerings' rows. The partner session
    and PostgreSQL's policy both restrict this further to member municipalities."""
    return (
        select_columns(*columns)
        .select_from(OfferingStatistic)
        .join(PartnerOffering, col(PartnerOffering.id) == OfferingStatistic.offering_id)
        .join(Municipality, col(Municipality.id) == OfferingStatistic.municipality_id)
        .where(col(PartnerOffering.partner) == partner)
    )


def _read_cells(session: PartnerSession, partner: str) -> list[CellRow]:
    """One row per offering cell (~100 for a national partner, not ~3,000 measure rows)."""
    gathered = func.json_object_agg if session.is_postgresql else func.json_group_object
    cell = (col(OfferingStatistic.municipality_id), col(OfferingStatistic.offering_id))
    statement = _partner_rows_statement(
        partner,
        *cell,
        col(Municipality.name),
        gathered(OfferingStatistic.measure, OfferingStatistic.value, type_=JSON),
    ).group_by(*cell, col(Municipality.name))
    return [CellRow(*row) for row in session.execute(statement)]


def _by_cell(cells: list[CellRow], year: int | None) -> dict[Cell, Measures]:
    """Each cell's measures of every round, or (``year``) of that year's rounds; the
    programmes linked either way."""
    prefix = r.in_year(year, "") if year is not None else None
    return {
        (cell.municipality_id, cell.offering_id): _of_rounds(cell.measures, prefix)
        for cell in cells
    }


def _of_rounds(measures: Measures, prefix: str | None) -> Measures:
    if prefix is None:
        return {name: value for name, value in measures.items() if not name.startswith(r.YEAR)}
    found = {
        name.removeprefix(prefix): value
        for name, value in measures.items()
        if name.startswith(prefix)
    }
    if r.PROGRAMMES in measures:
        found[r.PROGRAMMES] = measures[r.PROGRAMMES]
    return found


def _summed(rows: Iterable[Measures]) -> Measures:
    """A margin: the people of its rows (a person is in one municipality) and the sum of
    their cell keys, which is the margin's own cell key; the keys are reduced when read."""
    total: Measures = defaultdict(int)
    for measures in rows:
        for name, value in measures.items():
            total[name] += value
    return dict(total)


def partner_statistics(
    context: PartnerContext,
    offering_id: uuid.UUID | None,
    disclosure: Disclosure,
    year: int | None = None,
) -> bytes:
    """The partner's figures per offering, municipality and in total, perturbed (with a
    ``year``, of the rounds (cohorts) whose first workshop starts in that year), as the JSON
    of ``PartnerStatistics``: built without a model per count (at national scale the table
    has thousands of counts)."""
    session, partner = context.session, context.partner
    as_of = figures_as_of(session)  # read first: the figures include at least this much
    offerings = _offerings(session, partner)
    if offering_id is not None and offering_id not in {offering.id for offering in offerings}:
        raise NotFound(f"Partner offering {offering_id} was not found.")
    cells = _read_cells(session, partner)
    shown = [o for o in offerings if offering_id is None or o.id == offering_id]
    names = {cell.municipality_id: cell.municipality_name for cell in cells}
    names |= {member: name for offering in offerings for member, name in offering.members}
    document = _document(partner, disclosure, offerings, shown, _by_cell(cells, year), names)
    return orjson.dumps({"as_of": as_of} | document)


def _offerings(session: PartnerSession, partner: str) -> tuple[OfferingRow, ...]:
    members: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
    for offering, municipality, name in session.exec(
        select(
            col(PartnerOfferingMember.offering_id),
            col(PartnerOfferingMember.member_municipality_id),
            col(Municipality.name),
        )
        .join(PartnerOffering, col(PartnerOffering.id) == PartnerOfferingMember.offering_id)
        .join(Municipality, col(Municipality.id) == PartnerOfferingMember.member_municipality_id)
        .where(PartnerOffering.partner == partner)
        .order_by(col(PartnerOfferingMember.member_municipality_id))
    ).all():
        members[offering].append((municipality, name))
    return tuple(
        OfferingRow(offering, title, tuple(members[offering]))
        for offering, title in session.exec(
            select(col(PartnerOffering.id), col(PartnerOffering.title))
            .where(PartnerOffering.partner == partner)
            .order_by(col(PartnerOffering.title), col(PartnerOffering.id))
        ).all()
    )


def _document(
    partner: str,
    disclosure: Disclosure,
    offerings: Sequence[OfferingRow],
    shown: list[OfferingRow],
    cells: dict[Cell, Measures],
    names: dict[str, str],
) -> dict[str, Any]:
    """Every member of an offering has a row, with figures or none (no programme linked yet:
    its uptake is the news); the totals of every offering, whichever are ``shown``."""
    view = _View(ptable(disclosure))
    shown_offerings, totals = [], []
    for offering in offerings:
        with_figures = {municipality for municipality, key in cells if key == offering.id}
        members = with_figures | {municipality for municipality, _ in offering.members}
        rows = {member: cells.get((member, offering.id), {}) for member in members}
        totals.append(total := _summed(rows.values()))
        if offering in shown:
            municipalities = [
                {"municipality_id": member, "name": names.get(member, member)}
                | view.figures(rows[member])
                for member in sorted(members, key=lambda member: (names.get(member, ""), member))
            ]
            shown_offerings.append(
                {
                    "offering_id": str(offering.id),
                    "title": offering.title,
                    "municipalities": municipalities,
                    "total": view.figures(total),
                }
            )
    return {
        "partner": partner,
        "min_count": disclosure.threshold,
        "offerings": shown_offerings,
        "total": view.figures(_summed(totals)),
    }


@dataclass
class _View:
    """Every figure of the table as a partner sees it: each count perturbed from its own
    cell key, rates and averages only from perturbed counts of enough people."""

    ptable: PTable

    def published(self, values: Measures, name: str) -> int | None:
        return self.ptable.published(values.get(name, 0), values.get(key_of(name), 0))

    def count(self, values: Measures, name: str) -> dict[str, Any]:
        value = self.published(values, name)
        return {"value": value, "suppressed": value is None}

    def ratio(self, values: Measures, ratio: r.Ratio) -> float | None:
        """Of two published counts, when both are shown."""
        numerator = self.published(values, ratio.part)
        denominator = self.published(values, ratio.whole)
        if numerator is None or denominator is None:
            return None
        return round(min(numerator / denominator, 1.0), RATE_DIGITS)

    def average(self, values: Measures, average: r.Average) -> float | None:
        """The sum, perturbed by up to D score points, over the answers; only from
        ``threshold`` people, and only when their published count is. The noise's key is
        the people's cell key mixed with the measure and the number of answers: one more
        answer, even from someone who answered before, draws a new noise."""
        people, answers = values.get(average.people, 0), values.get(average.answers, 0)
        if people < self.ptable.disclosure.threshold or not answers:
            return None
        if self.published(values, average.people) is None:
            return None
        cell_key = values.get(key_of(average.people), 0)
        key = magnitude_key(cell_key, f"{average.sum}:{answers}")
        mean = (values.get(average.sum, 0) + self.ptable.noise(people, key)) / answers
        low, high = SCORE_RANGE
        return round(min(max(mean, low), high), AVERAGE_DIGITS)

    def figures(self, values: Measures) -> dict[str, Any]:
        """One row of the table (its people's measures and cell keys) as the JSON of
        ``PartnerFigures``."""
        return r.fill(
            FIGURES,
            lambda name: values.get(name, 0),
            partial(self.count, values),
            partial(self.average, values),
            partial(self.ratio, values),
        )
