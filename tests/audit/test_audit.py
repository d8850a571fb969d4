"""The audit trail through the API: every decision and change leaves one event with who, when,
before and after; a failed request leaves none; only HR reads it, never another municipality;
no route changes it, and on PostgreSQL not even the application role can."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from praksis.kit.db import TenantSession
from praksis.programmes.models import Grading
from praksis.settings import Settings
from tests.audit.factories import create_audit_event
from tests.cohorts.helpers import (
    add_leader,
    add_org_unit,
    add_person,
    add_programme,
    create_cohort,
    hr,
    nominate,
)
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.test_csv_exports import cells_of

AUDIT = "/api/v1/audit"
ENROLMENTS = "/api/v1/enrolments"


def events(
    client: TestClient, auth: HeaderFactory, tenant: str = HEDENSTED, **filters: Any
) -> list[dict[str, Any]]:
    """Every event matching the filters, all pages."""
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 200, **filters}
    while True:
        response = client.get(AUDIT, params=params, headers=hr(auth, tenant))
        assert response.status_code == 200, response.text
        page = response.json()
        found += page["items"]
        if page["next_cursor"] is None:
            return found
        params["cursor"] = page["next_cursor"]


def decide(
    client: TestClient, headers: dict[str, str], enrolment_id: str, action: str, **body: Any
) -> dict[str, Any]:
    response = client.post(f"{ENROLMENTS}/{enrolment_id}/{action}", json=body, headers=headers)
    assert response.status_code == 200, response.text
    decided: dict[str, Any] = response.json()
    return decided


def me(client: TestClient, headers: dict[str, str]) -> str:
    person_id: str = client.get("/api/v1/me", headers=headers).json()["person"]["id"]
    return person_id


def trail_of(client: TestClient, auth: HeaderFactory, object_id: str) -> list[tuple[Any, ...]]:
    return [
        (event["action"], event["before"], event["after"])
        for event in events(client, auth, object_id=object_id)
    ]


# --- what is recorded ------------------------------------------------------------------------


def test_every_enrolment_decision_is_recorded_with_actor_before_and_after(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client, grading=Grading.danish_7_point)
    cohort_id = create_cohort(client, auth, programme_id, capacity=1)["id"]
    anne, bo, carl = (add_person(client, name) for name in ("Anne", "Bo", "Carl"))
    hr_headers = hr(auth)
    hr_id = me(client, hr_headers)
    first = nominate(client, auth, programme_id, anne, cohort_id=cohort_id)["id"]
    second = nominate(client, auth, programme_id, bo, cohort_id=cohort_id)["id"]
    third = nominate(client, auth, programme_id, carl)["id"]

    decide(client, hr_headers, first, "approve", note="Passer til teamets udfordring")
    decide(client, hr_headers, second, "approve", note="Holdet er fuldt")
    decide(client, hr_headers, third, "decline", note="Næste hold")
    decide(client, hr_headers, first, "complete", grade=10)

    assert trail_of(client, auth, first) == [
        (
            "enrolment.nominated",
            {},
            {
                "status": "nominated",
                "programme_id": programme_id,
                "cohort_id": cohort_id,
                "person_id": anne,
            },
        ),
        (
            "enrolment.approved",
            {"status": "nominated"},
            {"status": "approved", "note": "Passer til teamets udfordring"},
        ),
        (
            "enrolment.completed",
            {"status": "approved", "grade": None, "passed": None},
            {"status": "completed", "grade": 10, "passed": True},
        ),
    ]
    assert trail_of(client, auth, second)[1:] == [
        (
            "enrolment.waitlisted",
            {"status": "nominated"},
            {"status": "waitlisted", "note": "Holdet er fuldt"},
        )
    ]
    assert trail_of(client, auth, third)[1:] == [
        (
            "enrolment.declined",
            {"status": "nominated"},
            {"status": "declined", "note": "Næste hold"},
        )
    ]
    recorded = events(client, auth)
    assert {event["actor_person_id"] for event in recorded} == {hr_id}
    assert {event["actor_client"] for event in recorded} == {None}
    assert {event["object_type"] for event in recorded} == {"cohort", "enrolment"}
    assert all(event["occurred_at"].endswith(("Z", "+00:00")) for event in recorded)


def test_a_withdrawal_and_the_promotion_it_causes_are_recorded_as_the_participants(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id, capacity=1)["id"]
    participant = auth(HEDENSTED, "participant", sub="anne")
    anne = add_person(client, "Anne", sub="anne")
    bo = add_person(client, "Bo")
    placed = nominate(client, auth, programme_id, anne, cohort_id=cohort_id)["id"]
    waiting = nominate(client, auth, programme_id, bo, cohort_id=cohort_id)["id"]
    decide(client, hr(auth), placed, "approve")
    decide(client, hr(auth), waiting, "approve")

    decide(client, participant, placed, "withdraw", note="Flytter til Horsens")

    withdrawn, promoted = events(client, auth, actor_person_id=anne)
    assert (withdrawn["action"], withdrawn["object_id"]) == ("enrolment.withdrawn", placed)
    assert (withdrawn["before"], withdrawn["after"]) == (
        {"status": "approved"},
        {"status": "withdrawn", "note": "Flytter til Horsens"},
    )
    assert (promoted["action"], promoted["object_id"]) == ("enrolment.promoted", waiting)
    assert (promoted["before"], promoted["after"]) == (
        {"status": "waitlisted"},
        {"status": "approved"},
    )


def test_each_decision_keeps_its_note_when_the_next_one_overwrites_the_enrolments(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id, capacity=1)["id"]
    taken = nominate(client, auth, programme_id, add_person(client, "Anne"), cohort_id=cohort_id)
    decide(client, hr(auth), taken["id"], "approve")
    enrolment_id = nominate(client, auth, programme_id, add_person(client, "Bo"))["id"]
    decide(client, hr(auth), enrolment_id, "approve", cohort_id=cohort_id, note="Venteliste")
    declined = decide(client, hr(auth), enrolment_id, "decline", note="Holdet blev ikke større")
    assert declined["decision_note"] == "Holdet blev ikke større"
    notes = [event["after"].get("note") for event in events(client, auth, object_id=enrolment_id)]
    assert notes == [None, "Venteliste", "Holdet blev ikke større"]


def test_programme_cohort_leader_and_person_changes_are_recorded(
    client: TestClient, auth: HeaderFactory
) -> None:
    headers = hr(auth)
    unit = add_org_unit(client, "Social Omsorg")
    leader = add_leader(client, unit, "leder-1")
    successor = add_person(client, "Ny leder", org_unit_id=unit)
    kerneopgave = client.post(
        "/api/v1/kerneopgaver", json={"title": "Fritid", "citizen_outcome": "…"}, headers=headers
    ).json()["id"]
    programme = client.post(
        "/api/v1/programmes",
        json={
            "title": "Samskabelse",
            "kind": "udviklingsforloeb",
            "kerneopgave_ids": [kerneopgave],
        },
        headers=headers,
    ).json()["id"]
    cohort_id = create_cohort(client, auth, programme, capacity=20)["id"]

    changes = [
        (f"/api/v1/programmes/{programme}", {"title": "Samskabelse 2", "status": "open"}),
        (f"/api/v1/cohorts/{cohort_id}", {"capacity": 22, "status": "running"}),
        (f"/api/v1/org-units/{unit}", {"leader_ids": [successor]}),
        (f"/api/v1/people/{successor}", {"email": "ny@hedensted.dk", "job_title": "Leder"}),
    ]
    for url, body in changes:
        response = client.patch(url, json=body, headers=headers)
        assert response.status_code == 200, (url, response.text)

    assert trail_of(client, auth, programme)[1:] == [
        ("programme.status_changed", {"status": "draft"}, {"status": "open"}),
        ("programme.updated", {"title": "Samskabelse"}, {"title": "Samskabelse 2"}),
    ]
    assert trail_of(client, auth, cohort_id)[1:] == [
        ("cohort.started", {"status": "planned"}, {"status": "running"}),
        ("cohort.updated", {"capacity": 20}, {"capacity": 22}),
    ]
    assert trail_of(client, auth, unit) == [
        ("org_unit.leaders_changed", {"leader_ids": [leader]}, {"leader_ids": [successor]})
    ]
    # what identifies a person is named as changed, its values stay out of the trail
    assert trail_of(client, auth, successor) == [
        (
            "person.updated",
            {"email": "(not kept)", "job_title": "(not kept)"},
            {"email": "(not kept)", "job_title": "(not kept)"},
        )
    ]


def test_an_integration_is_recorded_by_its_token_subject(
    client: TestClient, auth: HeaderFactory
) -> None:
    person = add_person(client, "Anne")
    sync = auth(HEDENSTED, "integration", scope="people:write", sub="intranet-sync")
    changed = client.patch(f"/api/v1/people/{person}", json={"job_title": "SSA"}, headers=sync)
    assert changed.status_code == 200, changed.text
    (event,) = events(client, auth, object_id=person)
    assert (event["actor_person_id"], event["actor_client"]) == (None, "intranet-sync")


def test_a_change_that_changes_nothing_records_nothing(
    client: TestClient, auth: HeaderFactory
) -> None:
    person = add_person(client, "Anne")
    same = client.patch(f"/api/v1/people/{person}", json={"name": "Anne"}, headers=hr(auth))
    assert same.status_code == 200, same.text
    assert events(client, auth) == []


def test_a_refused_request_records_nothing(client: TestClient, auth: HeaderFactory) -> None:
    programme_id = add_programme(client, grading=Grading.danish_7_point)
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    enrolment_id = nominate(client, auth, programme_id, add_person(client, "Anne"))["id"]
    decide(client, hr(auth), enrolment_id, "approve", cohort_id=cohort_id)
    before = events(client, auth)

    refused = [
        client.post(f"{ENROLMENTS}/{enrolment_id}/decline", json={"note": "x"}, headers=hr(auth)),
        client.post(f"{ENROLMENTS}/{enrolment_id}/complete", json={"grade": 5}, headers=hr(auth)),
        client.patch(
            f"/api/v1/cohorts/{cohort_id}", json={"status": "completed"}, headers=hr(auth)
        ),
    ]

    assert [response.status_code for response in refused] == [409, 422, 409]
    assert events(client, auth) == before


# --- who reads it ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "roles",
    [("participant",), ("leader",), ("facilitator",), ("participant", "leader", "facilitator")],
)
def test_only_hr_reads_the_trail(
    client: TestClient, auth: HeaderFactory, roles: tuple[str, ...]
) -> None:
    event_id = create_audit_event(client, auth)["event_id"]
    headers = auth(HEDENSTED, *roles)
    for url in (AUDIT, f"{AUDIT}/{event_id}", f"{AUDIT}?format=csv"):
        response = client.get(url, headers=headers)
        assert response.status_code == 403, (url, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    integration = auth(HEDENSTED, "integration", scope="people:write people:read")
    assert client.get(AUDIT, headers=integration).status_code == 403


def test_another_municipality_sees_none_of_the_events(
    client: TestClient, auth: HeaderFactory
) -> None:
    event_id = create_audit_event(client, auth)["event_id"]
    assert events(client, auth, HORSENS) == []
    assert client.get(f"{AUDIT}/{event_id}", headers=hr(auth, HORSENS)).status_code == 404
    own = client.get(f"{AUDIT}/{event_id}", headers=hr(auth))
    assert own.status_code == 200 and own.json()["action"] == "enrolment.declined"


def test_the_api_cannot_change_an_event(client: TestClient, auth: HeaderFactory) -> None:
    event_id = create_audit_event(client, auth)["event_id"]
    before = client.get(f"{AUDIT}/{event_id}", headers=hr(auth)).json()
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for url in (AUDIT, f"{AUDIT}/{event_id}"):
            response = client.request(method, url, json={"after": {}}, headers=hr(auth))
            assert response.status_code == 405, (method, url)
    assert client.get(f"{AUDIT}/{event_id}", headers=hr(auth)).json() == before


# --- filters, pages, CSV ---------------------------------------------------------------------


def test_filters_and_pages(client: TestClient, auth: HeaderFactory) -> None:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    unit = add_org_unit(client, "Team Øst")
    add_leader(client, unit, "leder-1")
    people = [add_person(client, f"Deltager {n}", org_unit_id=unit) for n in range(3)]
    leader = auth(HEDENSTED, "leader", sub="leder-1")
    leader_id = me(client, leader)
    nominated = [
        nominate(client, auth, programme_id, person, cohort_id=cohort_id, headers=leader)["id"]
        for person in people
    ]
    for enrolment_id in nominated[:2]:
        decide(client, hr(auth), enrolment_id, "approve")
    everything = events(client, auth)
    assert len(everything) == 6  # the cohort's creation, three nominations, two approvals
    times = [event["occurred_at"] for event in everything]
    assert times == sorted(times)

    assert [e["id"] for e in events(client, auth, action="enrolment.approved")] == [
        e["id"] for e in everything if e["action"] == "enrolment.approved"
    ]
    assert {e["object_id"] for e in events(client, auth, actor_person_id=leader_id)} == set(
        nominated
    )
    assert len(events(client, auth, object_type="enrolment", object_id=nominated[0])) == 2
    assert events(client, auth, object_type="programme") == []
    second = everything[1]["occurred_at"]
    assert events(client, auth, **{"from": second}) == everything[1:]
    assert events(client, auth, to=second) == everything[:1]

    pages: list[list[str]] = []
    params: dict[str, Any] = {"limit": 2}
    while True:
        page = client.get(AUDIT, params=params, headers=hr(auth)).json()
        pages.append([event["id"] for event in page["items"]])
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert [len(page) for page in pages] == [2, 2, 2]
    assert [event_id for page in pages for event_id in page] == [e["id"] for e in everything]

    for bad in ({"action": "enrolment.deleted"}, {"from": "2026-01-01T00:00:00"}, {"actor": "x"}):
        assert client.get(AUDIT, params=bad, headers=hr(auth)).status_code == 422, bad


def test_csv_holds_every_matching_event(client: TestClient, auth: HeaderFactory) -> None:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    enrolment_id = nominate(client, auth, programme_id, add_person(client, "Anne"))["id"]
    decide(client, hr(auth), enrolment_id, "approve", cohort_id=cohort_id, note='=1+1; "god"')

    by_header = client.get(
        AUDIT, params={"object_id": enrolment_id}, headers={**hr(auth), "Accept": "text/csv"}
    )
    by_query = client.get(
        AUDIT, params={"object_id": enrolment_id, "format": "csv", "limit": 1}, headers=hr(auth)
    )

    assert by_header.status_code == 200, by_header.text
    assert by_header.headers["content-type"].startswith("text/csv")
    assert by_query.content == by_header.content
    text_rows = by_header.content.decode("utf-8-sig").split("\r\n")
    assert text_rows[0] == (
        "occurred_at;actor_person_id;actor_client;action;object_type;object_id;before;after"
    )
    assert len([row for row in text_rows if row]) == 3  # header, nominated, approved
    cells = cells_of(by_header.content)
    assert "enrolment.approved" in cells
    approved_after = next(cell for cell in cells if '"note"' in cell)
    assert approved_after.startswith("{") and "=1+1" in approved_after


# --- append-only, in the database itself -----------------------------------------------------


@pytest.mark.postgres_only
def test_the_application_role_may_only_insert_and_read_events(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    event_id = create_audit_event(client, auth)["event_id"]
    for statement in (
        "UPDATE audit_events SET after = '{}' WHERE id = :id",
        "DELETE FROM audit_events WHERE id = :id",
        "TRUNCATE audit_events",
    ):
        session = TenantSession(engine, HEDENSTED, settings.app_db_role)
        try:
            with pytest.raises(DBAPIError, match="permission denied"):
                session.execute(text(statement), {"id": uuid.UUID(event_id)})
        finally:
            session.rollback()
            session.close()
    session = TenantSession(engine, HEDENSTED, settings.app_db_role)
    try:
        count = session.execute(text("SELECT count(*) FROM audit_events")).scalar_one()
        assert count == 3  # the cohort's creation, the nomination, its decline: all there
    finally:
        session.rollback()
        session.close()


def test_places_a_larger_cohort_fills_are_recorded_as_the_resizers(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id, capacity=1)["id"]
    placed, waiting = (
        nominate(client, auth, programme_id, add_person(client, name), cohort_id=cohort_id)["id"]
        for name in ("Anne", "Bo")
    )
    decide(client, hr(auth), placed, "approve")
    decide(client, hr(auth), waiting, "approve")
    resizer = auth(HEDENSTED, "hr_admin", sub="hr-2")
    grown = client.patch(f"/api/v1/cohorts/{cohort_id}", json={"capacity": 2}, headers=resizer)
    assert grown.status_code == 200, grown.text
    promoted = events(client, auth, action="enrolment.promoted")
    assert [(e["object_id"], e["actor_person_id"]) for e in promoted] == [
        (waiting, me(client, resizer))
    ]
