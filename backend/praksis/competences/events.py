"""What competences tell the later domains (``kit.events``; subscribed in ``praksis.wiring``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from praksis.kit.events import Event


@dataclass(frozen=True)
class DeletingCompetences(Event):
    """These competences are about to be deleted, alone or with their ``framework``; a domain
    that refers to one of them refuses (409)."""

    competence_ids: frozenset[uuid.UUID]
    deleting: Literal["competence", "framework"]
