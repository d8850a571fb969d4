"""The process-wide objects a request needs, built once by ``create_app``."""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from sqlalchemy.engine import Engine

from praksis.kit.admission import AdmissionGate
from praksis.kit.auth import Principal, TokenVerifier
from praksis.kit.db import postgres_session_options
from praksis.kit.ratelimit import CallerLimits, Costly, FailedSignIns
from praksis.kit.reads import ReadPool, read_pool_for
from praksis.settings import Settings

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class MunicipalityInfo:
    id: str
    name: str
    country: str
    time_zone: str


class TenantDirectory(Protocol):
    """Looks up tenants and provisions people; implemented by the domains, wired in app.py."""

    def municipality(self, engine: Engine, municipality_id: str) -> MunicipalityInfo | None: ...

    def person_for(self, engine: Engine, app_role: str, principal: Principal) -> uuid.UUID: ...


class TtlCache(Generic[K, V]):
    """A small bounded LRU whose entries expire; for facts that change rarely."""

    def __init__(self, max_entries: int, ttl_seconds: float) -> None:
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored_at, value = entry
        if time.monotonic() - stored_at > self.ttl_seconds:
            self._entries.pop(key, None)
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._entries[key] = (time.monotonic(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    verifier: TokenVerifier
    directory: TenantDirectory
    municipalities: TtlCache[str, MunicipalityInfo]
    people: TtlCache[tuple[str, str, str], uuid.UUID]
    gate: AdmissionGate
    failed_sign_ins: FailedSignIns
    caller_limits: CallerLimits
    reads: ReadPool | None = None

    @classmethod
    def build(cls, settings: Settings, engine: Engine, directory: TenantDirectory) -> Runtime:
        return cls(
            settings=settings,
            engine=engine,
            verifier=TokenVerifier(settings),
            directory=directory,
            municipalities=TtlCache(max_entries=1024, ttl_seconds=60),
            people=TtlCache(max_entries=100_000, ttl_seconds=300),
            gate=AdmissionGate(
                capacity=settings.database_pool_size,
                max_waiting=settings.max_waiting_requests,
                max_wait_seconds=settings.max_wait_seconds,
            ),
            failed_sign_ins=FailedSignIns(settings.failed_sign_in_limit),
            caller_limits=CallerLimits(
                {
                    Costly.imports: settings.import_request_limit,
                    Costly.statistics: settings.statistics_request_limit,
                }
            ),
            reads=read_pool_for(
                engine,
                settings.database_pool_size,
                postgres_session_options(
                    settings.database_statement_timeout_seconds,
                    settings.database_lock_timeout_seconds,
                ),
            ),
        )
