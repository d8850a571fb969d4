"""Clashing bookings that arrive at once: exactly one wins, the other is told the same 409
as when it comes second, and afterwards nobody is in two overlapping workshops.

Each round releases its requests together (a barrier, over real HTTP to a live server) so
that both usually pass the services' read-then-write check before either commits; what
makes the outcome exact is the exclusion constraint of ``workshop_bookings`` (PostgreSQL;
SQLite serialises its writers). Several rounds, fresh data each, no sleeps.
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from praksis.enrolments.models import EnrolmentStatus
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HeaderFactory
from tests.live_server import LiveServer
from tests.workshops.helpers import WORKSHOPS, Arrange, Programme2Modules, workshop_body

ROUNDS = 6
ENROLMENTS = "/api/v1/enrolments"
Call = Callable[[httpx.Client], httpx.Response]

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def arrange(engine: Engine, settings: Settings, municipalities: list[str]) -> Arrange:
    return Arrange(engine, settings)


@pytest.fixture
def hr(auth: HeaderFactory) -> dict[str, str]:
    return auth(HEDENSTED, "hr_admin")


def at_once(server: LiveServer, calls: list[Call]) -> list[httpx.Response]:
    """Each call from its own thread and connection, released together."""
    barrier = threading.Barrier(len(calls), timeout=60)

    def run(call: Call) -> httpx.Response:
        with server.client() as client:
            assert client.get("/healthz").status_code == 200  # connected before the start
            barrier.wait()
            return call(client)

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def post(url: str, body: dict[str, Any], headers: dict[str, str]) -> Call:
    return lambda client: client.post(url, json=body, headers=headers)


def patch(url: str, body: dict[str, Any], headers: dict[str, str]) -> Call:
    return lambda client: client.patch(url, json=body, headers=headers)


def one_winner(
    responses: list[httpx.Response], success: int = 201
) -> tuple[int, httpx.Response, dict[str, Any]]:
    """The index of the one success, its response, and the other's 409 problem."""
    statuses = [response.status_code for response in responses]
    assert sorted(statuses) == sorted([success, 409]), [r.text for r in responses]
    winner = statuses.index(success)
    loser = responses[1 - winner]
    assert loser.headers["content-type"] == "application/problem+json"
    return winner, responses[winner], loser.json()


def first_won(responses: list[httpx.Response], success: int) -> bool:
    """Of two clashing calls, the first answering ``success`` or the second 201, the other
    told 409: whether the first won."""
    statuses = [response.status_code for response in responses]
    assert statuses in ([success, 409], [409, 201]), [r.text for r in responses]
    return statuses[0] == success


def assert_names_only(problem: dict[str, Any], workshop_id: str, person: uuid.UUID) -> None:
    """The 409 names that one workshop as the clash, for that person."""
    named = [(c["workshop_id"], c["person_ids"]) for c in problem["conflicts"]]
    assert named == [(workshop_id, [str(person)])]


def day(number: int, start: str = "09:00", end: str = "15:00") -> tuple[str, str]:
    date = f"2026-03-{number + 2:02d}"
    return f"{date}T{start}:00+01:00", f"{date}T{end}:00+01:00"


def assert_nobody_double_booked(engine: Engine) -> None:
    """From the raw tables, not the stored bookings: whom every scheduled workshop holds
    (its cohort's participants and facilitators, its named facilitators). Nobody twice at
    once, and the stored bookings are exactly those."""
    held_sql = """
        SELECT w.id, e.person_id, w.starts_at, w.ends_at FROM workshops w
        JOIN enrolments e ON e.municipality_id = w.municipality_id AND e.cohort_id = w.cohort_id
        WHERE w.status = 'scheduled' AND e.status IN ('approved', 'completed')
        UNION
        SELECT w.id, c.person_id, w.starts_at, w.ends_at FROM workshops w
        JOIN cohort_facilitators c ON c.municipality_id = w.municipality_id
          AND c.cohort_id = w.cohort_id
        WHERE w.status = 'scheduled'
        UNION
        SELECT w.id, f.person_id, w.starts_at, w.ends_at FROM workshops w
        JOIN workshop_facilitators f ON f.municipality_id = w.municipality_id
          AND f.workshop_id = w.id
        WHERE w.status = 'scheduled'
    """
    with engine.connect() as connection:  # the owner: no tenant policy in the way
        held = {tuple(row) for row in connection.execute(text(held_sql))}
        stored = {
            tuple(row)
            for row in connection.execute(
                text("SELECT workshop_id, person_id, starts_at, ends_at FROM workshop_bookings")
            )
        }
    assert held
    by_person: dict[uuid.UUID, list[tuple[datetime, datetime]]] = defaultdict(list)
    for _workshop, person, starts, ends in held:
        by_person[person].append((starts, ends))
    for person, slots in by_person.items():
        slots.sort()
        for (_start, end), (next_start, _end) in itertools.pairwise(slots):
            assert end <= next_start, f"{person} is booked twice at {next_start}"
    assert stored == held


def test_two_identical_workshops_for_one_cohort_at_once(
    server: LiveServer, arrange: Arrange, hr: dict[str, str], engine: Engine
) -> None:
    for number in range(ROUNDS):
        plan = arrange.hedensted_programme(participants=3, cohort_name=f"Hold {number}")
        body = workshop_body(plan, *day(number))
        responses = at_once(server, [post(WORKSHOPS, body, hr), post(WORKSHOPS, body, hr)])
        _winner, created, problem = one_winner(responses)
        assert_refused_naming_the_clash(problem, "3 people", created, body, plan.participant_ids)
    assert_nobody_double_booked(engine)


@pytest.mark.parametrize(
    "facilitating", ["named on both", "of both cohorts", "of one cohort, named on the other"]
)
def test_two_clashing_workshops_for_one_facilitator_at_once(
    server: LiveServer, arrange: Arrange, hr: dict[str, str], engine: Engine, facilitating: str
) -> None:
    """Issue 18: a cohort's own facilitator is held by its workshops as much as a named one."""
    for number in range(ROUNDS):
        plan = arrange.hedensted_programme(participants=1, cohort_name=f"Hold {number}")
        other = arrange.second_cohort(plan, f"Hold {number} B")
        arrange.participant(plan, cohort_id=other)
        facilitator = arrange.person(name=f"Proceskonsulent {number}")
        named: dict[str, Any] = {"facilitator_ids": [str(facilitator)]}
        named_on_other = named
        if facilitating != "named on both":  # booked by the cohort, not named
            named = {}
            arrange.cohort_facilitator(plan.cohort_id, facilitator)
        if facilitating == "of both cohorts":
            named_on_other = {}
            arrange.cohort_facilitator(other, facilitator)
        morning = workshop_body(plan, *day(number, "09:00", "12:00"), **named)
        noon = workshop_body(
            plan,
            *day(number, "11:00", "14:00"),
            cohort_id=str(other),
            title="Workshop 1, hold B",
            **named_on_other,
        )
        responses = at_once(server, [post(WORKSHOPS, morning, hr), post(WORKSHOPS, noon, hr)])
        winner, created, problem = one_winner(responses)
        won = (morning, noon)[winner]
        assert_refused_naming_the_clash(problem, "1 person", created, won, [facilitator])
    assert_nobody_double_booked(engine)


def assert_refused_naming_the_clash(
    problem: dict[str, Any],
    who: str,
    created: httpx.Response,
    created_body: dict[str, Any],
    people: Iterable[uuid.UUID],
) -> None:
    """The loser's 409 names the workshop that won and the people it would double-book."""
    assert problem["detail"] == (
        f"{who} would be booked into two overlapping workshops; "
        "1 other workshop(s) clash with this time."
    )
    assert problem["conflicts"] == [
        {
            "workshop_id": created.json()["id"],
            "title": created_body["title"],
            "starts_at": created_body["starts_at"],
            "person_ids": sorted(str(person) for person in people),
        }
    ]


def nominated_elsewhere(arrange: Arrange, person: uuid.UUID, number: int) -> Programme2Modules:
    """Another programme's cohort, with the person nominated for it."""
    talent = arrange.hedensted_programme(participants=0, cohort_name=f"Talent {number}")
    arrange.enrol(talent.programme_id, talent.cohort_id, person, EnrolmentStatus.nominated)
    return talent


def nomination_of(engine: Engine, person: uuid.UUID, cohort: uuid.UUID) -> str:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT id FROM enrolments WHERE person_id = :p AND cohort_id = :c"),
            {"p": person, "c": cohort},
        ).scalar_one()
    return str(found)


def test_approving_a_place_while_a_clashing_workshop_is_planned_in_the_persons_cohort(
    server: LiveServer, arrange: Arrange, hr: dict[str, str], engine: Engine
) -> None:
    outcomes = set()
    for number in range(ROUNDS):
        mine = arrange.hedensted_programme(participants=2, cohort_name=f"Hold {number}")
        person = mine.participant_ids[0]
        talent = nominated_elsewhere(arrange, person, number)
        with server.client() as client:
            theirs = client.post(
                WORKSHOPS, json=workshop_body(talent, *day(number, "13:00", "16:00")), headers=hr
            ).json()
        nomination = nomination_of(engine, person, talent.cohort_id)
        planned = workshop_body(mine, *day(number, "09:00", "14:00"))
        responses = at_once(
            server,
            [
                post(f"{ENROLMENTS}/{nomination}/approve", {}, hr),
                post(WORKSHOPS, planned, hr),
            ],
        )
        approved, created = responses
        if first_won(responses, success=200):
            outcomes.add("approved")
            problem = created.json()
            assert problem["detail"].startswith("1 person would be booked")
            assert_names_only(problem, theirs["id"], person)
        else:
            outcomes.add("planned")
            problem = approved.json()
            assert problem["detail"] == (
                "The cohort's workshops overlap 1 of the person's other workshops."
            )
            assert_names_only(problem, created.json()["id"], person)
    assert outcomes  # which one wins is up to the database, round by round
    assert_nobody_double_booked(engine)


def test_approving_one_person_into_two_clashing_cohorts_at_once(
    server: LiveServer, arrange: Arrange, hr: dict[str, str], engine: Engine
) -> None:
    for number in range(ROUNDS):
        person = arrange.person(name=f"Travl {number}")
        nominations = []
        for letter, hours in (("A", ("09:00", "12:00")), ("B", ("11:00", "15:00"))):
            talent = nominated_elsewhere(arrange, person, number * 10 + ord(letter))
            with server.client() as client:
                response = client.post(
                    WORKSHOPS, json=workshop_body(talent, *day(number, *hours)), headers=hr
                )
                assert response.status_code == 201, response.text
            nominations.append(nomination_of(engine, person, talent.cohort_id))
        responses = at_once(
            server, [post(f"{ENROLMENTS}/{n}/approve", {}, hr) for n in nominations]
        )
        _winner, approved, problem = one_winner(responses, success=200)
        assert approved.json()["status"] == "approved"
        assert problem["detail"] == (
            "The cohort's workshops overlap 1 of the person's other workshops."
        )
        assert problem["conflicts"][0]["person_ids"] == [str(person)]
    assert_nobody_double_booked(engine)


def test_a_cohort_facilitator_added_while_a_clashing_workshop_names_them(
    server: LiveServer, arrange: Arrange, hr: dict[str, str], engine: Engine
) -> None:
    """The cohort's workshop books its new facilitator, the other workshop books them as
    named: one of the two changes is refused."""
    outcomes = set()
    for number in range(ROUNDS):
        mine = arrange.hedensted_programme(participants=1, cohort_name=f"Hold {number}")
        talent = arrange.hedensted_programme(participants=1, cohort_name=f"Talent {number}")
        facilitator = arrange.person(name=f"Proceskonsulent {number}")
        with server.client() as client:
            ours = client.post(
                WORKSHOPS, json=workshop_body(mine, *day(number, "09:00", "12:00")), headers=hr
            )
            assert ours.status_code == 201, ours.text
        theirs = workshop_body(
            talent, *day(number, "11:00", "14:00"), facilitator_ids=[str(facilitator)]
        )
        become_facilitator = {"facilitator_ids": [str(facilitator)]}
        responses = at_once(
            server,
            [
                patch(f"/api/v1/cohorts/{mine.cohort_id}", become_facilitator, hr),
                post(WORKSHOPS, theirs, hr),
            ],
        )
        changed, planned = responses
        if first_won(responses, success=200):
            outcomes.add("facilitating")
            assert_names_only(planned.json(), ours.json()["id"], facilitator)
        else:
            outcomes.add("planned")
            problem = changed.json()
            assert problem["detail"].startswith("1 of the cohort's facilitators would be booked")
            assert_names_only(problem, planned.json()["id"], facilitator)
    assert outcomes
    assert_nobody_double_booked(engine)
