"""The live server answers real HTTP on both databases (the fixture the race tests use)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.conftest import HEDENSTED, HeaderFactory
from tests.live_server import LiveServer


def test_many_clients_at_once_read_their_municipality(
    server: LiveServer, auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "hr_admin")

    def me(_: int) -> tuple[int, str]:
        with server.client() as client:
            response = client.get("/api/v1/me", headers=headers)
            return response.status_code, response.json()["municipality"]["id"]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(me, range(16)))
    assert results == [(200, HEDENSTED)] * 16
