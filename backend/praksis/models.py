"""Imports every table so ``metadata`` is complete (for Alembic and the RLS checks)."""

from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import metadata
from praksis.kit.idempotency import IdempotencyRecord
from praksis.municipalities.models import Municipality
from praksis.people.models import Person

__all__ = ["IdempotencyRecord", "Kerneopgave", "Municipality", "Person", "metadata"]
