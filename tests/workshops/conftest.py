from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from praksis.settings import Settings
from tests.workshops.helpers import Arrange


@pytest.fixture
def arrange(engine: Engine, settings: Settings, municipalities: list[str]) -> Arrange:
    """Rows in Hedensted, written straight to the database."""
    return Arrange(engine, settings)
