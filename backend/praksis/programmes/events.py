"""What programmes tell the later domains (``kit.events``; subscribed in ``praksis.wiring``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from praksis.kit.events import Event
from praksis.programmes.models import ProgrammeStatus


@dataclass(frozen=True)
class DeletingModule(Event):
    """The programme's module is about to be deleted; a domain with rows in it refuses (409)."""

    module_id: uuid.UUID


@dataclass(frozen=True)
class RemovingOfferingMembers(Event):
    """The partner is about to take municipalities out of its offering; a domain that holds
    figures of theirs for the partner refuses (409): joining an offering's statistics and
    leaving them are the municipality's acts."""

    offering_id: uuid.UUID
    municipality_ids: frozenset[str]


@dataclass(frozen=True)
class ProgrammeStatusChanged(Event):
    """The programme moved from ``previous`` to ``status`` (opened, running, completed,
    cancelled; flushed): a later domain may tell someone outside."""

    programme_id: uuid.UUID
    previous: ProgrammeStatus
    status: ProgrammeStatus
