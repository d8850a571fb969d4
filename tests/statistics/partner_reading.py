"""Reading the partner view as a test (and an attacker) does: every count under its measure
name, the true measures of every row, and the reference perturbation of each."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.statistics.cellkey import KEY_SPACE, Disclosure, ptable
from praksis.statistics.models import OfferingStatistic
from praksis.statistics.reference import key_of, offering_cell_measures
from praksis.statistics.registry import ENROLMENTS_PLACED, GRADES_PASSING, GRADES_WITH_RESULT
from praksis.statistics.scope import Cell, Executor, Measures

DISCLOSURE = Disclosure()  # the defaults of the settings


def stored_offering_measures(executor: Executor) -> dict[Cell, Measures]:
    """The maintained table read back in the shape of ``reference.offering_cell_measures``."""
    found: dict[Cell, Measures] = {}
    for municipality, offering, measure, value in executor.execute(
        select(
            OfferingStatistic.municipality_id,
            OfferingStatistic.offering_id,
            OfferingStatistic.measure,
            OfferingStatistic.value,
        )
    ):
        found.setdefault((str(municipality), offering), {})[str(measure)] = int(value)
    return found


def published_counts(figures: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every count of a row in the response, under its measure name."""
    k = figures["kirkpatrick"]
    found = {f"enrolments.{key}": value for key, value in figures["funnel"].items()}
    found |= {
        f"attendance.{key}": value for key, value in figures["attendance"].items() if key != "rate"
    }
    found["projects.total"] = figures["projects"]["total"]
    found |= {f"projects.status.{k_}": v for k_, v in figures["projects"]["by_status"].items()}
    found |= {f"projects.phase.{k_}": v for k_, v in figures["projects"]["by_phase"].items()}
    found |= {f"trial_actions.{key}": value for key, value in figures["trial_actions"].items()}
    found["feedback.total"] = figures["feedback"]["total"]
    found |= {f"feedback.{key}": value for key, value in figures["feedback"]["by_kind"].items()}
    found["evaluations.people"] = k["level_1_reaction"]["responses"]
    learning = k["level_2_learning"]
    found |= {f"grades.{g['grade']}": g["count"] for g in learning["grades"]}
    found |= {f"grades.{key}": learning[key] for key in ("passed", "failed", "not_graded")}
    found["follow_ups.people"] = k["level_3_behaviour"]["answers"]
    return found


def assert_nothing_about_people(figures: dict[str, Any]) -> None:
    """A row that says no more than its programmes: every count suppressed, no rate or average."""
    assert all(count["suppressed"] for count in published_counts(figures).values())
    k = figures["kirkpatrick"]
    assert figures["completion_rate"] is None and figures["attendance"]["rate"] is None
    assert k["level_2_learning"]["pass_rate"] is None
    assert k["level_3_behaviour"]["average_usage"] is None
    assert {k["level_1_reaction"][score] for score in ("relevance", "learning", "usefulness")} == {
        None
    }


def figures_about_people(body: dict[str, Any]) -> dict[str, Any]:
    """The response without the rows of members that have linked no programme yet (their
    uptake, 0, is all they say: checked here), which an invitation adds or removes."""
    offerings = []
    for offering in body["offerings"]:
        rows = []
        for row in offering["municipalities"]:
            if row["programmes"]:
                rows.append(row)
            else:
                assert_nothing_about_people(row)
        offerings.append({**offering, "municipalities": rows})
    return {**body, "offerings": offerings}


def every_row(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every row of a response under a name: ``offering/municipality``, ``offering``, ``all``."""
    rows = {"all": body["total"]}
    for offering in body["offerings"]:
        rows[offering["offering_id"]] = offering["total"]
        for row in offering["municipalities"]:
            rows[f"{offering['offering_id']}/{row['municipality_id']}"] = row
    return rows


def of_rounds(measures: Measures, year: int | None) -> Measures:
    """A cell's true measures of every round, or of one year's rounds."""
    if year is None:
        return {name: value for name, value in measures.items() if not name.startswith("year.")}
    prefix = f"year.{year}."
    return {n.removeprefix(prefix): v for n, v in measures.items() if n.startswith(prefix)}


def true_rows(body: dict[str, Any], engine: Engine, year: int | None = None) -> dict[str, Measures]:
    """The true measures (people, cell keys, sums) of every row of a full response (of one
    year's rounds, when read for a year)."""
    with engine.connect() as connection:
        truth = {
            cell: of_rounds(measures, year)
            for cell, measures in offering_cell_measures(connection).items()
        }
    rows: dict[str, Measures] = {}
    grand: Measures = defaultdict(int)
    for offering in body["offerings"]:
        total: Measures = defaultdict(int)
        for row in offering["municipalities"]:
            cell = truth.get((row["municipality_id"], uuid.UUID(offering["offering_id"])), {})
            rows[f"{offering['offering_id']}/{row['municipality_id']}"] = cell
            for name, value in cell.items():
                total[name] += value
                grand[name] += value
        rows[offering["offering_id"]] = dict(total)
    rows["all"] = dict(grand)
    return rows


def reference(measures: Measures, name: str, disclosure: Disclosure = DISCLOSURE) -> int | None:
    key = measures.get(key_of(name), 0) % KEY_SPACE
    return ptable(disclosure).published(measures.get(name, 0), key)


def assert_published_as_the_reference(
    body: dict[str, Any],
    engine: Engine,
    disclosure: Disclosure = DISCLOSURE,
    year: int | None = None,
) -> dict[str, Measures]:
    """Every count is the reference perturbation of its true people and cell key, within the
    noise of the truth; rates and averages within their documented error. Returns the true
    measures of every row."""
    truth = true_rows(body, engine, year)
    noise = disclosure.max_noise
    for name, row in every_row(body).items():
        measures = truth[name]
        for measure, count in published_counts(row).items():
            expected = reference(measures, measure, disclosure)
            assert count == {"value": expected, "suppressed": expected is None}, (name, measure)
            if expected is not None:
                assert abs(expected - measures.get(measure, 0)) <= noise, (name, measure)
                assert expected >= disclosure.threshold
        _assert_rates_and_averages(row, measures, disclosure)
    return truth


def _assert_rates_and_averages(
    row: dict[str, Any], measures: Measures, disclosure: Disclosure
) -> None:
    noise = disclosure.max_noise
    rates = (
        (row["completion_rate"], "enrolments.completed", ENROLMENTS_PLACED),
        (row["attendance"]["rate"], "attendance.present", "attendance.recorded"),
        (row["kirkpatrick"]["level_2_learning"]["pass_rate"], GRADES_PASSING, GRADES_WITH_RESULT),
    )
    for rate, part, whole in rates:
        if rate is not None:
            true_rate = measures.get(part, 0) / measures[whole]
            assert abs(rate - true_rate) <= 2 * noise / (measures[whole] - noise), (part, rate)
    level_1, level_3 = (
        row["kirkpatrick"]["level_1_reaction"],
        row["kirkpatrick"]["level_3_behaviour"],
    )
    averages = [
        (level_1[score], "evaluations.people", "evaluations.responses", f"evaluations.{score}_sum")
        for score in ("relevance", "learning", "usefulness")
    ]
    averages.append(
        (
            level_3["average_usage"],
            "follow_ups.people",
            "follow_ups.answers",
            "follow_ups.usage_sum",
        )
    )
    for average, people, answers, total in averages:
        if measures.get(people, 0) < disclosure.threshold:
            assert average is None, (people, average)
        elif average is not None:
            true_average = measures[total] / measures[answers]
            error = noise / measures[answers] + 0.005  # up to D score points on the sum
            assert abs(average - true_average) <= error, (total, average, true_average)
