"""Two recorders of one leader's attendance at a sparring meeting at once (PostgreSQL): each
record applies only to the status its recorder saw, so exactly one wins and the other is told
409; what is stored is the winner's."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from praksis.people.models import OrgUnitLeader
from praksis.settings import Settings
from tests.concurrency.test_booking_races import ROUNDS, at_once, one_winner
from tests.conftest import HEDENSTED, HeaderFactory
from tests.live_server import LiveServer
from tests.workshops.factories import SPARRING
from tests.workshops.helpers import Arrange

pytestmark = pytest.mark.postgres_only


def test_two_records_of_one_invitation_at_once(
    server: LiveServer,
    auth: HeaderFactory,
    engine: Engine,
    settings: Settings,
    municipalities: list[str],
) -> None:
    arrange = Arrange(engine, settings)
    hr = auth(HEDENSTED, "hr_admin")
    for number in range(ROUNDS):
        plan = arrange.hedensted_programme(participants=0, cohort_name=f"Hold {number}")
        unit = arrange.org_unit(f"Afdeling {number}")
        leader = arrange.person(name=f"Leder {number}", org_unit_id=unit)
        arrange._add(OrgUnitLeader(org_unit_id=unit, person_id=leader))
        arrange.enrol(plan.programme_id, plan.cohort_id, arrange.person(org_unit_id=unit))
        body = {
            "programme_id": str(plan.programme_id),
            "title": f"Sparringsmøde {number}",
            "starts_at": "2026-04-01T13:00:00+02:00",
            "ends_at": "2026-04-01T15:00:00+02:00",
        }
        with server.client() as client:
            meeting = client.post(SPARRING, json=body, headers=hr).json()
            url = f"{SPARRING}/{meeting['id']}/invitations"
            (invitation,) = client.get(url, headers=hr).json()["items"]
        put_url = f"{url}/{invitation['id']}"
        statuses = ("attended", "absent")
        responses = at_once(
            server,
            [
                lambda client, status=status, put_url=put_url: client.put(
                    put_url, json={"status": status, "expected_status": "invited"}, headers=hr
                )
                for status in statuses
            ],
        )
        winner, won, problem = one_winner(responses, success=200)
        assert won.json()["status"] == statuses[winner]
        assert (problem["status"], problem["current_status"]) == (409, statuses[winner])
        with engine.connect() as connection:
            stored = connection.execute(
                text("SELECT status FROM sparring_invitations WHERE id = :id"),
                {"id": invitation["id"]},
            ).scalar_one()
        assert stored == statuses[winner]
