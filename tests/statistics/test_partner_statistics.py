"""The partner view: true people counts by hand on small data, each published through the
cell-key method exactly as the reference perturbation gives and within its noise; who may
see it; CSV for Danish Excel; membership that only the municipality can make count; and the
database policies behind it. (The attacks: ``test_partner_privacy``.)

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
from praksis.statistics.cellkey import Disclosure
from praksis.statistics.models import OfferingStatistic
from praksis.statistics.schemas import PartnerStatistics
from praksis.workshops.models import AttendanceStatus
from tests.conftest import ALL_MUNICIPAL_ROLES, HEDENSTED, HORSENS, HeaderFactory
from tests.statistics.partner_arrangement import CellSpec, arrange_cell, create_offering
from tests.statistics.partner_reading import (
    DISCLOSURE,
    assert_nothing_about_people,
    assert_published_as_the_reference,
    figures_about_people,
    published_counts,
)
from tests.statistics.settling import assert_fresh, settle_statistics

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
    settle_statistics(client)
    response = client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert_fresh(body.pop("as_of"))
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
    arrange_cell(client, HORSENS, offerings["hk"], CellSpec(enrolments={S.nominated: 9}))
    settle_statistics(client)
    return offerings


# --- the figures, by hand ---------------------------------------------------------------------


HIDDEN = {"value": None, "suppressed": True}

# True counts of distinct people (each arranged person has one enrolment; not named: 0)
HEDENSTED_PEOPLE = {
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
    "evaluations.people": 6,
    "grades.12": 5,
    "grades.7": 5,
    "follow_ups.people": 5,
}
HORSENS_PEOPLE = {
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
    "trial_actions.total": 5,  # five people, each with a planned and a dropped one
    "feedback.leader": 5,
    "feedback.total": 5,
    "evaluations.people": 5,
    "grades.passed": 5,
    "grades.failed": 5,
}
PILOT_PEOPLE = {
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
    "trial_actions.total": 10,
    "feedback.buddy": 5,
    "feedback.leader": 5,
    "feedback.total": 10,
    "evaluations.people": 11,
    "grades.12": 5,
    "grades.7": 5,
    "grades.passed": 5,
    "grades.failed": 5,
    "follow_ups.people": 5,
}


def test_partner_sees_every_figure_per_municipality_per_offering_and_in_total(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str], engine: Engine
) -> None:
    body = get(client, partner(auth))

    assert (body["partner"], body["min_count"]) == ("kl", MIN_COUNT)
    assert [o["title"] for o in body["offerings"]] == ["Fremtidens borgerservice", "Ny runde"]
    pilot, empty = body["offerings"]
    pilot_rows = pilot["municipalities"]
    assert pilot["offering_id"] == arranged["pilot"]
    names = {row["municipality_id"]: row["name"] for row in pilot["municipalities"]}
    assert names == {HEDENSTED: "Hedensted", HORSENS: "Horsens"}
    truth = assert_published_as_the_reference(body, engine)
    counted = set(published_counts(body["total"]))
    for row, people in (
        (f"{arranged['pilot']}/{HEDENSTED}", HEDENSTED_PEOPLE),
        (f"{arranged['pilot']}/{HORSENS}", HORSENS_PEOPLE),
        (arranged["pilot"], PILOT_PEOPLE),
        ("all", PILOT_PEOPLE),
    ):
        assert {k: v for k, v in truth[row].items() if k in counted and v} == people, row
    # Hedensted is a member of "Ny runde" but has linked no programme: its row says so
    assert empty["offering_id"] == arranged["empty"]
    ((member),) = empty["municipalities"]
    assert (member["municipality_id"], member["name"], member["programmes"]) == (
        HEDENSTED,
        "Hedensted",
        0,
    )
    assert_nothing_about_people(member)
    assert empty["total"]["programmes"] == 0
    assert all(count == HIDDEN for count in published_counts(empty["total"]).values())
    assert [row["programmes"] for row in pilot_rows] == [1, 1]
    assert (body["offerings"][0]["total"]["programmes"], body["total"]["programmes"]) == (2, 2)
    fresh = get(client, partner(auth))
    assert fresh == body
    as_read = PartnerStatistics.model_validate({**fresh, "as_of": "2026-12-03T12:00:00Z"})
    assert as_read.model_dump(mode="json", exclude={"as_of"}) == fresh


def test_partner_figures_hold_no_person_and_no_text(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str], engine: Engine
) -> None:
    settle_statistics(client)
    body = client.get(URL, headers=partner(auth)).text
    assert "Fri tekst" not in body and "Hemmelig" not in body and "Deltager" not in body
    with engine.connect() as connection:
        people = connection.execute(text("SELECT id FROM people")).scalars().all()
    assert people and not any(str(person) in body for person in people)


def test_only_a_partner_sees_partner_statistics(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str]
) -> None:
    settle_statistics(client)
    assert client.get(URL, headers=partner(auth)).status_code == 200
    for role in ALL_MUNICIPAL_ROLES:
        response = client.get(URL, headers=auth(HEDENSTED, role))
        assert response.status_code == 403, role
        assert response.headers["content-type"].startswith("application/problem+json")
    integration = auth(HEDENSTED, "integration", scope="programmes:read people:read")
    settle_statistics(client)
    assert client.get(URL, headers=integration).status_code == 403
    assert client.get(URL).status_code == 401


def test_another_partners_offering_answers_404(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str]
) -> None:
    settle_statistics(client)
    foreign = client.get(URL, params={"offering_id": arranged["hk"]}, headers=partner(auth))
    assert foreign.status_code == 404
    unknown = client.get(URL, params={"offering_id": str(uuid.uuid4())}, headers=partner(auth))
    assert unknown.status_code == 404
    assert foreign.json()["title"] == unknown.json()["title"]
    hk = get(client, partner(auth, "hk"))
    assert [o["title"] for o in hk["offerings"]] == ["Fagprofil"]
    assert [m["municipality_id"] for m in hk["offerings"][0]["municipalities"]] == [HORSENS]
    nominated = hk["total"]["funnel"]["nominated"]["value"]
    assert nominated is not None and abs(nominated - 9) <= DISCLOSURE.max_noise  # 9 - 3 ≥ 5
    settle_statistics(client)
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
    body = get(client, partner(auth))
    settle_statistics(client)
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
    hedensted = next(
        row for row in body["offerings"][0]["municipalities"] if row["municipality_id"] == HEDENSTED
    )

    def as_csv(count: dict[str, Any]) -> tuple[str, str]:
        return ("", "x") if count["suppressed"] else (str(count["value"]), "")

    completed = hedensted["funnel"]["completed"]
    assert cells[(HEDENSTED, title, "funnel.completed")] == as_csv(completed)
    twelve = hedensted["kirkpatrick"]["level_2_learning"]["grades"][-1]["count"]
    assert cells[(HEDENSTED, title, "kirkpatrick.level_2_learning.grades.12")] == as_csv(twelve)
    relevance = hedensted["kirkpatrick"]["level_1_reaction"]["relevance"]
    shown_relevance = cells[(HEDENSTED, title, "kirkpatrick.level_1_reaction.relevance")][0]
    assert shown_relevance == ("" if relevance is None else str(relevance).replace(".", ","))
    assert cells[(HORSENS, title, "funnel.nominated")] == ("", "x")
    assert cells[("", title, "funnel.nominated")] == ("", "x")


# --- small cells -----------------------------------------------------------------------------


def test_a_municipality_with_one_participant_is_never_shown(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str], engine: Engine
) -> None:
    arrange_cell(client, HEDENSTED, offerings["pilot"], HEDENSTED_SPEC)
    arrange_cell(client, HORSENS, offerings["pilot"], CellSpec(enrolments={S.nominated: 1}))
    body = get(client, partner(auth))
    pilot = body["offerings"][0]
    horsens = next(m for m in pilot["municipalities"] if m["municipality_id"] == HORSENS)
    # one person is at most 1 + D = 4 < 5 whatever their key: never shown
    assert horsens["funnel"]["nominated"] == HIDDEN
    assert horsens["funnel"]["total"] == HIDDEN
    assert pilot["total"]["funnel"]["nominated"] == HIDDEN
    assert_published_as_the_reference(body, engine)


def test_averages_need_min_count_people_not_answers(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str], engine: Engine
) -> None:
    arrange_cell(client, HEDENSTED, offerings["pilot"], HEDENSTED_SPEC)
    # Horsens: 6 answers from 3 people (two workshops each) pass a count test, not a people test
    spec = CellSpec(enrolments={S.approved: 6}, evaluations=[(1, 1, 1)] * 6, workshops=2)
    arrange_cell(client, HORSENS, offerings["pilot"], spec)
    body = get(client, partner(auth))
    pilot = body["offerings"][0]
    horsens = next(m for m in pilot["municipalities"] if m["municipality_id"] == HORSENS)
    assert horsens["kirkpatrick"]["level_1_reaction"]["relevance"] is None  # 3 people
    assert_published_as_the_reference(body, engine)


def test_the_threshold_and_the_noise_are_settings(
    client: TestClient, auth: HeaderFactory, offerings: dict[str, str], engine: Engine
) -> None:
    arrange_cell(client, HEDENSTED, offerings["pilot"], CellSpec(enrolments={S.approved: 2}))
    settings = client.app.state.runtime.settings  # type: ignore[attr-defined]
    settings.statistics_min_count = 7
    settings.statistics_noise_max, settings.statistics_noise_variance = 4, 2.0
    body = get(client, partner(auth))
    assert body["min_count"] == 7
    assert body["total"]["funnel"]["approved"] == HIDDEN  # 2 + at most 4 < 7
    assert_published_as_the_reference(body, engine, Disclosure(7, 4, 2.0))


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


def test_a_partner_cannot_take_out_a_municipality_whose_figures_it_reads(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, str]
) -> None:
    before = figures_about_people(get(client, partner(auth)))
    pilot = f"/api/v1/partner-offerings/{arranged['pilot']}"
    etag = client.get(pilot, headers=partner(auth)).headers["etag"]
    refused = client.patch(
        pilot,
        json={"municipality_ids": [HEDENSTED]},
        headers={**partner(auth), "If-Match": etag},
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["municipality_ids"] == [HORSENS]
    assert figures_about_people(get(client, partner(auth))) == before
    # a member with no programme linked (no figures) may be uninvited and invited again
    empty = f"/api/v1/partner-offerings/{arranged['empty']}"
    for members in ([], [HEDENSTED, HORSENS]):
        etag = client.get(empty, headers=partner(auth)).headers["etag"]
        changed = client.patch(
            empty, json={"municipality_ids": members}, headers={**partner(auth), "If-Match": etag}
        )
        assert changed.status_code == 200, changed.text
        assert figures_about_people(get(client, partner(auth))) == before


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
