"""``Idempotency-Key`` on POST: a retry with the same key and body gets the first response.

The key is scoped to the municipality and the caller. The first response is stored in the
same transaction as the change it reports, so a key is either fully used or not at all.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from fastapi import Request
from sqlalchemy import JSON, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from praksis.kit.auth import Principal
from praksis.kit.db import PartnerSession, TenantOwned, TenantSession, timestamp_field, utc_now
from praksis.kit.errors import InvalidInput
from praksis.kit.ids import new_id

HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
REPLAYED_HEADERS = ("content-type", "location")


class IdempotencyRecord(TenantOwned, table=True):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("municipality_id", "subject", "key"),)

    subject: str = Field(max_length=512)
    key: str = Field(max_length=255)
    request_hash: str = Field(max_length=64)
    status_code: int
    response_body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    response_headers: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = timestamp_field()


class PartnerIdempotencyRecord(SQLModel, table=True):
    """The same for a partner's POSTs (no municipality: partners write partner-owned rows)."""

    __tablename__ = "partner_idempotency_records"
    __table_args__ = (UniqueConstraint("partner", "subject", "key"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    partner: str = Field(max_length=32)
    subject: str = Field(max_length=512)
    key: str = Field(max_length=255)
    request_hash: str = Field(max_length=64)
    status_code: int
    response_body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    response_headers: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = timestamp_field()


StoredResponse = IdempotencyRecord | PartnerIdempotencyRecord


class KeyedContext(Protocol):
    """A request context whose POSTs honour the key: a municipality's or a partner's."""

    principal: Principal

    @property
    def session(self) -> Session: ...


@dataclass(frozen=True)
class PendingKey:
    subject: str
    key: str
    request_hash: str


class IdempotentReplay(Exception):
    """Raised to answer a retried POST with the stored first response."""

    def __init__(self, record: StoredResponse) -> None:
        super().__init__("replay")
        self.record = record

    def response(self) -> Response:
        headers = dict(self.record.response_headers)
        headers["Idempotent-Replayed"] = "true"
        return Response(
            content=self.record.response_body,
            status_code=self.record.status_code,
            headers=headers,
        )


async def check(request: Request, context: KeyedContext) -> None:
    """Before a POST runs: replay a stored response, refuse a reused key, or note the key."""
    if request.method != "POST" or HEADER.lower() not in request.headers:
        return
    key = request.headers[HEADER]
    if not KEY_PATTERN.fullmatch(key):
        raise InvalidInput(f"{HEADER} must be 1–255 visible ASCII characters.")
    request_hash = await _request_hash(request)
    subject = _subject_of(context)
    ttl = timedelta(hours=request.app.state.runtime.settings.idempotency_ttl_hours)
    record = await run_in_threadpool(_find, context.session, subject, key, ttl)
    request.state.idempotency_context = context
    if record is not None:
        if record.request_hash != request_hash:
            raise InvalidInput(
                f"This {HEADER} was already used with a different request; use a new key."
            )
        raise IdempotentReplay(record)
    request.state.idempotency = PendingKey(subject, key, request_hash)


def record(request: Request, context: KeyedContext, response: Response) -> None:
    """Store the first response with the change (called just before the commit)."""
    pending: PendingKey | None = getattr(request.state, "idempotency", None)
    body = getattr(response, "body", None)
    if pending is None or not isinstance(body, bytes):
        return
    headers = {
        name: response.headers[name] for name in REPLAYED_HEADERS if name in response.headers
    }
    values: dict[str, Any] = {
        "subject": pending.subject,
        "key": pending.key,
        "request_hash": pending.request_hash,
        "status_code": response.status_code,
        "response_body": body,
        "response_headers": headers,
    }
    session = context.session
    if isinstance(session, PartnerSession):
        session.add(PartnerIdempotencyRecord(partner=session.partner, **values))
    else:
        session.add(IdempotencyRecord(**values))


async def replay_after_race(request: Request, context: KeyedContext) -> Response | None:
    """After a failed commit: if a concurrent twin stored its response, answer with it."""
    pending: PendingKey | None = getattr(request.state, "idempotency", None)
    if pending is None:
        return None
    runtime = request.app.state.runtime
    role = runtime.settings.app_db_role
    current = context.session
    session: Session = (
        PartnerSession(runtime.engine, current.partner, role)
        if isinstance(current, PartnerSession)
        else TenantSession(runtime.engine, cast(TenantSession, current).tenant, role)
    )
    try:
        ttl = timedelta(hours=runtime.settings.idempotency_ttl_hours)
        found = await run_in_threadpool(_find, session, pending.subject, pending.key, ttl)
    finally:
        await run_in_threadpool(session.close)
    if found is None or found.request_hash != pending.request_hash:
        return None
    return IdempotentReplay(found).response()


def _find(session: Session, subject: str, key: str, ttl: timedelta) -> StoredResponse | None:
    found: StoredResponse | None
    if isinstance(session, PartnerSession):
        found = session.exec(
            select(PartnerIdempotencyRecord).where(
                PartnerIdempotencyRecord.partner == session.partner,
                PartnerIdempotencyRecord.subject == subject,
                PartnerIdempotencyRecord.key == key,
            )
        ).first()
    else:
        found = session.exec(
            select(IdempotencyRecord).where(
                IdempotencyRecord.subject == subject, IdempotencyRecord.key == key
            )
        ).first()
    if found is not None and found.created_at < utc_now() - ttl:
        session.delete(found)
        session.flush()
        return None
    return found


def _subject_of(context: KeyedContext) -> str:
    return f"{context.principal.issuer}|{context.principal.subject}"


async def _request_hash(request: Request) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.url.path, request.url.query):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(await request.body())
    return digest.hexdigest()


def install(app: Any) -> None:
    async def _replay(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, IdempotentReplay)
        return exc.response()

    app.add_exception_handler(IdempotentReplay, _replay)
