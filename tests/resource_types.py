"""The shape of a cross-tenant matrix entry (see tests/resources.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import HeaderFactory

Factory = Callable[[TestClient, HeaderFactory], dict[str, str]]


@dataclass(frozen=True)
class Resource:
    """``create`` makes one object in Hedensted (dk-0766) through the API and returns the
    path parameters of its item route; ``update_body`` is a valid PATCH/PUT body."""

    create: Factory
    update_body: dict[str, Any] = field(default_factory=dict)


def created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body
