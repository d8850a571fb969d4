"""The ceiling for ``GET /api/v1/kerneopgaver``: a bare ASGI app, no framework.

It answers with the same JSON (``{"items": [...], "next_cursor": ...}``, the same 50 rows in
the same order) from one raw SQL query over the same driver (psycopg 3) and the same server
(uvicorn, one worker). It does no authentication, no tenant session, no ``SET ROLE`` and no
transaction of its own: what is left is the least any Python service must do for this page.

Run by ``kerneopgaver_list.py`` as ``uvicorn --app-dir benchmarks ceiling_app:app`` with
``CEILING_DATABASE_URL`` (required), ``CEILING_TENANT`` and ``CEILING_POOL_SIZE``.
"""

from __future__ import annotations

import asyncio
import base64
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
import psycopg

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Connection = psycopg.AsyncConnection[tuple[Any, ...]]

PATH = "/api/v1/kerneopgaver"
LIMIT = 50
COLUMNS = (
    "id",
    "title",
    "description",
    "citizen_outcome",
    "position",
    "active",
    "created_at",
    "updated_at",
)
QUERY = (
    f"SELECT {', '.join(COLUMNS)} FROM kerneopgaver WHERE municipality_id = %s "
    "ORDER BY position, id LIMIT %s"
)
JSON_HEADERS = [(b"content-type", b"application/json")]
TENANT = os.environ.get("CEILING_TENANT", "dk-0766")


class Pool:
    """A fixed set of open connections, handed out one request at a time."""

    def __init__(self) -> None:
        self._idle: asyncio.Queue[Connection] = asyncio.Queue()
        self._all: list[Connection] = []

    async def open(self, url: str, size: int) -> None:
        for _ in range(size):
            connection = await psycopg.AsyncConnection.connect(url, autocommit=True)
            await connection.execute("SET TimeZone = 'UTC'")
            self._all.append(connection)
            self._idle.put_nowait(connection)

    async def close(self) -> None:
        for connection in self._all:
            await connection.close()

    async def fetch(self, query: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        connection = await self._idle.get()
        try:
            cursor = await connection.execute(query, params)
            return await cursor.fetchall()
        finally:
            self._idle.put_nowait(connection)


pool = Pool()


def page_body(rows: list[tuple[Any, ...]]) -> bytes:
    """The page in Praksis's shape, cursor included (``[position, id]`` of the last row)."""
    items = [dict(zip(COLUMNS, row, strict=True)) for row in rows[:LIMIT]]
    next_cursor = None
    if len(rows) > LIMIT:
        last = items[-1]
        raw = orjson.dumps([last["position"], str(last["id"])])
        next_cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return orjson.dumps({"items": items, "next_cursor": next_cursor}, option=orjson.OPT_UTC_Z)


async def respond(send: Send, status: int, body: bytes) -> None:
    headers = [*JSON_HEADERS, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            url = os.environ["CEILING_DATABASE_URL"]
            await pool.open(url, int(os.environ.get("CEILING_POOL_SIZE", "10")))
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await pool.close()
            await send({"type": "lifespan.shutdown.complete"})
            return


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        await lifespan(receive, send)
        return
    if scope["type"] != "http":
        return
    if scope["method"] != "GET" or scope["path"] != PATH:
        await respond(send, 404, b'{"detail":"not found"}')
        return
    rows = await pool.fetch(QUERY, (TENANT, LIMIT + 1))
    await respond(send, 200, page_body(rows))
