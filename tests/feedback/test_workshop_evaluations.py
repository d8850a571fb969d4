"""Workshop evaluations: only attendees, once each, anonymous, aggregates from 5 answers."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from praksis.feedback.models import EvaluationReceipt, WorkshopEvaluation
from praksis.kit.db import system_session
from praksis.workshops.models import AttendanceStatus
from tests.conftest import HEDENSTED, HeaderFactory
from tests.feedback.helpers import EVALUATIONS, FeedbackArrange

ANSWERS = [
    (5, 4, 5, "Playmaker-rollen gav mening i min hverdag."),
    (4, 4, 3, ""),
    (3, 2, 4, "For meget oplæg, for lidt afprøvning."),
    (5, 5, 5, "Æblehaven-casen var god."),
    (2, 3, 2, ""),
]


@pytest.fixture
def workshop(arrange: FeedbackArrange) -> dict[str, Any]:
    """A workshop of Hold 1 with six present attendees, one absent, and its facilitator."""
    plan = arrange.hedensted_programme(participants=0)
    facilitator = arrange.person("fie", "Fie Facilitator")
    workshop_id = arrange.workshop(plan, facilitator=facilitator)
    attendees = [f"deltager{n}" for n in range(6)]
    for sub in [*attendees, "fravaerende"]:
        person = arrange.participant(plan, sub=sub)
        status = AttendanceStatus.absent if sub == "fravaerende" else AttendanceStatus.present
        arrange.attendance(workshop_id, person, facilitator, status)
    return {"id": workshop_id, "attendees": attendees, "plan": plan}


def evaluation(workshop_id: Any, answer: tuple[int, int, int, str]) -> dict[str, Any]:
    relevance, learning, usefulness, comment = answer
    return {
        "workshop_id": str(workshop_id),
        "relevance": relevance,
        "learning": learning,
        "usefulness": usefulness,
        "comment": comment,
    }


def evaluate(
    client: TestClient, auth: HeaderFactory, workshop: dict[str, Any], sub: str, index: int = 0
) -> Any:
    return client.post(
        EVALUATIONS,
        json=evaluation(workshop["id"], ANSWERS[index % len(ANSWERS)]),
        headers=auth(HEDENSTED, "participant", sub=sub),
    )


def counts(engine: Engine) -> tuple[int, int]:
    with system_session(engine) as session:
        return (
            session.exec(select(func.count()).select_from(WorkshopEvaluation)).one(),
            session.exec(select(func.count()).select_from(EvaluationReceipt)).one(),
        )


def summary(client: TestClient, headers: dict[str, str], workshop: dict[str, Any]) -> Any:
    return client.get(f"{EVALUATIONS}/{workshop['id']}/summary", headers=headers)


def release(client: TestClient, headers: dict[str, str], workshop: dict[str, Any]) -> Any:
    return client.post(f"{EVALUATIONS}/{workshop['id']}/release", headers=headers)


def test_attendee_evaluates_once_and_learns_only_that_it_was_received(
    client: TestClient, auth: HeaderFactory, engine: Engine, workshop: dict[str, Any]
) -> None:
    response = evaluate(client, auth, workshop, "deltager0")
    assert response.status_code == 201, response.text
    assert response.json() == {"workshop_id": str(workshop["id"]), "received": True}
    again = evaluate(client, auth, workshop, "deltager0", index=1)
    assert again.status_code == 409
    assert counts(engine) == (1, 1)


@pytest.mark.parametrize("sub", ["fravaerende", "ikke-tilmeldt"])
def test_only_those_recorded_present_may_evaluate(
    client: TestClient, auth: HeaderFactory, engine: Engine, workshop: dict[str, Any], sub: str
) -> None:
    assert evaluate(client, auth, workshop, sub).status_code == 403
    assert counts(engine) == (0, 0)


def test_evaluating_an_unknown_workshop_is_404(
    client: TestClient, auth: HeaderFactory, engine: Engine, workshop: dict[str, Any]
) -> None:
    body = evaluation(uuid.uuid4(), ANSWERS[0])
    headers = auth(HEDENSTED, "participant", sub="deltager0")
    assert client.post(EVALUATIONS, json=body, headers=headers).status_code == 404
    assert counts(engine) == (0, 0)


@pytest.mark.parametrize("field", ["relevance", "learning", "usefulness"])
def test_ratings_outside_one_to_five_are_refused(
    client: TestClient, auth: HeaderFactory, engine: Engine, workshop: dict[str, Any], field: str
) -> None:
    body = {**evaluation(workshop["id"], ANSWERS[0]), field: 6}
    headers = auth(HEDENSTED, "participant", sub="deltager0")
    assert client.post(EVALUATIONS, json=body, headers=headers).status_code == 422
    assert counts(engine) == (0, 0)


def test_stored_evaluation_has_no_author_no_time_and_a_random_id(
    client: TestClient, auth: HeaderFactory, engine: Engine, workshop: dict[str, Any]
) -> None:
    columns = {column["name"] for column in inspect(engine).get_columns("workshop_evaluations")}
    assert columns == {
        "municipality_id",
        "id",
        "workshop_id",
        "relevance",
        "learning",
        "usefulness",
        "comment",
    }
    receipt_columns = {c["name"] for c in inspect(engine).get_columns("evaluation_receipts")}
    assert receipt_columns == {"municipality_id", "id", "workshop_id", "person_id"}
    for index, sub in enumerate(workshop["attendees"][:3]):
        assert evaluate(client, auth, workshop, sub, index).status_code == 201
    with system_session(engine) as session:
        ids = session.exec(select(WorkshopEvaluation.id)).all()
    # version 4: random, so neither the order nor the value tells when (or by whom) it came
    assert {uuid.UUID(str(value)).version for value in ids} == {4}


@pytest.mark.parametrize("answered", [0, 4])
def test_results_are_suppressed_below_five_answers(
    client: TestClient,
    auth: HeaderFactory,
    workshop: dict[str, Any],
    answered: int,
) -> None:
    for index, sub in enumerate(workshop["attendees"][:answered]):
        assert evaluate(client, auth, workshop, sub, index).status_code == 201
    assert release(client, auth(HEDENSTED, "hr_admin"), workshop).status_code == 200
    body = summary(client, auth(HEDENSTED, "hr_admin"), workshop).json()
    assert body.pop("released_at") is not None
    assert body == {
        "workshop_id": str(workshop["id"]),
        "responses": answered,
        "minimum_responses": 5,
        "suppressed": True,
        "results": None,
        "comments": None,
    }


def test_results_are_shown_as_aggregates_from_five_answers(
    client: TestClient, auth: HeaderFactory, workshop: dict[str, Any]
) -> None:
    people = workshop["attendees"][:5]
    for index, sub in enumerate(people):
        assert evaluate(client, auth, workshop, sub, index).status_code == 201
    assert release(client, auth(HEDENSTED, "facilitator", sub="fie"), workshop).status_code == 200
    response = summary(client, auth(HEDENSTED, "hr_admin"), workshop)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["responses"] == 5 and body["suppressed"] is False
    assert body["results"]["relevance"] == {"average": 3.8, "distribution": [0, 1, 1, 1, 2]}
    assert body["results"]["learning"] == {"average": 3.6, "distribution": [0, 1, 1, 2, 1]}
    assert body["results"]["usefulness"] == {"average": 3.8, "distribution": [0, 1, 1, 1, 2]}
    assert sorted(body["comments"]) == sorted(a[3] for a in ANSWERS if a[3])
    # aggregates only: nobody who answered is named anywhere in the summary
    assert set(body) == {
        "workshop_id",
        "responses",
        "minimum_responses",
        "released_at",
        "suppressed",
        "results",
        "comments",
    }
    me = client.get("/api/v1/me", headers=auth(HEDENSTED, "participant", sub=people[0])).json()
    assert str(me["person"]["id"]) not in response.text


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("hr", 200),
        ("leader", 403),
        ("own-facilitator", 200),
        ("other-facilitator", 403),
        ("participant", 403),
    ],
)
def test_who_reads_a_workshops_evaluation_summary(
    client: TestClient, auth: HeaderFactory, workshop: dict[str, Any], who: str, status: int
) -> None:
    headers = {
        "hr": auth(HEDENSTED, "hr_admin"),
        "leader": auth(HEDENSTED, "leader", sub="lene"),
        "own-facilitator": auth(HEDENSTED, "facilitator", sub="fie"),
        "other-facilitator": auth(HEDENSTED, "facilitator", sub="frede"),
        "participant": auth(HEDENSTED, "participant", sub="deltager0"),
    }[who]
    assert summary(client, headers, workshop).status_code == status


def test_summary_of_an_unknown_workshop_is_404(client: TestClient, auth: HeaderFactory) -> None:
    response = client.get(
        f"{EVALUATIONS}/{uuid.uuid4()}/summary", headers=auth(HEDENSTED, "participant")
    )
    assert response.status_code == 404


# --- released once: the results never change afterwards (issue 16) ---------------------------


def test_results_show_only_once_released_and_then_never_change(
    client: TestClient, auth: HeaderFactory, workshop: dict[str, Any]
) -> None:
    hr = auth(HEDENSTED, "hr_admin")
    for index, sub in enumerate(workshop["attendees"][:5]):
        assert evaluate(client, auth, workshop, sub, index).status_code == 201
    unreleased = summary(client, hr, workshop).json()
    assert (unreleased["responses"], unreleased["suppressed"]) == (5, True)
    assert unreleased["results"] is None and unreleased["released_at"] is None

    released = release(client, auth(HEDENSTED, "facilitator", sub="fie"), workshop)
    assert released.status_code == 200, released.text
    assert released.json()["suppressed"] is False
    assert summary(client, hr, workshop).json() | {"comments": None} == released.json() | {
        "comments": None
    }
    # the sixth attendee can no longer answer: reading again could otherwise show their answer
    late = evaluate(client, auth, workshop, workshop["attendees"][5], 0)
    assert late.status_code == 409, late.text
    assert "released" in late.json()["detail"]
    assert summary(client, hr, workshop).json()["responses"] == 5
    due = client.get(
        f"{EVALUATIONS}/due",
        headers=auth(HEDENSTED, "participant", sub=workshop["attendees"][5]),
    ).json()
    assert due["items"] == []
    again = release(client, hr, workshop)
    assert again.status_code == 409, again.text


@pytest.mark.parametrize(
    ("who", "status"),
    [("leader", 403), ("other-facilitator", 403), ("participant", 403), ("hr", 200)],
)
def test_who_releases_a_workshops_results(
    client: TestClient, auth: HeaderFactory, workshop: dict[str, Any], who: str, status: int
) -> None:
    headers = {
        "hr": auth(HEDENSTED, "hr_admin"),
        "leader": auth(HEDENSTED, "leader", sub="lene"),
        "other-facilitator": auth(HEDENSTED, "facilitator", sub="frede"),
        "participant": auth(HEDENSTED, "participant", sub="deltager0"),
    }[who]
    assert release(client, headers, workshop).status_code == status


@pytest.mark.postgres_only
def test_a_release_racing_answers_counts_exactly_the_answers_it_acknowledged(
    client: TestClient, auth: HeaderFactory, workshop: dict[str, Any]
) -> None:
    """Answers and a release at once: every answer told 201 is in the released results, every
    later one is told 409, and the released summary is the one read afterwards."""
    attendees = workshop["attendees"]
    start = threading.Barrier(len(attendees) + 1)
    answered: list[int] = []
    released: list[Any] = []

    def answer(index: int, sub: str) -> None:
        start.wait()
        answered.append(evaluate(client, auth, workshop, sub, index).status_code)

    def release_now() -> None:
        start.wait()
        released.append(release(client, auth(HEDENSTED, "hr_admin"), workshop))

    threads = [threading.Thread(target=answer, args=pair) for pair in enumerate(attendees)]
    threads.append(threading.Thread(target=release_now))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert set(answered) <= {201, 409} and len(answered) == len(attendees)
    (response,) = released
    assert response.status_code == 200, response.text
    assert response.json()["responses"] == answered.count(201)
    after = summary(client, auth(HEDENSTED, "hr_admin"), workshop).json()
    assert after["responses"] == answered.count(201)
