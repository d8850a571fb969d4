"""The read path for list pages (kit.reads): the ORM's answers, in one round trip, still
confined to the caller's municipality by the token and by row-level security."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import computed_field, field_serializer
from sqlalchemy import event
from sqlalchemy.engine import Engine

from praksis.kerneopgaver.models import Kerneopgave
from praksis.kerneopgaver.schemas import KerneopgaveRead
from praksis.kerneopgaver.service import KERNEOPGAVER_LIST
from praksis.kit.db import tenant_session
from praksis.kit.pagination import PageRequest
from praksis.kit.reads import CompiledRead, ReadPool, TenantList, TenantReader, read_pool_for
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory

URL = "/api/v1/kerneopgaver"
# Text that JSON writers disagree on when they can: escapes, non-ASCII, separators.
AWKWARD_TEXTS = [
    "Fritid & Fællesskab",
    'Citat "med" anførselstegn og \\ skråstreg',
    "Linje\nskift\tog tab",
    "Styretegn \x01 og \x1f",
    "Emoji 🙂 og \u2028 \u2029 separatorer",
    "ÆØÅ æøå — ½ € <script>",
]


def add_kerneopgaver(engine: Engine, settings: Settings, tenant: str, count: int) -> None:
    """``count`` kerneopgaver with awkward text, tied positions and exact-second times."""
    with tenant_session(engine, tenant, settings.app_db_role) as session:
        for index in range(count):
            text = AWKWARD_TEXTS[index % len(AWKWARD_TEXTS)]
            moment = datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=1)))
            session.add(
                Kerneopgave(
                    title=f"{tenant} {index:02d} {text}",
                    description=text * (index % 3),
                    citizen_outcome=text,
                    position=index % 4,
                    active=index % 5 != 0,
                    created_at=moment + timedelta(seconds=index),  # no microseconds
                    updated_at=datetime.now(UTC),
                )
            )


@pytest.fixture
def two_municipalities(engine: Engine, settings: Settings, municipalities: list[str]) -> None:
    add_kerneopgaver(engine, settings, HEDENSTED, 23)
    add_kerneopgaver(engine, settings, HORSENS, 5)


def pages(client: TestClient, headers: dict[str, str], **params: Any) -> list[bytes]:
    """Every page of the list, following ``next_cursor``."""
    bodies: list[bytes] = []
    cursor: str | None = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get(URL, params=query, headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        bodies.append(response.content)
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return bodies


@pytest.mark.postgres_only
@pytest.mark.usefixtures("two_municipalities")
@pytest.mark.parametrize(
    "params", [{"limit": 4}, {"limit": 50}, {"limit": 3, "active": "true"}, {"active": "false"}]
)
def test_read_path_pages_are_the_orm_pages_byte_for_byte(
    app: FastAPI, auth: HeaderFactory, params: dict[str, Any]
) -> None:
    assert app.state.runtime.reads is not None
    with TestClient(app) as client:
        read_path = pages(client, auth(HEDENSTED, "participant"), **params)
    runtime = app.state.runtime
    pool, runtime.reads = runtime.reads, None
    try:
        with TestClient(app) as client:
            orm = pages(client, auth(HEDENSTED, "participant"), **params)
    finally:
        runtime.reads = pool
    assert read_path == orm
    items = [item for body in read_path for item in _items(body)]
    assert {item["title"][:7] for item in items} == {HEDENSTED}
    if params.get("limit") == 4:
        assert len(read_path) == 6  # 23 rows, 4 a page: the cursor was followed


def _items(body: bytes) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = orjson.loads(body)["items"]
    return items


@pytest.mark.usefixtures("two_municipalities")
def test_list_answers_the_same_json_on_either_path(
    client: TestClient, engine: Engine, app: FastAPI, auth: HeaderFactory, settings: Settings
) -> None:
    """On SQLite the ORM serves the list; on PostgreSQL the read path. Both write what the
    ORM page serialised by pydantic writes."""
    body = client.get(URL, params={"limit": 7}, headers=auth(HORSENS, "leader")).content
    with tenant_session(engine, HORSENS, settings.app_db_role) as session:
        expected = KERNEOPGAVER_LIST.orm_page_json(session, PageRequest(7, None), {})
    assert body == expected
    assert len(_items(body)) == 5
    created = {item["created_at"] for item in _items(body)}
    assert created == {f"2026-03-01T11:00:0{second}Z" for second in range(5)}


@pytest.mark.postgres_only
@pytest.mark.usefixtures("two_municipalities")
def test_a_read_path_request_opens_no_orm_connection(
    client: TestClient, engine: Engine, auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "participant")
    assert client.get(URL, headers=headers).status_code == 200  # caches the caller's person
    checkouts: list[object] = []

    def count_checkout(*args: object) -> None:
        checkouts.append(args)

    event.listen(engine, "checkout", count_checkout)
    try:
        assert client.get(URL, headers=headers).status_code == 200
        assert client.get(URL, params={"active": "true"}, headers=headers).status_code == 200
    finally:
        event.remove(engine, "checkout", count_checkout)
    assert checkouts == []


@pytest.mark.usefixtures("two_municipalities")
def test_the_token_alone_chooses_the_municipality(client: TestClient, auth: HeaderFactory) -> None:
    horsens = auth(HORSENS, "hr_admin")
    items = _items(client.get(URL, params={"limit": 200}, headers=horsens).content)
    assert len(items) == 5
    assert all(item["title"].startswith(HORSENS) for item in items)
    sneaky = client.get(
        URL, params={"municipality_id": HEDENSTED}, headers={**horsens, "X-Tenant": HEDENSTED}
    )
    assert sneaky.status_code == 422
    assert sneaky.headers["content-type"] == "application/problem+json"
    with_header = client.get(URL, headers={**horsens, "X-Tenant": HEDENSTED}).content
    assert {item["title"][:7] for item in _items(with_header)} == {HORSENS}


@pytest.mark.parametrize(
    ("params", "status"),
    [({"cursor": "WyJ4IiwieSJd"}, 422), ({"limit": 0}, 422), ({"active": "perhaps"}, 422)],
)
def test_list_errors_stay_problem_details(
    client: TestClient, auth: HeaderFactory, params: dict[str, Any], status: int
) -> None:
    response = client.get(URL, params=params, headers=auth(HEDENSTED, "participant"))
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status
    unauthenticated = client.get(URL)
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["content-type"] == "application/problem+json"


# --- the reader itself, on PostgreSQL --------------------------------------------------------

UNSCOPED = CompiledRead("SELECT municipality_id FROM kerneopgaver", ())


def read(engine: Engine, settings: Settings, tenant: str, compiled: CompiledRead) -> list[Any]:
    async def run() -> list[Any]:
        pool = read_pool_for(engine, 2)
        assert pool is not None
        try:
            return await TenantReader(pool, tenant, settings.app_db_role).rows(compiled, {})
        finally:
            await pool.close()

    return asyncio.run(run())


@pytest.mark.postgres_only
@pytest.mark.usefixtures("two_municipalities")
def test_an_unscoped_statement_still_sees_only_the_tenants_rows(
    engine: Engine, settings: Settings
) -> None:
    rows = read(engine, settings, HORSENS, UNSCOPED)
    assert sorted(row[0] for row in rows) == [HORSENS] * 5
    assert {row[0] for row in read(engine, settings, HEDENSTED, UNSCOPED)} == {HEDENSTED}


@pytest.mark.postgres_only
@pytest.mark.usefixtures("two_municipalities")
def test_without_a_tenant_no_rows_are_visible(engine: Engine, settings: Settings) -> None:
    assert read(engine, settings, "", UNSCOPED) == []

    async def settings_after_the_read() -> list[Any]:
        pool = read_pool_for(engine, 1)
        assert pool is not None
        try:
            await TenantReader(pool, HORSENS, settings.app_db_role).rows(UNSCOPED, {})
            # the same connection, next message: the role and tenant ended with the last one
            return await pool.rows(
                "SELECT current_user = session_user, current_setting('praksis.tenant', true)", {}
            )
        finally:
            await pool.close()

    [(own_role, tenant)] = asyncio.run(settings_after_the_read())
    assert own_role is True
    assert tenant in (None, "")


@pytest.mark.postgres_only
@pytest.mark.usefixtures("two_municipalities")
@pytest.mark.parametrize("moment", ["created_at", "updated_at"])  # whole seconds; microseconds
def test_a_list_ordered_by_a_moment_pages_as_the_orm_does(
    engine: Engine, settings: Settings, moment: str
) -> None:
    """The read path reads moments as UTC without a zone; its pages and cursors (which hold
    the last row's moment) are still the ORM's, byte for byte."""
    by_moment = TenantList(KerneopgaveRead, Kerneopgave, (getattr(Kerneopgave, moment),))

    async def read_path() -> list[bytes]:
        pool = read_pool_for(engine, 1)
        assert pool is not None
        reader = TenantReader(pool, HEDENSTED, settings.app_db_role)
        bodies, cursor = [], None
        try:
            while not bodies or cursor is not None:
                bodies.append(await by_moment.page_json(reader, PageRequest(4, cursor), {}))
                cursor = orjson.loads(bodies[-1])["next_cursor"]
        finally:
            await pool.close()
        return bodies

    orm, cursor = [], None
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        while not orm or cursor is not None:
            orm.append(by_moment.orm_page_json(session, PageRequest(4, cursor), {}))
            cursor = orjson.loads(orm[-1])["next_cursor"]
    assert asyncio.run(read_path()) == orm
    assert len(orm) == 6  # 23 rows, 4 a page: every cursor followed
    moments = [item[moment] for body in orm for item in _items(body)]
    assert moments == sorted(moments) and all(value.endswith("Z") for value in moments)


@pytest.mark.postgres_only
def test_compiled_list_query_takes_the_tenant_from_the_reader_only() -> None:
    compiled = KERNEOPGAVER_LIST._read(after=True, filter_names=("active",))
    assert compiled.tenant_params
    assert all(f"%({name})s" in compiled.sql for name in compiled.tenant_params)
    assert "dk-" not in compiled.sql


@pytest.mark.postgres_only
def test_a_failed_read_does_not_poison_the_pool(engine: Engine, settings: Settings) -> None:
    async def run() -> list[Any]:
        pool = read_pool_for(engine, 1)
        assert isinstance(pool, ReadPool)
        reader = TenantReader(pool, HORSENS, settings.app_db_role)
        try:
            with pytest.raises(Exception, match="division by zero"):
                await reader.rows(CompiledRead("SELECT 1 / 0", ()), {})
            return await reader.rows(CompiledRead("SELECT 1", ()), {})
        finally:
            await pool.close()

    assert asyncio.run(run()) == [(1,)]


def test_only_models_written_as_plain_json_take_the_read_path() -> None:
    class WithComputedField(KerneopgaveRead):
        @computed_field  # type: ignore[prop-decorator]
        @property
        def shouting(self) -> str:
            return self.title.upper()

    class Trimmed(KerneopgaveRead):
        @field_serializer("title")
        def trim(self, title: str) -> str:
            return title.strip()

    order = (Kerneopgave.position, Kerneopgave.id)
    for schema in (WithComputedField, Trimmed):
        with pytest.raises(TypeError, match="serialises by its own rules"):
            TenantList(schema, Kerneopgave, order)
    assert TenantList(KerneopgaveRead, Kerneopgave, order).names[0] == "id"
