"""What action learning asks the later domains (``kit.events``; answered in ``praksis.wiring``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from praksis.kit.events import Question


@dataclass(frozen=True)
class CountFeedback(Question[dict[uuid.UUID, dict[str, int]]]):
    """For each project, how much feedback its trial actions received, by kind (every kind
    present, zero included) — counts only, never the content."""

    project_ids: frozenset[uuid.UUID]
