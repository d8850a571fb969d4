"""Every value the API accepts fits where it goes: an audit of the declared input types.

Walks every ``/api/v1`` route's body, query and path parameters down to their leaves and
tries each leaf's own validator with what the database or the date arithmetic cannot hold.
A new field declared as a plain ``int``, ``date``, ``datetime``, ``str`` or (in a body)
``bool`` fails here until it uses a bounded type from ``praksis.kit.schemas`` (or a narrower one
of its domain).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.utils import get_flat_params
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import AwareDatetime, BaseModel, TypeAdapter, ValidationError

from praksis.app import create_app
from praksis.kit.schemas import INTEGER_MAX, INTEGER_MIN
from tests.conftest import make_settings

# Leaves whose text is checked after validation on purpose, each with where that happens.
CHECKED_ELSEWHERE = {
    # Each bulk item is validated on its own and refused per line (people.service).
    "POST /api/v1/people/bulk body.people[].external_id",
    "POST /api/v1/people/bulk body.people[].name",
    "POST /api/v1/people/bulk body.people[].email",
    "POST /api/v1/people/bulk body.people[].job_title",
    "POST /api/v1/people/bulk body.people[].org_unit_external_id",
    "POST /api/v1/people/bulk body.people[].left_on",
    # The feed token is parsed against its own pattern; anything else answers 404.
    "GET /api/v1/calendar/{token}.ics path.token",
}

REFUSED: dict[type, list[Any]] = {
    int: [INTEGER_MAX + 1, INTEGER_MIN - 1, 2**63, 2**64],
    date: ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01", 20260305],
    datetime: [
        "2026-03-05T09:00:00",
        "9999-12-31T23:59:59-05:00",
        "0001-01-01T00:00:00+05:00",
        "2201-01-01T00:00:00Z",
        1772697600,
    ],
    str: ["a\x00b", "\x00"],
    # JSON has true and false; pydantic would also take these as flags (``active: 0``)
    bool: [0, 1, 1.0, "true", "false", "yes"],
}
# A query string is text: there ``?active=true`` is how a flag arrives.
BODY_ONLY = {bool}


@dataclass(frozen=True)
class Leaf:
    where: str
    kind: type
    adapter: TypeAdapter[Any]


@pytest.fixture(scope="module")
def api() -> FastAPI:
    return create_app(make_settings("sqlite://"))


def leaves_of(api: FastAPI) -> Iterator[Leaf]:
    for context in iter_route_contexts(api.routes):
        route = context.original_route
        path = context.path or ""
        if not isinstance(route, APIRoute) or not path.startswith("/api/v1"):
            continue
        for method in sorted(route.methods):
            prefix = f"{method} {path}"
            for param in get_flat_params(route.dependant):
                location = f"{prefix} {param.field_info.__class__.__name__.lower()}.{param.alias}"
                yield from _leaves(location, param.field_info.annotation, param.field_info.metadata)
            if route.body_field is not None:
                field = route.body_field.field_info
                yield from _leaves(f"{prefix} body", field.annotation, field.metadata)


def _leaves(where: str, annotation: Any, metadata: list[Any]) -> Iterator[Leaf]:
    kinds, models, items = _contents(annotation)
    for kind in kinds:
        adapter: TypeAdapter[Any] = TypeAdapter(
            Annotated[annotation, *metadata] if metadata else annotation
        )
        yield Leaf(where, kind, adapter)
    for model in models:
        for name, field in model.model_fields.items():
            yield from _leaves(f"{where}.{field.alias or name}", field.annotation, field.metadata)
    for item in items:
        yield from _leaves(f"{where}[]", item, [])


def _contents(annotation: Any) -> tuple[set[type], set[type[BaseModel]], list[Any]]:
    """The scalar kinds, models and list item types an annotation may hold at its top."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _contents(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kinds: set[type] = set()
        models: set[type[BaseModel]] = set()
        items: list[Any] = []
        for arm in typing.get_args(annotation):
            arm_kinds, arm_models, arm_items = _contents(arm)
            kinds |= arm_kinds
            models |= arm_models
            items += arm_items
        return kinds, models, items
    if origin is list:
        return set(), set(), [typing.get_args(annotation)[0]]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return set(), {annotation}, []
    if annotation is AwareDatetime:
        return {datetime}, set(), []
    # Exact types only: a StrEnum is a str, datetime a date (bool is checked before int).
    if annotation in REFUSED:
        return {annotation}, set(), []
    return set(), set(), []


def accepts(adapter: TypeAdapter[Any], value: Any) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def test_the_audit_sees_every_kind_of_input(api: FastAPI) -> None:
    kinds = {leaf.kind for leaf in leaves_of(api)}
    assert kinds == set(REFUSED)


def test_every_input_refuses_what_the_database_or_date_arithmetic_cannot_hold(
    api: FastAPI,
) -> None:
    accepted = sorted(
        f"{leaf.where} accepts {value!r}"
        for leaf in leaves_of(api)
        if leaf.where not in CHECKED_ELSEWHERE
        and (leaf.kind not in BODY_ONLY or " body" in leaf.where)
        for value in REFUSED[leaf.kind]
        if accepts(leaf.adapter, value)
    )
    assert accepted == []


def test_every_input_moment_is_kept_in_utc(api: FastAPI) -> None:
    moments = [leaf for leaf in leaves_of(api) if leaf.kind is datetime]
    assert moments
    for leaf in moments:
        value = leaf.adapter.validate_python("2026-03-05T09:00:00+01:00")
        assert value == datetime(2026, 3, 5, 8, tzinfo=UTC), leaf.where
        assert value.tzinfo is UTC, leaf.where


def test_every_input_day_takes_an_ordinary_day(api: FastAPI) -> None:
    days = [leaf for leaf in leaves_of(api) if leaf.kind is date]
    assert days
    for leaf in days:
        assert leaf.adapter.validate_python("2026-03-05") == date(2026, 3, 5), leaf.where


def test_the_exceptions_still_exist(api: FastAPI) -> None:
    assert {leaf.where for leaf in leaves_of(api)} >= CHECKED_ELSEWHERE
