"""paginate (kit.pagination): keyset pages of model objects or rows, in the list's order."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import tenant_session
from praksis.kit.pagination import PageRequest, order_columns, paginate
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HORSENS

ORDER = (Kerneopgave.position, Kerneopgave.id)


@pytest.fixture
def kerneopgaver(engine: Engine, settings: Settings, municipalities: list[str]) -> None:
    for tenant, count in ((HEDENSTED, 5), (HORSENS, 2)):
        with tenant_session(engine, tenant, settings.app_db_role) as session:
            for index in range(count):
                session.add(
                    Kerneopgave(title=f"{tenant} {index}", citizen_outcome="x", position=index % 2)
                )


def test_a_list_is_ordered_by_model_columns_only() -> None:
    assert order_columns(ORDER) == ORDER
    with pytest.raises(TypeError, match="model columns"):
        order_columns((Kerneopgave.position, "id"))


@pytest.mark.usefixtures("kerneopgaver")
def test_pages_of_a_model_select_are_model_objects_in_order(
    engine: Engine, settings: Settings
) -> None:
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        first, cursor = paginate(session, select(Kerneopgave), ORDER, PageRequest(3, None))
        rest, end = paginate(session, select(Kerneopgave), ORDER, PageRequest(3, cursor))
    assert all(isinstance(row, Kerneopgave) for row in first + rest)
    assert cursor is not None and end is None
    keys = [(row.position, row.id) for row in first + rest]
    assert keys == sorted(keys) and len(keys) == 5  # Horsens's two are not there


@pytest.mark.usefixtures("kerneopgaver")
def test_pages_of_a_column_select_are_rows(engine: Engine, settings: Settings) -> None:
    statement = select(Kerneopgave.id, Kerneopgave.title, Kerneopgave.position)
    with tenant_session(engine, HORSENS, settings.app_db_role) as session:
        rows, cursor = paginate(session, statement, ORDER, PageRequest(1, None))
        last, end = paginate(session, statement, ORDER, PageRequest(1, cursor))
    assert [row.title for row in rows + last] == [f"{HORSENS} 0", f"{HORSENS} 1"]
    assert end is None
