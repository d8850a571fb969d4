"""Every API route runs in the unit of work that commits it; a plain router is refused."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI

from praksis.app import API_PREFIX, API_ROUTERS
from praksis.kit.context import PraksisRoute, api_router, include_api_routers


def test_every_domain_route_is_a_unit_of_work() -> None:
    routes = [route for router in API_ROUTERS for route in router.routes]
    assert routes
    plain = [getattr(r, "path", r) for r in routes if not isinstance(r, PraksisRoute)]
    assert plain == [], f"not from api_router(), so their writes would never commit: {plain}"


def test_a_plain_router_is_refused_at_startup_naming_its_route() -> None:
    committing, plain = api_router(), APIRouter()

    @committing.post("/kept")
    def kept() -> None: ...

    @plain.post("/notes")
    def add_note() -> None: ...

    with pytest.raises(RuntimeError, match="POST /notes"):
        include_api_routers(FastAPI(), [committing, plain], API_PREFIX)


def test_a_router_nested_in_a_domain_router_is_refused() -> None:
    outer, inner = api_router(), api_router()

    @inner.get("/inner")
    def read_inner() -> None: ...

    outer.include_router(inner)
    with pytest.raises(RuntimeError, match="outside the unit of work"):
        include_api_routers(FastAPI(), [outer], API_PREFIX)
