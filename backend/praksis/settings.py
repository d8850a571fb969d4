"""Settings from the environment, prefixed ``PRAKSIS_``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = REPO_ROOT / "var" / "praksis.sqlite3"
DEV_ISSUER = "praksis-dev"
DEFAULT_AUDIENCE = "praksis"
UNSAFE_DEV_SECRETS = frozenset({"", "change-me", "secret", "dev"})
CLAIM_NAME_PATTERN = r"^[A-Za-z0-9_:./#-]{1,200}$"
MIN_RSA_BITS = 2048
ROLE_PATTERN = r"^[a-z_][a-z0-9_]{0,62}$"
PUBLIC_URL_PATTERN = r"^https?://[^/?#\s]+(/[^?#\s]*[^/?#\s])?$"


MUNICIPALITY_ID_PATTERN = r"^(dk|no)-[0-9]{4}$"


class Os2moConnection(BaseModel):
    """How ``praksis sync-os2mo`` reaches one municipality's OS2mo (docs/operations.md, "Org
    sync from OS2mo"): its GraphQL API, with a bearer token from its Keycloak by the OIDC
    client credentials grant (``token_url``, ``client_id``, ``client_secret``; all three or
    none, for an OS2mo without authentication)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # OS2mo's address, e.g. https://os2mo.horsens.dk (the sync asks <url>/graphql/v29)
    url: str = Field(pattern=PUBLIC_URL_PATTERN)
    token_url: str | None = Field(default=None, pattern=r"^https?://[^?#\s]+$")
    client_id: str | None = Field(default=None, min_length=1, max_length=200)
    client_secret: SecretStr | None = None
    # the unit whose children become the forvaltninger (absent: OS2mo's top units are);
    # units outside it are not synced
    root_uuid: UUID | None = None
    # the address type (OS2mo class user_key) of a person's work e-mail
    email_address_type: str = Field(default="EmailEmployee", min_length=1, max_length=200)
    page_size: int = Field(default=500, ge=1, le=10_000)
    timeout_seconds: float = Field(default=30.0, gt=0, le=600)

    @model_validator(mode="after")
    def _credentials_together(self) -> Os2moConnection:
        parts = (self.token_url, self.client_id, self.client_secret)
        if any(part is not None for part in parts) and not all(part is not None for part in parts):
            raise ValueError("token_url, client_id and client_secret go together")
        return self


class Settings(BaseSettings):
    """Everything Praksis reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="PRAKSIS_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    database_pool_size: int = Field(default=20, ge=1, le=200)
    # a request beyond the pool waits in a short queue; beyond it, or longer, it gets 503
    max_waiting_requests: int = Field(default=200, ge=0, le=100_000)
    max_wait_seconds: float = Field(default=5.0, gt=0, le=60)
    # PostgreSQL: no statement, and no wait for a row lock, outlasts these (then 503)
    database_statement_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    database_lock_timeout_seconds: float = Field(default=10.0, gt=0, le=3600)
    # /healthz fails when a request has held its place this long (the process is wedged)
    wedged_after_seconds: float = Field(default=90.0, gt=0)
    # on SIGTERM, in-flight requests get this long to finish before the process exits
    shutdown_grace_seconds: int = Field(default=20, ge=1, le=600)
    app_db_role: str = Field(default="praksis_app", pattern=ROLE_PATTERN)
    # the role of the one public read of tenant rows, the credential status lists
    # (kit.db.StatusListSession): it may read only the status entries' index and bit
    status_list_db_role: str = Field(default="praksis_status_list", pattern=ROLE_PATTERN)
    # the role of the statistics folder's sweep (statistics.folding.pending_municipalities):
    # it may read only which municipalities have changes to fold, and since when
    statistics_sweep_db_role: str = Field(default="praksis_statistics_sweep", pattern=ROLE_PATTERN)
    # the role of the job worker's scans (webhooks.delivery.municipalities_with_due_deliveries,
    # notifications.service.municipalities_with_undelivered): it may read only which
    # municipalities have deliveries or notifications due
    job_scan_db_role: str = Field(default="praksis_job_scan", pattern=ROLE_PATTERN)

    jwt_secret: str | None = None
    jwt_issuer: str = DEV_ISSUER
    jwt_audience: str = DEFAULT_AUDIENCE
    # Account linking (README, "Signing in"): a first sign-in takes over an imported person
    # only by a claim the municipality trusts, never by an unverified or inexact e-mail.
    jwt_link_claim: str | None = Field(default=None, pattern=CLAIM_NAME_PATTERN)
    jwt_link_email: bool = False

    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    oidc_algorithms: list[Literal["RS256", "ES256"]] = ["RS256", "ES256"]
    # The SPA's public client at the OIDC issuer (Authorization Code + PKCE, no secret)
    oidc_client_id: str | None = None
    oidc_scope: str = "openid profile email"
    oidc_link_claim: str | None = Field(default=None, pattern=CLAIM_NAME_PATTERN)
    oidc_link_email: bool = False
    jwks_min_refresh_seconds: float = Field(default=30.0, ge=0)
    jwks_cache_seconds: float = Field(default=3600.0, ge=0)

    max_token_bytes: int = Field(default=8192, ge=512)
    # failed token verifications one client address may make (``limits`` notation), then 429
    failed_sign_in_limit: str = "30/minute"
    # per caller (token issuer and subject), on the routes that cost the server most
    import_request_limit: str = "20/minute"
    statistics_request_limit: str = "120/minute"
    # a token may live this long from its iat (a stolen one is useful for hours, not years)
    max_token_lifetime_seconds: int = Field(default=12 * 3600, ge=60, le=7 * 24 * 3600)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    idempotency_ttl_hours: int = Field(default=24, ge=1)
    # partner statistics (docs/statistics-privacy.md, statistics.cellkey): published counts
    # below statistics_min_count are suppressed, averages need that many people; the noise
    # is at most statistics_noise_max with variance statistics_noise_variance (below the max)
    statistics_min_count: int = Field(default=5, ge=2)
    statistics_noise_max: int = Field(default=3, ge=1, le=10)
    statistics_noise_variance: float = Field(default=1.0, gt=0, le=10)
    # how often a serving process looks for changes recorded by other processes and folds
    # them into the statistics (its own are folded at once): the figures' worst-case lag
    statistics_sweep_seconds: float = Field(default=2.0, gt=0, le=60)
    # whether a serving process runs the folder thread; off, its changes wait for a process
    # that does (or for `praksis rebuild-statistics`)
    statistics_folder: bool = True
    # GDPR retention: `praksis erase-leavers` erases people who left more than this many
    # months ago (people.left_on); unset, nobody is erased for having left
    retention_months_after_leaving: int | None = Field(default=None, ge=1, le=1200)
    # the org sync (`praksis sync-os2mo`): each municipality's OS2mo, as JSON keyed by the
    # municipality's id, e.g. {"dk-0615": {"url": "https://os2mo.horsens.dk", ...}}
    os2mo_connections: dict[str, Os2moConnection] = {}
    # the hours (UTC) at which `praksis worker` syncs them; [] leaves it to the command
    os2mo_sync_hours: list[int] = Field(default=[2], max_length=24)
    # background work (kit.jobs): whether `praksis serve` runs the worker in its own process,
    # its queue in memory; unset, it does on SQLite (the demo) and not on PostgreSQL, where
    # `praksis worker` runs it
    embedded_worker: bool | None = None

    # e-mail (notifications): the mail server; without a host, notifications are recorded
    # (status "held") but not sent. starttls upgrades a plain connection (port 587), tls
    # speaks TLS from the start (465), none is for a relay on the same host or network
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_timeout_seconds: float = Field(default=30.0, gt=0, le=300)
    mail_from: str = Field(default="praksis@localhost", pattern=r"^[^@\s<>]+@[^@\s<>]+$")

    # operations (docs/operations.md): JSON log lines at this level; metrics at /metrics
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    metrics_enabled: bool = False
    metrics_token: str | None = Field(default=None, min_length=16)

    # credentials (development.open_badges): the municipality's RSA private key (PEM, at
    # least 2048 bits) that signs Open Badges 3.0 exports as VC-JWT (RS256); unset, the
    # export is offered unsigned only
    credential_signing_key: SecretStr | None = None
    # where verifiers reach this server (scheme, host, optional path; no trailing slash): the
    # credentials' status list URLs and the issuer profiles are published under it
    public_url: str = Field(default="http://localhost:8000", pattern=PUBLIC_URL_PATTERN)

    # outgoing webhooks (webhooks.delivery): how long a receiver has to answer; and, for
    # development and tests only, plain http and private or loopback addresses as endpoints
    webhooks_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    webhooks_allow_local_urls: bool = False

    dev_sign_in: bool = False
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"

    @field_validator(
        "jwt_secret",
        "oidc_issuer",
        "oidc_audience",
        "oidc_jwks_url",
        "oidc_client_id",
        "jwt_link_claim",
        "oidc_link_claim",
        "metrics_token",
        "credential_signing_key",
        "smtp_host",
        "smtp_username",
        "smtp_password",
        mode="before",
    )
    @classmethod
    def _empty_means_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("credential_signing_key")
    @classmethod
    def _an_rsa_private_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            from jose import jwk
            from jose.exceptions import JWKError

            try:
                key = jwk.construct(value.get_secret_value(), "RS256")
            except JWKError as error:
                raise ValueError("not an RSA key in PEM") from error
            size = getattr(getattr(key, "prepared_key", None), "key_size", 0)
            if getattr(key, "is_public", lambda: True)() or size < MIN_RSA_BITS:
                raise ValueError(f"an RSA private key of at least {MIN_RSA_BITS} bits is needed")
        return value

    @field_validator("os2mo_connections")
    @classmethod
    def _keyed_by_municipality(
        cls, value: dict[str, Os2moConnection]
    ) -> dict[str, Os2moConnection]:
        import re

        for key in value:
            if not re.fullmatch(MUNICIPALITY_ID_PATTERN, key):
                raise ValueError(f"{key!r} is not a municipality id (dk-NNNN or no-NNNN)")
        return value

    @field_validator("os2mo_sync_hours")
    @classmethod
    def _hours_of_a_day(cls, value: list[int]) -> list[int]:
        if any(not 0 <= hour <= 23 for hour in value):
            raise ValueError("an hour is 0 to 23")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("failed_sign_in_limit", "import_request_limit", "statistics_request_limit")
    @classmethod
    def _a_rate_limit(cls, value: str) -> str:
        from limits import parse

        parse(value)  # raises ValueError naming what it could not read
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment == "production":
            if self.jwt_secret is not None:
                raise ValueError("PRAKSIS_JWT_SECRET (dev issuer) must not be set in production")
            if self.dev_sign_in:
                raise ValueError("PRAKSIS_DEV_SIGN_IN must not be enabled in production")
            if self.webhooks_allow_local_urls:
                raise ValueError("PRAKSIS_WEBHOOKS_ALLOW_LOCAL_URLS must not be set in production")
        if self.jwt_secret is not None and (
            self.jwt_secret in UNSAFE_DEV_SECRETS or len(self.jwt_secret) < 32
        ):
            raise ValueError("PRAKSIS_JWT_SECRET must be at least 32 characters and not a default")
        if any((self.oidc_issuer, self.oidc_audience, self.oidc_jwks_url)) and not all(
            (self.oidc_issuer, self.oidc_audience, self.oidc_jwks_url)
        ):
            raise ValueError(
                "PRAKSIS_OIDC_ISSUER, PRAKSIS_OIDC_AUDIENCE and PRAKSIS_OIDC_JWKS_URL go together"
            )
        if self.statistics_noise_variance >= self.statistics_noise_max:
            raise ValueError(
                "PRAKSIS_STATISTICS_NOISE_VARIANCE must be below PRAKSIS_STATISTICS_NOISE_MAX"
            )
        return self

    @property
    def is_postgresql(self) -> bool:
        return self.database_url.startswith("postgresql")

    @property
    def runs_embedded_worker(self) -> bool:
        return not self.is_postgresql if self.embedded_worker is None else self.embedded_worker

    def serving_roles(self) -> list[str]:
        """The database roles a serving process takes: the requests' and the status list's;
        its statistics folder's sweep's, and its embedded worker's scans', when it runs them."""
        roles = [self.app_db_role, self.status_list_db_role]
        if self.statistics_folder:
            roles.append(self.statistics_sweep_db_role)
        if self.runs_embedded_worker:
            roles.append(self.job_scan_db_role)
        return roles

    def worker_roles(self) -> list[str]:
        """The database roles ``praksis worker`` takes: the jobs' (as a request's) and the
        scans'."""
        return [self.app_db_role, self.job_scan_db_role]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
