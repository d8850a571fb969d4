"""Workshop evaluations: only attendees, once each, anonymous, aggregates from 5 answers."""

from __future__ import annotations

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
    body = summary(client, auth(HEDENSTED, "hr_admin"), workshop).json()
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
