"""Two workers never send the same delivery: a claim skips rows another worker holds
(``FOR UPDATE SKIP LOCKED``) and moves what it took past its lease. PostgreSQL only: SQLite
serialises its writers, so two claims there cannot overlap at all."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from praksis.kit.db import tenant_session, utc_now
from praksis.webhooks.delivery import claim_due, deliver_due
from praksis.webhooks.models import TEST_EVENT, WebhookDelivery, WebhookEndpoint
from praksis.webhooks.outbox import enqueue_for
from tests.cohorts.helpers import db
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.webhooks.helpers import register
from tests.webhooks.receiver import running_receiver

pytestmark = pytest.mark.postgres_only


def _queue(client: TestClient, tenant: str, count: int) -> list[str]:
    """``count`` test events for the municipality's endpoint, each its own message."""
    with db(client, tenant) as session:
        endpoint = session.exec(select(WebhookEndpoint)).one()
        queued = [enqueue_for(session, [endpoint], TEST_EVENT, {"n": n})[0] for n in range(count)]
        return [delivery.message_id for delivery in queued]


def test_a_claim_skips_what_another_worker_holds_and_does_not_wait_for_it(
    client: TestClient, auth: HeaderFactory, database: object
) -> None:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    register(client, auth, "http://127.0.0.1:9/never-sent")
    first, *others = _queue(client, HEDENSTED, 3)
    held = threading.Event()
    release = threading.Event()

    def hold_first() -> None:
        with tenant_session(runtime.engine, HEDENSTED, runtime.settings.app_db_role) as session:
            session.exec(
                select(WebhookDelivery).where(WebhookDelivery.message_id == first).with_for_update()
            ).one()
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_first)
    holder.start()
    try:
        assert held.wait(10)
        now = utc_now()
        claimed = claim_due(runtime.engine, runtime.settings, HEDENSTED, now, limit=10)
        assert sorted(attempt.message_id for attempt in claimed) == sorted(others)
        assert claim_due(runtime.engine, runtime.settings, HEDENSTED, now, limit=10) == []
    finally:
        release.set()
        holder.join(10)
    (late,) = claim_due(runtime.engine, runtime.settings, HEDENSTED, utc_now())
    assert (late.message_id, late.attempt) == (first, 1)


def test_two_workers_at_once_send_every_delivery_exactly_once(
    client: TestClient, auth: HeaderFactory, database: object
) -> None:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with running_receiver() as receiver:
        register(client, auth, receiver.url)
        register(client, auth, receiver.url, tenant=HORSENS)
        queued = _queue(client, HEDENSTED, 120) + _queue(client, HORSENS, 60)
        start = threading.Barrier(2)
        reports = []

        def worker() -> None:
            start.wait(10)
            reports.append(deliver_due(runtime.engine, runtime.settings))

        workers = [threading.Thread(target=worker) for _ in range(2)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join(60)
        sent = Counter(request.headers["webhook-id"] for request in receiver.requests())
    assert sorted(sent) == sorted(queued) and set(sent.values()) == {1}
    assert sum(report.delivered for report in reports) == 180
    assert all(report.delivered for report in reports)  # both took a share
    with db(client) as session:
        statuses = session.exec(select(col(WebhookDelivery.status)).distinct()).all()
    assert statuses == ["delivered"]
