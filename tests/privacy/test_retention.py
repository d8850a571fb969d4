"""Retention: `praksis erase-leavers` erases people who left more than N months ago."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from praksis import cli
from praksis.privacy.service import erase_leavers, months_before
from praksis.settings import Settings, get_settings
from tests.conftest import HEDENSTED, HORSENS, Database, HeaderFactory
from tests.feedback.helpers import Scene, as_
from tests.privacy.helpers import FORMER_EMPLOYEE, PEOPLE, ok

TODAY = date(2026, 12, 3)


def _leaves(client: TestClient, auth: HeaderFactory, person: object, day: str) -> None:
    ok(client.patch(f"{PEOPLE}/{person}", json={"left_on": day}, headers=auth(HEDENSTED)))


def _person(
    client: TestClient, auth: HeaderFactory, person: object, tenant: str = HEDENSTED
) -> dict[str, object]:
    body: dict[str, object] = ok(client.get(f"{PEOPLE}/{person}", headers=auth(tenant)))
    return body


@pytest.fixture
def leavers(client: TestClient, auth: HeaderFactory, scene: Scene) -> dict[str, object]:
    """Anne left 13 months ago, Bo 11 months ago, Lene (who still leads a unit) long ago,
    and someone in Horsens 2 years ago; Cecilie has not left."""
    people = scene.people
    _leaves(client, auth, people["anne"], "2025-11-02")
    _leaves(client, auth, people["bo"], "2026-01-10")
    _leaves(client, auth, people["lene"], "2024-06-30")
    horsens = ok(
        client.post(
            PEOPLE,
            json={"name": "Hans Horsens", "email": "hans@horsens.dk", "left_on": "2024-12-01"},
            headers=auth(HORSENS),
        ),
        201,
    )
    return {**people, "horsens": horsens["id"]}


def test_leavers_past_the_retention_period_are_erased_in_each_municipality(
    client: TestClient,
    auth: HeaderFactory,
    engine: Engine,
    settings: Settings,
    leavers: dict[str, object],
) -> None:
    reports = erase_leavers(engine, settings.app_db_role, 12, TODAY)

    assert reports[HEDENSTED].erased == [leavers["anne"]]
    assert list(reports[HEDENSTED].blocked) == [leavers["lene"]]
    assert "Hjemmeplejen Nord" in reports[HEDENSTED].blocked[leavers["lene"]]  # type: ignore[index]
    assert [str(p) for p in reports[HORSENS].erased] == [leavers["horsens"]]
    anne = _person(client, auth, leavers["anne"])
    assert (anne["name"], anne["left_on"], anne["erased_at"] is not None) == (
        FORMER_EMPLOYEE,
        None,
        True,
    )
    assert _person(client, auth, leavers["horsens"], HORSENS)["email"] is None
    for kept in ("bo", "lene", "cecilie"):
        assert _person(client, auth, leavers[kept])["erased_at"] is None, kept
    [event] = ok(
        client.get(
            "/api/v1/audit",
            params={"object_id": str(leavers["anne"]), "action": "person.erased"},
            headers=auth(HEDENSTED),
        )
    )["items"]
    assert (event["actor_person_id"], event["actor_client"]) == (None, "praksis erase-leavers")
    # a second run finds nobody new
    again = erase_leavers(engine, settings.app_db_role, 12, TODAY)
    assert again[HEDENSTED].erased == [] and again[HORSENS].erased == []


def test_a_dry_run_erases_nobody(
    client: TestClient,
    auth: HeaderFactory,
    engine: Engine,
    settings: Settings,
    leavers: dict[str, object],
) -> None:
    reports = erase_leavers(engine, settings.app_db_role, 12, TODAY, dry_run=True)

    assert reports[HEDENSTED].erased == [leavers["anne"]]
    assert _person(client, auth, leavers["anne"])["erased_at"] is None


def test_the_command_erases_only_with_a_retention_period_set(
    client: TestClient,
    auth: HeaderFactory,
    database: Database,
    leavers: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PRAKSIS_DATABASE_URL", database.url)
    monkeypatch.delenv("PRAKSIS_RETENTION_MONTHS_AFTER_LEAVING", raising=False)
    assert _command() == 0
    assert "not set" in capsys.readouterr().out
    assert _person(client, auth, leavers["anne"])["erased_at"] is None

    monkeypatch.setenv("PRAKSIS_RETENTION_MONTHS_AFTER_LEAVING", "12")
    assert _command() == 0
    out = capsys.readouterr().out
    assert f"{HEDENSTED}: erased 1, blocked 1" in out and "erased 2 leaver(s)" in out
    assert _person(client, auth, leavers["anne"])["name"] == FORMER_EMPLOYEE


def test_only_hr_and_the_person_see_when_someone_left(
    client: TestClient, auth: HeaderFactory, leavers: dict[str, object]
) -> None:
    anne = leavers["anne"]
    assert ok(client.get(f"{PEOPLE}/{anne}", headers=as_(auth, "bo")))["left_on"] is None
    assert ok(client.get(f"{PEOPLE}/{anne}", headers=as_(auth, "anne")))["left_on"] == "2025-11-02"
    back = ok(client.patch(f"{PEOPLE}/{anne}", json={"left_on": None}, headers=auth(HEDENSTED)))
    assert back["left_on"] is None


def _command() -> int:
    get_settings.cache_clear()  # the settings as the environment has them now
    try:
        return cli.main(["erase-leavers", "--today", TODAY.isoformat()])
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 3), 12, date(2025, 12, 3)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_months_before_counts_calendar_months(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected
