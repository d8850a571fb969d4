"""``praksis serve`` as an operator runs it: every line on stderr is JSON, uvicorn's access log
(raw URLs) is replaced by request lines that name the route template, and neither a bearer
token nor a calendar feed's secret reaches the log."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import httpx
import pytest

from praksis.kit.tls import verified_tls
from tests.concurrency.test_saturation import wait_until
from tests.concurrency.test_shutdown import _answers, _free_port
from tests.conftest import HEDENSTED, TEST_SECRET, Database, HeaderFactory

pytestmark = pytest.mark.postgres_only  # once, on the database production runs on
FEED_SECRET = "Q" * 43


def test_serve_writes_json_lines_with_request_ids_and_no_secrets(
    database: Database, municipalities: list[str], auth: HeaderFactory
) -> None:
    port = _free_port()
    environment = {
        **os.environ,
        "PRAKSIS_DATABASE_URL": database.url,
        "PRAKSIS_JWT_SECRET": TEST_SECRET,
        "PRAKSIS_ENVIRONMENT": "test",
        "PRAKSIS_LOG_LEVEL": "debug",
        "PRAKSIS_METRICS_ENABLED": "true",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from praksis.cli import main; main()",
            "serve",
            *["--port", str(port)],
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    headers = auth(HEDENSTED, "hr_admin", email="mette@hedensted.dk")
    token = headers["Authorization"].removeprefix("Bearer ")
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _answers(url), "praksis serve answers /healthz", within_seconds=180)
        with httpx.Client(base_url=url, timeout=30, verify=verified_tls()) as client:
            me = client.get("/api/v1/me", headers={**headers, "X-Request-ID": "op-1"})
            feed = client.get(f"/api/v1/calendar/{HEDENSTED}.{FEED_SECRET}.ics")
            scraped = client.get("/metrics")
        assert me.status_code == 200
        assert me.headers["X-Request-ID"] == "op-1"
        assert feed.status_code == 404
        assert scraped.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)

    lines = [line for line in stderr.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert any(r["logger"] == "uvicorn.error" for r in records)  # uvicorn's own, as JSON
    assert not any(r["logger"] == "uvicorn.access" for r in records)
    assert not any("color_message" in r for r in records)  # no terminal colours in the JSON
    (me_line,) = [r for r in records if r.get("request_id") == "op-1"]
    assert me_line["route"] == "/api/v1/me"
    assert me_line["municipality_id"] == HEDENSTED
    assert me_line["status"] == 200
    feed_lines = [r for r in records if r.get("route") == "/api/v1/calendar/{token}.ics"]
    assert [r["status"] for r in feed_lines] == [404]
    for secret in (FEED_SECRET, token, "mette@hedensted.dk"):
        assert secret not in stderr
