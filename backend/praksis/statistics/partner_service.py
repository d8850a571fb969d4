"""A partner's figures from the maintained aggregates, perturbed before anything is shown.

Every count is of distinct people (``reference.offering_cell_measures``) and is published
through the cell-key method (``statistics.cellkey``): each row of the table (a municipality's
cell, an offering's total, the grand total) is perturbed from its own people and cell key,
never summed from perturbed figures, so the same people read the same in every query, and one
person more or less changes the noise unpredictably. Rates are ratios of published counts;
averages need ``threshold`` people and carry noise of their own. A partner may choose a year of
rounds (``registry.in_year``: the cells count each person also under the year of their cohort's
first workshop), perturbed from its own people as well; averages only of all rounds together.
The document is built as plain dicts (``registry.layout``) and serialised once with orjson.

The serialised answer is kept in a small in-process LRU (``RESPONSE_CACHE``), keyed by all it
is computed from: the partner, the threshold, the offering and year asked for, the partner's
offerings (id and title, in order) and ``fingerprint_of`` the aggregate rows the partner reads
with their municipalities' names. On PostgreSQL the database computes the same fingerprint
(``stored_fingerprint``) through the partner session, under the same row-level security as the
rows, so a hit costs one aggregate instead of reading, perturbing and serialising. A miss is
stored under the fingerprint of the rows it was computed from, hashed as they were read (a
write may have committed since the database's fingerprint: each statement has its own
snapshot). A hit is therefore byte for byte a fresh computation: any write that changes an
aggregate, a title or a name changes the key, and nothing needs invalidating. SQLite (no
SHA-256 nor ordered aggregate) has no database fingerprint and reads the rows every time,
which still spares the perturbation and the document. A fingerprint, unlike a version counter
bumped by the writers, needs nothing from the write path, cannot go stale when a writer
forgets to bump it, and answers from the cache again when a change is undone.
"""

from __future__ import annotations

import gc
import hashlib
import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

import orjson
from sqlalchemy import JSON, Select, literal
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


def fingerprint_of(cells: list[CellRow]) -> str:
    """SHA-256 over the aggregate rows in key order, one line each; a name may hold spaces, so
    it goes last, after its length. ``stored_fingerprint`` computes the same in PostgreSQL."""
    lines = []
    for cell in sorted(cells, key=lambda cell: (cell.municipality_id, cell.offering_id)):
        before = f"{cell.municipality_id} {cell.offering_id} "
        after = f" {len(cell.municipality_name)} {cell.municipality_name}"
        lines += [f"{before}{name} {cell.measures[name]}{after}" for name in sorted(cell.measures)]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def stored_fingerprint(partner: str) -> Select[tuple[str]]:
    """``fingerprint_of`` the partner's rows, computed in PostgreSQL: the same text (uuid and
    bigint as text, code point order under the "C" collation, UTF-8) and the same hash."""
    line = func.concat_ws(
        " ",
        OfferingStatistic.municipality_id,
        OfferingStatistic.offering_id,
        OfferingStatistic.measure,
        OfferingStatistic.value,
        func.length(Municipality.name),
        Municipality.name,
    )
    lines = func.string_agg(line, literal("\n")).aggregate_order_by(
        col(OfferingStatistic.municipality_id).collate("C"),
        col(OfferingStatistic.offering_id),
        col(OfferingStatistic.measure).collate("C"),
    )
    digest = func.sha256(func.convert_to(func.coalesce(lines, ""), literal("UTF8")))
    return _partner_rows_statement(partner, func.encode(digest, literal("hex")))


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


class ResponseCache:
    """A bounded, thread-safe LRU of serialised answers (see the module docstring)."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is None:
                self.misses += 1
                return None
            self.hits += 1
            self._entries.move_to_end(key)
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        with self._lock:
            self._entries[key] = body
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


# A national partner's answer is ~220 kB: 32 entries stay below ~8 MB.
RESPONSE_CACHE = ResponseCache(max_entries=32)


def partner_statistics(
    context: PartnerContext,
    offering_id: uuid.UUID | None,
    disclosure: Disclosure,
    year: int | None = None,
) -> bytes:
    """The partner's figures per offering, municipality and in total, perturbed (with a
    ``year``, of the rounds (cohorts) whose first workshop starts in that year), as the JSON
    of ``PartnerStatistics``: built without a model per count (at national scale the table
    has thousands of counts), from the cache when the inputs are the same; with how fresh the
    figures are (read first: they include at least that much)."""
    as_of = orjson.dumps({"as_of": figures_as_of(context.session)})
    return as_of[:-1] + b"," + _figures_body(context, offering_id, disclosure, year)[1:]


def _figures_body(
    context: PartnerContext,
    offering_id: uuid.UUID | None,
    disclosure: Disclosure,
    year: int | None,
) -> bytes:
    session, partner = context.session, context.partner
    offerings = _offerings(session, partner)
    if offering_id is not None and offering_id not in {offering.id for offering in offerings}:
        raise NotFound(f"Partner offering {offering_id} was not found.")
    inputs = (partner, disclosure, offering_id, year, offerings)
    stored = None
    if session.is_postgresql:
        stored = session.execute(stored_fingerprint(partner)).scalar_one()
        if (body := RESPONSE_CACHE.get((inputs, stored))) is not None:
            return body
    # Keyed by the rows it is computed from, not by the fingerprint read above.
    cells = _read_cells(session, partner)
    fingerprint = fingerprint_of(cells)
    if fingerprint != stored and (body := RESPONSE_CACHE.get((inputs, fingerprint))) is not None:
        return body
    shown = [o for o in offerings if offering_id is None or o.id == offering_id]
    names = {cell.municipality_id: cell.municipality_name for cell in cells}
    names |= {member: name for offering in offerings for member, name in offering.members}
    with _cyclic_gc_paused():
        document = _document(partner, disclosure, offerings, shown, _by_cell(cells, year), names)
        body = orjson.dumps(document)
    RESPONSE_CACHE.put((inputs, fingerprint), body)
    return body


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


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    # The table of a partner with all 98 municipalities allocates many small, acyclic dicts
    # and tuples (freed by reference counting); the cyclic collector would otherwise run
    # full passes over the whole heap in the middle of it.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
