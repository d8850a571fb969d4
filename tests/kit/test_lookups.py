"""kit.lookups: the row a request names or 404, every id a body names or 404, a unique value in
use 409, a list's filters."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import tenant_session
from praksis.kit.errors import Conflict, NotFound
from praksis.kit.lookups import filtered, if_given, refuse_taken, require_all, row_or_404
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HORSENS


def _add(engine: Engine, settings: Settings, tenant: str, title: str, active: bool) -> uuid.UUID:
    with tenant_session(engine, tenant, settings.app_db_role) as session:
        kerneopgave = Kerneopgave(title=title, citizen_outcome="…", active=active)
        session.add(kerneopgave)
        session.flush()
        return kerneopgave.id


def test_row_or_404_reads_the_row_within_its_conditions_and_the_tenant(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    learning = _add(engine, settings, HEDENSTED, "Læring", active=True)
    retired = _add(engine, settings, HEDENSTED, "Borgerservice", active=False)
    elsewhere = _add(engine, settings, HORSENS, "Social Omsorg", active=True)
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        found = row_or_404(session, Kerneopgave, learning, None, missing="gone", for_update=True)
        assert found.title == "Læring"
        with pytest.raises(NotFound, match="not active"):
            row_or_404(session, Kerneopgave, retired, Kerneopgave.active, missing="not active")
        with pytest.raises(NotFound, match="not here"):
            row_or_404(session, Kerneopgave, elsewhere, missing="not here")


def test_require_all_names_each_unknown_id_once_in_the_order_given(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    known = _add(engine, settings, HEDENSTED, "Læring", active=True)
    elsewhere = _add(engine, settings, HORSENS, "Social Omsorg", active=True)
    unknown = uuid.uuid4()
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        require_all(session, Kerneopgave, [known, known], "body.ids", "kerneopgave")
        require_all(session, Kerneopgave, [], "body.ids", "kerneopgave")
        asked = [unknown, known, elsewhere, unknown]
        with pytest.raises(NotFound) as refused:
            require_all(session, Kerneopgave, asked, "body.ids", "kerneopgave")
    assert refused.value.detail == (
        f"No such kerneopgave in your municipality: {unknown}, {elsewhere}."
    )
    assert refused.value.errors == [
        {"location": "body.ids", "message": f"unknown id {unknown}"},
        {"location": "body.ids", "message": f"unknown id {elsewhere}"},
    ]


def test_refuse_taken_answers_409_only_for_a_value_in_use_in_the_callers_municipality(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    _add(engine, settings, HEDENSTED, "Læring", active=False)
    _add(engine, settings, HORSENS, "Social Omsorg", active=True)
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        refuse_taken(session, Kerneopgave, Kerneopgave.title == "Social Omsorg", taken="no")
        refuse_taken(
            session, Kerneopgave, Kerneopgave.title == "Læring", Kerneopgave.active, taken="no"
        )
        with pytest.raises(Conflict, match="in use"):
            refuse_taken(session, Kerneopgave, Kerneopgave.title == "Læring", taken="in use")


def test_filtered_applies_only_the_filters_given(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    _add(engine, settings, HEDENSTED, "Læring", active=True)
    _add(engine, settings, HEDENSTED, "Borgerservice", active=False)
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:

        def titles(active: bool | None) -> list[str]:
            statement = filtered(select(Kerneopgave), None, if_given(Kerneopgave.active, active))
            return sorted(row.title for row in session.exec(statement).all())

        assert titles(None) == ["Borgerservice", "Læring"]
        assert titles(True) == ["Læring"]
        assert titles(False) == ["Borgerservice"]
