"""The answer to a POST that creates an item: 201 with the new item's address in
``Location`` (RFC 9110 §10.2.2). An item is created by posting to its collection, so its
address is the collection's (the path the POST went to) and its id::

    @router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_x")
    def create_x(context: XWriter, body: XCreate, new: NewItem) -> XRead:
        return new.located(service.create_x(context, body))
"""

from __future__ import annotations

import uuid
from typing import Annotated, Protocol, TypeVar

from fastapi import Depends, Request, Response


class _Identified(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


Item = TypeVar("Item", bound=_Identified)


class Creation:
    """A creating POST's request and response, to give the response the new item's address."""

    def __init__(self, request: Request, response: Response) -> None:
        self.collection = request.url.path.rstrip("/")
        self.response = response

    def located(self, item: Item) -> Item:
        """``item``, its address (the collection's and its id) in ``Location``."""
        self.at(item.id)
        return item

    def at(self, item_id: uuid.UUID) -> None:
        """``Location``: the new item ``item_id`` of the collection posted to."""
        self.response.headers["Location"] = f"{self.collection}/{item_id}"


NewItem = Annotated[Creation, Depends(Creation)]
