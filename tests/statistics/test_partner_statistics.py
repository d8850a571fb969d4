"""The partner view: figures by hand on small data, who may see it, suppression that cannot
be undone by subtraction or by comparing two queries, CSV for Danish Excel, and the database
policies behind it.

KL's offering "Fremtidens borgerservice" (Hedensted, Horsens) and "Ny runde" (no programme
linked yet); HK's "Fagprofil" (Horsens). Min count 5.

Hedensted (7-point): 10 completed (5 × 12, 5 × 7), 5 approved, 5 withdrawn; attendance of
the first 10: 5 present, 5 absent; 5 projects active/afprøve, each a done trial action with
buddy feedback; 6 evaluations (4, 3, 5); 5 follow-ups with usage 4.
Horsens (pass/fail): 10 completed (5 passed, 5 failed), 5 approved, 5 declined; attendance
of the first 15: 10 present, 5 excused; 5 projects completed/evaluere with a planned trial
action (leader feedback) and a dropped one; 5 evaluations (2, 2, 3); no follow-ups.
"""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, text
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.action_learning.models import ProjectPhase, ProjectStatus, TrialActionStatus
from praksis.enrolments.models import EnrolmentStatus
from praksis.feedback.models import FeedbackKind
from praksis.kit.db import PartnerSession, TenantSession, tenant_tables
from praksis.kit.errors import CrossTenantWrite
from praksis.programmes.models import Grading
from praksis.settings import Settings
from praksis.statistics.aggregates import naive_offering_measures
from praksis.statistics.models import OfferingStatistic
from praksis.statistics.schemas import PartnerStatistics
from praksis.statistics.suppression import AdditiveGroup
from praksis.workshops.models import AttendanceStatus
from tests.conftest import ALL_MUNICIPAL_ROLES, HEDENSTED, HORSENS, HeaderFactory
from tests.statistics.partner_arrangement import CellSpec, arrange_cell, create_offering
from tests.statistics.test_suppression import assert_protected

URL = "/api/v1/statistics/partner"
OSLO = "no-0301"
MIN_COUNT = 5
S = EnrolmentStatus

HEDENSTED_SPEC = CellSpec(
    grading=Grading.danish_7_point,
    completed=[(12, True)] * 5 + [(7, True)] * 5,
    enrolments={S.approved: 5, S.withdrawn: 5},
    attendance=[AttendanceStatus.present] * 5 + [AttendanceStatus.absent] * 5,
    projects=[
        (
            ProjectStatus.active,
            ProjectPhase.afproeve,
            [(TrialActionStatus.done, [FeedbackKind.buddy])],
        )
    ]
    * 5,
    evaluations=[(4, 3, 5)] * 6,
    follow_ups=[4] * 5,
)
HORSENS_SPEC = CellSpec(
    grading=Grading.pass_fail,
    completed=[(None, True)] * 5 + [(None, False)] * 5,
    enrolments={S.approved: 5, S.declined: 5},
    attendance=[AttendanceStatus.present] * 10 + [AttendanceStatus.excused] * 5,
    projects=[
        (
            ProjectStatus.completed,
            ProjectPhase.evaluere,
            [(TrialActionStatus.planned, [FeedbackKind.leader]), (TrialActionStatus.dropped, [])],
        )
    ]
    * 5,
    evaluations=[(2, 2, 3)] * 5,
)


def partner(auth: HeaderFactory, name: str = "kl") -> dict[str, str]:
    return auth(None, "partner", partner=name, sub=f"{name}-statistik")


def get(client: TestClient, headers: dict[str, str], **params: str) -> dict[str, Any]:
    response = client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def offerings(client: TestClient, auth: HeaderFactory, database: Any) -> dict[str, str]:
    pilot = create_offering(client, auth, "kl", "Fremtidens borgerservice", [HEDENSTED, HORSENS])
    empty = create_offering(client, auth, "kl", "Ny runde", [HEDENSTED])
    hk = create_offering(client, auth, "hk", "Fagprofil", [HORSENS])
    return {"pilot": pilot, "empty": empty, "hk": hk}


@pytest.fixture
def arranged(client: TestClient, offerings: dict[str, str]) -> dict[str, str]:
    arrange_cell(client, HEDENSTED, offerings["pilot"], HEDENSTED_SPEC)
    arrange_cell(client, HORSENS, offerings["pilot"], HORSENS_SPEC)
    arrange_cell(client, HORSENS, offerings["hk"], CellSpec(enrolments={S.nominated: 7}))
    return offerings


# --- the figures, by hand ---------------------------------------------------------------------


def shown(value: int) -> dict[str, Any]:
    return {"value": value, "suppressed": False}


HIDDEN = {"value": None, "suppressed": True}


def figures(
    counts: dict[str, int],
    *,
    completion_rate: float | None,
    attendance_rate: float | None,
    evaluation: tuple[float | None, float | None, float | None],
    pass_rate: float | None,
    average_usage: float | None,
) -> dict[str, Any]:
    """The expected JSON of one row when nothing in it is suppressed (counts not named: 0)."""

    def c(name: str) -> dict[str, Any]:
        return shown(counts.get(name, 0))

    return {
        "funnel": {s.value: c(f"enrolments.{s.value}") for s in EnrolmentStatus}
        | {"total": c("enrolments.total")},
        "completion_rate": completion_rate,
        "attendance": {s.value: c(f"attendance.{s.value}") for s in AttendanceStatus}
        | {"recorded": c("attendance.recorded"), "rate": attendance_rate},
        "projects": {
            "total": c("projects.total"),
            "by_status": {s.value: c(f"projects.status.{s.value}") for s in ProjectStatus},
            "by_phase": {p.value: c(f"projects.phase.{p.value}") for p in ProjectPhase},
        },
        "trial_actions": {s.value: c(f"trial_actions.{s.value}") for s in TrialActionStatus}
        | {"total": c("trial_actions.total")},
        "feedback": {
            "total": c("feedback.total"),
            "by_kind": {k.value: c(f"feedback.{k.value}") for k in FeedbackKind},
        },
        "kirkpatrick": {
            "level_1_reaction": {
                "responses": c("evaluations.responses"),
                "relevance": evaluation[0],
                "learning": evaluation[1],
                "usefulness": evaluation[2],
            },
            "level_2_learning": {
                "grades": [
                    {"grade": grade, "count": c(f"grades.{grade}")}
                    for grade in (-3, 0, 2, 4, 7, 10, 12)
                ],
                "passed": c("grades.passed"),
                "failed": c("grades.failed"),
                "not_graded": c("grades.not_graded"),
                "pass_rate": pass_rate,
            },
            "level_3_behaviour": {
                "answers": c("follow_ups.answers"),
                "average_usage": average_usage,
            },
        },
    }


HEDENSTED_FIGURES = figures(
    {
        "enrolments.approved": 5,
        "enrolments.completed": 10,
        "enrolments.withdrawn": 5,
        "enrolments.total": 20,
        "attendance.present": 5,
        "attendance.absent": 5,
        "attendance.recorded": 10,
        "projects.total": 5,
        "projects.status.active": 5,
        "projects.phase.afproeve": 5,
        "trial_actions.done": 5,
        "trial_actions.total": 5,
        "feedback.buddy": 5,
        "feedback.total": 5,
        "evaluations.responses": 6,
        "grades.12": 5,
        "grades.7": 5,
        "follow_ups.answers": 5,
    },
    completion_rate=0.5,  # 10 / (5 + 10 + 5)
    attendance_rate=0.5,
    evaluation=(4.0, 3.0, 5.0),
    pass_rate=1.0,
    average_usage=4.0,
)
HORSENS_FIGURES = figures(
    {
        "enrolments.approved": 5,
        "enrolments.completed": 10,
        "enrolments.declined": 5,
        "enrolments.total": 20,
        "attendance.present": 10,
        "attendance.excused": 5,
        "attendance.recorded": 15,
        "projects.total": 5,
        "projects.status.completed": 5,
        "projects.phase.evaluere": 5,
        "trial_actions.planned": 5,
        "trial_actions.dropped": 5,
        "trial_actions.total": 10,
        "feedback.leader": 5,
        "feedback.total": 5,
        "evaluations.responses": 5,
        "grades.passed": 5,
        "grades.failed": 5,
    },
    completion_rate=0.6667,  # 10 / (5 + 10 + 0)
    attendance_rate=0.6667,  # 10 / 15
    evaluation=(2.0, 2.0, 3.0),
    pass_rate=0.5,
    average_usage=None,  # nobody answered
)
PILOT_FIGURES = figures(
    {
        "enrolments.approved": 10,
        "enrolments.completed": 20,
        "enrolments.withdrawn": 5,
        "enrolments.declined": 5,
        "enrolments.total": 40,
        "attendance.present": 15,
        "attendance.absent": 5,
        "attendance.excused": 5,
        "attendance.recorded": 25,
        "projects.total": 10,
        "projects.status.active": 5,
        "projects.status.completed": 5,
        "projects.phase.afproeve": 5,
        "projects.phase.evaluere": 5,
        "trial_actions.planned": 5,
        "trial_actions.done": 5,
        "trial_actions.dropped": 5,
        "trial_actions.total": 15,
        "feedback.buddy": 5,
        "feedback.leader": 5,
        "feedback.total": 10,
        "evaluations.responses": 11,
        "grades.12": 5,
        "grades.7": 5,
        "grades.passed": 5,
        "grades.failed": 5,
        "follow_ups.answers": 5,
    },
    completion_rate=0.5714,  # 20 / (10 + 20 + 5)
    attendance_rate=0.6,  # 15 / 25
    evaluation=(3.09, 2.55, 4.09),  # (6·4 + 5·2) / 11, (6·3 + 5·2) / 11, (6·5 + 5·3) / 11
    pass_rate=0.75,  # (10 on the 7-point scale + 5 passed) / 20
    average_usage=4.0,  # Hedensted's five answers
)
EMPTY_FIGURES = figures(
    {},
    completion_rate=None,
    attendance_rate=None,
    evaluation=(None, None, None),
    pass_rate=None,
    average_usage=None,
)


def test_partner_sees_every_figure_per_municipality_per_offering_and_in_total(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str]
) -> None:
    body = get(client, partner(auth))

    assert (body["partner"], body["min_count"]) == ("kl", MIN_COUNT)
    assert [o["title"] for o in body["offerings"]] == ["Fremtidens borgerservice", "Ny runde"]
    pilot, empty = body["offerings"]
    assert pilot["offering_id"] == arranged["pilot"]
    rows = {row.pop("municipality_id"): row for row in pilot["municipalities"]}
    assert {key: row.pop("name") for key, row in rows.items()} == {
        HEDENSTED: "Hedensted",
        HORSENS: "Horsens",
    }
    assert rows[HEDENSTED] == HEDENSTED_FIGURES
    assert rows[HORSENS] == HORSENS_FIGURES
    assert pilot["total"] == PILOT_FIGURES
    assert empty == {
        "offering_id": arranged["empty"],
        "title": "Ny runde",
        "municipalities": [],
        "total": EMPTY_FIGURES,
    }
    assert body["total"] == PILOT_FIGURES
    fresh = get(client, partner(auth))
    assert PartnerStatistics.model_validate(fresh).model_dump(mode="json") == fresh


def test_partner_figures_hold_no_person_and_no_text(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str], engine: Engine
) -> None:
    body = client.get(URL, headers=partner(auth)).text
    assert "Fri tekst" not in body and "Hemmelig" not in body and "Deltager" not in body
    with engine.connect() as connection:
        people = connection.execute(text("SELECT id FROM people")).scalars().all()
    assert people and not any(str(person) in body for person in people)


def test_only_a_partner_sees_partner_statistics(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str]
) -> None:
    assert client.get(URL, headers=partner(auth)).status_code == 200
    for role in ALL_MUNICIPAL_ROLES:
        response = client.get(URL, headers=auth(HEDENSTED, role))
        assert response.status_code == 403, role
        assert response.headers["content-type"].startswith("application/problem+json")
    integration = auth(HEDENSTED, "integration", scope="programmes:read people:read")
    assert client.get(URL, headers=integration).status_code == 403
    assert client.get(URL).status_code == 401


def test_another_partners_offering_answers_404(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str]
) -> None:
    foreign = client.get(URL, params={"offering_id": arranged["hk"]}, headers=partner(auth))
    assert foreign.status_code == 404
    unknown = client.get(URL, params={"offering_id": str(uuid.uuid4())}, headers=partner(auth))
    assert unknown.status_code == 404
    assert foreign.json()["title"] == unknown.json()["title"]
    hk = get(client, partner(auth, "hk"))
    assert [o["title"] for o in hk["offerings"]] == ["Fagprofil"]
    assert [m["municipality_id"] for m in hk["offerings"][0]["municipalities"]] == [HORSENS]
    assert hk["total"]["funnel"]["nominated"] == shown(7)
    refused = client.get(URL, params={"from": "2025-01-01"}, headers=partner(auth))
    assert refused.status_code == 422  # no period filter for partners


def test_one_offering_reads_exactly_as_in_the_whole_table(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str]
) -> None:
    whole = get(client, partner(auth))
    for offering in whole["offerings"]:
        one = get(client, partner(auth), offering_id=offering["offering_id"])
        assert one["offerings"] == [offering]
        assert one["total"] == whole["total"]


def test_csv_for_danish_excel_with_suppression_markers(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str]
) -> None:
    arrange_cell(client, HEDENSTED, offerings["pilot"], HEDENSTED_SPEC)
    arrange_cell(client, HORSENS, offerings["pilot"], CellSpec(enrolments={S.nominated: 1}))
    by_query = client.get(URL, params={"format": "csv"}, headers=partner(auth))
    by_accept = client.get(URL, headers={**partner(auth), "Accept": "text/csv"})
    assert by_query.status_code == by_accept.status_code == 200
    assert by_query.headers["content-type"].startswith("text/csv")
    assert by_query.content == by_accept.content
    assert by_query.content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in by_query.content
    lines = list(csv.reader(io.StringIO(by_query.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == [
        "offering_id",
        "offering",
        "municipality_id",
        "municipality",
        "measure",
        "value",
        "suppressed",
    ]
    assert lines[1][4:] == ["min_count", "5", ""]
    cells = {(line[2], line[1], line[4]): (line[5], line[6]) for line in lines[1:]}
    title = "Fremtidens borgerservice"
    assert cells[(HEDENSTED, title, "funnel.completed")] == ("10", "")
    assert cells[(HEDENSTED, title, "attendance.rate")] == ("0,5", "")
    assert cells[(HEDENSTED, title, "kirkpatrick.level_1_reaction.relevance")] == ("4,0", "")
    assert cells[(HEDENSTED, title, "kirkpatrick.level_2_learning.grades.12")] == ("5", "")
    assert cells[(HORSENS, title, "funnel.nominated")] == ("", "x")
    assert cells[("", title, "funnel.nominated")] == ("", "x")


# --- adversarial: suppression ------------------------------------------------------------------

ROW_GROUPS = (
    ([f"enrolments.{s.value}" for s in EnrolmentStatus], "enrolments.total"),
    ([f"attendance.{s.value}" for s in AttendanceStatus], "attendance.recorded"),
    ([f"projects.status.{s.value}" for s in ProjectStatus], "projects.total"),
    ([f"projects.phase.{p.value}" for p in ProjectPhase], "projects.total"),
    ([f"trial_actions.{s.value}" for s in TrialActionStatus], "trial_actions.total"),
    ([f"feedback.{k.value}" for k in FeedbackKind], "feedback.total"),
    (
        [f"grades.{g}" for g in (-3, 0, 2, 4, 7, 10, 12)]
        + ["grades.passed", "grades.failed", "grades.not_graded"],
        "enrolments.completed",
    ),
)


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
    found["evaluations.responses"] = k["level_1_reaction"]["responses"]
    learning = k["level_2_learning"]
    found |= {f"grades.{g['grade']}": g["count"] for g in learning["grades"]}
    found |= {f"grades.{key}": learning[key] for key in ("passed", "failed", "not_graded")}
    found["follow_ups.answers"] = k["level_3_behaviour"]["answers"]
    return found


def assert_nothing_hidden_can_be_worked_out(
    body: dict[str, Any], engine: Engine, min_count: int = MIN_COUNT
) -> set[str]:
    """Against the true counts from the raw tables: small counts hidden, shown counts true,
    no group solvable for a hidden cell, hidden parts of a shown total ≥ 2 and ≥ min_count.
    Returns the hidden cells."""
    with engine.connect() as connection:
        truth = naive_offering_measures(connection)
    published: dict[str, dict[str, Any]] = {}
    true: dict[str, int] = {}
    groups: list[AdditiveGroup[str]] = []
    offering_rows = []
    for offering in body["offerings"]:
        offering_id = uuid.UUID(offering["offering_id"])
        rows = []
        for row in offering["municipalities"]:
            name = f"{offering_id}/{row['municipality_id']}"
            rows.append(name)
            cell = truth.get((row["municipality_id"], offering_id), {})
            for measure, value in published_counts(row).items():
                published[f"{name}|{measure}"] = value
                true[f"{name}|{measure}"] = cell.get(measure, 0)
        total_name = str(offering_id)
        offering_rows.append(total_name)
        for measure, value in published_counts(offering["total"]).items():
            published[f"{total_name}|{measure}"] = value
            true[f"{total_name}|{measure}"] = sum(true[f"{row}|{measure}"] for row in rows)
            if rows:
                groups.append(
                    AdditiveGroup(
                        tuple(f"{row}|{measure}" for row in rows), f"{total_name}|{measure}"
                    )
                )
    for measure, value in published_counts(body["total"]).items():
        published[f"all|{measure}"] = value
        true[f"all|{measure}"] = sum(true[f"{row}|{measure}"] for row in offering_rows)
        groups.append(
            AdditiveGroup(tuple(f"{row}|{measure}" for row in offering_rows), f"all|{measure}")
        )
    for row in {key.split("|")[0] for key in published}:
        for parts, total in ROW_GROUPS:
            groups.append(AdditiveGroup(tuple(f"{row}|{p}" for p in parts), f"{row}|{total}"))
    hidden = frozenset(key for key, value in published.items() if value["suppressed"])
    for key, value in published.items():
        assert (value["value"] is None) == value["suppressed"], key
        if not value["suppressed"]:
            assert value["value"] == true[key], key
    assert_protected(true, groups, hidden, min_count)
    return set(hidden)


def test_a_municipality_with_one_participant_cannot_be_seen_nor_derived(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str], engine: Engine
) -> None:
    arrange_cell(client, HEDENSTED, offerings["pilot"], HEDENSTED_SPEC)
    arrange_cell(client, HORSENS, offerings["pilot"], CellSpec(enrolments={S.nominated: 1}))
    body = get(client, partner(auth))
    pilot = body["offerings"][0]
    horsens = next(m for m in pilot["municipalities"] if m["municipality_id"] == HORSENS)
    assert horsens["funnel"]["nominated"] == HIDDEN
    assert horsens["funnel"]["total"] == HIDDEN
    # Hedensted's total beside it is hidden too, else offering total - Hedensted = Horsens
    assert pilot["total"]["funnel"]["total"] == shown(21)
    hedensted = next(m for m in pilot["municipalities"] if m["municipality_id"] == HEDENSTED)
    assert hedensted["funnel"]["total"] == HIDDEN
    assert pilot["total"]["funnel"]["nominated"] == HIDDEN
    assert_nothing_hidden_can_be_worked_out(body, engine)


def test_a_municipality_alone_in_its_offering_hides_the_offering_total(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str], engine: Engine
) -> None:
    arrange_cell(client, HEDENSTED, offerings["empty"], CellSpec(enrolments={S.approved: 3}))
    arrange_cell(client, HEDENSTED, offerings["pilot"], HEDENSTED_SPEC)
    body = get(client, partner(auth))
    lone = body["offerings"][1]
    assert lone["municipalities"][0]["funnel"]["approved"] == HIDDEN
    assert lone["total"]["funnel"]["approved"] == HIDDEN
    assert body["total"]["funnel"]["approved"] == shown(8) or (
        body["offerings"][0]["total"]["funnel"]["approved"] == HIDDEN
    )
    assert_nothing_hidden_can_be_worked_out(body, engine)


def test_a_single_small_status_cannot_be_derived_from_the_funnel_total(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str], engine: Engine
) -> None:
    spec = CellSpec(enrolments={S.approved: 10, S.withdrawn: 2, S.declined: 6})
    arrange_cell(client, HEDENSTED, offerings["pilot"], spec)
    body = get(client, partner(auth))
    row = body["offerings"][0]["municipalities"][0]["funnel"]
    assert row["withdrawn"] == HIDDEN
    assert row["total"] == shown(18)
    assert row["declined"] == HIDDEN  # the smallest other count goes with it: 2 + 6 ≥ 5
    assert row["approved"] == shown(10)
    assert body["offerings"][0]["municipalities"][0]["completion_rate"] is None
    assert_nothing_hidden_can_be_worked_out(body, engine)


def test_two_municipalities_where_one_is_small_the_total_does_not_reveal_it(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str], engine: Engine
) -> None:
    arrange_cell(client, HEDENSTED, offerings["pilot"], CellSpec(enrolments={S.approved: 6}))
    arrange_cell(client, HORSENS, offerings["pilot"], CellSpec(enrolments={S.approved: 3}))
    body = get(client, partner(auth))
    pilot = body["offerings"][0]
    by_id = {m["municipality_id"]: m["funnel"]["approved"] for m in pilot["municipalities"]}
    assert by_id == {HEDENSTED: HIDDEN, HORSENS: HIDDEN}
    assert pilot["total"]["funnel"]["approved"] == shown(9)
    assert_nothing_hidden_can_be_worked_out(body, engine)


def test_averages_need_min_count_people_and_cannot_be_differenced(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str], engine: Engine
) -> None:
    arrange_cell(client, HEDENSTED, offerings["pilot"], HEDENSTED_SPEC)
    # Horsens: 6 answers from 3 people (two workshops each) pass a count test, not a people test
    spec = CellSpec(enrolments={S.approved: 6}, evaluations=[(1, 1, 1)] * 6, workshops=2)
    arrange_cell(client, HORSENS, offerings["pilot"], spec)
    body = get(client, partner(auth))
    pilot = body["offerings"][0]
    horsens = next(m for m in pilot["municipalities"] if m["municipality_id"] == HORSENS)
    assert horsens["kirkpatrick"]["level_1_reaction"]["responses"] == shown(6)
    assert horsens["kirkpatrick"]["level_1_reaction"]["relevance"] is None
    # the offering's average minus Hedensted's would be Horsens' three people's
    assert pilot["total"]["kirkpatrick"]["level_1_reaction"]["relevance"] is None
    assert body["total"]["kirkpatrick"]["level_1_reaction"]["relevance"] is None
    hedensted = next(m for m in pilot["municipalities"] if m["municipality_id"] == HEDENSTED)
    assert hedensted["kirkpatrick"]["level_1_reaction"]["relevance"] == 4.0
    assert_nothing_hidden_can_be_worked_out(body, engine)


def test_every_cell_of_the_full_arrangement_is_protected_and_reads_alike_in_every_query(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str], engine: Engine
) -> None:
    arrange_cell(client, HEDENSTED, offerings["pilot"], HEDENSTED_SPEC)
    small = CellSpec(
        grading=Grading.danish_7_point,
        completed=[(12, True), (4, True), (4, True), (-3, False), (7, True), (7, True)],
        enrolments={S.nominated: 2, S.approved: 7, S.withdrawn: 1},
        attendance=[AttendanceStatus.present] * 4 + [AttendanceStatus.absent],
        projects=[(ProjectStatus.paused, ProjectPhase.designe, [(TrialActionStatus.done, [])])],
        evaluations=[(5, 5, 5)] * 2,
        follow_ups=[3, 2],
    )
    arrange_cell(client, HORSENS, offerings["pilot"], small)
    arrange_cell(client, HEDENSTED, offerings["empty"], small)
    body = get(client, partner(auth))
    hidden = assert_nothing_hidden_can_be_worked_out(body, engine)
    assert len(hidden) > 20
    for offering in body["offerings"]:
        one = get(client, partner(auth), offering_id=offering["offering_id"])
        assert one["offerings"] == [offering]
        assert one["total"] == body["total"]


def test_the_threshold_is_a_setting(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str], engine: Engine
) -> None:
    arrange_cell(client, HEDENSTED, offerings["pilot"], CellSpec(enrolments={S.approved: 6}))
    client.app.state.runtime.settings.statistics_min_count = 7  # type: ignore[attr-defined]
    body = get(client, partner(auth))
    assert body["min_count"] == 7
    assert body["total"]["funnel"]["approved"] == HIDDEN
    assert_nothing_hidden_can_be_worked_out(body, engine, 7)


# --- the database behind it -------------------------------------------------------------------


def test_partner_session_reads_only_its_offerings_aggregates_and_writes_none(
    client: TestClient, arranged: dict[str, str], engine: Engine, settings: Settings
) -> None:
    session = PartnerSession(engine, "kl", settings.app_db_role)
    try:
        rows = session.exec(select(OfferingStatistic)).all()
        assert {row.offering_id for row in rows} == {uuid.UUID(arranged["pilot"])}
        assert {row.municipality_id for row in rows} == {HEDENSTED, HORSENS}
        session.add(
            OfferingStatistic(
                municipality_id=HEDENSTED,
                offering_id=uuid.UUID(arranged["pilot"]),
                measure="enrolments.forged",
                value=1,
            )
        )
        with pytest.raises(CrossTenantWrite):
            session.flush()
        session.rollback()
        with pytest.raises(CrossTenantWrite):
            session.execute(delete(OfferingStatistic))
    finally:
        session.rollback()
        session.close()


def test_a_municipality_that_leaves_the_offering_leaves_the_partner_view(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str]
) -> None:
    response = client.patch(
        f"/api/v1/partner-offerings/{arranged['pilot']}",
        json={"municipality_ids": [HEDENSTED]},
        headers=partner(auth),
    )
    assert response.status_code == 200, response.text
    pilot = get(client, partner(auth))["offerings"][0]
    assert [m["municipality_id"] for m in pilot["municipalities"]] == [HEDENSTED]
    assert pilot["total"]["funnel"]["total"] == shown(20)


@pytest.mark.postgres_only
def test_row_level_security_partner_and_tenant_see_only_their_aggregate_rows(
    client: TestClient, arranged: dict[str, str], engine: Engine, settings: Settings
) -> None:
    aggregate = "SELECT DISTINCT municipality_id, offering_id::text FROM offering_statistics"
    session = PartnerSession(engine, "kl", settings.app_db_role)
    try:
        seen = set(session.execute(text(aggregate)).all())
        assert seen == {(HEDENSTED, arranged["pilot"]), (HORSENS, arranged["pilot"])}
        for table in tenant_tables():
            if table != "offering_statistics":
                count = session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                assert count == 0, table
        assert session.execute(text("DELETE FROM offering_statistics")).rowcount == 0  # type: ignore[attr-defined]
        assert session.execute(text("UPDATE offering_statistics SET value = 0")).rowcount == 0  # type: ignore[attr-defined]
        with pytest.raises(Exception, match="row-level security"):
            session.execute(
                text("INSERT INTO offering_statistics VALUES (:m, CAST(:o AS uuid), 'forged', 1)"),
                {"m": HEDENSTED, "o": arranged["pilot"]},
            )
    finally:
        session.rollback()
        session.close()
    for tenant, expected in (
        (HEDENSTED, {(HEDENSTED, arranged["pilot"])}),
        (HORSENS, {(HORSENS, arranged["pilot"]), (HORSENS, arranged["hk"])}),
        (OSLO, set()),
    ):
        tenant_session = TenantSession(engine, tenant, settings.app_db_role)
        try:
            assert set(tenant_session.execute(text(aggregate)).all()) == expected, tenant
        finally:
            tenant_session.close()
