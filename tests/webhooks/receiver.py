"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 in a thread that keeps
every request it gets and answers the statuses it was told to, in turn (then 200)."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson

from tests.http_servers import serving


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return orjson.loads(self.body)


@dataclass
class Receiver:
    url: str
    answers: list[int] = field(default_factory=list)
    delay_seconds: float = 0.0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self) -> int:
        with self.lock:
            return self.answers.pop(0) if self.answers else 200

    def keep(self, request: Received) -> None:
        with self.lock:
            self.received.append(request)

    def requests(self) -> list[Received]:
        with self.lock:
            return list(self.received)


@contextmanager
def running_receiver(
    answers: list[int] | None = None,
    delay_seconds: float = 0.0,
    tls: ssl.SSLContext | None = None,
) -> Iterator[Receiver]:
    """With ``tls``, the receiver speaks https as ``localhost`` (the certificate's name)."""
    receiver = Receiver(url="", answers=list(answers or []), delay_seconds=delay_seconds)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            receiver.keep(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            if receiver.delay_seconds:
                time.sleep(receiver.delay_seconds)
            status = receiver.answer()
            try:
                self.send_response(status)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except (BrokenPipeError, ConnectionResetError):
                return  # a delay past the deliverer's timeout: it has hung up, as meant

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    receiver.url = f"http://127.0.0.1:{port}/hooks/praksis"
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
        receiver.url = f"https://localhost:{port}/hooks/praksis"
    with serving(server):
        yield receiver
