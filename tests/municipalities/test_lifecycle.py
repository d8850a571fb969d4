"""Municipalities on and off (``praksis municipality``): a new one works on a fresh database
without the demo, and one that leaves takes everything it holds with it in an export and
leaves no row behind, while every other municipality keeps all of its own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from praksis import cli
from praksis.app import create_app
from praksis.kit.db import create_db_engine, tenant_tables
from praksis.settings import get_settings
from tests.conftest import (
    HEDENSTED,
    HORSENS,
    Database,
    HeaderFactory,
    make_settings,
    scratch_postgres_database,
)
from tests.kit.test_auth import (  # noqa: F401 - the key and key-set fixtures
    OIDC_AUDIENCE,
    OIDC_ISSUER,
    JwksServer,
    ec_key,
    jwks,
    jwks_server,
    oidc_claims,
    rsa_key,
    sign_with,
)
from tests.workshops.helpers import Arrange

API = "/api/v1"


@pytest.fixture
def praksis(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """``praksis(database_url, *args)``: the command line in this process, on that database."""

    def run(database_url: str, *args: str) -> int:
        monkeypatch.setenv("PRAKSIS_DATABASE_URL", database_url)
        get_settings.cache_clear()
        return cli.main(list(args))

    yield run
    get_settings.cache_clear()


def rows_of(engine: Engine, municipality_id: str) -> dict[str, int]:
    """The municipality's rows per tenant table (as the owner, so nothing hides them)."""
    found: dict[str, int] = {}
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET row_security = off"))
        for table in tenant_tables():
            count = connection.execute(
                text(f"SELECT count(*) FROM {table} WHERE municipality_id = :m"),
                {"m": municipality_id},
            ).scalar_one()
            if count:
                found[table] = count
    return found


def test_add_list_and_rename_and_what_is_refused(
    database: Database, praksis: object, capsys: pytest.CaptureFixture[str]
) -> None:
    run = praksis  # type: ignore[assignment]
    assert run(database.url, "municipality", "add", "dk-0101", "København") == 0
    assert run(database.url, "municipality", "add", "no-0301", "Oslo") == 0
    assert run(database.url, "municipality", "rename", "dk-0101", "Københavns Kommune") == 0
    capsys.readouterr()
    assert run(database.url, "municipality", "list") == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [
        "dk-0101\tKøbenhavns Kommune\tEurope/Copenhagen",
        "no-0301\tOslo\tEurope/Oslo",
    ]
    for refused, reason in [
        (["add", "dk-0101", "Igen"], "exists already"),
        (["add", "dk-101", "Kort"], "not a municipality id"),
        (["add", "se-0180", "Stockholm"], "not a municipality id"),
        (["add", "dk-0102", "Frederiksberg", "--time-zone", "Mars/Base"], "IANA time zone"),
        (["add", "dk-0102", "  "], "1 to 100 characters"),
        (["rename", "dk-0999", "Ingen"], "no municipality dk-0999"),
    ]:
        assert run(database.url, "municipality", *refused) == 1
        assert reason in capsys.readouterr().err
    run(database.url, "municipality", "list")
    assert capsys.readouterr().out.splitlines() == listed  # nothing refused was written


def test_remove_exports_everything_then_deletes_only_that_municipality(
    database: Database,
    engine: Engine,
    municipalities: list[str],
    client: TestClient,
    auth: HeaderFactory,
    praksis: object,
    tmp_path: Path,
) -> None:
    run = praksis  # type: ignore[assignment]
    settings = make_settings(database.url)
    Arrange(engine, settings, HEDENSTED).hedensted_programme(participants=4)
    Arrange(engine, settings, HORSENS).hedensted_programme(participants=3)
    for tenant in (HEDENSTED, HORSENS):
        assert client.get(f"{API}/me", headers=auth(tenant, "hr_admin")).status_code == 200
    for tenant in (HEDENSTED, HORSENS):  # an audited change: the trail is append-only
        unit = {"name": "Sundhed og Omsorg", "kind": "forvaltning"}
        created = client.post(f"{API}/org-units", json=unit, headers=auth(tenant, "hr_admin"))
        assert created.status_code == 201, created.text
    hedensted_before = rows_of(engine, HEDENSTED)
    horsens_before = rows_of(engine, HORSENS)
    assert hedensted_before["enrolments"] == 4
    assert hedensted_before["audit_events"] >= 1

    export = tmp_path / "hedensted.json"
    assert (
        run(
            database.url,
            "municipality",
            "remove",
            HEDENSTED,
            "--export",
            str(export),
            "--confirm",
            HEDENSTED,
        )
        == 0
    )

    document = json.loads(export.read_bytes())
    assert document["format"] == "praksis-municipality-export"
    assert document["municipality"]["name"] == "Hedensted"
    exported = {name: len(rows) for name, rows in document["tables"].items() if rows}
    assert exported == hedensted_before
    assert all(
        row["municipality_id"] == HEDENSTED for rows in document["tables"].values() for row in rows
    )
    assert rows_of(engine, HEDENSTED) == {}
    assert rows_of(engine, HORSENS) == horsens_before
    # a process started after the removal (a running one forgets within its caches' minute)
    with TestClient(create_app(settings, engine)) as fresh:
        assert fresh.get(f"{API}/me", headers=auth(HEDENSTED, "hr_admin")).status_code == 401
        assert fresh.get(f"{API}/me", headers=auth(HORSENS, "hr_admin")).status_code == 200


def test_remove_needs_the_id_confirmed_and_a_new_file(
    database: Database,
    engine: Engine,
    municipalities: list[str],
    praksis: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = praksis  # type: ignore[assignment]
    Arrange(engine, make_settings(database.url), HEDENSTED).hedensted_programme()
    before = rows_of(engine, HEDENSTED)
    taken = tmp_path / "taken.json"
    taken.write_text("keep me")
    attempts = [
        ["--export", str(tmp_path / "a.json"), "--confirm", HORSENS],
        ["--export", str(taken), "--confirm", HEDENSTED],
    ]
    for attempt in attempts:
        assert run(database.url, "municipality", "remove", HEDENSTED, *attempt) == 1
    assert "--confirm must repeat the id" in capsys.readouterr().err
    assert taken.read_text() == "keep me"
    assert not (tmp_path / "a.json").exists()
    assert rows_of(engine, HEDENSTED) == before


@pytest.mark.postgres_only
def test_a_fresh_database_serves_an_added_municipality_without_the_demo(
    database: Database,
    praksis: object,
    jwks: JwksServer,  # noqa: F811
    rsa_key: object,  # noqa: F811
) -> None:
    run = praksis  # type: ignore[assignment]
    with scratch_postgres_database("praksis_fresh") as url:
        assert run(url, "migrate") == 0
        assert run(url, "municipality", "add", "dk-0101", "København") == 0
        engine = create_db_engine(url)
        settings = make_settings(
            url, oidc_issuer=OIDC_ISSUER, oidc_audience=OIDC_AUDIENCE, oidc_jwks_url=jwks.url
        )
        token = sign_with(rsa_key, oidc_claims(tenant="dk-0101", sub="kbh-hr"), "RS256", "rsa-1")  # type: ignore[arg-type]
        headers = {"Authorization": f"Bearer {token}"}
        try:
            with TestClient(create_app(settings, engine)) as client:
                me = client.get(f"{API}/me", headers=headers)
                assert me.status_code == 200, me.text
                assert me.json()["municipality"]["name"] == "København"
                created = client.post(
                    f"{API}/kerneopgaver",
                    json={
                        "title": "Ældreplejen",
                        "citizen_outcome": "At borgeren klarer sig selv.",
                    },
                    headers=headers,
                )
                assert created.status_code == 201, created.text
        finally:
            engine.dispose()


@pytest.mark.postgres_only
def test_the_same_id_added_at_the_same_moment_is_refused_not_a_database_error(
    database: Database, engine: Engine
) -> None:
    """The second ``add`` of one id passed the "exists already" read before the first
    committed: its insert waits on the primary key and is then refused in the same words."""
    from concurrent.futures import ThreadPoolExecutor

    from praksis.municipalities.service import MunicipalityRefused, add_municipality
    from tests.concurrency.test_shutdown import sessions_waiting_for_a_lock

    with engine.connect() as first, ThreadPoolExecutor(1) as pool:
        first.execute(
            text(
                "INSERT INTO municipalities "
                "(id, country, official_code, name, time_zone, created_at) "
                "VALUES ('dk-0101', 'DK', '0101', 'København', 'Europe/Copenhagen', now())"
            )
        )
        second = pool.submit(add_municipality, engine, "dk-0101", "København", None)
        while sessions_waiting_for_a_lock(database) == 0 and not second.done():
            pass
        first.commit()
        with pytest.raises(MunicipalityRefused, match="exists already"):
            second.result(timeout=30)
