"""State transitions racing each other over real HTTP (PostgreSQL): each race ends one way.
Where the moves exclude each other, one caller wins and every other is told 409
(problem+json); where one may follow the other (a workshop moved, then cancelled), both
apply one after the other. Either way what is stored is what the callers were told.

Each race is run ``ROUNDS`` times on fresh rows. A round's requests are released together by
a barrier, after each caller has made one request on its own connection (so the connection
is open and the server knows the caller), so they reach the database within the same
moment. With the locks of ``docs/concurrency.md`` taken out, each of these tests failed: some
round ended with two winners, a 500 or a stored state nobody was told. No test waits for time
to pass.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import SQLModel

from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.feedback.models import TransferFollowUp
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import tenant_session
from praksis.kit.errors import PROBLEM_TYPE_PREFIX
from praksis.people.models import Person
from praksis.programmes.models import (
    Programme,
    ProgrammeKerneopgave,
    ProgrammeKind,
    ProgrammeModule,
    ProgrammeStatus,
)
from tests.conftest import HEDENSTED, HeaderFactory
from tests.live_server import LiveServer

ROUNDS = 5
CROWD = 8  # requests at once where many race for one thing (more than the test pool's 5)
API = "/api/v1"
ENROLMENTS = f"{API}/enrolments"
COHORTS = f"{API}/cohorts"
PROGRAMMES = f"{API}/programmes"
WORKSHOPS = f"{API}/workshops"
PROJECTS = f"{API}/action-learning-projects"
FOLLOW_UPS = f"{API}/feedback/follow-ups"
JUSTIFICATION = (
    "Teamet skal i højere grad facilitere løsninger sammen med borgerne; forløbet giver os "
    "redskaber til samskabelse i Fritid & Fællesskab."
)


# --- the race ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None = field(default_factory=dict)


def at_once(server: LiveServer, calls: Sequence[Call]) -> list[httpx.Response]:
    """Send every call at the same moment, each from its own thread and connection; the
    answers in the order of the calls."""
    barrier = threading.Barrier(len(calls))

    def send(call: Call) -> httpx.Response:
        with server.client() as client:
            warm = client.get(f"{API}/me", headers=call.headers)
            assert warm.status_code == 200, warm.text
            barrier.wait(timeout=60)
            return client.request(call.method, call.path, headers=call.headers, json=call.body)

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(send, calls))


def assert_conflict(response: httpx.Response) -> None:
    """The loser's answer: 409 problem+json of the one conflict type."""
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["type"], body["status"]) == (f"{PROBLEM_TYPE_PREFIX}conflict", 409)


def the_winner(responses: Sequence[httpx.Response]) -> httpx.Response:
    """The one success among ``responses``; every other answer is a conflict."""
    winners = [response for response in responses if response.status_code in (200, 204)]
    assert len(winners) == 1, [response.status_code for response in responses]
    for response in responses:
        if response is not winners[0]:
            assert_conflict(response)
    return winners[0]


# --- arranging Hedensted ----------------------------------------------------------------------


class Hedensted:
    """Rows of other domains straight into the database; what races, through the API as HR."""

    def __init__(self, server: LiveServer, auth: HeaderFactory, client: httpx.Client) -> None:
        runtime = server.app.state.runtime
        self.engine = runtime.engine
        self.app_role = runtime.settings.app_db_role
        self.auth = auth
        self.client = client
        self.hr = auth(HEDENSTED, "hr_admin")

    def add(self, *rows: SQLModel) -> uuid.UUID:
        """Write the rows in one transaction; the first one's id."""
        with tenant_session(self.engine, HEDENSTED, self.app_role) as session:
            for row in rows:
                session.add(row)
                session.flush()
        identifier: uuid.UUID = rows[0].id  # type: ignore[attr-defined]
        return identifier

    def participant(self, sub: str) -> dict[str, str]:
        return self.auth(HEDENSTED, "participant", sub=sub)

    def person(self, sub: str | None = None) -> str:
        subject = f"praksis-dev|{sub}" if sub else None
        return str(self.add(Person(name=f"Medarbejder {uuid.uuid4().hex[:6]}", subject=subject)))

    def programme(self, status: ProgrammeStatus = ProgrammeStatus.open, **rules: Any) -> str:
        """A programme tied to a kerneopgave, with one module."""
        programme = Programme(
            title="Udviklingsforløb for ledere og nøglepersoner",
            kind=ProgrammeKind.udviklingsforloeb,
            status=status,
            **rules,
        )
        kerneopgave = Kerneopgave(
            title=f"Fritid & Fællesskab {uuid.uuid4().hex[:6]}",
            citizen_outcome="At man kan bidrage til og deltage i fællesskabet.",
        )
        self.add(programme, kerneopgave)
        self.add(
            ProgrammeKerneopgave(programme_id=programme.id, kerneopgave_id=kerneopgave.id),
            ProgrammeModule(programme_id=programme.id, position=1, title="Modul 1"),
        )
        return str(programme.id)

    def kerneopgave_of(self, programme_id: str) -> str:
        return str(self.get(f"{PROGRAMMES}/{programme_id}")["kerneopgave_ids"][0])

    def module_of(self, programme_id: str) -> str:
        return str(self.get(f"{PROGRAMMES}/{programme_id}")["modules"][0]["id"])

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.client.request(method, path, json=body, headers=self.hr)
        assert response.status_code in (200, 201), response.text
        return response.json()

    def get(self, path: str) -> Any:
        return self.send("GET", path)

    def status_code_of(self, path: str) -> int:
        return self.client.get(path, headers=self.hr).status_code

    def cohort(self, programme_id: str, capacity: int = 24) -> str:
        body = {
            "programme_id": programme_id,
            "name": f"Hold {uuid.uuid4().hex[:6]}",
            "capacity": capacity,
        }
        return str(self.send("POST", COHORTS, body)["id"])

    def nominate(self, programme_id: str, person_id: str, cohort_id: str) -> str:
        body = {
            "programme_id": programme_id,
            "person_id": person_id,
            "cohort_id": cohort_id,
            "justification": JUSTIFICATION,
            "team_challenge": "Samskabelse med borgerne",
        }
        return str(self.send("POST", ENROLMENTS, body)["id"])

    def enrolments(
        self,
        programme_id: str,
        cohort_id: str,
        count: int,
        status: EnrolmentStatus = EnrolmentStatus.nominated,
    ) -> list[Enrolment]:
        """``count`` new people enrolled on the cohort in ``status``, in one transaction."""
        people = [Person(name=f"Medarbejder {n}") for n in range(count)]
        enrolments = [
            Enrolment(
                programme_id=uuid.UUID(programme_id),
                cohort_id=uuid.UUID(cohort_id),
                person_id=person.id,
                justification=JUSTIFICATION,
                status=status,
            )
            for person in people
        ]
        self.add(*people, *enrolments)
        return enrolments


@pytest.fixture
def town(server: LiveServer, auth: HeaderFactory) -> Iterator[Hedensted]:
    with server.client() as client:
        yield Hedensted(server, auth, client)


# --- enrolments -------------------------------------------------------------------------------


@pytest.mark.postgres_only
def test_withdrawal_racing_approval_has_one_outcome(server: LiveServer, town: Hedensted) -> None:
    programme = town.programme()
    cohort = town.cohort(programme)
    for round_ in range(ROUNDS):
        sub = f"deltager-{round_}"
        enrolment = town.nominate(programme, town.person(sub), cohort)

        responses = at_once(
            server,
            [
                Call("POST", f"{ENROLMENTS}/{enrolment}/withdraw", town.participant(sub)),
                Call("POST", f"{ENROLMENTS}/{enrolment}/approve", town.hr),
            ],
        )

        withdrawal, approval = responses
        if withdrawal.status_code == approval.status_code == 200:
            # on a busy machine the approval may be done before the withdrawal reads the row:
            # approved, then withdrawn is a legal history (an approved place may be given up)
            told = withdrawal.json()
            assert (approval.json()["status"], told["status"]) == ("approved", "withdrawn")
        else:
            told = the_winner(responses).json()
            assert told["status"] in ("withdrawn", "approved")
        assert town.get(f"{ENROLMENTS}/{enrolment}") == told


@pytest.mark.postgres_only
def test_decline_racing_approval_has_one_outcome(server: LiveServer, town: Hedensted) -> None:
    programme = town.programme()
    cohort = town.cohort(programme)
    for _ in range(ROUNDS):
        enrolment = town.nominate(programme, town.person(), cohort)

        responses = at_once(
            server,
            [
                Call("POST", f"{ENROLMENTS}/{enrolment}/decline", town.hr, {"note": "Næste hold"}),
                Call("POST", f"{ENROLMENTS}/{enrolment}/approve", town.hr),
            ],
        )

        told = the_winner(responses).json()
        assert told["status"] in ("declined", "approved")
        assert town.get(f"{ENROLMENTS}/{enrolment}") == told


@pytest.mark.postgres_only
def test_many_approvals_of_one_enrolment_approve_it_once(
    server: LiveServer, town: Hedensted
) -> None:
    programme = town.programme()
    cohort = town.cohort(programme)
    for round_ in range(ROUNDS):
        enrolment = town.nominate(programme, town.person(), cohort)
        approve = Call("POST", f"{ENROLMENTS}/{enrolment}/approve", town.hr)

        responses = at_once(server, [approve] * CROWD)

        told = the_winner(responses).json()
        assert told["status"] == "approved"
        assert town.get(f"{ENROLMENTS}/{enrolment}") == told
        assert town.get(f"{COHORTS}/{cohort}")["approved_count"] == round_ + 1


@pytest.mark.postgres_only
def test_many_approvals_for_the_last_place_give_it_to_one(
    server: LiveServer, town: Hedensted
) -> None:
    """The domain's rule for a full cohort is its waiting list: one caller gets the place,
    every other is told ``waitlisted``, and that is what is stored."""
    programme = town.programme()
    for _ in range(ROUNDS):
        cohort = town.cohort(programme, capacity=2)
        town.enrolments(programme, cohort, 1, EnrolmentStatus.approved)
        hopefuls = [str(enrolment.id) for enrolment in town.enrolments(programme, cohort, CROWD)]

        responses = at_once(
            server,
            [Call("POST", f"{ENROLMENTS}/{enrolment}/approve", town.hr) for enrolment in hopefuls],
        )

        assert [response.status_code for response in responses] == [200] * CROWD
        told = [response.json() for response in responses]
        assert sorted(answer["status"] for answer in told) == ["approved"] + ["waitlisted"] * (
            CROWD - 1
        )
        assert [town.get(f"{ENROLMENTS}/{enrolment}") for enrolment in hopefuls] == told
        counts = town.get(f"{COHORTS}/{cohort}")
        assert (counts["approved_count"], counts["waitlisted_count"]) == (2, CROWD - 1)


@pytest.mark.postgres_only
def test_a_follow_up_answered_twice_at_once_keeps_one_answer(
    server: LiveServer, town: Hedensted
) -> None:
    ended = date.today() - timedelta(days=100)
    programme = town.programme(ProgrammeStatus.completed, ends_on=ended)
    for round_ in range(ROUNDS):
        sub = f"afsluttet-{round_}"
        person = uuid.UUID(town.person(sub))
        enrolment = town.add(
            Enrolment(
                programme_id=uuid.UUID(programme),
                person_id=person,
                status=EnrolmentStatus.completed,
            )
        )
        follow_up = town.add(
            TransferFollowUp(enrolment_id=enrolment, person_id=person, due_on=ended)
        )
        answer = f"{FOLLOW_UPS}/{follow_up}/answer"

        responses = at_once(
            server,
            [
                Call("POST", answer, town.participant(sub), {"usage": 2, "examples": "Lidt"}),
                Call("POST", answer, town.participant(sub), {"usage": 5, "examples": "Hver dag"}),
            ],
        )

        told = the_winner(responses).json()
        assert town.get(f"{FOLLOW_UPS}/{follow_up}") == told


@pytest.mark.postgres_only
def test_two_buddy_pairs_sharing_a_person_at_once_keep_one(
    server: LiveServer, town: Hedensted
) -> None:
    """Nobody has two buddies in a cohort: of the pairs (a, b) and (b, c) asked for at once,
    one is made, the other refused (the cohort's lock orders its group changes)."""
    programme = town.programme()
    cohort = town.cohort(programme)
    pairs = f"{COHORTS}/{cohort}/buddy-pairs"
    for round_ in range(ROUNDS):
        a, b, c, d = (
            str(enrolment.person_id)
            for enrolment in town.enrolments(programme, cohort, 4, EnrolmentStatus.approved)
        )
        town.send(
            "POST",
            f"{COHORTS}/{cohort}/learning-groups",
            {"name": f"Læringsgruppe {round_}", "member_ids": [a, b, c, d]},
        )

        responses = at_once(
            server,
            [
                Call("POST", pairs, town.hr, {"person_ids": [a, b]}),
                Call("POST", pairs, town.hr, {"person_ids": [b, c]}),
            ],
        )

        winners = [response for response in responses if response.status_code == 201]
        assert len(winners) == 1, [response.status_code for response in responses]
        assert_conflict(next(response for response in responses if response is not winners[0]))
        stored = town.get(f"{pairs}?limit=200")["items"]
        assert [pair for pair in stored if b in pair["person_ids"]] == [winners[0].json()]


# --- lifecycles -------------------------------------------------------------------------------


@pytest.mark.postgres_only
def test_a_running_cohort_completed_and_cancelled_at_once_ends_one_way(
    server: LiveServer, town: Hedensted
) -> None:
    programme = town.programme()
    for _ in range(ROUNDS):
        cohort = town.cohort(programme)
        town.send("PATCH", f"{COHORTS}/{cohort}", {"status": "running"})
        _complete_and_cancel_at_once_ends_as_the_winner_said(server, town, f"{COHORTS}/{cohort}")


@pytest.mark.postgres_only
def test_a_running_programme_completed_and_cancelled_at_once_ends_one_way(
    server: LiveServer, town: Hedensted
) -> None:
    for _ in range(ROUNDS):
        programme = town.programme(ProgrammeStatus.running)
        url = f"{PROGRAMMES}/{programme}"
        _complete_and_cancel_at_once_ends_as_the_winner_said(server, town, url)


def _complete_and_cancel_at_once_ends_as_the_winner_said(
    server: LiveServer, town: Hedensted, url: str
) -> None:
    moves = [Call("PATCH", url, town.hr, {"status": s}) for s in ("completed", "cancelled")]
    told = the_winner(at_once(server, moves)).json()
    assert town.get(url) == told


@pytest.mark.postgres_only
def test_a_workshop_cancelled_while_it_is_moved_shows_both_or_refuses_the_move(
    server: LiveServer, town: Hedensted
) -> None:
    """Cancelling is idempotent and final: a move that comes after it is refused (409); one
    that comes before it stays, and the calendar's SEQUENCE counts both changes."""
    programme = town.programme()
    cohort = town.cohort(programme)
    module = town.module_of(programme)
    starts = datetime(2031, 3, 3, 9, tzinfo=UTC)
    for round_ in range(ROUNDS):
        day = starts + timedelta(days=7 * round_)
        planned = town.send(
            "POST",
            WORKSHOPS,
            {
                "module_id": module,
                "cohort_id": cohort,
                "title": "Workshop 1: Udforske borgerens behov",
                "starts_at": day.isoformat(),
                "ends_at": (day + timedelta(hours=3)).isoformat(),
            },
        )
        url = f"{WORKSHOPS}/{planned['id']}"
        moved_to = {
            "starts_at": (day + timedelta(days=1)).isoformat(),
            "ends_at": (day + timedelta(days=1, hours=3)).isoformat(),
        }

        cancel, move = at_once(
            server, [Call("DELETE", url, town.hr, None), Call("PATCH", url, town.hr, moved_to)]
        )

        assert cancel.status_code == 204, cancel.text
        stored = town.get(url)
        assert stored["status"] == "cancelled"
        if move.status_code == 409:
            assert_conflict(move)
            assert (stored["starts_at"], stored["sequence"]) == (
                planned["starts_at"],
                planned["sequence"] + 1,
            )
        else:
            assert move.status_code == 200, move.text
            told = move.json()
            assert (told["status"], told["sequence"]) == ("scheduled", planned["sequence"] + 1)
            assert (stored["starts_at"], stored["sequence"]) == (
                told["starts_at"],
                planned["sequence"] + 2,
            )


@pytest.mark.postgres_only
def test_a_project_deleted_while_its_trial_action_is_done_keeps_one_of_them(
    server: LiveServer, town: Hedensted
) -> None:
    """A project with a done trial action cannot be deleted: either the deletion wins (and
    the trial action is gone: 404) or the trial action is done and the deletion refused."""
    kerneopgave = town.kerneopgave_of(town.programme())
    for _ in range(ROUNDS):
        project = town.send(
            "POST", PROJECTS, {"title": "Borgeren som medskaber", "kerneopgave_id": kerneopgave}
        )
        action = town.send(
            "POST", f"{PROJECTS}/{project['id']}/trial-actions", {"title": "Fællesspisning"}
        )
        action_url = f"{PROJECTS}/{project['id']}/trial-actions/{action['id']}"
        done = {"status": "done", "what_happened": "Ti borgere kom og lavede mad sammen."}

        deletion, marking = at_once(
            server,
            [
                Call("DELETE", f"{PROJECTS}/{project['id']}", town.hr, None),
                Call("PATCH", action_url, town.hr, done),
            ],
        )

        if deletion.status_code == 204:
            assert marking.status_code == 404, marking.text
            assert town.status_code_of(f"{PROJECTS}/{project['id']}") == 404
        else:
            assert_conflict(deletion)
            assert marking.status_code == 200, marking.text
            assert marking.json()["status"] == "done"
            assert town.get(action_url) == marking.json()
