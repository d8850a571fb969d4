"""A real ``praksis`` HTTP server in a background thread, for tests that need requests to
arrive truly at once (races, load shedding) rather than one after another through TestClient.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn
from fastapi import FastAPI

from praksis.kit.tls import verified_tls


@dataclass
class LiveServer:
    url: str
    app: FastAPI

    def client(self, **kwargs: object) -> httpx.Client:
        """A client with its own connection pool (one per thread of a race)."""
        return httpx.Client(base_url=self.url, timeout=60, verify=verified_tls(), **kwargs)  # type: ignore[arg-type]


@contextmanager
def live_server(app: FastAPI) -> Iterator[LiveServer]:
    """Serve ``app`` with uvicorn on a free loopback port until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=10)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])))
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            if not thread.is_alive():
                raise RuntimeError("the live server did not start")
            threading.Event().wait(0.01)
        yield LiveServer(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
