"""``create_app()``: routers, error handlers, middleware and the static SPA."""

from __future__ import annotations

import asyncio
import gc
import hmac
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import anyio.to_thread
from fastapi import FastAPI, Request
from sqlalchemy import text
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Scope

from praksis import models as _models  # noqa: F401 - registers every table
from praksis import wiring
from praksis.action_learning.router import router as action_learning_router
from praksis.audit.router import router as audit_router
from praksis.cohorts.router import router as cohorts_router
from praksis.competences.router import router as competences_router
from praksis.development.router import public_router as credential_verification_router
from praksis.development.router import router as development_router
from praksis.devsignin.router import auth_router, dev_router
from praksis.enrolments.router import catalogue_router, requests_router, team_router
from praksis.enrolments.router import router as enrolments_router
from praksis.feedback.router import router as feedback_router
from praksis.jobs import EmbeddedWorker
from praksis.kerneopgaver.router import router as kerneopgaver_router
from praksis.kit import etag, idempotency, observability, tracing
from praksis.kit.auth import Principal
from praksis.kit.context import include_api_routers, runtime_of
from praksis.kit.db import cancel_running_statements, create_db_engine, missing_roles
from praksis.kit.errors import NotFound, install_error_handlers, problem_response
from praksis.kit.jobs import JobRuntime
from praksis.kit.limits import BodyLimitMiddleware
from praksis.kit.logs import configure_logging
from praksis.kit.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from praksis.kit.metrics import Metrics
from praksis.kit.openapi import install_openapi
from praksis.kit.runtime import MunicipalityInfo, Runtime
from praksis.kit.static import IMMUTABLE, REVALIDATE, static_file
from praksis.municipalities.service import load_municipality
from praksis.notifications.router import router as notifications_router
from praksis.people.router import me_router, org_units_router, people_router
from praksis.people.service import person_for_principal
from praksis.privacy.router import router as privacy_router
from praksis.programmes.router import offerings_router
from praksis.programmes.router import router as programmes_router
from praksis.settings import REPO_ROOT, Settings, get_settings
from praksis.statistics.folding import StatisticsFolder
from praksis.statistics.router import router as statistics_router
from praksis.webhooks.router import router as webhooks_router
from praksis.workshops.router import calendar_router, sparring_router
from praksis.workshops.router import router as workshops_router

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

API_PREFIX = "/api/v1"
SPARE_THREADS = 8
THREAD_POOL_PROBE_SECONDS = 5.0
PLACEHOLDER_DIST = REPO_ROOT / "frontend" / "placeholder"
SPA_ASSETS = "assets"
API_ROUTERS = (
    me_router,
    notifications_router,
    kerneopgaver_router,
    org_units_router,
    people_router,
    privacy_router,
    competences_router,
    programmes_router,
    offerings_router,
    cohorts_router,
    enrolments_router,
    requests_router,
    team_router,
    catalogue_router,
    workshops_router,
    calendar_router,
    sparring_router,
    action_learning_router,
    feedback_router,
    development_router,
    credential_verification_router,
    statistics_router,
    audit_router,
    webhooks_router,
    auth_router,
    dev_router,
)
log = logging.getLogger("praksis")


class Directory:
    """Tenants and people for the request context, from the domains that own them."""

    def municipality(self, engine: Engine, municipality_id: str) -> MunicipalityInfo | None:
        return load_municipality(engine, municipality_id)

    def person_for(self, engine: Engine, app_role: str, principal: Principal) -> uuid.UUID:
        return person_for_principal(engine, app_role, principal)


def serve_app() -> FastAPI:
    """The app ``praksis serve`` runs: ``create_app`` for a long-lived server process, its
    logs configured (in each worker process) and traced if the ``OTEL_*`` environment says."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(
        settings, freeze_startup_heap=True, tracer_provider=tracing.provider_from_environment()
    )


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    *,
    freeze_startup_heap: bool = False,
    tracer_provider: TracerProvider | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    wiring.install()
    engine = engine or create_db_engine(
        settings.database_url,
        settings.database_pool_size,
        statement_timeout_seconds=settings.database_statement_timeout_seconds,
        lock_timeout_seconds=settings.database_lock_timeout_seconds,
    )

    @asynccontextmanager
    async def lifespan(started: FastAPI) -> AsyncIterator[None]:
        # More worker threads than admitted requests (kit.admission): a request that holds a
        # connection always finds a thread for its next hop.
        anyio.to_thread.current_default_thread_limiter().total_tokens = (
            settings.database_pool_size + SPARE_THREADS
        )
        if freeze_startup_heap:
            # What startup built (modules, routes, schemas) lives as long as the process: out
            # of the collector's sight, collections under load do not rescan it each time.
            gc.collect()
            gc.freeze()
        folder = _statistics_folder(started.state.runtime)
        started.state.statistics_folder = folder
        if folder is not None:
            folder.start()
        worker = (
            EmbeddedWorker(JobRuntime(engine, settings)) if settings.runs_embedded_worker else None
        )
        if worker is not None:
            await worker.start()
        log.info("serving", extra={"pool_size": settings.database_pool_size})
        yield
        log.info("shutting down")
        if worker is not None:
            await worker.stop()
        if folder is not None:
            await asyncio.to_thread(folder.stop)
        # uvicorn gave in-flight requests the grace period; what still waits on the database
        # is cancelled so its thread ends and the process can exit
        await asyncio.to_thread(cancel_running_statements, engine)
        reads = started.state.runtime.reads
        if reads is not None:
            await reads.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Praksis API",
        version="1.0.0",
        summary="Strategic competence development for Danish and Norwegian municipalities.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.runtime = Runtime.build(settings, engine, Directory())
    install_error_handlers(app)
    idempotency.install(app)
    etag.install(app)
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    metrics = _add_metrics(app, settings) if settings.metrics_enabled else None
    include_api_routers(app, API_ROUTERS, API_PREFIX)
    _add_health(app, engine)
    if metrics is None:
        _add_no_metrics(app)
    install_openapi(app, API_PREFIX)
    _add_spa(app, settings.frontend_dist)
    if tracer_provider is not None:
        app.state.uninstall_tracing = tracing.install_tracing(
            app, engine, tracer_provider, app.state.runtime.reads
        )
    # after the tracing, which expects Starlette's own stack: the observer wraps them all
    observability.install(app, metrics)
    return app


def _statistics_folder(runtime: Runtime) -> StatisticsFolder | None:
    settings = runtime.settings
    if not settings.statistics_folder:
        return None
    return StatisticsFolder(
        runtime.engine,
        settings.app_db_role,
        settings.statistics_sweep_db_role,
        settings.statistics_sweep_seconds,
    )


def _add_metrics(app: FastAPI, settings: Settings) -> Metrics:
    """``GET /metrics`` (Prometheus text), for a scraper only: with ``PRAKSIS_METRICS_TOKEN``
    set, only for that bearer token. Not part of the API (not in its description)."""
    metrics = Metrics(
        runtime=lambda: _runtime_of_app(app),
        statistics=lambda: getattr(app.state, "statistics_folder", None),
    )
    expected = settings.metrics_token

    @app.get("/metrics", include_in_schema=False)
    async def prometheus_metrics(request: Request) -> Response:
        if expected is not None and not _bearer_matches(request, expected):
            return problem_response(
                401,
                "Unauthorized",
                "The metrics need the scraper's bearer token.",
                "unauthorized",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return Response(metrics.exposition(), media_type=METRICS_CONTENT_TYPE)

    return metrics


def _add_no_metrics(app: FastAPI) -> None:
    """Metrics off: ``/metrics`` answers 404 (rather than the SPA's page)."""

    @app.get("/metrics", include_in_schema=False)
    async def no_metrics(request: Request) -> Response:
        raise NotFound(f"No resource at {request.url.path}.")


def _bearer_matches(request: Request, expected: str) -> bool:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        credentials.strip().encode(), expected.encode()
    )


def _runtime_of_app(app: FastAPI) -> Runtime:
    runtime: Runtime = app.state.runtime
    return runtime


def _add_health(app: FastAPI, engine: Engine) -> None:
    unavailable = {503: {"description": "Not healthy / not ready (problem+json)."}}

    @app.get(
        "/healthz",
        tags=["health"],
        operation_id="healthz",
        response_model=dict[str, str],
        responses=unavailable,  # type: ignore[arg-type]
    )
    async def healthz(request: Request) -> Response | dict[str, str]:
        """The process is alive and makes progress: its worker threads answer, and no request
        has held a database place for longer than any request may take."""
        runtime = runtime_of(request)
        wedged_for = runtime.gate.oldest_held_seconds()
        if wedged_for > runtime.settings.wedged_after_seconds:
            return _not_healthy(f"A request has been running for {wedged_for:.0f} s.")
        try:
            with anyio.fail_after(THREAD_POOL_PROBE_SECONDS):
                await run_in_threadpool(lambda: None)
        except TimeoutError:
            return _not_healthy("The worker threads do not answer.")
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["health"],
        operation_id="readyz",
        response_model=dict[str, str],
        responses=unavailable,  # type: ignore[arg-type]
    )
    async def readyz(request: Request) -> Response | dict[str, str]:
        """The database answers, the login may take every role this process uses, and the
        server has room for requests (503 otherwise)."""
        runtime = runtime_of(request)
        async with runtime.gate.place():
            try:
                missing = await run_in_threadpool(
                    _missing_roles, engine, runtime.settings.serving_roles()
                )
            except Exception:
                return _not_ready("The database is not reachable.")
        if missing:
            return _not_ready(
                f"The database roles {', '.join(missing)} are missing or not granted to the "
                "login Praksis connects as: `praksis migrate` creates them (docs/operations.md)."
            )
        return {"status": "ready"}


def _not_healthy(detail: str) -> Response:
    return problem_response(503, "Service Unavailable", detail, "not-healthy")


def _not_ready(detail: str) -> Response:
    return problem_response(
        503, "Service Unavailable", detail, "not-ready", headers={"Retry-After": "1"}
    )


def _missing_roles(engine: Engine, roles: list[str]) -> list[str]:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        return missing_roles(connection, roles)


class SpaRoute(Route):
    """Serves the SPA for browser navigations only, so API paths keep their 404 and 405."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            return Match.NONE, {}
        if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            return Match.NONE, {}
        match, child_scope = super().matches(scope)
        if match is Match.FULL:
            child_scope["route"] = self  # logs and metrics name it by its template
        return match, child_scope


def _add_spa(app: FastAPI, dist: Path) -> None:
    if not (dist / "index.html").is_file():
        dist = PLACEHOLDER_DIST
    index = dist / "index.html"
    root = dist.resolve()

    async def spa(request: Request) -> Response:
        path = request.path_params["path"]
        if not index.is_file():
            raise NotFound(f"No resource at {request.url.path}.")
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            # Vite names everything under assets/ by its content hash: a new build, a new name.
            hashed = candidate.is_relative_to(root / SPA_ASSETS)
            return static_file(candidate, request.headers, IMMUTABLE if hashed else REVALIDATE)
        return static_file(index, request.headers, REVALIDATE)

    app.router.routes.append(SpaRoute("/{path:path}", spa, methods=["GET", "HEAD"]))
