"""The built SPA is served at / with deep links, without hiding API errors."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from praksis.app import create_app
from tests.conftest import make_settings


def test_spa_index_and_deep_links_are_served_and_api_paths_are_not() -> None:
    with TestClient(create_app(make_settings("sqlite://"))) as client:
        root = client.get("/")
        deep = client.get("/programmer/hedensted/workshops")
        api = client.get("/api/v1/unknown")
        escape = client.get("/../../pyproject.toml")
    assert root.status_code == deep.status_code == 200
    assert "<h1>Praksis</h1>" in root.text
    assert deep.text == root.text
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"
    assert "[project]" not in escape.text


def test_placeholder_page_is_served_when_no_spa_is_built(tmp_path: object) -> None:
    settings = make_settings("sqlite://", frontend_dist="/nonexistent/dist")
    with TestClient(create_app(settings)) as client:
        page = client.get("/")
    assert page.status_code == 200
    assert "Praksis" in page.text
    assert "/docs" in page.text


# The fixture dist (tests/fixtures/dist) is shaped like a real build: its twins were written by
# frontend/scripts/precompress.mjs, the build step that writes them next to dist/'s files.
FIXTURE_DIST = Path(__file__).parent / "fixtures" / "dist"
SCRIPT = "/assets/app-4f2a9c1e.js"


def _raw_get(client: TestClient, path: str, accept_encoding: str) -> tuple[httpx.Response, bytes]:
    """The response and its body exactly as sent (httpx would otherwise decode gzip)."""
    with client.stream("GET", path, headers={"Accept-Encoding": accept_encoding}) as response:
        return response, b"".join(response.iter_raw())


def _brotli_decode(data: bytes) -> bytes:
    """Brotli has no decoder in the standard library; Node's zlib (which wrote the file) has."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed to decode brotli")
    script = (
        "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0)))"
    )
    return subprocess.run([node, "-e", script], input=data, capture_output=True, check=True).stdout


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("*", "br"),
        ("*;q=0, gzip", "gzip"),
        ("identity", None),
        ("", None),
        ("gzip;q=0, br;q=0", None),
    ],
)
def test_hashed_assets_are_sent_precompressed_and_cached_for_a_year(
    accept_encoding: str, coding: str | None
) -> None:
    original = (FIXTURE_DIST / SCRIPT.lstrip("/")).read_bytes()
    with TestClient(create_app(make_settings("sqlite://"))) as client:
        response, body = _raw_get(client, SCRIPT, accept_encoding)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers.get("content-encoding") == coding
    assert int(response.headers["content-length"]) == len(body)
    decoded = {"br": _brotli_decode, "gzip": gzip.decompress, None: bytes}[coding](body)
    assert decoded == original
    if coding is not None:
        assert len(body) < len(original)


@pytest.mark.parametrize("path", ["/", "/hr/statistics", "/index.html"])
def test_index_html_is_compressed_and_always_revalidated(path: str) -> None:
    original = (FIXTURE_DIST / "index.html").read_bytes()
    with TestClient(create_app(make_settings("sqlite://"))) as client:
        gzipped, gzip_body = _raw_get(client, path, "gzip")
        brotli, brotli_body = _raw_get(client, path, "br, gzip")
        plain, plain_body = _raw_get(client, path, "identity")
    for response in (gzipped, brotli, plain):
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["vary"] == "Accept-Encoding"
    assert gzipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(gzip_body) == original
    assert brotli.headers["content-encoding"] == "br"
    assert _brotli_decode(brotli_body) == original
    assert "content-encoding" not in plain.headers
    assert plain_body == original


@pytest.mark.parametrize("path", [SCRIPT, "/"])
def test_head_and_revalidation_of_a_precompressed_file(path: str) -> None:
    with TestClient(create_app(make_settings("sqlite://"))) as client:
        first = client.get(path, headers={"Accept-Encoding": "gzip"})
        head = client.head(path, headers={"Accept-Encoding": "gzip"})
        again = client.get(
            path, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]}
        )
        other_coding = client.get(
            path, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["etag"]}
        )
    assert head.status_code == 200
    assert head.headers["content-encoding"] == "gzip"
    assert head.headers["content-length"] == first.headers["content-length"]
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == first.headers["cache-control"]
    # each twin has its own tag: a cache holding the gzip body must not serve it as brotli
    assert other_coding.status_code == 200
    assert other_coding.headers["content-encoding"] == "br"


def test_a_file_without_twins_is_sent_as_is(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><h1>Praksis</h1>", encoding="utf-8")
    (tmp_path / "assets" / "logo-1a2b3c4d.svg").write_text("<svg></svg>", encoding="utf-8")
    settings = make_settings("sqlite://", frontend_dist=tmp_path)
    with TestClient(create_app(settings)) as client:
        response, body = _raw_get(client, "/assets/logo-1a2b3c4d.svg", "br, gzip")
    assert response.headers["content-type"] == "image/svg+xml"
    assert "content-encoding" not in response.headers
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert body == b"<svg></svg>"


def test_a_twin_asked_for_by_name_is_not_labelled_as_its_original() -> None:
    with TestClient(create_app(make_settings("sqlite://"))) as client:
        response, body = _raw_get(client, SCRIPT + ".gz", "gzip")
    assert response.headers["content-type"] == "application/octet-stream"
    assert "content-encoding" not in response.headers
    assert body == (FIXTURE_DIST / (SCRIPT.lstrip("/") + ".gz")).read_bytes()
