"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from tests.resource_types import Resource

RESOURCES: dict[str, Resource] = {}
