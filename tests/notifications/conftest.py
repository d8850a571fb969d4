from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from praksis.enrolments.models import EnrolmentStatus
from praksis.kit.db import system_session
from praksis.notifications.models import Notification
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HeaderFactory, make_settings
from tests.jobs.running import run_jobs
from tests.notifications.mailbox import Mailbox, smtp_server
from tests.workshops.helpers import Arrange, hr

SETTINGS = "/api/v1/me/notification-settings"


@pytest.fixture(scope="session")
def mailbox_and_port() -> Iterator[tuple[Mailbox, int]]:
    """One SMTP server per worker: the settings naming its port, and so the app built for
    them (``app_for``), are then the same from test to test."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def mailbox(mailbox_and_port: tuple[Mailbox, int]) -> Mailbox:
    mailbox = mailbox_and_port[0]
    mailbox.empty()
    return mailbox


@pytest.fixture
def settings(database: object, mailbox_and_port: tuple[Mailbox, int]) -> Settings:
    """The test settings, sending by the local SMTP server (plain: it is on this host)."""
    url = database.url  # type: ignore[attr-defined]
    return make_settings(
        url,
        smtp_host="127.0.0.1",
        smtp_port=mailbox_and_port[1],
        smtp_security="none",
        mail_from="praksis@hedensted.dk",
        public_url="https://praksis.hedensted.dk",
    )


@pytest.fixture
def arrange(engine: Engine, settings: Settings, municipalities: list[str]) -> Arrange:
    return Arrange(engine, settings)


@dataclass
class Scene:
    """Hedensted with a real SMTP server behind it, and the steps the tests take."""

    client: TestClient
    auth: HeaderFactory
    engine: Engine
    settings: Settings
    arrange: Arrange
    mailbox: Mailbox

    def nominated(self, email: str, sub: str = "anne") -> tuple[uuid.UUID, uuid.UUID]:
        """A nomination (enrolment, person) of someone with that e-mail, not decided yet."""
        plan = self.arrange.hedensted_programme(participants=0)
        person = self.arrange.person(sub, "Anne Ærø", email=email)
        enrolment = self.arrange.enrol(
            plan.programme_id, plan.cohort_id, person, EnrolmentStatus.nominated
        )
        return enrolment, person

    def decide(self, enrolment_id: uuid.UUID, decision: str = "approve") -> None:
        response = self.client.post(
            f"/api/v1/enrolments/{enrolment_id}/{decision}", json={}, headers=hr(self.auth)
        )
        assert response.status_code == 200, response.text

    def choose(self, sub: str, language: str | None, delivery: str) -> dict[str, Any]:
        response = self.client.put(
            SETTINGS,
            json={"language": language, "delivery": delivery},
            headers=self.auth(HEDENSTED, "participant", sub=sub),
        )
        assert response.status_code == 200, response.text
        chosen: dict[str, Any] = response.json()
        return chosen

    def deliver_all(self, settings: Settings | None = None) -> None:
        """What the worker does every few seconds: collect, dispatch, deliver (until done)."""
        run_jobs(
            self.engine,
            settings or self.settings,
            ("notifications:collect", {"timestamp": 0}),
            ("notifications:dispatch", {"timestamp": 0}),
        )

    def rows(self) -> list[Notification]:
        with system_session(self.engine) as session:
            return list(
                session.exec(select(Notification).order_by(col(Notification.created_at))).all()
            )


@pytest.fixture
def scene(
    client: TestClient,
    auth: HeaderFactory,
    engine: Engine,
    settings: Settings,
    arrange: Arrange,
    mailbox: Mailbox,
) -> Scene:
    return Scene(client, auth, engine, settings, arrange, mailbox)
