"""Programmes, modules, goals and partner offerings. Every function gets a scoped session."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from praksis.kit.errors import NotFound
from praksis.programmes.models import Programme, ProgrammeModule


def get_programme(session: Session, programme_id: uuid.UUID) -> Programme:
    found = session.exec(select(Programme).where(Programme.id == programme_id)).first()
    if found is None:
        raise NotFound(f"Programme {programme_id} was not found.")
    return found


def get_module(session: Session, module_id: uuid.UUID) -> ProgrammeModule:
    found = session.exec(select(ProgrammeModule).where(ProgrammeModule.id == module_id)).first()
    if found is None:
        raise NotFound(f"Module {module_id} was not found.")
    return found
