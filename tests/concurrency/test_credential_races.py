"""Two revocations of one credential at once (PostgreSQL): the revocation is an UPDATE
conditional on the credential standing, so exactly one changes it and the other is told 409;
the credential is revoked once, with the winner's reason, and the trail holds one event."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.concurrency.test_booking_races import ROUNDS, at_once, one_winner
from tests.conftest import HORSENS, HeaderFactory
from tests.development.test_credentials import _borgerservice_completes, _hr
from tests.live_server import LiveServer

pytestmark = pytest.mark.postgres_only


def test_two_hr_admins_revoke_one_credential_at_once(
    server: LiveServer, client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    _borgerservice_completes(client, auth, count=ROUNDS)  # arranged in process
    credentials = client.get("/api/v1/credentials", params={"limit": 50}, headers=_hr(auth)).json()[
        "items"
    ]
    admins = (auth(HORSENS, "hr_admin", sub="hr-a"), auth(HORSENS, "hr_admin", sub="hr-b"))
    for credential in credentials:
        url = f"/api/v1/credentials/{credential['id']}/revoke"
        responses = at_once(
            server,
            [
                lambda http, headers=headers, reason=reason, url=url: http.post(
                    url, json={"reason": reason}, headers=headers
                )
                for headers, reason in zip(admins, ("Grund A", "Grund B"), strict=True)
            ],
        )
        _winner, won, problem = one_winner(responses, success=200)
        assert problem["status"] == 409
        assert problem["type"].endswith("credential-already-revoked")
        with engine.connect() as connection:
            reason, revoked = connection.execute(
                text(
                    "SELECT c.revocation_reason, e.revoked FROM credentials c "
                    "JOIN credential_status_entries e USING (municipality_id, status_list_index) "
                    "WHERE c.id = :id"
                ),
                {"id": credential["id"]},
            ).one()
            events = connection.execute(
                text(
                    "SELECT count(*) FROM audit_events "
                    "WHERE action = 'credential.revoked' AND object_id = :id"
                ),
                {"id": credential["id"]},
            ).scalar_one()
        assert (reason, revoked, events) == (won.json()["revocation_reason"], True, 1)
