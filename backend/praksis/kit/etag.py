"""Entity tags (RFC 9110 §8.8.3) and conditional requests on the resources a PATCH changes.

The tag is a hash of the representation itself (the response model's canonical JSON), so it
changes exactly when what a client sees changes, whichever table that comes from (a cohort's
facilitators, an org unit's leaders). Each such resource's GET returns it and answers
``If-None-Match`` with 304; its PATCH returns the new one and honours ``If-Match``.

A router uses the two dependencies explicitly::

    def update_x(context: XWriter, x_id: uuid.UUID, body: XUpdate, if_match: IfMatch) -> XRead:
        if_match.check(context.session, X, x_id, lambda: _read_x(context, x_id))
        return if_match.tagged(service.update_x(context.session, x_id, body))

``check`` locks the row first and compares with the representation read after the lock, in
the transaction that then writes: of two editors holding the same tag, the second waits for
the first and gets 412. Without ``If-Match`` a PATCH behaves as it always did.
"""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Protocol, TypeVar

import orjson
from fastapi import Depends, FastAPI, Header, Request
from pydantic import BaseModel
from sqlmodel import Session, select
from starlette.responses import Response

from praksis.kit.db import locking
from praksis.kit.errors import PreconditionFailed

ETAG_HEADER = "ETag"
# RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE (visible ASCII but DQUOTE; the
# obsolete non-ASCII octets are refused), and the conditions take "*" or a list of them.
_ENTITY_TAG = r'(?:W/)?"[\x21\x23-\x7e]*"'
CONDITION_PATTERN = rf"^[ \t]*(?:\*|{_ENTITY_TAG}(?:[ \t]*,[ \t]*{_ENTITY_TAG})*)[ \t]*$"
CONDITION_MAX_LENGTH = 1024
_TAGS = re.compile(r'(W/)?("[\x21\x23-\x7e]*")')

Representation = TypeVar("Representation", bound=BaseModel)


def entity_tag(representation: BaseModel) -> str:
    """A strong tag for ``representation``: equal exactly when the JSON a client gets is."""
    canonical = orjson.dumps(
        representation.model_dump(mode="json", by_alias=True), option=orjson.OPT_SORT_KEYS
    )
    digest = hashlib.sha256(canonical).digest()[:16]
    return '"' + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii") + '"'


class _Condition:
    """A conditional header as sent: ``None`` when absent, else ``*`` or its entity tags
    as ``(weak, opaque-tag)``; and the response the current tag goes on."""

    def __init__(self, response: Response, field: str | None) -> None:
        self.response = response
        self.any = field is not None and field.strip() == "*"
        self.sent = field is not None
        self.tags = [(bool(weak), tag) for weak, tag in _TAGS.findall(field or "")]

    def _set_tag(self, tag: str) -> None:
        self.response.headers[ETAG_HEADER] = tag


class EditCondition(_Condition):
    """A PATCH's ``If-Match``."""

    def check(
        self,
        session: Session,
        model: type[_Identified],
        item_id: uuid.UUID,
        current: Callable[[], BaseModel],
    ) -> None:
        """With ``If-Match``: lock the row, then 412 unless a sent tag strongly matches
        ``current()``, the representation the GET would return now (``*``: any that exists).
        ``current`` raises the GET's 404 for an item the caller may not see."""
        if not self.sent:
            return
        session.exec(locking(select(model).where(model.id == item_id))).first()
        representation = current()
        if self.any:
            return
        tag = entity_tag(representation)
        if (False, tag) not in self.tags:
            raise PreconditionFailed(
                "The resource changed since you read it (If-Match does not match its ETag); "
                "nothing was changed. Read it again and reapply your change."
            )

    def tagged(self, representation: Representation) -> Representation:
        """``representation`` as the PATCH's response, with its new tag."""
        self._set_tag(entity_tag(representation))
        return representation


class CacheCondition(_Condition):
    """A GET's ``If-None-Match``."""

    def tagged(self, representation: Representation) -> Representation:
        """``representation`` with its tag; 304 instead when the client holds it already
        (weak comparison, RFC 9110 §13.1.2)."""
        tag = entity_tag(representation)
        if self.any or any(held == tag for _weak, held in self.tags):
            raise NotModified(tag)
        self._set_tag(tag)
        return representation


class _Identified(Protocol):
    id: uuid.UUID


class NotModified(Exception):
    """Raised to answer a GET with 304: no body, the tag the client holds."""

    def __init__(self, tag: str) -> None:
        super().__init__("not modified")
        self.tag = tag


def _header(name: str, description: str) -> Any:
    return Header(
        alias=name,
        pattern=CONDITION_PATTERN,
        max_length=CONDITION_MAX_LENGTH,
        description=description,
    )


async def if_match(
    response: Response,
    field: Annotated[
        str | None,
        _header(
            "If-Match",
            "The ETag you read (or `*`): the change is made only if the resource still has "
            "it, else 412 and nothing changes. Without it the change is made regardless.",
        ),
    ] = None,
) -> EditCondition:
    return EditCondition(response, field)


async def if_none_match(
    response: Response,
    field: Annotated[
        str | None,
        _header(
            "If-None-Match",
            "The ETag you hold: 304 without a body while the resource still has it.",
        ),
    ] = None,
) -> CacheCondition:
    return CacheCondition(response, field)


IfMatch = Annotated[EditCondition, Depends(if_match)]
IfNoneMatch = Annotated[CacheCondition, Depends(if_none_match)]


def install(app: FastAPI) -> None:
    async def _not_modified(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, NotModified)
        return Response(status_code=304, headers={ETAG_HEADER: exc.tag})

    app.add_exception_handler(NotModified, _not_modified)
