"""What workshops tell the later domains (``kit.events``; subscribed in ``praksis.wiring``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from praksis.kit.events import Event


@dataclass(frozen=True)
class WorkshopChanged(Event):
    """A change a calendar must show (time, place, title, status; its ``sequence`` grew) was
    made to the workshop, or it was cancelled (flushed, its bookings synced)."""

    workshop_id: uuid.UUID
