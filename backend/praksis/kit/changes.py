"""Writing a change onto the row it changes.

A PATCH sends only the fields it changes; the service checks them, then writes them onto
the row in one step, which also records when the row last changed::

    values = changes.model_dump(exclude_unset=True)
    ...  # the domain's checks: 404s, 409s, 422s
    apply_changes(kerneopgave, values)
    session.flush()
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from praksis.kit.db import utc_now


class Stamped(Protocol):
    updated_at: datetime


def apply_changes(item: Stamped, values: Mapping[str, object]) -> None:
    """Sets each of ``values`` (field name to new value) on ``item``, and its ``updated_at``
    to now. The caller flushes."""
    for field, value in values.items():
        setattr(item, field, value)
    item.updated_at = utc_now()
