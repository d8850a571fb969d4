"""The request's principal and tenant context, and the route class that owns the unit of work.

Every tenant route receives a ``TenantContext`` through ``authorize(permission)``: the
principal from the verified token, a ``TenantSession`` bound to the token's municipality, and
the caller's person. ``PraksisRoute`` runs the request pipeline around the handler: on a POST,
the Idempotency-Key step after the route's dependencies; then the handler; then one commit
after a successful response (any error rolls the unit of work back).
"""

from __future__ import annotations

import functools
import inspect
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, APIRouter
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State
from starlette.responses import Response
from starlette.routing import BaseRoute

from praksis.kit import idempotency, logs
from praksis.kit.auth import Principal
from praksis.kit.db import PartnerSession, TenantOwned, TenantSession
from praksis.kit.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from praksis.kit.permissions import Permission, Role
from praksis.kit.ratelimit import Costly
from praksis.kit.reads import TenantReader
from praksis.kit.runtime import MunicipalityInfo, Runtime

BEARER_PREFIX = "bearer "


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def current_principal(request: Request) -> Principal:
    """The caller, from the ``Authorization: Bearer`` token and nothing else."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    header = request.headers.get("authorization", "")
    if not header.lower().startswith(BEARER_PREFIX) or not header[len(BEARER_PREFIX) :].strip():
        raise Unauthorized("Send a bearer token in the Authorization header.", token_sent=False)
    runtime = runtime_of(request)
    address = request.client.host if request.client is not None else "unknown"
    runtime.failed_sign_ins.refuse_if_limited(address)
    try:
        principal = await runtime.verifier.verify(header[len(BEARER_PREFIX) :].strip())
    except Unauthorized:
        runtime.failed_sign_ins.record_failure(address)
        raise
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def caller_of(principal: Principal) -> str:
    """Who is calling, for per-caller limits: the token's issuer and subject."""
    return f"{principal.issuer}|{principal.subject}"


def spend(request: Request, costly: Costly, principal: Principal) -> None:
    """Count one request of a costly route against the caller (429 past the limit)."""
    runtime_of(request).caller_limits.spend(costly, caller_of(principal))


@dataclass
class TenantContext:
    """Everything a tenant route may use: who calls, for which municipality, and the session.

    The ORM session is opened on first use, so a list read through ``kit.reads.TenantList``
    (which uses ``reader`` on PostgreSQL: see docs/architecture.md, "Reading lists") never
    opens one.
    """

    principal: Principal
    municipality: MunicipalityInfo
    acting_person_id: uuid.UUID | None  # None for an integration: a service is no person
    runtime: Runtime | None = field(repr=False)
    request_state: State = field(repr=False)
    _session: TenantSession | None = field(default=None, repr=False)

    @classmethod
    def over_session(
        cls,
        principal: Principal,
        municipality: MunicipalityInfo,
        person_id: uuid.UUID | None,
        session: TenantSession,
    ) -> TenantContext:
        """A context on a tenant session opened elsewhere (the CLI, tests, benchmarks): the
        caller owns the session and its commit; there is no read path."""
        return cls(principal, municipality, person_id, None, State(), session)

    @property
    def tenant(self) -> str:
        return self.municipality.id

    @property
    def person_id(self) -> uuid.UUID:
        """The calling person; an integration is none, so what needs one refuses it (403)."""
        if self.acting_person_id is None:
            raise Forbidden("An integration acts for no person; this needs a person's token.")
        return self.acting_person_id

    @property
    def session(self) -> TenantSession:
        """The request's unit of work, committed by ``PraksisRoute`` after a success."""
        if self._session is None:
            assert self.runtime is not None, "a context over a session always has one"
            self._session = TenantSession(
                self.runtime.engine, self.tenant, self.runtime.settings.app_db_role
            )
            self.request_state.unit_of_work = self._session
        return self._session

    @property
    def reader(self) -> TenantReader | None:
        """The read path for this municipality, or ``None`` where there is none (SQLite)."""
        if self.runtime is None or self.runtime.reads is None:
            return None
        return TenantReader(self.runtime.reads, self.tenant, self.runtime.settings.app_db_role)

    def close_session(self) -> None:
        """End a read-only unit of work (nothing to commit) if one was opened."""
        if self._session is not None:
            self._session.close()


async def tenant_context(request: Request) -> TenantContext:
    """The one place a request's tenant is applied: from the token to a scoped session."""
    cached: TenantContext | None = getattr(request.state, "tenant_context", None)
    if cached is not None:
        return cached
    principal = await current_principal(request)
    if principal.tenant is None:
        raise Forbidden("This token is not bound to a municipality.")
    runtime = runtime_of(request)
    municipality = await _municipality(runtime, principal.tenant)
    logs.note_municipality(municipality.id)
    # a service token (an intranet's sync) never becomes a person in the staff records
    person_id = (
        None if Role.integration in principal.roles else await _person_id(runtime, principal)
    )
    context = TenantContext(principal, municipality, person_id, runtime, request.state)
    request.state.tenant_context = context
    return context


async def optional_tenant_context(request: Request) -> TenantContext | None:
    """The tenant context for municipal callers; ``None`` for a partner without a tenant."""
    principal = await current_principal(request)
    return None if principal.tenant is None else await tenant_context(request)


async def _municipality(runtime: Runtime, municipality_id: str) -> MunicipalityInfo:
    municipality = await known_municipality(runtime, municipality_id)
    if municipality is None:
        raise Unauthorized("The token's municipality is not known to Praksis.")
    return municipality


async def known_municipality(runtime: Runtime, municipality_id: str) -> MunicipalityInfo | None:
    """The municipality with this id, if Praksis knows it (cached): the token's tenant, or
    the one a public address names (a calendar feed, a credential status list)."""
    municipality = runtime.municipalities.get(municipality_id)
    if municipality is None:
        municipality = await run_in_threadpool(
            runtime.directory.municipality, runtime.engine, municipality_id
        )
        if municipality is not None:
            runtime.municipalities.put(municipality_id, municipality)
    return municipality


async def _person_id(runtime: Runtime, principal: Principal) -> uuid.UUID:
    assert principal.tenant is not None
    key = (principal.tenant, principal.issuer, principal.subject)
    person_id = runtime.people.get(key)
    if person_id is None:
        person_id = await run_in_threadpool(
            runtime.directory.person_for,
            runtime.engine,
            runtime.settings.app_db_role,
            principal,
        )
        runtime.people.put(key, person_id)
    return person_id


def authorize(
    permission: Permission, item: type[TenantOwned] | None = None, costly: Costly | None = None
) -> Callable[[Request], Awaitable[TenantContext]]:
    """Dependency: the tenant context, if the caller holds ``permission``.

    For routes on one ``item`` (its id in the path), a caller without the permission learns
    nothing about ids outside their municipality: a missing item answers 404, not 403. A
    ``costly`` route counts the caller's requests (``kit.ratelimit``) before it does any work.
    """

    async def dependency(request: Request) -> TenantContext:
        context = await tenant_context(request)
        if not context.principal.can(permission):
            if item is not None and not await _item_exists(request, context, item):
                raise NotFound("No such item in your municipality.")
            raise Forbidden(f"Your role does not allow {permission.value}.")
        if costly is not None:
            spend(request, costly, context.principal)
        return context

    dependency.__name__ = f"authorize_{permission.name}"
    return dependency


async def _item_exists(request: Request, context: TenantContext, item: type[TenantOwned]) -> bool:
    ids = [value for name, value in request.path_params.items() if name.endswith("id")]
    try:
        item_id = uuid.UUID(str(ids[-1]))
    except (IndexError, ValueError):
        return False
    statement = select(item.id).where(item.id == item_id)
    found = await run_in_threadpool(context.session.exec, statement)
    return found.first() is not None


READ_ONLY_METHODS = frozenset({"GET", "HEAD"})
KEYED_METHODS = frozenset({"POST"})  # the methods that honour an Idempotency-Key
IDEMPOTENCY_STEP = "_idempotency_step"


async def idempotency_step(request: Request) -> None:
    """The Idempotency-Key step (``kit.idempotency``): replay the stored response of a retried
    POST, refuse a key reused with another request, or note the key for the commit.

    Keys belong to a caller: the step uses the context the route's dependencies built (a
    municipality's through ``authorize``, or a partner's), and a route without one (signing
    in) honours no key."""
    context: TenantContext | PartnerContext | None = getattr(
        request.state, "tenant_context", None
    ) or getattr(request.state, "partner_context", None)
    if context is not None:
        await idempotency.check(request, context)


class PraksisRoute(APIRoute):
    """Runs the request pipeline: on a POST the Idempotency-Key step, then the handler, then
    one commit of the request's unit of work once the handler has produced a success.

    The Idempotency-Key step (``idempotency_step``) is added to every POST as a dependency
    right after the parameter that names the caller (its ``TenantContext`` or
    ``PartnerContext``): FastAPI resolves a route's dependencies in the order of its
    parameters, so the step runs once the caller was authorised, before the route's other
    dependencies (one reads the body as a stream) and before the body is validated.

    The whole unit of work (the dependencies that read the caller's person, the handler, the
    commit) runs inside one place of the admission gate (``kit.admission``), so it never waits
    for a connection or a thread while holding one.

    A plain ``def`` handler runs in the thread pool once, together with the end of a read-only
    unit of work, instead of FastAPI's three hand-overs (handler, response check, commit).
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        methods = {method.upper() for method in kwargs.get("methods") or ["GET"]}
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _in_one_thread(endpoint, read_only=methods <= READ_ONLY_METHODS)
        if methods & KEYED_METHODS:
            endpoint = _after_idempotency_step(endpoint)
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        known_query = _query_parameter_names(self.dependant)

        async def run_in_unit_of_work(request: Request) -> Response:
            _refuse_unknown_query_parameters(request, known_query)
            async with runtime_of(request).gate.place():
                try:
                    response = await handler(request)
                except IntegrityError as error:
                    await _discard(request)
                    return await _after_conflict(request, error)
                except BaseException:
                    await _discard(request)
                    raise
                return await _finish(request, response)

        return run_in_unit_of_work


def _in_one_thread(
    endpoint: Callable[..., Any], read_only: bool
) -> Callable[..., Coroutine[Any, Any, Any]]:
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        finally:
            if read_only:
                for value in kwargs.values():
                    if isinstance(value, TenantContext):
                        value.close_session()
                    elif isinstance(value, PartnerContext):
                        value.session.close()

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(call, *args, **kwargs)

    return run


def _after_idempotency_step(
    endpoint: Callable[..., Coroutine[Any, Any, Any]],
) -> Callable[..., Coroutine[Any, Any, Any]]:
    """The endpoint with ``idempotency_step`` declared right after its caller's parameter.

    FastAPI passes every argument by name, so the parameters become keyword-only: then the
    step may stand between them whatever their defaults."""
    signature = inspect.signature(endpoint)
    parameters = [
        parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY)
        for parameter in signature.parameters.values()
    ]
    step = inspect.Parameter(
        IDEMPOTENCY_STEP,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[None, Depends(idempotency_step)],
    )
    parameters.insert(_after_caller(endpoint), step)

    @functools.wraps(endpoint)
    async def run(**kwargs: Any) -> Any:
        kwargs.pop(IDEMPOTENCY_STEP, None)
        return await endpoint(**kwargs)

    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return run


def _after_caller(endpoint: Callable[..., Any]) -> int:
    """The position after the endpoint's last parameter naming the caller (0: none does)."""
    hints = get_type_hints(inspect.unwrap(endpoint), include_extras=True)
    names = list(inspect.signature(endpoint).parameters)
    callers = [index for index, name in enumerate(names) if _names_caller(hints.get(name))]
    return callers[-1] + 1 if callers else 0


def _names_caller(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        return any(_names_caller(member) for member in get_args(annotation))
    return annotation in (TenantContext, PartnerContext)


def _query_parameter_names(dependant: Dependant) -> dict[str, bool]:
    """Each declared query parameter and whether it may repeat (a list)."""
    names = {
        param.alias: _repeatable(param.field_info.annotation) for param in dependant.query_params
    }
    for dependency in dependant.dependencies:
        names.update(_query_parameter_names(dependency))
    return names


def _repeatable(annotation: Any) -> bool:
    if annotation in (list, tuple, set, frozenset):
        return True
    origin = get_origin(annotation)
    if origin in (list, tuple, set, frozenset):
        return True
    return origin in (Union, UnionType) and any(_repeatable(arg) for arg in get_args(annotation))


def _refuse_unknown_query_parameters(request: Request, known: dict[str, bool]) -> None:
    """A misspelt filter (``?activ=true``) must not silently return everything, and a
    repeated single-valued one (``?status=open&status=draft``) must not quietly keep one."""
    # the query FastAPI parsed already (parse_qsl, blanks kept), not request.url, which would
    # rebuild the whole URL from the scope on every request
    names = [name for name, _ in request.query_params.multi_items()]
    errors = [
        {"location": f"query.{name}", "message": "unknown parameter"}
        for name in sorted(set(names) - known.keys())
    ]
    errors += [
        {"location": f"query.{name}", "message": "given more than once"}
        for name in sorted({n for n in names if names.count(n) > 1 and not known.get(n, True)})
    ]
    if errors:
        raise InvalidInput(
            "Query parameters: "
            + "; ".join(f"{e['location'][6:]}: {e['message']}" for e in errors),
            errors=errors,
        )


def _unit_of_work(request: Request) -> Session | None:
    session: Session | None = getattr(request.state, "unit_of_work", None)
    return session


async def _discard(request: Request) -> None:
    session = _unit_of_work(request)
    if session is not None:
        if session.in_transaction():
            await run_in_threadpool(session.close)
        else:
            session.close()


async def _finish(request: Request, response: Response) -> Response:
    session = _unit_of_work(request)
    if session is None:
        return response
    if not session.in_transaction():
        session.close()  # holds no connection: nothing to wait for
        return response
    if response.status_code >= 400:
        await run_in_threadpool(session.close)
        return response
    try:
        await run_in_threadpool(_commit, request, session, response)
    except IntegrityError as error:
        return await _after_conflict(request, error)
    return response


async def _after_conflict(request: Request, error: IntegrityError) -> Response:
    """A unique or foreign key constraint refused the change, typically a concurrent twin:
    answer a retried POST with its twin's stored response, anything else with 409."""
    context = getattr(request.state, "idempotency_context", None)
    if context is not None:
        replay = await idempotency.replay_after_race(request, context)
        if replay is not None:
            return replay
    raise Conflict("The change conflicts with data saved at the same time.") from error


def _commit(request: Request, session: Session, response: Response) -> None:
    try:
        context = getattr(request.state, "idempotency_context", None)
        if context is not None:
            idempotency.record(request, context, response)
        session.commit()
    finally:
        session.close()


@dataclass
class PartnerContext:
    """A partner organisation's caller (KL, HK, KS) and a session that sees no tenant rows."""

    principal: Principal
    partner: str
    session: PartnerSession

    @property
    def reader(self) -> TenantReader | None:
        """A partner reads lists through its session only (``kit.reads.TenantList``)."""
        return None

    def close_session(self) -> None:
        self.session.close()


async def partner_context(request: Request) -> PartnerContext:
    """The separately named path for partners: no municipality, no personal data.

    The session runs as the application role with no tenant set, so row-level security
    hides every municipality's rows, and the ORM refuses tenant tables outright.
    """
    principal = await current_principal(request)
    if Role.partner not in principal.roles or principal.partner is None:
        raise Forbidden("Only a partner organisation's token may do this.")
    runtime = runtime_of(request)
    cached: PartnerContext | None = getattr(request.state, "partner_context", None)
    if cached is not None:
        return cached
    session = PartnerSession(runtime.engine, principal.partner, runtime.settings.app_db_role)
    request.state.unit_of_work = session
    context = PartnerContext(principal, principal.partner, session)
    request.state.partner_context = context
    return context


CurrentPartner = Annotated[PartnerContext, Depends(partner_context)]


def api_router(**kwargs: Any) -> APIRouter:
    """The router every domain uses, so every route gets the unit of work."""
    return APIRouter(route_class=PraksisRoute, **kwargs)


def include_api_routers(app: FastAPI, routers: Iterable[APIRouter], prefix: str) -> None:
    """Mount the domains' routers, refusing at startup any route that is not a
    ``PraksisRoute``: made by a plain ``APIRouter``, it would answer 2xx without ever
    committing what its handler wrote."""
    for router in routers:
        plain = [route for route in router.routes if not isinstance(route, PraksisRoute)]
        if plain:
            raise RuntimeError(
                "API routes outside the unit of work (build their router with api_router()"
                f" and include it in the app's list of routers): {', '.join(map(_named, plain))}"
            )
        app.include_router(router, prefix=prefix)


def _named(route: BaseRoute) -> str:
    if isinstance(route, APIRoute):
        return f"{' '.join(sorted(route.methods or ()))} {route.path}"
    return repr(route)
