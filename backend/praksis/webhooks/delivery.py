"""Sending what the outbox holds: claim what is due, POST it outside any transaction, record
how it went, and schedule a retry with exponential backoff until the schedule runs out.

Every municipality is served in its own tenant transactions, one after the other (the
cross-municipality path of this domain): ``due_deliveries`` finds what the periodic task
queues a job for (``webhooks.tasks``), ``deliver_one`` is that job's work, and
``deliver_due`` (``praksis webhooks deliver``) does it all at once in one process. Each is a
claim, then one short transaction per outcome; no database connection is held while a
receiver is waited for.

A claim takes due rows with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite serialises its
writers) and moves their ``next_attempt_at`` a lease ahead, so another worker neither waits
for them nor finds them due: two workers never send the same attempt. A worker that dies
after its claim leaves the delivery due again when the lease ends (at least once, as the
specification expects; the receiver recognises a retry by its ``webhook-id``). An outcome is
recorded only for the attempt claimed, so a late one cannot overwrite a newer attempt's.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import httpx
from sqlalchemy import delete, text, update
from sqlalchemy.engine import CursorResult, Engine
from sqlmodel import col, select
from sqlmodel.sql.expression import Select

from praksis.kit.db import read_across_municipalities, tenant_session, utc_now
from praksis.kit.tls import verified_tls
from praksis.municipalities.service import list_municipalities
from praksis.settings import Settings
from praksis.webhooks.addresses import MAX_ADDRESSES, AddressRefused, Target, resolve_targets
from praksis.webhooks.models import (
    ERROR_LENGTH,
    PENDING_SQL,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
)
from praksis.webhooks.signing import signed_headers

logger = logging.getLogger(__name__)

# The waits after each failed attempt (as Svix and the Standard Webhooks guidance do): an
# endpoint that is down for a day still gets the event; after the last, the delivery fails.
RETRY_SCHEDULE: tuple[timedelta, ...] = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
MAX_ATTEMPTS = len(RETRY_SCHEDULE) + 1
JITTER = 0.1  # each wait is stretched or shrunk by up to a tenth, so retries spread out
CLAIM_LEASE_MARGIN = timedelta(seconds=60)
QUEUE_BATCH = 50  # due deliveries the periodic task queues at once, per municipality
# sent or failed deliveries are kept this long for the integration to look back at, then
# deleted by the sweep (their payloads name people by id: docs/privacy.md)
KEPT_FOR = timedelta(days=30)
USER_AGENT = "Praksis-Webhooks/1"


@dataclass(frozen=True)
class Claimed:
    """One attempt a worker claimed: what to send, where, and which attempt it is."""

    municipality_id: str
    delivery_id: uuid.UUID
    attempt: int
    url: str
    signing_secrets: tuple[str, ...]
    message_id: str
    body: str


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass
class DeliveryReport:
    """What one sweep did, in total."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    per_municipality: dict[str, int] = field(default_factory=dict)

    @property
    def attempted(self) -> int:
        return self.delivered + self.retrying + self.failed


def deliver_due(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime | None = None,
    municipality_ids: list[str] | None = None,
    client: httpx.Client | None = None,
) -> DeliveryReport:
    """Sends every delivery due at ``now`` (default: when the run starts), municipality by
    municipality, one after the other, and records each outcome."""
    report = DeliveryReport()
    moment = now or utc_now()
    with _http_client(settings, client) as http:
        for municipality_id in municipality_ids or _all_municipalities(engine):
            forget_old_deliveries(engine, settings, municipality_id, moment - KEPT_FOR)
            while claimed := claim_due(engine, settings, municipality_id, moment, limit=1):
                outcome = send(http, claimed[0], settings)
                status = record_outcome(engine, settings, claimed[0], outcome, moment)
                if status is not None:
                    _count(report, municipality_id, status)
    return report


def forget_old_deliveries_everywhere(engine: Engine, settings: Settings, now: datetime) -> None:
    """``forget_old_deliveries`` in every municipality: what was settled ``KEPT_FOR`` ago."""
    for municipality_id in _all_municipalities(engine):
        forget_old_deliveries(engine, settings, municipality_id, now - KEPT_FOR)


def forget_old_deliveries(
    engine: Engine, settings: Settings, municipality_id: str, before: datetime
) -> None:
    """Deletes the municipality's deliveries that were settled (sent or failed) and created
    before ``before``."""
    with tenant_session(engine, municipality_id, settings.app_db_role) as session:
        session.execute(
            delete(WebhookDelivery)
            .where(
                col(WebhookDelivery.status) != DeliveryStatus.pending,
                col(WebhookDelivery.created_at) < before,
            )
            .execution_options(synchronize_session=False)
        )


def claim_due(
    engine: Engine,
    settings: Settings,
    municipality_id: str,
    now: datetime,
    delivery_id: uuid.UUID | None = None,
    *,
    limit: int = 1,
) -> list[Claimed]:
    """Claims up to ``limit`` of the municipality's deliveries due at ``now`` (of active
    endpoints), or only ``delivery_id`` if it is due, in one committed tenant transaction.
    Each is leased for as long as one send may take, so claim only what is sent at once."""
    statement = _due(now).limit(limit).with_for_update(skip_locked=True, of=WebhookDelivery)
    if delivery_id is not None:
        statement = statement.where(WebhookDelivery.id == delivery_id)
    leased_until = _later(now) + send_bound(settings) + CLAIM_LEASE_MARGIN
    with tenant_session(engine, municipality_id, settings.app_db_role) as session:
        claimed = []
        for delivery, endpoint in session.exec(statement).all():
            delivery.attempts += 1
            delivery.last_attempt_at = now
            delivery.next_attempt_at = leased_until
            claimed.append(_claimed(municipality_id, delivery, endpoint, now))
    return claimed


def due_deliveries(
    engine: Engine, settings: Settings, now: datetime, limit: int = QUEUE_BATCH
) -> list[tuple[str, uuid.UUID]]:
    """Up to ``limit`` deliveries due at ``now`` in each municipality that has any (read, not
    claimed): what the periodic task queues a job for."""
    due: list[tuple[str, uuid.UUID]] = []
    for municipality_id in municipalities_with_due_deliveries(engine, settings, now):
        with tenant_session(engine, municipality_id, settings.app_db_role) as session:
            rows = session.exec(_due(now).limit(limit)).all()
            due += [(municipality_id, delivery.id) for delivery, _endpoint in rows]
    return due


def municipalities_with_due_deliveries(
    engine: Engine, settings: Settings, now: datetime
) -> list[str]:
    """The municipalities with a pending delivery due at ``now`` (its endpoint may be paused):
    one read across municipalities as the job scan's role (``PRAKSIS_JOB_SCAN_DB_ROLE``, which
    may read these columns of the deliveries and nothing else, migration 0030), instead of a
    tenant transaction per municipality every few seconds."""
    # the status as the partial index says it, so that the index serves a prepared statement
    statement = (
        select(col(WebhookDelivery.municipality_id))
        .where(text(PENDING_SQL), col(WebhookDelivery.next_attempt_at) <= now)
        .distinct()
        .order_by(col(WebhookDelivery.municipality_id))
    )
    rows = read_across_municipalities(engine, settings.job_scan_db_role, statement)
    return [municipality_id for (municipality_id,) in rows]


def deliver_one(
    engine: Engine,
    settings: Settings,
    municipality_id: str,
    delivery_id: uuid.UUID,
    *,
    now: datetime | None = None,
    client: httpx.Client | None = None,
) -> DeliveryStatus | None:
    """Sends the one delivery if it is still due (a job's work): claimed, sent outside any
    transaction, its outcome recorded. ``None`` if it was not due (sent or claimed by
    another worker meanwhile, its endpoint paused or deleted)."""
    moment = now or utc_now()
    claimed = claim_due(engine, settings, municipality_id, moment, delivery_id)
    if not claimed:
        return None
    with _http_client(settings, client) as http:
        outcome = send(http, claimed[0], settings)
    return record_outcome(engine, settings, claimed[0], outcome, moment)


def send_bound(settings: Settings) -> timedelta:
    """The longest one send may take: the timeout bounds each of connecting (to each of at
    most ``MAX_ADDRESSES`` addresses), writing and reading."""
    return timedelta(seconds=settings.webhooks_timeout_seconds) * (MAX_ADDRESSES + 2)


def _later(moment: datetime) -> datetime:
    """``moment`` or the present, whichever is later: a lease or a wait never starts in the
    past, however long a run has been going (a test's ``now`` may lie ahead)."""
    return max(moment, utc_now())


def _due(now: datetime) -> Select[WebhookDelivery, WebhookEndpoint]:
    """Pending deliveries of active endpoints whose time has come, the longest due first."""
    return (
        select(WebhookDelivery, WebhookEndpoint)
        .join(
            WebhookEndpoint,
            (col(WebhookEndpoint.municipality_id) == col(WebhookDelivery.municipality_id))
            & (col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id)),
        )
        .where(
            WebhookDelivery.status == DeliveryStatus.pending,
            col(WebhookDelivery.next_attempt_at) <= now,
            col(WebhookEndpoint.active),
        )
        .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
    )


def _claimed(
    municipality_id: str, delivery: WebhookDelivery, endpoint: WebhookEndpoint, now: datetime
) -> Claimed:
    signing = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret is not None and expires is not None and expires > now:
        signing.append(endpoint.previous_secret)
    return Claimed(
        municipality_id=municipality_id,
        delivery_id=delivery.id,
        attempt=delivery.attempts,
        url=endpoint.url,
        signing_secrets=tuple(signing),
        message_id=delivery.message_id,
        body=delivery.body,
    )


def send(http: httpx.Client, attempt: Claimed, settings: Settings) -> Outcome:
    """POSTs the attempt (never inside a transaction) to the first of the host's addresses
    that accepts a connection; 2xx is success, and the answer's body is not read."""
    body = attempt.body.encode("utf-8")
    try:
        targets = resolve_targets(attempt.url, settings.webhooks_allow_local_urls)
    except AddressRefused as refused:
        return Outcome(None, str(refused))
    headers = {
        **signed_headers(attempt.message_id, utc_now(), body, attempt.signing_secrets),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
    outcome = Outcome(None, "no address answered")
    for target in targets:
        outcome = _post(http, target, body, headers)
        if outcome.error is None or not outcome.error.startswith(CONNECT_ERROR):
            break
    return outcome


CONNECT_ERROR = "Connect"  # ConnectError, ConnectTimeout: the next address may answer


def _post(http: httpx.Client, target: Target, body: bytes, headers: dict[str, str]) -> Outcome:
    extensions = {"sni_hostname": target.server_name} if target.server_name else None
    try:
        request = http.build_request(
            "POST",
            target.url,
            content=body,
            headers={**headers, "host": target.host_header},
            extensions=extensions,
        )
        response = http.send(request, stream=True)
        response.close()
    except (httpx.ConnectError, httpx.ConnectTimeout) as error:
        return Outcome(None, f"{type(error).__name__}: {error}"[:ERROR_LENGTH])
    except httpx.TimeoutException:
        return Outcome(None, "timed out")
    except httpx.HTTPError as error:
        return Outcome(None, f"{type(error).__name__}: {error}"[:ERROR_LENGTH])
    if 200 <= response.status_code < 300:
        return Outcome(response.status_code, None)
    return Outcome(response.status_code, f"answered {response.status_code}")


def record_outcome(
    engine: Engine, settings: Settings, attempt: Claimed, outcome: Outcome, now: datetime
) -> DeliveryStatus | None:
    """Records the attempt's outcome and what follows (delivered, a retry, failed), if the
    delivery is still at the attempt claimed (else ``None``: a later claim took it over)."""
    status, values = _after(attempt.attempt, outcome, now)
    with tenant_session(engine, attempt.municipality_id, settings.app_db_role) as session:
        result = session.execute(
            update(WebhookDelivery)
            .where(
                col(WebhookDelivery.id) == attempt.delivery_id,
                col(WebhookDelivery.attempts) == attempt.attempt,
                col(WebhookDelivery.status) == DeliveryStatus.pending,
            )
            .values(status=status, **values)
            .execution_options(synchronize_session=False)
        )
    if not cast(CursorResult[Any], result).rowcount:
        return None
    if status is DeliveryStatus.failed:
        logger.warning(
            "webhook delivery failed after %d attempts",
            attempt.attempt,
            extra={"municipality_id": attempt.municipality_id},
        )
    return status


def _after(
    attempt: int, outcome: Outcome, now: datetime
) -> tuple[DeliveryStatus, dict[str, object]]:
    values: dict[str, object] = {
        "last_status_code": outcome.status_code,
        "last_error": outcome.error,
        "next_attempt_at": None,
    }
    if outcome.delivered:
        return DeliveryStatus.delivered, {**values, "delivered_at": utc_now()}
    if attempt >= MAX_ATTEMPTS:
        return DeliveryStatus.failed, values
    return DeliveryStatus.pending, {**values, "next_attempt_at": _later(now) + retry_wait(attempt)}


def retry_wait(attempt: int) -> timedelta:
    """How long after failed attempt number ``attempt`` (1-based) the next one is due."""
    wait = RETRY_SCHEDULE[attempt - 1]
    return wait * random.uniform(1 - JITTER, 1 + JITTER)


def _count(report: DeliveryReport, municipality_id: str, status: DeliveryStatus) -> None:
    if status is DeliveryStatus.delivered:
        report.delivered += 1
    elif status is DeliveryStatus.failed:
        report.failed += 1
    else:
        report.retrying += 1
    report.per_municipality[municipality_id] = report.per_municipality.get(municipality_id, 0) + 1


def _all_municipalities(engine: Engine) -> list[str]:
    return [municipality.id for municipality in list_municipalities(engine)]


@contextmanager
def _http_client(settings: Settings, client: httpx.Client | None) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    with httpx.Client(
        timeout=settings.webhooks_timeout_seconds,
        follow_redirects=False,
        trust_env=False,
        verify=verified_tls(trust_env=False),
    ) as http:
        yield http
