"""Two moves of one development goal at once (PostgreSQL): the goal's row is locked and its
status checked again, so of two callers starting it from "agreed" exactly one wins and the
other is told 409; the goal is moved once."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.concurrency.test_booking_races import ROUNDS, at_once, one_winner
from tests.conftest import HEDENSTED, HeaderFactory
from tests.live_server import LiveServer

pytestmark = pytest.mark.postgres_only

GOALS = "/api/v1/development-goals"


def test_two_callers_start_one_agreed_goal_at_once(
    server: LiveServer, auth: HeaderFactory, engine: Engine, municipalities: list[str]
) -> None:
    hr = auth(HEDENSTED, "hr_admin")
    for number in range(ROUNDS):
        person = auth(HEDENSTED, "participant", sub=f"goal-racer-{number}")
        with server.client() as client:
            assert client.get("/api/v1/me", headers=person).status_code == 200
            goal = client.post(
                GOALS,
                json={"title": f"Facilitere borgermøder {number}", "review_on": "2027-03-15"},
                headers=person,
            )
            assert goal.status_code == 201, goal.text
            url = f"{GOALS}/{goal.json()['id']}/status"
            agreed = client.post(url, json={"status": "agreed"}, headers=hr)
            assert agreed.status_code == 200, agreed.text
        callers = (person, hr)
        responses = at_once(
            server,
            [
                lambda client, headers=headers, url=url: client.post(
                    url, json={"status": "in_progress"}, headers=headers
                )
                for headers in callers
            ],
        )
        _winner, won, problem = one_winner(responses, success=200)
        assert won.json()["status"] == "in_progress"
        assert problem["status"] == 409
        with engine.connect() as connection:
            stored = connection.execute(
                text("SELECT status FROM development_goals WHERE id = :id"),
                {"id": goal.json()["id"]},
            ).scalar_one()
        assert stored == "in_progress"
