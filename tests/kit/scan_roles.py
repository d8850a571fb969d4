"""What the periodic scans' roles (``kit.rls.ScanRole``) may read, asked as they ask it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ProgrammingError

from praksis.kit.db import metadata, switch_role


def read_as(engine: Engine, role: str, statement: str) -> list[Any]:
    with engine.connect() as connection, connection.begin():
        switch_role(connection, role)
        return list(connection.execute(text(statement)).all())


def assert_refused(engine: Engine, role: str, statements: Iterable[str], tables: set[str]) -> None:
    """Each statement, and a read of every table but ``tables``, is refused to the role."""
    others = (f"SELECT 1 FROM {table} LIMIT 1" for table in sorted(set(metadata.tables) - tables))
    for statement in (*statements, *others):
        with pytest.raises(ProgrammingError, match="permission denied"):
            read_as(engine, role, statement)
