"""Local HTTP servers the tests stand up for Praksis to call (a key set, OS2mo, a webhook
receiver)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer

POLL_SECONDS = 0.01  # shutdown() waits for the loop's next poll: 0.5 s by default


@contextmanager
def serving(server: ThreadingHTTPServer) -> Iterator[None]:
    """``server`` answers in a thread of its own until the block ends; then it is closed."""
    thread = threading.Thread(target=server.serve_forever, args=(POLL_SECONDS,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
