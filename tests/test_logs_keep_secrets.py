"""The operator's logs of a whole end-to-end scenario hold no credential and no e-mail.

The Hedensted scenario (tests/test_hedensted_scenario.py) runs through the API with every
log line captured as ``praksis serve`` writes it, at DEBUG: CSV imports with e-mail addresses,
bearer tokens of HR, a leader and a participant, a calendar feed created and fetched by its
secret URL. Every secret the client sent or was given is then looked for in every line.
"""

from __future__ import annotations

import re

import httpx2
from fastapi.testclient import TestClient

from tests import test_hedensted_scenario as scenario
from tests.conftest import HeaderFactory
from tests.log_capture import captured_logs

E_MAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
FEED_TOKEN = re.compile(r"[a-z]{2}-[0-9]{4}\.[A-Za-z0-9_-]{43}")


class Secrets:
    """What the client sent or was given that must never be logged."""

    def __init__(self) -> None:
        self.tokens: set[str] = set()
        self.e_mails: set[str] = set()
        self.feed_tokens: set[str] = set()
        self.requests = 0

    def saw_request(self, request: httpx2.Request) -> None:
        self.requests += 1
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            self.tokens.add(header[7:].strip())
        self.e_mails |= set(E_MAIL.findall(request.content.decode("utf-8", "replace")))

    def saw_response(self, response: httpx2.Response) -> None:
        response.read()
        text = response.text
        self.e_mails |= set(E_MAIL.findall(text))
        self.feed_tokens |= set(FEED_TOKEN.findall(text))

    def every(self) -> set[str]:
        return self.tokens | self.e_mails | self.feed_tokens


def test_no_token_e_mail_or_calendar_secret_in_any_line_of_the_end_to_end_scenario(
    client: TestClient, auth: HeaderFactory
) -> None:
    secrets = Secrets()
    client.event_hooks["request"].append(secrets.saw_request)
    client.event_hooks["response"].append(secrets.saw_response)
    with captured_logs("DEBUG") as logs:
        scenario.test_hedensted_programme_end_to_end_through_the_api(client, auth)
    # the scenario exercised what must be kept out
    assert secrets.tokens and secrets.feed_tokens and len(secrets.e_mails) >= 20
    lines = logs.lines()
    assert len(logs.requests()) == secrets.requests  # one line per request, all captured
    leaks = [(secret, line) for line in lines for secret in secrets.every() if secret in line]
    assert leaks == []
    for line in lines:
        assert not E_MAIL.search(line), line
        assert not FEED_TOKEN.search(line), line
        assert "eyJ" not in line, line
        assert "bearer " not in line.lower() or "Bearer [redacted]" in line, line
    # every request line names its route by template and carries the request's id
    for record in logs.requests():
        assert record["request_id"]
        assert record["route"].startswith("/api/v1/")
        assert record["route"] != "<unmatched>"
    feed_lines = [r for r in logs.requests() if r["route"].endswith(".ics")]
    assert [r["route"] for r in feed_lines] == ["/api/v1/calendar/{token}.ics"]
    assert all(r["municipality_id"] == "dk-0766" for r in logs.requests() if "me" in r["route"])
