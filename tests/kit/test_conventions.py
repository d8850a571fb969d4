"""Conventions every route keeps: problem details, pagination, idempotency, body limit."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import system_session
from praksis.kit.idempotency import IdempotencyRecord
from praksis.kit.limits import BodyLimitMiddleware
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory

URL = "/api/v1/kerneopgaver"
PROBLEM = "application/problem+json"


def body(title: str = "Læring", **extra: Any) -> dict[str, Any]:
    return {"title": title, "citizen_outcome": "At barnet bliver klar til uddannelse.", **extra}


def count_kerneopgaver(engine: Engine) -> int:
    with system_session(engine) as session:
        return session.exec(select(func.count()).select_from(Kerneopgave)).one()


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    assert problem["type"].startswith("urn:praksis:problem:")
    assert problem["title"] and problem["detail"]
    return problem


# --- problem details -------------------------------------------------------------------------


def test_unknown_api_route_is_a_problem_404(client: TestClient, auth: HeaderFactory) -> None:
    assert_problem(client.get("/api/v1/nowhere", headers=auth()), 404)
    assert_problem(client.post("/api/v1/nowhere", json={}), 404)


def test_wrong_method_is_a_problem_405(client: TestClient, auth: HeaderFactory) -> None:
    problem = assert_problem(client.put(URL, json=body(), headers=auth()), 405)
    assert "PUT" in problem["detail"]


def test_missing_token_is_a_problem_401_with_bearer_challenge(client: TestClient) -> None:
    response = client.get(URL)
    assert_problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_validation_errors_list_each_field(client: TestClient, auth: HeaderFactory) -> None:
    problem = assert_problem(client.post(URL, json={"position": "first"}, headers=auth()), 422)
    locations = {error["location"] for error in problem["errors"]}
    assert {"body.title", "body.citizen_outcome", "body.position"} <= locations


def test_malformed_json_is_a_problem_422(client: TestClient, auth: HeaderFactory) -> None:
    response = client.post(
        URL, content=b"{not json", headers={**auth(), "content-type": "application/json"}
    )
    assert_problem(response, 422)


def test_non_uuid_id_is_a_problem_422(client: TestClient, auth: HeaderFactory) -> None:
    assert_problem(client.get(f"{URL}/not-a-uuid", headers=auth()), 422)


def test_partner_token_without_municipality_may_not_use_tenant_routes(
    client: TestClient, auth: HeaderFactory
) -> None:
    headers = auth(None, "partner", partner="kl", sub="kl-analyst")
    assert_problem(client.get(URL, headers=headers), 403)
    me = client.get("/api/v1/me", headers=headers).json()
    assert me["partner"] == "kl" and me["municipality"] is None and me["person"] is None


# --- body limit ------------------------------------------------------------------------------


def test_body_over_the_limit_is_refused_with_413(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    huge = body(description="æ" * 600_000)
    assert_problem(client.post(URL, json=huge, headers=auth()), 413)
    assert count_kerneopgaver(engine) == 0


def test_streamed_body_over_the_limit_is_refused_with_413(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    def chunks() -> Any:
        for _ in range(40):
            yield b"x" * 65_536

    response = client.post(
        URL, content=chunks(), headers={**auth(), "content-type": "application/json"}
    )
    assert_problem(response, 413)
    assert count_kerneopgaver(engine) == 0


# --- pagination ------------------------------------------------------------------------------


def test_cursor_pages_cover_every_item_once_in_stable_order(
    client: TestClient, auth: HeaderFactory
) -> None:
    for index in range(7):
        client.post(URL, json=body(f"Opgave {index}", position=index % 3), headers=auth())
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get(URL, params=params, headers=auth()).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = client.get(URL, params={"limit": 200}, headers=auth()).json()
    assert pages == 3
    assert seen == [item["id"] for item in everything["items"]]
    assert len(set(seen)) == 7
    assert everything["next_cursor"] is None


def test_rows_added_between_pages_do_not_shift_the_next_page(
    client: TestClient, auth: HeaderFactory
) -> None:
    for index in range(4):
        client.post(URL, json=body(f"Opgave {index}", position=10 + index), headers=auth())
    first = client.get(URL, params={"limit": 2}, headers=auth()).json()
    client.post(URL, json=body("Først", position=0), headers=auth())
    second = client.get(
        URL, params={"limit": 2, "cursor": first["next_cursor"]}, headers=auth()
    ).json()
    assert [k["title"] for k in second["items"]] == ["Opgave 2", "Opgave 3"]


@pytest.mark.parametrize("limit", [0, 201, -1, "many"])
def test_limit_outside_1_to_200_is_refused(
    client: TestClient, auth: HeaderFactory, limit: Any
) -> None:
    assert_problem(client.get(URL, params={"limit": limit}, headers=auth()), 422)


@pytest.mark.parametrize("cursor", ["garbage", "WzFd", "W10", "WyJ4IiwieSJd"])
def test_tampered_cursor_is_refused(client: TestClient, auth: HeaderFactory, cursor: str) -> None:
    assert_problem(client.get(URL, params={"cursor": cursor}, headers=auth()), 422)


# --- idempotency -----------------------------------------------------------------------------


def test_retry_with_same_key_and_body_returns_first_response_and_creates_nothing(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    headers = {**auth(), "Idempotency-Key": "opret-læring-1".encode().hex()}
    first = client.post(URL, json=body(), headers=headers)
    retry = client.post(URL, json=body(), headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["location"] == first.headers["location"]
    assert retry.headers["idempotent-replayed"] == "true"
    assert count_kerneopgaver(engine) == 1


def test_same_key_with_another_body_is_refused(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    headers = {**auth(), "Idempotency-Key": "key-1"}
    assert client.post(URL, json=body(), headers=headers).status_code == 201
    assert_problem(client.post(URL, json=body("Beskæftigelse"), headers=headers), 422)
    assert count_kerneopgaver(engine) == 1


def test_keys_are_per_caller_and_per_municipality(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    key = {"Idempotency-Key": "shared"}
    assert client.post(URL, json=body(), headers={**auth(), **key}).status_code == 201
    other = {**auth(HEDENSTED, "hr_admin", sub="another-hr"), **key}
    assert client.post(URL, json=body("Andet"), headers=other).status_code == 201
    assert client.post(URL, json=body(), headers={**auth(HORSENS), **key}).status_code == 201
    assert count_kerneopgaver(engine) == 3


def test_failed_request_does_not_use_up_the_key(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    headers = {**auth(), "Idempotency-Key": "retry-after-fix"}
    assert client.post(URL, json={"title": "Læring"}, headers=headers).status_code == 422
    assert client.post(URL, json=body(), headers=headers).status_code == 201
    with system_session(engine) as session:
        assert len(session.exec(select(IdempotencyRecord)).all()) == 1


def test_invalid_key_is_refused(client: TestClient, auth: HeaderFactory, engine: Engine) -> None:
    headers = {**auth(), "Idempotency-Key": "x" * 256}
    assert_problem(client.post(URL, json=body(), headers=headers), 422)
    assert count_kerneopgaver(engine) == 0


def test_concurrent_retries_with_one_key_create_one_row(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    headers = {**auth(), "Idempotency-Key": "parallel"}
    responses: list[Any] = []
    barrier = threading.Barrier(4)

    def send() -> None:
        barrier.wait()
        responses.append(client.post(URL, json=body(), headers=headers))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    created = [r for r in responses if r.status_code == 201]
    assert len(created) >= 1
    assert all(r.status_code in (201, 409) for r in responses), [r.text for r in responses]
    assert len({r.json()["id"] for r in created}) == 1
    assert count_kerneopgaver(engine) == 1


def test_unknown_query_parameter_is_refused(client: TestClient, auth: HeaderFactory) -> None:
    problem = assert_problem(client.get(URL, params={"activ": "true"}, headers=auth()), 422)
    assert problem["errors"] == [{"location": "query.activ", "message": "unknown parameter"}]


def test_repeated_single_valued_query_parameter_is_refused(
    client: TestClient, auth: HeaderFactory
) -> None:
    response = client.get(f"{URL}?active=true&active=false", headers=auth())
    problem = assert_problem(response, 422)
    assert problem["errors"] == [{"location": "query.active", "message": "given more than once"}]


def test_a_body_longer_than_its_declared_length_ends_as_a_disconnect() -> None:
    """A declared length within the limit streams through; more than the limit never reaches
    the app (a server that does not hold the client to its Content-Length)."""
    seen: list[dict[str, Any]] = []

    async def app(_scope: Any, receive: Any, _send: Any) -> None:
        while True:
            message = await receive()
            seen.append(message)
            if message["type"] != "http.request" or not message.get("more_body"):
                return

    arriving = [
        {"type": "http.request", "body": b"x" * 600, "more_body": True},
        {"type": "http.request", "body": b"x" * 600, "more_body": False},
    ]

    async def receive() -> dict[str, Any]:
        return arriving.pop(0)

    scope = {"type": "http", "headers": [(b"content-length", b"1000")], "path": "/"}
    asyncio.run(BodyLimitMiddleware(app, max_body_bytes=1024)(scope, receive, None))  # type: ignore[arg-type]
    assert [message["type"] for message in seen] == ["http.request", "http.disconnect"]
