"""The deliveries on the job engine: the periodic task queues a job per due delivery and the
job sends it; a delivery queued twice is still sent once (its job claims the row first)."""

from __future__ import annotations

import time
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine

from praksis.jobs import job_app
from praksis.kit.db import utc_now
from praksis.settings import Settings
from praksis.webhooks.delivery import KEPT_FOR, municipalities_with_due_deliveries
from praksis.webhooks.models import WebhookDelivery
from tests.cohorts.helpers import db, hr
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.jobs.running import run_jobs
from tests.kit.scan_roles import statements_run
from tests.webhooks.helpers import ENDPOINTS, deliveries, register
from tests.webhooks.receiver import running_receiver


def _runtime(client: TestClient) -> tuple[Engine, Settings]:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    return runtime.engine, runtime.settings


def test_the_periodic_task_queues_a_job_per_due_delivery_and_each_is_sent(
    client: TestClient, auth: HeaderFactory
) -> None:
    with running_receiver() as ours, running_receiver() as theirs:
        endpoint = register(client, auth, ours.url)
        other = register(client, auth, theirs.url, tenant=HORSENS)
        for _ in range(3):
            client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        client.post(f"{ENDPOINTS}/{other['id']}/test", headers=hr(auth, HORSENS))
        engine, settings = _runtime(client)
        run_jobs(engine, settings, ("webhooks:queue_due", {"timestamp": int(time.time())}))
        assert len(ours.requests()) == 3 and len(theirs.requests()) == 1
    assert {item["status"] for item in deliveries(client, auth, endpoint["id"])} == {"delivered"}
    (sent,) = deliveries(client, auth, other["id"], tenant=HORSENS)
    assert sent["status"] == "delivered"


def test_a_delivery_queued_twice_is_sent_once(client: TestClient, auth: HeaderFactory) -> None:
    with running_receiver() as receiver:
        endpoint = register(client, auth, receiver.url)
        queued = client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth)).json()
        job = ("webhooks:deliver", {"municipality_id": "dk-0766", "delivery_id": queued["id"]})
        engine, settings = _runtime(client)
        run_jobs(engine, settings, job, job, concurrency=2)  # both at once
        assert len(receiver.requests()) == 1
    (sent,) = deliveries(client, auth, endpoint["id"])
    assert (sent["status"], sent["attempts"]) == ("delivered", 1)


def test_the_tasks_are_on_the_app_every_five_seconds() -> None:
    app = job_app()
    assert {"webhooks:deliver", "webhooks:queue_due"} <= set(app.tasks)
    crons = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert crons["webhooks:queue_due"] == "*/5 * * * * *"
    assert crons["webhooks:forget_old"] == "23 * * * *"


def test_the_hourly_task_forgets_what_was_settled_thirty_days_ago(
    client: TestClient, auth: HeaderFactory
) -> None:
    with running_receiver() as receiver:
        endpoint = register(client, auth, receiver.url)
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        engine, settings = _runtime(client)
        run_jobs(engine, settings, ("webhooks:queue_due", {"timestamp": int(time.time())}))
    with db(client) as session:
        session.execute(
            update(WebhookDelivery).values(created_at=utc_now() - KEPT_FOR - timedelta(hours=1))
        )
    client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))  # pending: kept
    run_jobs(engine, settings, ("webhooks:forget_old", {"timestamp": int(time.time())}))
    (kept,) = deliveries(client, auth, endpoint["id"])
    assert kept["status"] == "pending"


def test_the_scan_reads_which_municipalities_have_deliveries_due_in_one_statement(
    client: TestClient, auth: HeaderFactory
) -> None:
    engine, settings = _runtime(client)
    assert municipalities_with_due_deliveries(engine, settings, utc_now()) == []
    with running_receiver() as receiver:
        endpoint = register(client, auth, receiver.url)
        other = register(client, auth, receiver.url, tenant=HORSENS)
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        client.post(f"{ENDPOINTS}/{other['id']}/test", headers=hr(auth, HORSENS))
        with statements_run(engine) as statements:
            due = municipalities_with_due_deliveries(engine, settings, utc_now())
        assert due == sorted([HEDENSTED, HORSENS])
        assert len([s for s in statements if "webhook_deliveries" in s]) == 1
        # not due yet an hour ago
        earlier = utc_now() - timedelta(hours=1)
        assert municipalities_with_due_deliveries(engine, settings, earlier) == []
        run_jobs(engine, settings, ("webhooks:queue_due", {"timestamp": int(time.time())}))
        assert len(receiver.requests()) == 2
    assert municipalities_with_due_deliveries(engine, settings, utc_now()) == []
