"""Authentication: every way a bearer token is refused, OIDC keys, and who the token makes you.

Every test goes through the real app (``TestClient``) against the real database, on SQLite
and on PostgreSQL. A refused token answers 401 ``application/problem+json`` with a
``WWW-Authenticate: Bearer`` challenge, and leaves nothing behind: no person is provisioned
and nothing is written. OIDC tests serve their JWKS over real HTTP from a local server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi.testclient import TestClient
from jose import jws, jwt
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from praksis.app import create_app
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import system_session
from praksis.municipalities.models import Municipality
from praksis.people.models import Person
from praksis.settings import DEFAULT_AUDIENCE, DEV_ISSUER, Settings
from tests.conftest import HEDENSTED, HORSENS, TEST_SECRET, Database, app_for, make_settings
from tests.http_servers import serving

ME = "/api/v1/me"
KERNEOPGAVER = "/api/v1/kerneopgaver"
OSLO = "no-0301"
OIDC_ISSUER = "https://login.test/"
OIDC_AUDIENCE = "praksis-api"
SUBJECT = "auth-test-subject"
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


# --- tokens -------------------------------------------------------------------------------


def b64url(data: bytes | dict[str, Any]) -> str:
    raw = json.dumps(data).encode() if isinstance(data, dict) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def dev_claims(**changes: Any) -> dict[str, Any]:
    """Valid dev-issuer claims of a Hedensted HR admin; a change to ``None`` drops the claim."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": DEV_ISSUER,
        "aud": DEFAULT_AUDIENCE,
        "sub": SUBJECT,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "roles": ["hr_admin"],
        "tenant": HEDENSTED,
    }
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def oidc_claims(**changes: Any) -> dict[str, Any]:
    return dev_claims(**{"iss": OIDC_ISSUER, "aud": OIDC_AUDIENCE, **changes})


def sign_dev(
    claims: dict[str, Any],
    *,
    algorithm: str = "HS256",
    secret: str = TEST_SECRET,
    headers: dict[str, Any] | None = None,
) -> str:
    return jwt.encode(claims, secret, algorithm=algorithm, headers=headers)


def sign_with(key: PrivateKey, claims: dict[str, Any], algorithm: str, kid: str | None) -> str:
    headers = {"kid": kid} if kid is not None else None
    return jwt.encode(claims, pem(key).decode(), algorithm=algorithm, headers=headers)


def sign_by_hand(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    """HMAC-SHA256 without python-jose (which refuses a PEM key as an HMAC secret)."""
    signing_input = f"{b64url(header)}.{b64url(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def with_segment(token: str, index: int, segment: str) -> str:
    parts = token.split(".")
    parts[index] = segment
    return ".".join(parts)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- keys ---------------------------------------------------------------------------------


def pem(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_pem(key: PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _b64_int(value: int, length: int | None = None) -> str:
    size = length or (value.bit_length() + 7) // 8
    return b64url(value.to_bytes(size, "big"))


def rsa_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    numbers = key.public_key().public_numbers()
    return {
        "kty": "RSA",
        "kid": kid,
        "use": "sig",
        "alg": "RS256",
        "n": _b64_int(numbers.n),
        "e": _b64_int(numbers.e),
    }


def ec_jwk(key: ec.EllipticCurvePrivateKey, kid: str) -> dict[str, Any]:
    numbers = key.public_key().public_numbers()
    return {
        "kty": "EC",
        "kid": kid,
        "use": "sig",
        "alg": "ES256",
        "crv": "P-256",
        "x": _b64_int(numbers.x, 32),
        "y": _b64_int(numbers.y, 32),
    }


# --- what the app answered and what it stored ---------------------------------------------


class Answer(Protocol):
    """What the test client returns (httpx or httpx2, whichever Starlette uses)."""

    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def text(self) -> str: ...
    def json(self) -> Any: ...


def assert_unauthorized(response: Answer, reason: str | None = None) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401
    assert body["type"] == "urn:praksis:problem:unauthorized"
    if reason is not None:
        assert reason in body["detail"], body["detail"]


def count(engine: Engine, model: type[Any], *where: Any) -> int:
    with system_session(engine) as session:
        return int(session.exec(select(func.count()).select_from(model).where(*where)).one())


def assert_rejected(
    client: TestClient, engine: Engine, headers: dict[str, str], reason: str | None = None
) -> None:
    """401 for a read and for a write, and nothing was created by either."""
    assert_unauthorized(client.get(ME, headers=headers), reason)
    write = client.post(
        KERNEOPGAVER,
        json={"title": "Læring", "citizen_outcome": "Borgeren lærer.", "position": 1},
        headers=headers,
    )
    assert_unauthorized(write, reason)
    assert count(engine, Person) == 0
    assert count(engine, Kerneopgave) == 0


def me(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(ME, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# --- a JWKS endpoint over real HTTP -------------------------------------------------------


@dataclass
class JwksServer:
    """Serves ``/jwks.json``; counts the fetches and lets a test swap what it serves."""

    url: str = ""
    document: Any = field(default_factory=dict)
    status: int = 200
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, *keys: dict[str, Any]) -> None:
        self.serve({"keys": list(keys)})

    def serve(self, document: Any, status: int = 200) -> None:
        with self.lock:
            self.document, self.status = document, status

    def fetched(self) -> int:
        with self.lock:
            return self.requests


def _jwks_handler(state: JwksServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/jwks.json":
                self.send_error(404)
                return
            with state.lock:
                state.requests += 1
                status, body = state.status, json.dumps(state.document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def jwks_server() -> Iterator[JwksServer]:
    """One server per module: the apps trusting it are then the same from test to test
    (``app_for`` builds one per settings, and the key set's address is one of them)."""
    state = JwksServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _jwks_handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    with serving(server):
        yield state


@pytest.fixture
def jwks(
    jwks_server: JwksServer, rsa_key: rsa.RSAPrivateKey, ec_key: ec.EllipticCurvePrivateKey
) -> JwksServer:
    """Publishes ``rsa-1`` (RSA) and ``ec-1`` (EC P-256) until a test swaps them; no fetches
    counted yet."""
    jwks_server.publish(rsa_jwk(rsa_key, "rsa-1"), ec_jwk(ec_key, "ec-1"))
    with jwks_server.lock:
        jwks_server.requests = 0
    return jwks_server


OidcClientFactory = Callable[..., TestClient]


@pytest.fixture
def oidc_client(
    database: Database, engine: Engine, municipalities: list[str], jwks: JwksServer
) -> Iterator[OidcClientFactory]:
    """``oidc_client(**settings)``: the real app trusting the dev issuer and the OIDC issuer."""
    with ExitStack() as stack:

        def make(**overrides: Any) -> TestClient:
            settings = make_settings(
                database.url,
                oidc_issuer=OIDC_ISSUER,
                oidc_audience=OIDC_AUDIENCE,
                oidc_jwks_url=jwks.url,
                **overrides,
            )
            app = app_for(settings, engine)  # a new runtime: nothing cached from the last test
            return stack.enter_context(TestClient(app, raise_server_exceptions=False))

        yield make


# --- the baseline the refusals start from -------------------------------------------------


def test_the_baseline_dev_token_is_accepted(client: TestClient, engine: Engine) -> None:
    body = me(client, bearer(sign_dev(dev_claims())))
    assert body["subject"] == SUBJECT
    assert body["municipality"]["id"] == HEDENSTED
    assert count(engine, Person) == 1


def test_bearer_scheme_is_case_insensitive(client: TestClient) -> None:
    headers = {"Authorization": f"bearer {sign_dev(dev_claims())}"}
    assert me(client, headers)["municipality"]["id"] == HEDENSTED


# --- the Authorization header -------------------------------------------------------------


def test_missing_authorization_header_is_refused(client: TestClient, engine: Engine) -> None:
    assert_rejected(client, engine, {}, "bearer token")


@pytest.mark.parametrize(
    "scheme",
    ["Basic", "Token", "JWT", "Bearer:", "Bearer-"],
    ids=["basic", "token", "jwt", "bearer-colon", "bearer-dash"],
)
def test_non_bearer_scheme_is_refused_even_with_a_valid_token(
    client: TestClient, engine: Engine, scheme: str
) -> None:
    headers = {"Authorization": f"{scheme} {sign_dev(dev_claims())}"}
    assert_rejected(client, engine, headers, "bearer token")


def test_a_bare_token_without_scheme_is_refused(client: TestClient, engine: Engine) -> None:
    assert_rejected(client, engine, {"Authorization": sign_dev(dev_claims())}, "bearer token")


@pytest.mark.parametrize(
    "value", ["Bearer", "Bearer ", "Bearer    "], ids=["bare", "space", "blank"]
)
def test_empty_bearer_token_is_refused(client: TestClient, engine: Engine, value: str) -> None:
    assert_rejected(client, engine, {"Authorization": value}, "bearer token")


# --- algorithm and signature --------------------------------------------------------------


def test_alg_none_is_refused(client: TestClient, engine: Engine) -> None:
    unsigned = f"{b64url({'alg': 'none', 'typ': 'JWT'})}.{b64url(dev_claims())}."
    assert_rejected(client, engine, bearer(unsigned), "algorithm is not accepted")


@pytest.mark.parametrize("variant", ["None", "NONE", "nOnE"])
def test_alg_none_in_any_case_is_refused(client: TestClient, engine: Engine, variant: str) -> None:
    unsigned = f"{b64url({'alg': variant, 'typ': 'JWT'})}.{b64url(dev_claims())}."
    assert_rejected(client, engine, bearer(unsigned), "algorithm is not accepted")


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_unpinned_algorithm_signed_with_the_right_secret_is_refused(
    client: TestClient, engine: Engine, algorithm: str
) -> None:
    token = sign_dev(dev_claims(), algorithm=algorithm)
    assert_rejected(client, engine, bearer(token), "algorithm is not accepted")


def test_payload_changed_after_signing_is_refused(client: TestClient, engine: Engine) -> None:
    signed_for_hedensted = sign_dev(dev_claims(tenant=HEDENSTED))
    moved_to_horsens = with_segment(signed_for_hedensted, 1, b64url(dev_claims(tenant=HORSENS)))
    assert_rejected(client, engine, bearer(moved_to_horsens), "signature")
    assert count(engine, Person, Person.municipality_id == HORSENS) == 0


def test_tampered_signature_is_refused(client: TestClient, engine: Engine) -> None:
    token = sign_dev(dev_claims())
    signature = token.split(".")[2]
    flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
    assert_rejected(client, engine, bearer(with_segment(token, 2, flipped)), "signature")


def test_token_signed_with_another_secret_is_refused(client: TestClient, engine: Engine) -> None:
    token = sign_dev(dev_claims(), secret="another-secret-that-is-long-enough-9876543210")
    assert_rejected(client, engine, bearer(token), "signature")


# --- time and registered claims -----------------------------------------------------------


def test_expired_token_is_refused(client: TestClient, engine: Engine) -> None:
    now = int(time.time())
    token = sign_dev(dev_claims(iat=now - 7200, nbf=now - 7200, exp=now - 3600))
    assert_rejected(client, engine, bearer(token), "expired")


def test_token_expired_beyond_the_clock_skew_is_refused(client: TestClient, engine: Engine) -> None:
    now = int(time.time())
    token = sign_dev(dev_claims(iat=now - 600, nbf=now - 600, exp=now - 45))
    assert_rejected(client, engine, bearer(token), "expired")


def test_token_not_yet_valid_is_refused(client: TestClient, engine: Engine) -> None:
    token = sign_dev(dev_claims(nbf=int(time.time()) + 3600))
    assert_rejected(client, engine, bearer(token), "claims are not valid")


def test_token_issued_in_the_future_beyond_the_clock_skew_is_refused(
    client: TestClient, engine: Engine
) -> None:
    token = sign_dev(dev_claims(iat=int(time.time()) + 120))
    assert_rejected(client, engine, bearer(token), "issued in the future")


def test_token_issued_slightly_in_the_future_within_the_clock_skew_is_accepted(
    client: TestClient,
) -> None:
    token = sign_dev(dev_claims(iat=int(time.time()) + 10))
    assert me(client, bearer(token))["subject"] == SUBJECT


@pytest.mark.parametrize("claim", ["exp", "iat", "aud", "sub"])
def test_token_missing_a_required_claim_is_refused(
    client: TestClient, engine: Engine, claim: str
) -> None:
    token = sign_dev(dev_claims(**{claim: None}))
    # python-jose reports a missing required claim as a form error, not a claims error
    assert_rejected(client, engine, bearer(token), "not valid")


@pytest.mark.parametrize(
    "change",
    [{"exp": None}, {"exp": []}, {"nbf": None}, {"iat": {}}],
    ids=["exp-null", "exp-list", "nbf-null", "iat-object"],
)
def test_correctly_signed_token_with_a_non_numeric_time_claim_is_refused(
    client: TestClient, engine: Engine, change: dict[str, Any]
) -> None:
    token = sign_dev({**dev_claims(), **change})
    assert_rejected(client, engine, bearer(token))


def test_token_missing_iss_is_refused(client: TestClient, engine: Engine) -> None:
    token = sign_dev(dev_claims(iss=None))
    assert_rejected(client, engine, bearer(token), "issuer is not trusted")


@pytest.mark.parametrize("audience", ["praksis-other", "", ["praksis-other", "someone"]])
def test_token_for_another_audience_is_refused(
    client: TestClient, engine: Engine, audience: str | list[str]
) -> None:
    token = sign_dev(dev_claims(aud=audience))
    assert_rejected(client, engine, bearer(token), "audience")


@pytest.mark.parametrize("issuer", ["praksis-dev-2", "https://evil.test/", "PRAKSIS-DEV"])
def test_token_from_another_issuer_is_refused(
    client: TestClient, engine: Engine, issuer: str
) -> None:
    token = sign_dev(dev_claims(iss=issuer))
    assert_rejected(client, engine, bearer(token), "issuer is not trusted")


# --- the token's form ---------------------------------------------------------------------


def test_jwe_shaped_token_is_refused(client: TestClient, engine: Engine) -> None:
    header = b64url({"alg": "dir", "enc": "A256GCM", "typ": "JWT"})
    jwe = ".".join([header, "", b64url(b"initialisation"), b64url(b"cipher"), b64url(b"tag")])
    assert_rejected(client, engine, bearer(jwe), "Only signed JWTs")


def test_compressed_token_is_refused(client: TestClient, engine: Engine) -> None:
    token = jws.sign(dev_claims(), TEST_SECRET, headers={"zip": "DEF"}, algorithm="HS256")
    assert_rejected(client, engine, bearer(token), "Compressed")


def test_token_with_critical_extensions_is_refused(client: TestClient, engine: Engine) -> None:
    token = jws.sign(dev_claims(), TEST_SECRET, headers={"crit": ["exp"]}, algorithm="HS256")
    assert_rejected(client, engine, bearer(token), "critical-extension")


def test_oversized_token_is_refused_even_when_correctly_signed(
    client: TestClient, engine: Engine
) -> None:
    token = sign_dev(dev_claims(padding="x" * 9000))
    assert len(token) > 8192
    assert_rejected(client, engine, bearer(token), "too large")


def test_large_token_within_the_limit_is_accepted(client: TestClient) -> None:
    token = sign_dev(dev_claims(padding="x" * 5500))
    assert 7000 < len(token) <= 8192
    assert me(client, bearer(token))["subject"] == SUBJECT


@pytest.mark.parametrize("segment", ["!!!", b64url(b"[1, 2]"), b64url(b"not json")])
def test_header_that_is_not_a_json_object_is_refused(
    client: TestClient, engine: Engine, segment: str
) -> None:
    token = with_segment(sign_dev(dev_claims()), 0, segment)
    assert_rejected(client, engine, bearer(token), "not well-formed")


# --- Praksis' own claims ------------------------------------------------------------------


@pytest.mark.parametrize(
    "roles",
    ["hr_admin", {"hr_admin": True}, [1], None],
    ids=["string", "object", "numbers", "missing"],
)
def test_roles_that_are_not_a_list_of_names_are_refused(
    client: TestClient, engine: Engine, roles: object
) -> None:
    token = sign_dev(dev_claims(roles=roles))
    assert_rejected(client, engine, bearer(token), "roles claim")


@pytest.mark.parametrize("roles", [["superuser", "root"], ["participant", "superuser"]])
def test_token_naming_a_role_praksis_does_not_know_is_refused(
    client: TestClient, engine: Engine, roles: list[str]
) -> None:
    token = sign_dev(dev_claims(roles=roles))
    assert_rejected(client, engine, bearer(token), "roles Praksis does not know: [")
    assert_unauthorized(client.get(ME, headers=bearer(token)), "'superuser'")


def test_token_granting_no_role_is_refused(client: TestClient, engine: Engine) -> None:
    assert_rejected(client, engine, bearer(sign_dev(dev_claims(roles=[]))), "grants no role")


def test_partner_token_carrying_a_tenant_is_refused(client: TestClient, engine: Engine) -> None:
    token = sign_dev(dev_claims(roles=["partner"], partner="kl", tenant=HEDENSTED))
    assert_rejected(client, engine, bearer(token), "must not carry a tenant")


@pytest.mark.parametrize(
    ("iat_ago", "lifetime"),
    [(0, 12 * 3600 + 1), (0, 10**11), (int(time.time()), 600)],
    ids=["13-hours", "3000-years", "issued-1970"],
)
def test_token_living_longer_than_the_maximum_is_refused(
    client: TestClient, engine: Engine, iat_ago: int, lifetime: int
) -> None:
    iat = int(time.time()) - iat_ago
    token = sign_dev(dev_claims(iat=iat, nbf=iat, exp=int(time.time()) + lifetime))
    assert_rejected(client, engine, bearer(token), "lives longer than 43200 seconds")


def test_token_of_exactly_the_maximum_lifetime_is_accepted(client: TestClient) -> None:
    now = int(time.time())
    token = sign_dev(dev_claims(iat=now, nbf=now, exp=now + 12 * 3600))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


@pytest.mark.parametrize(
    "role", ["participant", "leader", "facilitator", "hr_admin", "integration"]
)
def test_municipal_role_without_tenant_is_refused(
    client: TestClient, engine: Engine, role: str
) -> None:
    token = sign_dev(dev_claims(roles=[role], tenant=None))
    assert_rejected(client, engine, bearer(token), "tenant claim")


@pytest.mark.parametrize(
    "tenant",
    [
        "DK-766",
        "DK-0766",
        "dk-766",
        "dk-07660",
        "se-0766",
        "dk_0766",
        " dk-0766",
        "dk-0766\n",
        766,
        pytest.param("dk-\u0660\u0667\u0666\u0666", id="arabic-indic-digits"),
        pytest.param("dk-\uff10\uff17\uff16\uff16", id="fullwidth-digits"),
    ],
)
def test_malformed_tenant_is_refused(client: TestClient, engine: Engine, tenant: object) -> None:
    token = sign_dev(dev_claims(tenant=tenant))
    assert_rejected(client, engine, bearer(token), "tenant claim is not valid")


@pytest.mark.parametrize(
    "partner", [None, "Acme Corp", "a" * 40], ids=["missing", "spaces", "long"]
)
def test_partner_role_without_a_valid_partner_claim_is_refused(
    client: TestClient, engine: Engine, partner: str | None
) -> None:
    token = sign_dev(dev_claims(roles=["partner"], tenant=None, partner=partner))
    assert_rejected(client, engine, bearer(token), "partner claim")


def test_unknown_municipality_is_refused(client: TestClient, engine: Engine) -> None:
    token = sign_dev(dev_claims(tenant="dk-9999"))
    assert_rejected(client, engine, bearer(token), "not known to Praksis")
    assert count(engine, Municipality) == 3


def test_subject_longer_than_255_characters_is_refused(client: TestClient, engine: Engine) -> None:
    token = sign_dev(dev_claims(sub="s" * 256))
    assert_rejected(client, engine, bearer(token), "subject")


@pytest.mark.parametrize("sub", ["a\x00b", "\x00", "line\nbreak", "tab\there", "del\x7f", "c1\x85"])
def test_subject_with_nul_or_control_characters_is_refused(
    client: TestClient, engine: Engine, sub: str
) -> None:
    assert_rejected(client, engine, bearer(sign_dev(dev_claims(sub=sub))), "subject")


@pytest.mark.parametrize("claim", ["name", "email"])
@pytest.mark.parametrize("value", ["Åse\x00Ærø", "a\x01b@hedensted.dk", "two\nlines"])
def test_name_or_email_with_nul_or_control_characters_is_refused(
    client: TestClient, engine: Engine, claim: str, value: str
) -> None:
    assert_rejected(client, engine, bearer(sign_dev(dev_claims(**{claim: value}))), claim)


@pytest.mark.parametrize("length", [201, 255])
def test_subject_of_up_to_255_characters_signs_in_named_by_its_first_200(
    client: TestClient, engine: Engine, length: int
) -> None:
    sub = "ø" * length
    person = me(client, bearer(sign_dev(dev_claims(sub=sub))))["person"]
    assert person["name"] == "ø" * 200
    assert count(engine, Person, Person.subject == f"{DEV_ISSUER}|{sub}") == 1


# --- just-in-time provisioning and the tenant boundary ------------------------------------


def test_unknown_subject_is_provisioned_exactly_once_with_the_name_from_the_token(
    client: TestClient, engine: Engine, settings: Settings
) -> None:
    headers = bearer(sign_dev(dev_claims(sub="new-person", name="Åse Ærø")))
    first = me(client, headers)["person"]
    second = me(client, headers)["person"]
    assert first["id"] == second["id"]
    assert first["name"] == "Åse Ærø"
    with TestClient(create_app(settings, engine), raise_server_exceptions=False) as fresh:
        assert me(fresh, headers)["person"]["id"] == first["id"]
    assert count(engine, Person) == 1
    assert count(engine, Person, Person.subject == f"{DEV_ISSUER}|new-person") == 1


def test_same_subject_in_another_municipality_is_a_different_person(
    client: TestClient, engine: Engine
) -> None:
    in_hedensted = me(client, bearer(sign_dev(dev_claims(sub="shared", tenant=HEDENSTED))))
    in_horsens = me(client, bearer(sign_dev(dev_claims(sub="shared", tenant=HORSENS))))
    assert in_hedensted["person"]["id"] != in_horsens["person"]["id"]
    assert count(engine, Person, Person.municipality_id == HEDENSTED) == 1
    assert count(engine, Person, Person.municipality_id == HORSENS) == 1


def test_token_for_hedensted_never_shows_horsens_data(client: TestClient, engine: Engine) -> None:
    horsens_hr = bearer(sign_dev(dev_claims(sub="horsens-hr", tenant=HORSENS)))
    created = client.post(
        KERNEOPGAVER,
        json={"title": "Horsens' opgave", "citizen_outcome": "Kun i Horsens.", "position": 1},
        headers=horsens_hr,
    )
    assert created.status_code == 201, created.text
    hedensted = bearer(sign_dev(dev_claims(sub="hedensted-hr", tenant=HEDENSTED)))
    body = me(client, hedensted)
    assert body["municipality"] == {
        "id": HEDENSTED,
        "name": "Hedensted",
        "country": "DK",
        "time_zone": "Europe/Copenhagen",
    }
    assert client.get(KERNEOPGAVER, headers=hedensted).json()["items"] == []
    missing = client.get(f"{KERNEOPGAVER}/{created.json()['id']}", headers=hedensted)
    assert missing.status_code == 404
    person_id = uuid.UUID(body["person"]["id"])
    with system_session(engine) as session:
        person = session.exec(select(Person).where(Person.id == person_id)).one()
    assert person.municipality_id == HEDENSTED


# --- OIDC: keys from the issuer's JWKS ----------------------------------------------------


@pytest.mark.parametrize(
    ("algorithm", "kid", "tenant", "name"),
    [("RS256", "rsa-1", HEDENSTED, "Hedensted"), ("ES256", "ec-1", OSLO, "Oslo")],
)
def test_oidc_token_signed_with_a_published_key_is_accepted(
    oidc_client: OidcClientFactory,
    rsa_key: rsa.RSAPrivateKey,
    ec_key: ec.EllipticCurvePrivateKey,
    algorithm: str,
    kid: str,
    tenant: str,
    name: str,
) -> None:
    key: PrivateKey = rsa_key if algorithm == "RS256" else ec_key
    token = sign_with(key, oidc_claims(tenant=tenant), algorithm, kid)
    body = me(oidc_client(), bearer(token))
    assert body["municipality"]["id"] == tenant
    assert body["municipality"]["name"] == name


def test_dev_issuer_still_works_next_to_oidc(oidc_client: OidcClientFactory) -> None:
    body = me(oidc_client(), bearer(sign_dev(dev_claims())))
    assert body["municipality"]["id"] == HEDENSTED


def test_jwks_is_fetched_once_and_cached_across_requests(
    oidc_client: OidcClientFactory,
    jwks: JwksServer,
    rsa_key: rsa.RSAPrivateKey,
    ec_key: ec.EllipticCurvePrivateKey,
) -> None:
    client = oidc_client()
    assert jwks.fetched() == 0
    for _ in range(3):
        me(client, bearer(sign_with(rsa_key, oidc_claims(), "RS256", "rsa-1")))
        me(client, bearer(sign_with(ec_key, oidc_claims(), "ES256", "ec-1")))
    assert jwks.fetched() == 1


def test_new_kid_after_key_rotation_refetches_once_and_is_accepted(
    oidc_client: OidcClientFactory,
    jwks: JwksServer,
    rsa_key: rsa.RSAPrivateKey,
    other_rsa_key: rsa.RSAPrivateKey,
) -> None:
    client = oidc_client(jwks_min_refresh_seconds=0)
    me(client, bearer(sign_with(rsa_key, oidc_claims(), "RS256", "rsa-1")))
    me(client, bearer(sign_with(rsa_key, oidc_claims(), "RS256", "rsa-1")))
    assert jwks.fetched() == 1
    jwks.publish(rsa_jwk(other_rsa_key, "rsa-2"))
    rotated = bearer(sign_with(other_rsa_key, oidc_claims(), "RS256", "rsa-2"))
    assert me(client, rotated)["municipality"]["id"] == HEDENSTED
    assert jwks.fetched() == 2
    me(client, rotated)
    assert jwks.fetched() == 2


def test_kid_missing_from_the_refreshed_key_set_is_refused(
    oidc_client: OidcClientFactory, jwks: JwksServer, engine: Engine, rsa_key: rsa.RSAPrivateKey
) -> None:
    client = oidc_client(jwks_min_refresh_seconds=0)
    me(client, bearer(sign_with(rsa_key, oidc_claims(sub="warm-up"), "RS256", "rsa-1")))
    assert jwks.fetched() == 1
    assert count(engine, Person) == 1  # the warm-up caller
    token = sign_with(rsa_key, oidc_claims(), "RS256", "rsa-unpublished")
    response = client.get(ME, headers=bearer(token))
    assert_unauthorized(response, "signing key is not published")
    assert jwks.fetched() == 2
    assert count(engine, Person) == 1


def test_unknown_kids_do_not_refetch_within_the_minimum_refresh_interval(
    oidc_client: OidcClientFactory, jwks: JwksServer, rsa_key: rsa.RSAPrivateKey
) -> None:
    client = oidc_client()
    me(client, bearer(sign_with(rsa_key, oidc_claims(), "RS256", "rsa-1")))
    for index in range(5):
        token = sign_with(rsa_key, oidc_claims(), "RS256", f"probe-{index}")
        assert_unauthorized(client.get(ME, headers=bearer(token)), "not published")
    assert jwks.fetched() == 1


def test_token_signed_with_an_unpublished_key_under_a_published_kid_is_refused(
    oidc_client: OidcClientFactory, engine: Engine, other_rsa_key: rsa.RSAPrivateKey
) -> None:
    token = sign_with(other_rsa_key, oidc_claims(), "RS256", "rsa-1")
    assert_rejected(oidc_client(), engine, bearer(token), "signature")


@pytest.mark.parametrize(
    ("algorithm", "kid"),
    [("RS256", "ec-1"), ("ES256", "rsa-1")],
    ids=["rs256-with-ec-kid", "es256-with-rsa-kid"],
)
def test_token_whose_algorithm_does_not_fit_the_published_key_type_is_refused(
    oidc_client: OidcClientFactory,
    engine: Engine,
    rsa_key: rsa.RSAPrivateKey,
    ec_key: ec.EllipticCurvePrivateKey,
    algorithm: str,
    kid: str,
) -> None:
    key: PrivateKey = rsa_key if algorithm == "RS256" else ec_key
    token = sign_with(key, oidc_claims(), algorithm, kid)
    assert_rejected(oidc_client(), engine, bearer(token), "not published")


def test_oidc_token_for_the_dev_audience_is_refused(
    oidc_client: OidcClientFactory, engine: Engine, rsa_key: rsa.RSAPrivateKey
) -> None:
    token = sign_with(rsa_key, oidc_claims(aud=DEFAULT_AUDIENCE), "RS256", "rsa-1")
    assert_rejected(oidc_client(), engine, bearer(token), "audience")


def test_unreachable_jwks_refuses_oidc_tokens(
    oidc_client: OidcClientFactory, jwks: JwksServer, engine: Engine, rsa_key: rsa.RSAPrivateKey
) -> None:
    jwks.serve({"error": "down"}, status=503)
    token = sign_with(rsa_key, oidc_claims(), "RS256", "rsa-1")
    assert_rejected(oidc_client(), engine, bearer(token), "signing keys are unavailable")


def test_jwks_outage_after_a_successful_fetch_keeps_the_cached_keys(
    oidc_client: OidcClientFactory, jwks: JwksServer, rsa_key: rsa.RSAPrivateKey
) -> None:
    client = oidc_client(jwks_cache_seconds=0, jwks_min_refresh_seconds=0)
    headers = bearer(sign_with(rsa_key, oidc_claims(), "RS256", "rsa-1"))
    me(client, headers)
    jwks.serve({"error": "down"}, status=503)
    # a new token, so it is verified afresh (a verified token is remembered until it expires)
    fresh = bearer(sign_with(rsa_key, oidc_claims(jti="second"), "RS256", "rsa-1"))
    assert me(client, fresh)["municipality"]["id"] == HEDENSTED
    assert jwks.fetched() == 2


@pytest.mark.parametrize(
    "document", [{"keys": "rsa-1"}, ["keys"], {}], ids=["string", "list", "empty"]
)
def test_malformed_key_set_refuses_oidc_tokens(
    oidc_client: OidcClientFactory,
    jwks: JwksServer,
    engine: Engine,
    rsa_key: rsa.RSAPrivateKey,
    document: Any,
) -> None:
    jwks.serve(document)
    token = sign_with(rsa_key, oidc_claims(), "RS256", "rsa-1")
    assert_rejected(oidc_client(), engine, bearer(token), "key set is malformed")


@pytest.mark.parametrize(
    "broken", [{"n": "!!!"}, {"n": None}], ids=["garbled-modulus", "no-modulus"]
)
def test_token_naming_a_malformed_published_key_is_refused(
    oidc_client: OidcClientFactory,
    jwks: JwksServer,
    engine: Engine,
    rsa_key: rsa.RSAPrivateKey,
    broken: dict[str, Any],
) -> None:
    key = {name: value for name, value in {**rsa_jwk(rsa_key, "rsa-1"), **broken}.items() if value}
    jwks.publish(key)
    token = sign_with(rsa_key, oidc_claims(), "RS256", "rsa-1")
    assert_rejected(oidc_client(), engine, bearer(token))


def test_rsa_and_ec_keys_sharing_a_kid_both_verify(
    oidc_client: OidcClientFactory,
    jwks: JwksServer,
    rsa_key: rsa.RSAPrivateKey,
    ec_key: ec.EllipticCurvePrivateKey,
) -> None:
    jwks.publish(rsa_jwk(rsa_key, "shared"), ec_jwk(ec_key, "shared"))
    client = oidc_client()
    me(client, bearer(sign_with(ec_key, oidc_claims(), "ES256", "shared")))
    me(client, bearer(sign_with(rsa_key, oidc_claims(), "RS256", "shared")))


# --- OIDC: algorithm confusion between the issuers ----------------------------------------


@pytest.mark.parametrize("secret", ["rsa-public-pem", "dev-secret"])
def test_hs256_token_claiming_the_oidc_issuer_is_refused(
    oidc_client: OidcClientFactory,
    jwks: JwksServer,
    engine: Engine,
    rsa_key: rsa.RSAPrivateKey,
    secret: str,
) -> None:
    key = public_pem(rsa_key) if secret == "rsa-public-pem" else TEST_SECRET.encode()
    header = {"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}
    token = sign_by_hand(header, oidc_claims(), key)
    assert_rejected(oidc_client(), engine, bearer(token), "algorithm is not accepted")
    assert jwks.fetched() == 0


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_asymmetric_token_claiming_the_dev_issuer_is_refused(
    oidc_client: OidcClientFactory,
    jwks: JwksServer,
    engine: Engine,
    rsa_key: rsa.RSAPrivateKey,
    ec_key: ec.EllipticCurvePrivateKey,
    algorithm: str,
) -> None:
    key: PrivateKey = rsa_key if algorithm == "RS256" else ec_key
    kid = "rsa-1" if algorithm == "RS256" else "ec-1"
    token = sign_with(key, dev_claims(), algorithm, kid)
    assert_rejected(oidc_client(), engine, bearer(token), "algorithm is not accepted")
    assert jwks.fetched() == 0


def test_same_subject_from_the_dev_and_oidc_issuers_are_different_people(
    oidc_client: OidcClientFactory, engine: Engine, rsa_key: rsa.RSAPrivateKey
) -> None:
    client = oidc_client()
    from_dev = me(client, bearer(sign_dev(dev_claims(sub="same"))))
    from_oidc = me(client, bearer(sign_with(rsa_key, oidc_claims(sub="same"), "RS256", "rsa-1")))
    assert from_dev["person"]["id"] != from_oidc["person"]["id"]
    assert count(engine, Person) == 2
