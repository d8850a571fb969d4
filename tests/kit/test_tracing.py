"""OpenTelemetry: off unless the OTEL_* environment asks; then a request is a server span with
its SQL as child spans, and no span attribute holds a calendar feed's secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy.engine import Engine

from praksis.app import create_app
from praksis.kit.tracing import provider_from_environment, tracing_requested
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HeaderFactory

API = "/api/v1"


@pytest.mark.parametrize(
    ("environment", "requested"),
    [
        ({}, False),
        ({"OTEL_SERVICE_NAME": "praksis"}, False),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, True),
        ({"OTEL_TRACES_EXPORTER": "console"}, True),
        ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_SDK_DISABLED": "true"}, False),
    ],
)
def test_tracing_is_switched_on_only_by_the_otel_environment(
    environment: dict[str, str], requested: bool
) -> None:
    assert tracing_requested(environment) is requested


def test_off_costs_no_import_and_on_builds_the_exporters_the_environment_names() -> None:
    assert provider_from_environment({}) is None
    provider = provider_from_environment(
        {"OTEL_TRACES_EXPORTER": "otlp,console", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}
    )
    assert provider is not None
    assert provider.resource.attributes["service.name"] == "praksis"
    provider.shutdown()
    with pytest.raises(ValueError, match="zipkin"):
        provider_from_environment({"OTEL_TRACES_EXPORTER": "zipkin"})


def test_off_the_app_loads_nothing_of_the_sdk_or_the_instrumentations(tmp_path: Path) -> None:
    program = (
        "import sys\n"
        "from praksis.app import serve_app\n"
        "serve_app()\n"
        "loaded = [m for m in sys.modules if m.startswith(('opentelemetry.sdk',"
        " 'opentelemetry.instrumentation'))]\n"
        "print(loaded)\n"
    )
    environment = {key: value for key, value in os.environ.items() if not key.startswith("OTEL_")}
    environment["PRAKSIS_DATABASE_URL"] = f"sqlite:///{tmp_path / 'off.sqlite3'}"
    environment["PYTHONPATH"] = os.pathsep.join(sys.path)
    finished = subprocess.run(
        [sys.executable, "-c", program],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert finished.stdout.strip() == "[]"


def test_a_request_is_a_server_span_with_its_sql_as_child_spans(
    settings: Settings, engine: Engine, municipalities: list[str], auth: HeaderFactory
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = create_app(settings, engine, tracer_provider=provider)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get(f"{API}/me", headers=auth(HEDENSTED, "hr_admin"))
            assert response.status_code == 200
            secret = "S" * 43
            feed = client.get(f"{API}/calendar/{HEDENSTED}.{secret}.ics")
            assert feed.status_code == 404
    finally:
        app.state.uninstall_tracing()
    spans = exporter.get_finished_spans()
    (server,) = [s for s in spans if s.kind is SpanKind.SERVER and s.name == f"GET {API}/me"]
    assert server.attributes is not None
    assert server.attributes["http.status_code"] == 200
    queries = [
        s
        for s in spans
        if s.context.trace_id == server.context.trace_id
        and s.attributes
        and "db.system" in s.attributes
    ]
    assert queries, [(s.name, dict(s.attributes or {})) for s in spans]
    assert all(s.kind is SpanKind.CLIENT for s in queries)
    for span in spans:
        assert secret not in str(dict(span.attributes or {})), span.name
        assert secret not in span.name


@pytest.mark.postgres_only
@pytest.mark.parametrize(
    ("opt_in", "names"),
    [
        ("", ("db.system", "db.name", "db.statement", "db.sql.table", "net.peer.port")),
        ("database", ("db.system.name", "db.namespace", "db.query.text", "db.collection.name")),
    ],
)
def test_a_list_read_on_postgresql_is_a_db_span_under_the_request_span(
    settings: Settings,
    engine: Engine,
    municipalities: list[str],
    auth: HeaderFactory,
    monkeypatch: pytest.MonkeyPatch,
    opt_in: str,
    names: tuple[str, ...],
) -> None:
    """The list pages' read path (async psycopg, outside SQLAlchemy) traces its query too."""
    monkeypatch.setenv("OTEL_SEMCONV_STABILITY_OPT_IN", opt_in)
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = create_app(settings, engine, tracer_provider=provider)
    try:
        with TestClient(app) as client:
            listed = client.get(f"{API}/kerneopgaver", headers=auth(HEDENSTED, "participant"))
            assert listed.status_code == 200, listed.text
    finally:
        app.state.uninstall_tracing()
    assert app.state.runtime.reads.spans is None
    spans = exporter.get_finished_spans()
    (server,) = [s for s in spans if s.kind is SpanKind.SERVER]
    assert server.name == f"GET {API}/kerneopgaver"
    (read,) = [s for s in spans if s.instrumentation_scope.name == "praksis.kit.tracing"]
    by_id = {s.context.span_id: s for s in spans}
    ancestors = []
    parent = read.parent
    while parent is not None:
        ancestors.append(parent.span_id)
        parent = by_id[parent.span_id].parent if parent.span_id in by_id else None
    assert server.context.span_id in ancestors
    assert (read.name, read.kind) == ("SELECT kerneopgaver", SpanKind.CLIENT)
    attributes = dict(read.attributes or {})
    assert set(names) <= set(attributes), attributes
    query = str(attributes.get("db.statement", attributes.get("db.query.text")))
    assert "FROM kerneopgaver" in query and HEDENSTED not in query  # placeholders, no values
    stable = opt_in == "database"
    assert ("db.system" in attributes, "db.system.name" in attributes) == (not stable, stable)
