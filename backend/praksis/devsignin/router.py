"""Public routes the SPA calls before anyone is signed in (no bearer token)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from praksis.devsignin import service
from praksis.devsignin.schemas import AuthConfig, DevSignIn, DevSignInOptions, DevToken
from praksis.kit.context import api_router, runtime_of

PUBLIC: dict[str, Any] = {"security": []}

auth_router = api_router(prefix="/auth", tags=["sign-in"])
dev_router = api_router(prefix="/dev", tags=["sign-in"])


@auth_router.get("/config", operation_id="get_auth_config", openapi_extra=PUBLIC)
async def get_auth_config(request: Request) -> AuthConfig:
    """How to sign in here: the OIDC issuer and the SPA's public client (Authorization Code
    with PKCE), and whether the development sign-in is on. **No bearer token.**"""
    return service.auth_config(runtime_of(request).settings)


@dev_router.get("/sign-in/options", operation_id="get_dev_sign_in_options", openapi_extra=PUBLIC)
async def get_dev_sign_in_options(request: Request) -> DevSignInOptions:
    """Development only: the municipalities with their people and the roles each may take,
    and the partner organisations. **No bearer token.** 404 unless the development sign-in
    is enabled (never in production)."""
    runtime = runtime_of(request)
    service.require_enabled(runtime.settings)
    return await run_in_threadpool(service.sign_in_options, runtime.engine, runtime.settings)


@dev_router.post("/sign-in", operation_id="dev_sign_in", openapi_extra=PUBLIC)
async def dev_sign_in(request: Request, body: DevSignIn) -> DevToken:
    """Development only: a one-hour bearer token from the development issuer for a person in
    their municipality with one of their roles, or for a partner organisation. The person's
    sign-in is linked on first use, so ``/me`` is that person. **No bearer token.** 404 unless
    the development sign-in is enabled; 422 for a person outside the municipality or a role
    they do not hold."""
    runtime = runtime_of(request)
    service.require_enabled(runtime.settings)
    return await run_in_threadpool(service.sign_in, runtime.engine, runtime.settings, body)
