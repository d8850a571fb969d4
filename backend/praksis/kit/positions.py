"""Items numbered 1..n within their parent: a programme's modules, a framework's competences.

Both take a new item, or move one, to a 1-based position the same way; each domain then
writes the new numbers (a programme's module positions are unique, so its modules step
aside first).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol, TypeVar


class _Positioned(Protocol):
    id: uuid.UUID
    position: int


Item = TypeVar("Item", bound=_Positioned)


def placed(siblings: Sequence[Item], moved: Item, position: int | None) -> list[Item]:
    """The new order: ``moved`` at the 1-based ``position`` (at the end when ``None`` or past
    the end), the others in their order around it. ``moved`` may be among ``siblings``."""
    others = [sibling for sibling in siblings if sibling.id != moved.id]
    index = len(others) if position is None else min(position, len(others) + 1) - 1
    others.insert(index, moved)
    return others
