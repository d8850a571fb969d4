"""Two editors who read the same ETag and PATCH at once: exactly one change is made, the
other editor is told 412 (RFC 9110 If-Match), and nothing is silently overwritten.

The test holds the row lock (as the owner) while both PATCHes arrive, and lets go only once
both wait on it, so the requests overlap every time rather than by luck of timing.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.concurrency.test_saturation import (
    KERNEOPGAVER,
    create_kerneopgave,
    row_locked,
    wait_until,
)
from tests.concurrency.test_shutdown import sessions_waiting_for_a_lock
from tests.conftest import HEDENSTED, Database, HeaderFactory
from tests.live_server import LiveServer

EDITORS = ("Redaktør A's titel", "Redaktør B's titel")


@pytest.mark.postgres_only
def test_two_editors_with_the_same_etag_one_wins_the_other_gets_412(
    server: LiveServer, database: Database, auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "hr_admin")
    kerneopgave_id = create_kerneopgave(server, headers, "Social Omsorg")
    url = f"{KERNEOPGAVER}/{kerneopgave_id}"
    with server.client() as client:
        tag = client.get(url, headers=headers).headers["etag"]
    start = threading.Barrier(len(EDITORS))

    def edit(title: str) -> tuple[int, str]:
        with server.client() as editor:
            start.wait()
            response = editor.patch(
                url, json={"title": title}, headers={**headers, "If-Match": tag}
            )
            return response.status_code, title

    with ThreadPoolExecutor(len(EDITORS)) as pool:
        with row_locked(database, "kerneopgaver", kerneopgave_id):
            pending = [pool.submit(edit, title) for title in EDITORS]
            wait_until(
                lambda: sessions_waiting_for_a_lock(database) == len(EDITORS),
                "both editors wait for the row",
            )
        outcomes = [future.result(timeout=60) for future in pending]
    assert sorted(status for status, _title in outcomes) == [200, 412], outcomes
    (winner,) = [title for status, title in outcomes if status == 200]
    with server.client() as client:
        assert client.get(url, headers=headers).json()["title"] == winner
