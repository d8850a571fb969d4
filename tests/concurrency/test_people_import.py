"""People imports that arrive at once: one per municipality runs, another meanwhile is told
409 at once; imports into two municipalities run side by side."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from praksis.kit.context import TenantContext
from praksis.people import csv_import
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.live_server import LiveServer
from tests.people.support import IMPORT, PEOPLE, PROBLEM

WAIT = 30  # seconds; a test that has to wait this long has failed

InsideImports = Callable[[Callable[[], object]], None]


@pytest.fixture
def inside_imports(monkeypatch: pytest.MonkeyPatch) -> InsideImports:
    """``inside_imports(step)``: each import runs ``step`` right after it took its
    municipality's lock (in the server's thread), before it reads or writes anything."""

    def install(step: Callable[[], object]) -> None:
        hold = csv_import.hold_import_lock

        def hold_then_step(context: TenantContext) -> None:
            hold(context)
            step()

        monkeypatch.setattr(csv_import, "hold_import_lock", hold_then_step)

    return install


def csv_of(count: int) -> bytes:
    return ("external_id,name\n" + "".join(f"HR-{n},Person {n}\n" for n in range(count))).encode()


def post_import(server: LiveServer, headers: dict[str, str], body: bytes) -> httpx.Response:
    with server.client() as client:
        return client.post(IMPORT, content=body, headers={**headers, "content-type": "text/csv"})


@pytest.mark.postgres_only
def test_a_second_import_for_the_municipality_while_one_runs_is_told_409_at_once(
    server: LiveServer, auth: HeaderFactory, inside_imports: InsideImports
) -> None:
    headers = auth(HEDENSTED, "hr_admin")
    refused = threading.Event()
    # the import holding the lock goes on only once the other was refused: without the lock
    # both would wait here in vain and fail
    inside_imports(lambda: refused.wait(WAIT) or pytest.fail("the other was not refused"))
    barrier = threading.Barrier(2, timeout=WAIT)

    def send(body: bytes) -> httpx.Response:
        barrier.wait()
        response = post_import(server, headers, body)
        if response.status_code == 409:
            refused.set()
        return response

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(send, [csv_of(3), csv_of(5)]))
    assert sorted(r.status_code for r in results) == [200, 409], [r.text for r in results]
    done, other = sorted(results, key=lambda response: response.status_code)
    assert other.headers["content-type"] == PROBLEM
    assert other.json()["type"] == "urn:praksis:problem:import-in-progress"
    with server.client() as client:
        people = client.get(PEOPLE, params={"limit": 200}, headers=headers).json()["items"]
    assert len([p for p in people if p["external_id"]]) == done.json()["summary"]["created"]


@pytest.mark.postgres_only
def test_imports_for_two_municipalities_at_once_both_run_and_succeed(
    server: LiveServer, auth: HeaderFactory, inside_imports: InsideImports
) -> None:
    # each import goes on only once the other holds its lock too
    both_inside = threading.Barrier(2, timeout=WAIT)
    inside_imports(both_inside.wait)
    barrier = threading.Barrier(2, timeout=WAIT)

    def send(tenant: str) -> httpx.Response:
        barrier.wait()
        return post_import(server, auth(tenant, "hr_admin"), csv_of(4))

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(send, [HEDENSTED, HORSENS]))
    assert [response.status_code for response in results] == [200, 200]
    assert [response.json()["summary"]["created"] for response in results] == [4, 4]
