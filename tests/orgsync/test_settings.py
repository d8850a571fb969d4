"""PRAKSIS_OS2MO_CONNECTIONS and PRAKSIS_OS2MO_SYNC_HOURS, read from the environment."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from praksis.settings import Settings

HORSENS_OS2MO = {
    "url": "https://os2mo.horsens.dk",
    "token_url": "https://keycloak.horsens.dk/auth/realms/mo/protocol/openid-connect/token",
    "client_id": "praksis",
    "client_secret": "603f1c82-d012-4d04-9382-dbe659c533fb",
    "root_uuid": "f06ee470-9f17-566f-acbe-e938112d46d9",
}


def test_the_connections_are_read_as_json_keyed_by_municipality(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRAKSIS_OS2MO_CONNECTIONS", json.dumps({"dk-0615": HORSENS_OS2MO}))
    monkeypatch.setenv("PRAKSIS_OS2MO_SYNC_HOURS", "[2, 14]")

    settings = Settings()

    connection = settings.os2mo_connections["dk-0615"]
    assert connection.client_secret is not None
    assert connection.client_secret.get_secret_value() == HORSENS_OS2MO["client_secret"]
    assert HORSENS_OS2MO["client_secret"] not in repr(settings)
    assert (connection.email_address_type, connection.page_size) == ("EmailEmployee", 500)
    assert settings.os2mo_sync_hours == [2, 14]


@pytest.mark.parametrize(
    ("connections", "hours", "refusal"),
    [
        ({"horsens": HORSENS_OS2MO}, "[2]", "is not a municipality id"),
        ({"dk-0615": {**HORSENS_OS2MO, "client_secret": None}}, "[2]", "go together"),
        ({"dk-0615": {**HORSENS_OS2MO, "url": "https://mo.dk/"}}, "[2]", "url"),
        ({"dk-0615": {**HORSENS_OS2MO, "cpr": "yes"}}, "[2]", "Extra inputs"),
        ({}, "[24]", "an hour is 0 to 23"),
    ],
)
def test_a_wrong_connection_or_hour_is_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, connections: object, hours: str, refusal: str
) -> None:
    monkeypatch.setenv("PRAKSIS_OS2MO_CONNECTIONS", json.dumps(connections))
    monkeypatch.setenv("PRAKSIS_OS2MO_SYNC_HOURS", hours)

    with pytest.raises(ValidationError, match=refusal):
        Settings()
