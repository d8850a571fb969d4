"""``praksis webhooks deliver``: one sweep, as an operator runs it by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

import praksis
from tests.cohorts.helpers import hr
from tests.conftest import Database, HeaderFactory
from tests.webhooks.helpers import ENDPOINTS, deliveries, register
from tests.webhooks.receiver import running_receiver

BACKEND = str(Path(praksis.__file__).resolve().parents[1])


def test_the_command_sends_what_is_due_and_says_how_it_went(
    client: TestClient, auth: HeaderFactory, database: Database
) -> None:
    with running_receiver(answers=[200, 500]) as receiver:
        endpoint = register(client, auth, receiver.url)
        for _ in range(2):
            client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        ran = subprocess.run(
            [sys.executable, "-m", "praksis.cli", "webhooks", "deliver"],
            env={
                "PATH": "/usr/bin:/bin",
                "PYTHONPATH": BACKEND,
                "PRAKSIS_DATABASE_URL": database.url,
                "PRAKSIS_WEBHOOKS_ALLOW_LOCAL_URLS": "true",
            },
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert ran.returncode == 0, ran.stderr
        assert len(receiver.requests()) == 2
    assert "dk-0766: 2 attempt(s)" in ran.stdout
    assert "delivered 1, to retry 1, failed 0" in ran.stdout
    statuses = sorted(item["status"] for item in deliveries(client, auth, endpoint["id"]))
    assert statuses == ["delivered", "pending"]
