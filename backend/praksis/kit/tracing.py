"""OpenTelemetry traces of requests, their SQL and their outgoing HTTP (the OIDC issuer's keys).

Off unless the standard environment asks for traces: ``OTEL_TRACES_EXPORTER`` (``otlp`` or
``console``; ``none`` is off) or an OTLP endpoint (``OTEL_EXPORTER_OTLP_ENDPOINT``,
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``), and not ``OTEL_SDK_DISABLED=true``. The exporter,
its headers, the sampler (``OTEL_TRACES_SAMPLER``) and the resource (``OTEL_SERVICE_NAME``,
``OTEL_RESOURCE_ATTRIBUTES``) are read by the SDK itself. When off, nothing of OpenTelemetry
is even imported, so it costs nothing.

The list pages' PostgreSQL read path (``kit.reads``, async psycopg outside SQLAlchemy) gets
client spans of its own (``DatabaseSpans``), named and attributed by the OpenTelemetry
database conventions as the SQLAlchemy instrumentation's are: the old attribute names, the
stable ones with ``OTEL_SEMCONV_STABILITY_OPT_IN=database``, both with ``database/dup``.

A server span's URL attributes are the raw path; a calendar feed's path is its secret, so the
request hook rewrites them redacted (``kit.logs.redact``) before the span is exported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from praksis.kit.logs import redact
from praksis.kit.reads import ReadPool

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Span, Tracer

DEFAULT_SERVICE_NAME = "praksis"
URL_ATTRIBUTES = ("http.target", "http.url", "url.path", "url.full", "url.query")
Uninstall = Callable[[], None]
# A database span's attributes under the conventions' old names and their stable ones.
OLD_DB_ATTRIBUTES = {
    "system": "db.system",
    "database": "db.name",
    "statement": "db.statement",
    "operation": "db.operation",
    "table": "db.sql.table",
    "host": "net.peer.name",
    "port": "net.peer.port",
}
STABLE_DB_ATTRIBUTES = {
    "system": "db.system.name",
    "database": "db.namespace",
    "statement": "db.query.text",
    "operation": "db.operation.name",
    "table": "db.collection.name",
    "host": "server.address",
    "port": "server.port",
}


def tracing_requested(environment: Mapping[str, str] = os.environ) -> bool:
    if environment.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporter = environment.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter:
        return exporter != "none"
    return bool(
        environment.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or environment.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )


def provider_from_environment(
    environment: Mapping[str, str] = os.environ,
) -> TracerProvider | None:
    """A tracer provider exporting as the environment says, or ``None`` when tracing is off."""
    if not tracing_requested(environment):
        return None
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        ConsoleSpanExporter,
        SpanExporter,
    )

    names = environment.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() or "otlp"
    resource = Resource.create(
        {} if environment.get("OTEL_SERVICE_NAME") else {SERVICE_NAME: DEFAULT_SERVICE_NAME}
    )
    provider = TracerProvider(resource=resource)
    for name in (part.strip() for part in names.split(",")):
        exporter: SpanExporter
        if name == "console":
            exporter = ConsoleSpanExporter()
        elif name == "otlp":
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            exporter = OTLPSpanExporter()
        else:
            raise ValueError(f"OTEL_TRACES_EXPORTER: {name!r} is not otlp, console or none")
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def install_tracing(
    app: FastAPI, engine: Engine, provider: TracerProvider, reads: ReadPool | None = None
) -> Uninstall:
    """Trace the app's requests, the engine's statements, the read pool's queries and httpx
    calls into ``provider``; returns what undoes it (tests)."""
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        server_request_hook=_redact_url_attributes,
        exclude_spans=["receive", "send"],
    )
    sqlalchemy = SQLAlchemyInstrumentor()
    # its declared range ends below SQLAlchemy 2.1, whose engine events it uses unchanged
    # (the DB spans are tested: tests/kit/test_tracing.py)
    sqlalchemy.instrument(
        engine=engine, tracer_provider=provider, enable_commenter=False, skip_dep_check=True
    )
    httpx = HTTPXClientInstrumentor()
    httpx.instrument(tracer_provider=provider)
    if reads is not None:
        reads.spans = DatabaseSpans(provider.get_tracer(__name__), engine)

    def uninstall() -> None:
        if reads is not None:
            reads.spans = None
        FastAPIInstrumentor.uninstrument_app(app)
        sqlalchemy.uninstrument()
        httpx.uninstrument()
        provider.shutdown()

    return uninstall


def _redact_url_attributes(span: Span, _scope: dict[str, Any]) -> None:
    if not span.is_recording():
        return
    attributes: Mapping[str, Any] = getattr(span, "attributes", None) or {}
    for name in URL_ATTRIBUTES:
        value = attributes.get(name)
        if isinstance(value, str):
            span.set_attribute(name, redact(value))


class DatabaseSpans:
    """Client spans of the read pool's queries (``kit.reads.QuerySpans``) by the OpenTelemetry
    database conventions: named ``SELECT <table>``, with the system, database, server and the
    query as sent (its parameters are placeholders: no value is in it)."""

    def __init__(
        self, tracer: Tracer, engine: Engine, environment: Mapping[str, str] = os.environ
    ) -> None:
        opted_in = {
            part.strip().lower()
            for part in environment.get("OTEL_SEMCONV_STABILITY_OPT_IN", "").split(",")
        }
        self.tracer = tracer
        self.stable = bool(opted_in & {"database", "database/dup"})
        self.old = "database" not in opted_in or "database/dup" in opted_in
        url = engine.url
        self.where: dict[str, str | int] = {"port": url.port or 5432}
        if url.database:
            self.where["database"] = url.database
        if url.host:
            self.where["host"] = url.host

    @contextmanager
    def query(self, sql: str, collection: str) -> Iterator[object]:
        from opentelemetry.trace import SpanKind

        name = f"SELECT {collection}" if collection else "SELECT"
        attributes = self._attributes(sql, collection)
        with self.tracer.start_as_current_span(
            name, kind=SpanKind.CLIENT, attributes=attributes
        ) as span:
            try:
                yield span
            except Exception as error:
                if self.stable:
                    sqlstate = getattr(error, "sqlstate", None)
                    span.set_attribute("error.type", sqlstate or type(error).__qualname__)
                raise

    def _attributes(self, sql: str, collection: str) -> dict[str, str | int]:
        values: dict[str, str | int] = {
            "system": "postgresql",
            "operation": "SELECT",
            "statement": sql,
            **self.where,
        }
        if collection:
            values["table"] = collection
        conventions = [OLD_DB_ATTRIBUTES] if self.old else []
        if self.stable:
            conventions.append(STABLE_DB_ATTRIBUTES)
        return {names[key]: value for names in conventions for key, value in values.items()}
