from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from praksis.settings import Settings
from tests.feedback.helpers import FeedbackArrange, Scene, build_scene


@pytest.fixture
def arrange(engine: Engine, settings: Settings, municipalities: list[str]) -> FeedbackArrange:
    """Rows in Hedensted, written straight to the database."""
    return FeedbackArrange(engine, settings)


@pytest.fixture
def scene(arrange: FeedbackArrange) -> Scene:
    return build_scene(arrange)
