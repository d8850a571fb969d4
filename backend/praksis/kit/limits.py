"""Request body limit: anything larger than ``PRAKSIS_MAX_BODY_BYTES`` is refused with 413.

A body whose declared ``Content-Length`` is within the limit reaches the app as it arrives
(the HTTP server delivers no more than declared), so an upload can be spooled rather than
held whole. A body without a length (chunked) is read first (at most the limit plus one
chunk), so an oversized streamed upload is refused before any handler runs rather than
half-parsed.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from praksis.kit.errors import PayloadTooLarge, problem_response


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is None and b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)  # no body (RFC 9112 §6.3): nothing to limit
            return
        if declared is not None and declared.isdigit():
            if int(declared) > self.max_body_bytes:
                await self._refuse(scope, receive, send)
                return
            await self.app(scope, _at_most(self.max_body_bytes, receive), send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        whole: Message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([whole], receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            PayloadTooLarge.status,
            PayloadTooLarge.title,
            f"The request body is larger than {self.max_body_bytes} bytes.",
            PayloadTooLarge.slug,
            instance=scope.get("path"),
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replaying_receive() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replaying_receive


def _at_most(limit: int, receive: Receive) -> Receive:
    """``receive``, ending the request as a disconnect should more than ``limit`` bytes come
    (a server that does not hold the client to its Content-Length)."""
    size = 0

    async def limited_receive() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                return {"type": "http.disconnect"}
        return message

    return limited_receive
