"""Static files as the build left them: precompressed twins and caching by kind of file.

The SPA build writes ``x.br`` and ``x.gz`` next to each compressible file (frontend
``scripts/precompress.mjs``), so no request spends CPU on compression. A response carries the
smallest twin the client accepts (RFC 9110 §12.5.3 ``Accept-Encoding``, ``q=0`` refuses),
with the original's content type, ``Content-Encoding`` and ``Vary: Accept-Encoding``.
``If-None-Match`` with the sent twin's ETag answers 304, so revalidating ``index.html``
(``no-cache``) costs no body.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Mapping
from pathlib import Path

from fastapi.responses import FileResponse
from starlette.responses import Response

# Best first: brotli is some 15-20 % smaller than gzip on the SPA's scripts.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def accepted_encodings(header: str | None) -> set[str]:
    """The content codings an ``Accept-Encoding`` value allows (lower case, ``q > 0``);
    ``*`` stands for any coding not named."""
    accepted: set[str] = set()
    refused: set[str] = set()
    for item in (header or "").split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        (refused if _quality(params) <= 0 else accepted).add(coding)
    if "*" in accepted:
        accepted |= {name for name, _ in ENCODINGS} - refused
    return accepted - refused


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value.strip())
            except ValueError:
                return 0.0
    return 1.0


def static_file(path: Path, request_headers: Mapping[str, str], cache_control: str) -> Response:
    """``path`` itself or its precompressed twin, whichever the client accepts first; 304 when
    the client's ``If-None-Match`` names it."""
    media_type, encoded = mimetypes.guess_type(path.name)
    if media_type is None or encoded is not None:  # a twin asked for by name is just bytes
        media_type = "application/octet-stream"
    headers = {"Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    accepted = accepted_encodings(request_headers.get("accept-encoding"))
    chosen = path
    for coding, suffix in ENCODINGS:
        twin = path.with_name(path.name + suffix)
        if coding in accepted and twin.is_file():
            headers["Content-Encoding"] = coding
            chosen = twin
            break
    response = FileResponse(
        chosen, media_type=media_type, headers=headers, stat_result=os.stat(chosen)
    )
    tag = response.headers["etag"]
    if _names(request_headers.get("if-none-match"), tag):
        kept = {name: response.headers[name] for name in ("etag", "cache-control", "vary")}
        return Response(status_code=304, headers=kept)
    return response


def _names(if_none_match: str | None, tag: str) -> bool:
    """Whether ``If-None-Match`` names ``tag`` (weak comparison, RFC 9110 §13.1.2)."""
    if if_none_match is None:
        return False
    sent = [item.strip().removeprefix("W/") for item in if_none_match.split(",")]
    return "*" in sent or tag.removeprefix("W/") in sent
