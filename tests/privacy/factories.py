"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from tests.people.factories import create_person
from tests.resource_types import Resource

RESOURCES: dict[str, Resource] = {
    "/api/v1/people/{person_id}/export": Resource(create_person),
    "/api/v1/people/{person_id}/erase": Resource(create_person),
}
