"""What the periodic scans' roles (``kit.rls.ScanRole``) may read, asked as they ask it, and
what a scan runs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text
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


@contextmanager
def statements_run(engine: Engine) -> Iterator[list[str]]:
    """The SQL of every statement the engine runs inside the block, in order."""
    found: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        found.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", record)
