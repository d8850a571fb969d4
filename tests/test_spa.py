"""The built SPA is served at / with deep links, without hiding API errors."""

from __future__ import annotations

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
