"""What programmes tell the later domains (``kit.events``; subscribed in ``praksis.wiring``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from praksis.kit.events import Event


@dataclass(frozen=True)
class DeletingModule(Event):
    """The programme's module is about to be deleted; a domain with rows in it refuses (409)."""

    module_id: uuid.UUID
