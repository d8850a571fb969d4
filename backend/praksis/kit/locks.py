"""Named locks that keep one job of a kind running per key, across every process.

``try_transaction_lock`` takes a PostgreSQL advisory lock scoped to the session's transaction
without waiting: the caller learns at once that another transaction (in this process or any
other on the same database) holds it, and the lock ends with the transaction, so a crashed
request never leaves it behind. SQLite serialises writers already (``BEGIN IMMEDIATE``), so
there the lock is always granted and a second writer waits for the first instead.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def try_transaction_lock(session: Session, name: str) -> bool:
    """Whether this transaction now holds the lock called ``name`` (False: another has it)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    # the same key space as the statistics' locks (statistics.folding.fold_lock): names
    # hashed to 64 bits, so different names never share a lock in practice
    held = session.execute(
        text("SELECT pg_try_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name}
    ).scalar_one()
    return bool(held)
