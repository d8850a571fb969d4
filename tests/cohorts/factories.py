"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.cohorts.helpers import (
    add_person,
    add_programme,
    cohort_with_participants,
    create_cohort,
    create_group,
    create_pair,
)
from tests.conftest import HeaderFactory
from tests.resource_types import Resource


def create_hold(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    facilitator = add_person(client, "Facilitator")
    cohort = create_cohort(client, auth, add_programme(client), facilitator_ids=[facilitator])
    return {"cohort_id": cohort["id"]}


def create_learning_group(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 4)
    group = create_group(client, auth, cohort_id, people, "Læringsgruppe 1")
    return {"cohort_id": cohort_id, "group_id": group["id"]}


def create_buddy_pair(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 4)
    create_group(client, auth, cohort_id, people, "Læringsgruppe 1")
    pair = create_pair(client, auth, cohort_id, people[0], people[1])
    return {"cohort_id": cohort_id, "pair_id": pair["id"]}


def create_cohort_with_groups(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    params = create_buddy_pair(client, auth)
    return {"cohort_id": params["cohort_id"]}


def _some_ids(count: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(count)]


RESOURCES: dict[str, Resource] = {
    "/api/v1/cohorts/{cohort_id}": Resource(
        create_hold, update_body={"name": "Overtaget", "capacity": 1, "status": "cancelled"}
    ),
    "/api/v1/cohorts/{cohort_id}/learning-groups": Resource(
        create_cohort_with_groups,
        update_body={"name": "Overtaget", "member_ids": _some_ids(4)},
    ),
    "/api/v1/cohorts/{cohort_id}/learning-groups/{group_id}": Resource(
        create_learning_group, update_body={"name": "Overtaget"}
    ),
    "/api/v1/cohorts/{cohort_id}/buddy-pairs": Resource(
        create_cohort_with_groups, update_body={"person_ids": _some_ids(2)}
    ),
    "/api/v1/cohorts/{cohort_id}/buddy-pairs/{pair_id}": Resource(create_buddy_pair),
}
