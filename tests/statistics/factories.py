"""Factories for the cross-tenant matrix: the statistics routes have no item routes."""

from __future__ import annotations

from tests.resource_types import Resource

RESOURCES: dict[str, Resource] = {}
