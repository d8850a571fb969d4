"""The stored bookings follow every change to who a workshop holds and when, and on
PostgreSQL the database refuses two overlapping bookings of one person.

(The races those bookings exist for: ``tests/concurrency/test_booking_races.py``.)
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from praksis.cohorts.models import Cohort
from praksis.enrolments.models import EnrolmentStatus
from praksis.kit.db import system_session, tenant_session
from praksis.workshops.models import WorkshopBooking
from tests.conftest import HEDENSTED, HeaderFactory
from tests.workshops.helpers import (
    WORKSHOPS,
    Arrange,
    Programme2Modules,
    create_workshop,
    hr,
    moment,
    workshop_body,
)

ENROLMENTS = "/api/v1/enrolments"
COHORTS = "/api/v1/cohorts"
Booked = set[tuple[str, uuid.UUID, datetime, datetime]]


def booked(engine: Engine) -> Booked:
    """Every stored booking: (workshop id, person, starts, ends)."""
    with system_session(engine) as session:
        rows = session.exec(select(WorkshopBooking)).all()
        return {(str(r.workshop_id), r.person_id, r.starts_at, r.ends_at) for r in rows}


def held(workshop: dict[str, Any], *people: uuid.UUID) -> Booked:
    starts, ends = moment(workshop["starts_at"]), moment(workshop["ends_at"])
    return {(workshop["id"], person, starts, ends) for person in people}


def test_bookings_follow_plans_moves_people_and_cancellation(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme(participants=0)
    anne, bo, newcomer = arrange.person(), arrange.person(), arrange.person()
    anne_place = arrange.enrol(plan.programme_id, plan.cohort_id, anne)
    arrange.enrol(plan.programme_id, plan.cohort_id, bo)
    frida, gert = arrange.person(name="Frida"), arrange.person(name="Gert")
    cohort_lead = arrange.person(name="Holdets facilitator")
    arrange.cohort_facilitator(plan.cohort_id, cohort_lead)
    workshop = create_workshop(client, auth, plan, facilitator_ids=[str(frida)])
    # the cohort's participants and facilitator, and the facilitator named on the workshop
    assert booked(engine) == held(workshop, anne, bo, cohort_lead, frida)

    url = f"{WORKSHOPS}/{workshop['id']}"
    moved = client.patch(
        url,
        json={"starts_at": "2026-03-12T10:00:00+01:00", "ends_at": "2026-03-12T12:00:00+01:00"},
        headers=hr(auth),
    ).json()
    assert booked(engine) == held(moved, cohort_lead, anne, bo, frida)

    client.patch(url, json={"facilitator_ids": [str(gert)]}, headers=hr(auth))
    assert booked(engine) == held(moved, cohort_lead, anne, bo, gert)

    withdrawn = client.post(f"{ENROLMENTS}/{anne_place}/withdraw", json={}, headers=hr(auth))
    assert withdrawn.json()["status"] == "withdrawn", withdrawn.text
    assert booked(engine) == held(moved, cohort_lead, bo, gert)

    nomination = arrange.enrol(
        plan.programme_id, plan.cohort_id, newcomer, EnrolmentStatus.nominated
    )
    approved = client.post(f"{ENROLMENTS}/{nomination}/approve", json={}, headers=hr(auth))
    assert approved.json()["status"] == "approved", approved.text
    assert booked(engine) == held(moved, cohort_lead, bo, gert, newcomer)

    client.patch(url, json={"title": "Workshop 1: Ny titel"}, headers=hr(auth))
    assert booked(engine) == held(moved, cohort_lead, bo, gert, newcomer)

    other_cohort = arrange.second_cohort(plan)
    carla = arrange.participant(plan, cohort_id=other_cohort)
    elsewhere = client.patch(url, json={"cohort_id": str(other_cohort)}, headers=hr(auth))
    assert elsewhere.status_code == 200, elsewhere.text
    assert booked(engine) == held(moved, carla, gert)  # the other cohort has no facilitator

    assert client.delete(url, headers=hr(auth)).status_code == 204
    assert booked(engine) == set()


def clash_of(workshop: dict[str, Any], *people: uuid.UUID) -> dict[str, Any]:
    """How a 409's ``conflicts`` names the workshop."""
    return {
        "workshop_id": workshop["id"],
        "title": workshop["title"],
        "starts_at": workshop["starts_at"],
        "person_ids": sorted(str(person) for person in people),
    }


def test_a_workshop_is_refused_while_its_cohorts_facilitator_is_busy_then(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme(participants=1)
    other = arrange.second_cohort(plan)
    lead = arrange.person(name="Proceskonsulent")  # facilitates both cohorts
    arrange.cohort_facilitator(plan.cohort_id, lead)
    arrange.cohort_facilitator(other, lead)
    first = create_workshop(client, auth, plan)  # 09:00–15:00
    afternoon = {"starts_at": "2026-03-05T14:00:00+01:00", "ends_at": "2026-03-05T16:00:00+01:00"}
    refused = client.post(
        WORKSHOPS,
        json=workshop_body(plan, **afternoon, cohort_id=str(other), title="Hold 2"),
        headers=hr(auth),
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["detail"] == (
        "1 person would be booked into two overlapping workshops; "
        "1 other workshop(s) clash with this time."
    )
    assert refused.json()["conflicts"] == [clash_of(first, lead)]

    second = create_workshop(
        client,
        auth,
        plan,
        cohort_id=str(other),
        starts_at="2026-03-06T09:00:00+01:00",
        ends_at="2026-03-06T15:00:00+01:00",
        title="Hold 2",
    )
    before = booked(engine)
    assert before == held(first, lead, *plan.participant_ids) | held(second, lead)
    moved = client.patch(f"{WORKSHOPS}/{second['id']}", json=afternoon, headers=hr(auth))
    assert moved.status_code == 409, moved.text
    assert moved.json()["conflicts"] == [clash_of(first, lead)]
    assert booked(engine) == before

    # cancelling frees the facilitator's time
    assert client.delete(f"{WORKSHOPS}/{first['id']}", headers=hr(auth)).status_code == 204
    moved = client.patch(f"{WORKSHOPS}/{second['id']}", json=afternoon, headers=hr(auth))
    assert moved.status_code == 200, moved.text
    assert booked(engine) == held(moved.json(), lead)


def test_a_cohort_cannot_get_a_facilitator_who_is_busy_at_one_of_its_workshops(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme(participants=1)
    talent = arrange.hedensted_programme(participants=0, cohort_name="Talent 2016")
    busy, free = arrange.person(name="Optaget"), arrange.person(name="Ledig")
    mine = create_workshop(client, auth, plan)  # 09:00–15:00
    theirs = create_workshop(
        client,
        auth,
        talent,
        title="Talentdag",
        starts_at="2026-03-05T14:00:00+01:00",
        ends_at="2026-03-05T16:00:00+01:00",
        facilitator_ids=[str(busy)],
    )
    before = booked(engine)
    url = f"{COHORTS}/{plan.cohort_id}"

    def change_facilitators(*people: uuid.UUID) -> Any:
        body = {"facilitator_ids": [str(person) for person in people]}
        return client.patch(url, json=body, headers=hr(auth))

    refused = change_facilitators(free, busy)
    assert refused.status_code == 409, refused.text
    assert refused.json()["detail"] == (
        "1 of the cohort's facilitators would be booked into two overlapping workshops: "
        "the cohort's workshops overlap 1 of their other workshops."
    )
    assert refused.json()["conflicts"] == [clash_of(theirs, busy)]
    assert client.get(url, headers=hr(auth)).json()["facilitator_ids"] == []  # nothing changed
    assert booked(engine) == before

    assert change_facilitators(free).status_code == 200
    assert booked(engine) == before | held(mine, free)
    # named on the workshop as well, and a participant: still booked once
    arrange.enrol(plan.programme_id, plan.cohort_id, free)
    named = client.patch(
        f"{WORKSHOPS}/{mine['id']}", json={"facilitator_ids": [str(free)]}, headers=hr(auth)
    )
    assert named.status_code == 200, named.text
    assert booked(engine) == before | held(mine, free)
    assert change_facilitators().status_code == 200
    assert booked(engine) == before | held(mine, free)  # named and a participant still
    client.patch(f"{WORKSHOPS}/{mine['id']}", json={"facilitator_ids": []}, headers=hr(auth))
    assert booked(engine) == before | held(mine, free)  # a participant still


def two_overlapping_workshops(
    client: TestClient, auth: HeaderFactory, plan: Programme2Modules
) -> tuple[dict[str, Any], dict[str, Any]]:
    """09:00–15:00 and 14:00–16:00 for the plan's cohort: planning allows it while the
    workshops hold nobody."""
    first = create_workshop(client, auth, plan)
    second = create_workshop(
        client,
        auth,
        plan,
        title="Parallel",
        starts_at="2026-03-05T14:00:00+01:00",
        ends_at="2026-03-05T16:00:00+01:00",
    )
    return first, second


def test_a_new_facilitator_of_a_cohort_whose_own_workshops_overlap_is_refused(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme(participants=0)
    first, second = two_overlapping_workshops(client, auth, plan)
    lead = arrange.person()
    body = {"facilitator_ids": [str(lead)]}
    refused = client.patch(f"{COHORTS}/{plan.cohort_id}", json=body, headers=hr(auth))
    assert refused.status_code == 409, refused.text
    assert refused.json()["conflicts"] == [clash_of(first, lead), clash_of(second, lead)]
    assert booked(engine) == set()


def test_a_workshop_cancelled_by_patch_books_nobody(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme(participants=2)
    workshop = create_workshop(client, auth, plan)
    assert len(booked(engine)) == 2
    url = f"{WORKSHOPS}/{workshop['id']}"
    assert client.patch(url, json={"status": "cancelled"}, headers=hr(auth)).status_code == 200
    assert booked(engine) == set()


def test_someone_on_the_waiting_list_whose_workshops_clash_keeps_waiting(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme(participants=0)
    leaving = arrange.person()
    place = arrange.enrol(plan.programme_id, plan.cohort_id, leaving)
    with tenant_session(engine, HEDENSTED, arrange.app_role) as session:
        session.exec(update(Cohort).where(Cohort.id == plan.cohort_id).values(capacity=1))
    busy, free = arrange.person(name="Optaget"), arrange.person(name="Ledig")
    arrange.enrol(plan.programme_id, plan.cohort_id, busy, EnrolmentStatus.waitlisted)
    arrange.enrol(plan.programme_id, plan.cohort_id, free, EnrolmentStatus.waitlisted)
    talent = arrange.hedensted_programme(participants=0, cohort_name="Talentledere 2015")
    arrange.enrol(talent.programme_id, talent.cohort_id, busy)
    theirs = create_workshop(client, auth, talent, starts_at="2026-03-05T14:00:00+01:00")
    workshop = create_workshop(client, auth, plan)  # 09:00–15:00, overlaps theirs
    withdrawn = client.post(f"{ENROLMENTS}/{place}/withdraw", json={}, headers=hr(auth))
    assert withdrawn.status_code == 200, withdrawn.text

    def status(person: uuid.UUID) -> str:
        params = {"person_id": str(person), "cohort_id": str(plan.cohort_id)}
        items = client.get(ENROLMENTS, params=params, headers=hr(auth)).json()["items"]
        return str(items[0]["status"])

    assert (status(busy), status(free)) == ("waitlisted", "approved")
    assert booked(engine) == held(theirs, busy) | held(workshop, free)


def test_nobody_joins_a_cohort_whose_own_workshops_overlap(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme(participants=0)
    first, second = two_overlapping_workshops(client, auth, plan)
    person = arrange.person()
    nomination = arrange.enrol(plan.programme_id, plan.cohort_id, person, EnrolmentStatus.nominated)
    response = client.post(f"{ENROLMENTS}/{nomination}/approve", json={}, headers=hr(auth))
    assert response.status_code == 409, response.text
    problem = response.json()
    assert problem["detail"] == (
        "2 of the cohort's own workshops overlap each other, so a participant would be booked "
        "into two at once; move them apart before approving anyone."
    )
    assert [(c["workshop_id"], c["person_ids"]) for c in problem["conflicts"]] == [
        (first["id"], [str(person)]),
        (second["id"], [str(person)]),
    ]
    assert booked(engine) == set()


@pytest.mark.postgres_only
def test_the_database_refuses_two_overlapping_bookings_of_one_person(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme(participants=1)
    other = arrange.hedensted_programme(participants=0, cohort_name="Hold 2 2016")
    person = plan.participant_ids[0]
    first = create_workshop(client, auth, plan)  # 09:00–15:00
    second = create_workshop(
        client,
        auth,
        other,
        starts_at="2026-03-06T09:00:00+01:00",
        ends_at="2026-03-06T15:00:00+01:00",
    )
    starts = moment(first["starts_at"])  # rows written by hand, at the times given here

    def book(workshop: dict[str, Any], starts_at: datetime) -> None:
        with tenant_session(engine, HEDENSTED, arrange.app_role) as session:
            session.add(
                WorkshopBooking(
                    workshop_id=uuid.UUID(workshop["id"]),
                    person_id=person,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=2),
                )
            )

    with pytest.raises(IntegrityError, match="ex_workshop_bookings_no_double_booking"):
        book(second, starts + timedelta(hours=5))  # 14:00–16:00 overlaps 09:00–15:00
    book(second, starts + timedelta(hours=6))  # 15:00–17:00: back to back is fine
    with engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conname = 'ex_workshop_bookings_no_double_booking'"
            )
        ).scalar_one()
    assert found == (
        "EXCLUDE USING gist (municipality_id WITH =, person_id WITH =, "
        "tstzrange(starts_at, ends_at) WITH &&)"
    )
