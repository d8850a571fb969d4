"""Request ids and the request log: one JSON line per request, by route template."""

from __future__ import annotations

import contextvars
import io
import logging

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from starlette.requests import Request
from starlette.responses import Response

from praksis.app import create_app
from praksis.kit.logs import begin_request, configure_logging, redact
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HeaderFactory
from tests.log_capture import captured_logs

API = "/api/v1"


def test_a_request_id_is_made_returned_and_in_every_line_of_the_request(
    client: TestClient, auth: HeaderFactory
) -> None:
    with captured_logs() as logs:
        response = client.get(f"{API}/kerneopgaver", headers=auth(HEDENSTED, "hr_admin"))
    assert response.status_code == 200
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    lines = [record for record in logs.records() if record.get("request_id") == request_id]
    request_lines = [record for record in lines if record["logger"] == "praksis.requests"]
    assert len(request_lines) == 1
    line = request_lines[0]
    assert line["method"] == "GET"
    assert line["route"] == f"{API}/kerneopgaver"
    assert line["status"] == 200
    assert line["municipality_id"] == HEDENSTED
    assert line["duration_ms"] > 0
    assert line["level"] == "INFO"
    assert "time" in line


def test_a_sane_incoming_request_id_is_kept_and_carried_into_lines_logged_meanwhile(
    client: TestClient, auth: HeaderFactory
) -> None:
    hr = auth(HEDENSTED, "hr_admin")
    with captured_logs() as logs:
        response = client.get(
            f"{API}/people/00000000-0000-7000-8000-000000000000",
            headers={**hr, "X-Request-ID": "lb-4711.a_b:c"},
        )
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "lb-4711.a_b:c"
    (line,) = [r for r in logs.requests() if r.get("request_id") == "lb-4711.a_b:c"]
    assert line["route"] == f"{API}/people/{{person_id}}"  # the template, not the id
    assert line["status"] == 404


def test_an_insane_incoming_request_id_is_replaced(client: TestClient) -> None:
    for sent in ("x" * 65, "mette@hedensted.dk", "a b", ""):
        response = client.get("/healthz", headers={"X-Request-ID": sent})
        returned = response.headers["X-Request-ID"]
        assert returned != sent
        assert len(returned) == 32


def test_every_line_logged_while_serving_carries_the_request_id(
    settings: Settings, engine: Engine, municipalities: list[str]
) -> None:
    app = create_app(settings, engine)

    async def failing(request: Request) -> Response:
        logging.getLogger("praksis.test").warning("about to fail for mette@hedensted.dk")
        raise RuntimeError("broken on purpose")

    app.router.routes.insert(0, APIRoute("/broken/{thing}", failing))
    with captured_logs() as logs, TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/broken/one", headers={"X-Request-ID": "req-1"})
        client.get("/api/v1/unknown/path", headers={"X-Request-ID": "req-2"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "req-1"
    first = [r for r in logs.records() if r.get("request_id") == "req-1"]
    assert [(r["logger"], r["level"]) for r in first] == [
        ("praksis.test", "WARNING"),
        ("praksis.kit.errors", "ERROR"),
        ("praksis.requests", "INFO"),
    ]
    warning, error, request_line = first
    assert warning["message"] == "about to fail for [redacted-email]"
    assert error["route"] == request_line["route"] == "/broken/{thing}"
    assert "broken on purpose" in error["exc_info"]
    assert request_line["status"] == 500
    (unmatched,) = [r for r in logs.requests() if r.get("request_id") == "req-2"]
    assert unmatched["route"] == "<unmatched>"  # never the raw path
    assert "municipality_id" not in unmatched


def test_probes_log_at_debug_only(client: TestClient) -> None:
    with captured_logs("INFO") as logs:
        assert client.get("/healthz").status_code == 200
    assert logs.requests() == []


def test_a_calendar_feed_is_logged_by_its_template(client: TestClient) -> None:
    secret = "A" * 43
    with captured_logs() as logs:
        response = client.get(f"{API}/calendar/{HEDENSTED}.{secret}.ics")
    assert response.status_code == 404
    (line,) = logs.requests()
    assert line["route"] == f"{API}/calendar/{{token}}.ics"
    assert secret not in logs.stream.getvalue()


def test_redaction_removes_tokens_e_mails_and_feed_secrets() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
    feed = f"{HEDENSTED}.{'b' * 43}"
    text = (
        f"Authorization: Bearer {jwt}; token {jwt}; mette.hansen@hedensted.dk; "
        f"GET /api/v1/calendar/{feed}.ics; {feed}"
    )
    redacted = redact(text)
    for secret in (jwt, "mette.hansen@hedensted.dk", feed, "b" * 43, "eyJ"):
        assert secret not in redacted
    assert "/api/v1/calendar/[redacted].ics" in redacted


def test_the_text_format_for_development_has_the_same_fields_and_redaction() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    level_before = root.level
    handler = configure_logging("INFO", "text", stream)

    def log_in_a_request() -> None:
        begin_request("dev-1")
        logging.getLogger("praksis.test").info(
            "signed in as %s", "mette@hedensted.dk", extra={"route": "/api/v1/me"}
        )
        logging.getLogger("praksis.test").debug("below the level")

    try:
        contextvars.copy_context().run(log_in_a_request)
    finally:
        root.removeHandler(handler)
        root.setLevel(level_before)
    (line,) = stream.getvalue().splitlines()
    assert "INFO praksis.test signed in as [redacted-email]" in line
    assert "route=/api/v1/me" in line
    assert "request_id=dev-1" in line
