"""Every list of the API answers through one helper, ``kit.reads.TenantList``, and writes the
bytes FastAPI's own serialisation of the page would write."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest
from fastapi.routing import APIRoute, serialize_response
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from sqlalchemy.engine import Engine

from praksis.app import API_PREFIX, API_ROUTERS
from praksis.demo.service import seed_demo
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kerneopgaver.schemas import KerneopgaveRead
from praksis.kit.pagination import Page, PageRequest
from praksis.kit.reads import TenantList
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HeaderFactory


def list_routes() -> list[APIRoute]:
    return [
        route
        for router in API_ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        and isinstance(route.response_model, type)
        and issubclass(route.response_model, Page)
    ]


def test_every_list_route_answers_through_a_tenant_list() -> None:
    routes = list_routes()
    assert len(routes) >= 33
    elsewhere = [
        route.path
        for route in routes
        if not inspect.iscoroutinefunction(route.endpoint)
        or ".respond(" not in inspect.getsource(inspect.unwrap(route.endpoint))
    ]
    assert elsewhere == []


def test_a_list_is_either_a_models_columns_or_its_own_read() -> None:
    def read(context: Any, page: PageRequest) -> tuple[list[KerneopgaveRead], str | None]:
        return [], None

    with pytest.raises(TypeError, match="orders its own statement"):
        TenantList(KerneopgaveRead, Kerneopgave, (Kerneopgave.id,), read=read)
    with pytest.raises(TypeError, match="a model and order, or read="):
        TenantList(KerneopgaveRead)
    assert TenantList(KerneopgaveRead, read=read).read is read


def test_list_pages_are_the_bytes_fastapi_would_write(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    seed_demo(engine, settings)
    callers = [
        auth(HEDENSTED, "hr_admin", sub="hedensted-hr"),
        auth(HEDENSTED, "participant", sub="hedensted-deltager"),
    ]
    with_items = set()
    for route in list_routes():
        if "{" in route.path:
            continue
        for headers in callers:
            response = client.get(API_PREFIX + route.path, params={"limit": 3}, headers=headers)
            if response.status_code != 200:
                continue
            page: Any = TypeAdapter(route.response_model).validate_json(response.content)
            expected = asyncio.run(
                serialize_response(
                    field=route.response_field, response_content=page, dump_json=True
                )
            )
            assert response.content == expected, route.path
            if page.items:
                with_items.add(route.path)
    assert len(with_items) >= 10, with_items
