"""A local OS2mo for the org sync's tests: a real HTTP server in a thread that executes the
GraphQL queries it is sent against ``os2mo_v29_subset.graphql`` (graphql-core), serving a
fixture organisation page by page with opaque cursors, behind a bearer token that its
Keycloak-like token endpoint issues by the client credentials grant.

The fixture is written the way OS2mo answers: each collection pages ``objects`` of responses
(``uuid``, ``current``), related objects are responses too (``person_response { uuid }``),
and a job function is a class (``job_function_response { current { name } }``).
"""

from __future__ import annotations

import base64
import json
import secrets
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from graphql import GraphQLResolveInfo, build_schema, graphql_sync

from tests.http_servers import serving

SCHEMA = build_schema((Path(__file__).parent / "os2mo_v29_subset.graphql").read_text())
TOKEN_PATH = "/auth/realms/mo/protocol/openid-connect/token"
GRAPHQL_PATH = "/graphql/v29"
CLIENT_ID = "praksis"
CLIENT_SECRET = "603f1c82-d012-4d04-9382-dbe659c533fb"
EMAIL_TYPE = "EmailEmployee"
VALID_FROM = "2020-01-01T00:00:00+01:00"


@dataclass(frozen=True)
class Unit:
    uuid: str
    name: str
    parent: str | None


@dataclass(frozen=True)
class Employee:
    uuid: str
    given_name: str
    surname: str
    cpr_number: str
    email: str | None = None


@dataclass(frozen=True)
class Engagement:
    uuid: str
    person: str
    unit: str
    job_function: str
    is_primary: bool = True
    starts: str = VALID_FROM


@dataclass(frozen=True)
class Manager:
    uuid: str
    person: str | None  # None: a vacant post
    unit: str


@dataclass
class Organisation:
    units: list[Unit]
    employees: list[Employee]
    engagements: list[Engagement]
    managers: list[Manager]


@dataclass
class Os2mo:
    """The served organisation and what the server saw; change ``organisation`` between
    syncs."""

    url: str
    organisation: Organisation
    token_lifetime: int = 300
    token_requests: int = 0
    queries: list[str] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    failing: bool = False


def _response(uuid: str, current: dict[str, Any] | None) -> dict[str, Any]:
    return {"uuid": uuid, "current": current}


def _ref(uuid: str | None) -> dict[str, Any] | None:
    return None if uuid is None else {"uuid": uuid}


def _refuse_cpr(_info: GraphQLResolveInfo) -> None:
    raise AssertionError("the sync asked for a CPR number")


def _collections(state: Os2mo) -> dict[str, list[dict[str, Any]]]:
    organisation = state.organisation
    validity = {"from": VALID_FROM, "to": None}
    units = [
        _response(
            unit.uuid,
            {
                "uuid": unit.uuid,
                "user_key": unit.name.lower(),
                "name": unit.name,
                "parent_response": _ref(unit.parent),
                "validity": validity,
            },
        )
        for unit in organisation.units
    ]
    persons = [
        _response(
            person.uuid,
            {
                "uuid": person.uuid,
                "user_key": person.uuid,
                "cpr_number": _refuse_cpr,
                "name": f"{person.given_name} {person.surname}",
                "given_name": person.given_name,
                "surname": person.surname,
                "validity": {"from": None, "to": None},
            },
        )
        for person in organisation.employees
    ]
    engagements = [
        _response(
            engagement.uuid,
            {
                "uuid": engagement.uuid,
                "user_key": engagement.uuid[:8],
                "is_primary": engagement.is_primary,
                "person_response": _ref(engagement.person),
                "org_unit_response": _ref(engagement.unit),
                "job_function_response": _response(
                    f"class-{engagement.job_function}",
                    {
                        "uuid": f"class-{engagement.job_function}",
                        "user_key": engagement.job_function,
                        "name": engagement.job_function,
                        "validity": {"from": None, "to": None},
                    },
                ),
                "validity": {"from": engagement.starts, "to": None},
            },
        )
        for engagement in organisation.engagements
    ]
    managers = [
        _response(
            manager.uuid,
            {
                "uuid": manager.uuid,
                "user_key": manager.uuid[:8],
                "person_response": _ref(manager.person),
                "org_unit_response": _ref(manager.unit),
                "validity": validity,
            },
        )
        for manager in organisation.managers
    ]
    addresses = [
        _response(
            f"address-{person.uuid}",
            {
                "uuid": f"address-{person.uuid}",
                "user_key": person.email,
                "value": person.email,
                "name": person.email,
                "person_response": _ref(person.uuid),
                "org_unit_response": None,
                "address_type_response": _response(EMAIL_TYPE, None),
                "address_type_user_key": EMAIL_TYPE,
                "validity": validity,
            },
        )
        for person in organisation.employees
        if person.email is not None
    ]
    return {
        "org_units": units,
        "persons": persons,
        "engagements": engagements,
        "managers": managers,
        "addresses": addresses,
    }


def _pager(state: Os2mo, collection: str) -> Callable[..., dict[str, Any]]:
    def page(
        _info: GraphQLResolveInfo,
        limit: int | None = None,
        cursor: str | None = None,
        filter: dict[str, Any] | None = None,
        inherit: bool = False,
    ) -> dict[str, Any]:
        if state.failing:
            raise RuntimeError("OS2mo is having a bad day")
        objects = _collections(state)[collection]
        wanted_types = ((filter or {}).get("address_type") or {}).get("user_keys")
        if wanted_types is not None:
            objects = [o for o in objects if o["current"]["address_type_user_key"] in wanted_types]
        start = 0 if cursor is None else int(base64.b64decode(cursor))
        end = len(objects) if limit is None else start + limit
        following = base64.b64encode(str(end).encode()).decode() if end < len(objects) else None
        return {"objects": objects[start:end], "page_info": {"next_cursor": following}}

    return page


def _handler(state: Os2mo) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path == TOKEN_PATH:
                self._token(urllib.parse.parse_qs(body.decode()))
            elif self.path == GRAPHQL_PATH:
                self._graphql(json.loads(body))
            else:
                self._send(404, {"detail": "Not Found"})

        def _token(self, form: dict[str, list[str]]) -> None:
            state.token_requests += 1
            given = {key: values[0] for key, values in form.items()}
            expected = {
                "grant_type": "client_credentials",
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
            }
            if given != expected:
                self._send(401, {"error": "unauthorized_client"})
                return
            token = secrets.token_urlsafe(16)
            state.tokens.add(token)
            self._send(
                200,
                {"access_token": token, "expires_in": state.token_lifetime, "token_type": "Bearer"},
            )

        def _graphql(self, request: dict[str, Any]) -> None:
            authorization = self.headers.get("Authorization", "")
            if authorization.removeprefix("Bearer ") not in state.tokens:
                self._send(401, {"status": "Unauthorized"})
                return
            state.queries.append(request["query"])
            root = {name: _pager(state, name) for name in _collections(state)}
            result = graphql_sync(
                SCHEMA,
                request["query"],
                root_value=root,
                variable_values=request.get("variables"),
            )
            answer: dict[str, Any] = {"data": result.data}
            if result.errors:
                answer["errors"] = [{"message": error.message} for error in result.errors]
            self._send(200, answer)

        def _send(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@contextmanager
def running_os2mo(organisation: Organisation) -> Iterator[Os2mo]:
    state = Os2mo("", organisation)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    with serving(server):
        yield state
