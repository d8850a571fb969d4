"""Erasure keeps the statistics exactly as they were: the person's row stays (with its unit
and record key), and with it everything they took part in."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import select

from praksis.people.models import Person
from tests.cohorts.helpers import db
from tests.conftest import HEDENSTED, HeaderFactory
from tests.people.support import PEOPLE
from tests.statistics.settling import settle_statistics
from tests.statistics.test_municipality_statistics import (
    URL,
    arrange_hedensted,
    arrange_horsens,
)


def _figures(client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]) -> list[Any]:
    settle_statistics(client)
    headers = auth(HEDENSTED, "hr_admin")
    readings = []
    for params in (
        {},
        {"org_unit_id": arranged["units"]["A"]},
        {"org_unit_id": arranged["units"]["B"]},
        {"programme_id": arranged["programmes"]["P1"]},
    ):
        response = client.get(URL, params=params, headers=headers)
        assert response.status_code == 200, response.text
        readings.append({k: v for k, v in response.json().items() if k != "as_of"})
    return readings


def _record_keys(client: TestClient, people: list[uuid.UUID]) -> list[int]:
    with db(client, HEDENSTED) as session:
        return [
            session.exec(select(Person.record_key).where(Person.id == person)).one()
            for person in people
        ]


def test_municipality_statistics_are_the_same_before_and_after_erasure(
    client: TestClient, auth: HeaderFactory
) -> None:
    arranged = arrange_hedensted(client)
    arrange_horsens(client)
    # a3 completed with 12, a1 owns a project with feedback, b2 attended outside her cohort
    erased = [arranged["enrolments"][name][1] for name in ("a3", "a1", "b2", "b3")]
    before = _figures(client, auth, arranged)
    assert before[0]["funnel"]["total"] == 9 and before[0]["attendance"]["recorded"] == 4
    keys = _record_keys(client, erased)

    for person in erased:
        response = client.post(f"{PEOPLE}/{person}/erase", headers=auth(HEDENSTED, "hr_admin"))
        assert response.status_code == 200, response.text

    assert _figures(client, auth, arranged) == before
    assert _record_keys(client, erased) == keys
