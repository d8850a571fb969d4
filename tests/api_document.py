"""The committed ``openapi/openapi.json``, which the suite checks is the app's own
(``test_committed_openapi_document_is_current``): the tests generated from the routes read it
at collection instead of building an app and its document in every xdist worker (~1 s each)."""

from __future__ import annotations

import functools
import json
from typing import Any

from praksis.cli import OPENAPI_PATH as OPENAPI_DOCUMENT


@functools.cache
def api_paths() -> dict[str, dict[str, Any]]:
    """The document's paths: path template → its operations by lower-case method."""
    paths: dict[str, dict[str, Any]] = json.loads(OPENAPI_DOCUMENT.read_text("utf-8"))["paths"]
    return paths
