"""Reading a municipality's organisation from OS2mo's GraphQL API: one snapshot, read whole
before anything is written (``orgsync.service`` then applies it in one transaction).

The queries follow OS2mo's GraphQL schema version 29 (the SDL OS2mo publishes at
``/graphql/v29/schema.graphql``; the same document is kept in the OS2mo LDAP integration's
repository as ``schema.graphql``), using only fields that version does not deprecate: every
top-level collection is paged (``limit``, ``cursor`` → ``page_info { next_cursor }``) and
each object is a response whose ``current`` is the object as it is today, ``null`` when it is
not valid today. A person's CPR number is never asked for.

Authentication: OS2mo's Keycloak issues a bearer token by the OIDC client credentials grant
(``grant_type=client_credentials`` with the client's id and secret, form-encoded, to the
realm's token endpoint); the token lives minutes (``expires_in``), so it is fetched again when
it is about to expire between pages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import httpx

from praksis.kit.tls import verified_tls
from praksis.settings import Os2moConnection

GRAPHQL_PATH = "/graphql/v29"
TOKEN_MARGIN_SECONDS = 30.0

ORG_UNITS_QUERY = """
query PraksisOrgUnits($limit: int, $cursor: Cursor) {
  org_units(limit: $limit, cursor: $cursor) {
    objects { current { uuid user_key name parent_response { uuid } } }
    page_info { next_cursor }
  }
}
"""
PERSONS_QUERY = """
query PraksisPersons($limit: int, $cursor: Cursor) {
  persons(limit: $limit, cursor: $cursor) {
    objects { current { uuid name } }
    page_info { next_cursor }
  }
}
"""
ENGAGEMENTS_QUERY = """
query PraksisEngagements($limit: int, $cursor: Cursor) {
  engagements(limit: $limit, cursor: $cursor) {
    objects {
      current {
        uuid
        is_primary
        person_response { uuid }
        org_unit_response { uuid }
        job_function_response { current { name } }
        validity { from }
      }
    }
    page_info { next_cursor }
  }
}
"""
MANAGERS_QUERY = """
query PraksisManagers($limit: int, $cursor: Cursor) {
  managers(limit: $limit, cursor: $cursor) {
    objects { current { person_response { uuid } org_unit_response { uuid } } }
    page_info { next_cursor }
  }
}
"""
EMAILS_QUERY = """
query PraksisEmails($limit: int, $cursor: Cursor, $address_types: [String!]) {
  addresses(limit: $limit, cursor: $cursor, filter: {address_type: {user_keys: $address_types}}) {
    objects { current { value person_response { uuid } } }
    page_info { next_cursor }
  }
}
"""


class Os2moUnavailable(Exception):
    """OS2mo (or its Keycloak) could not be read: nothing was synced."""


@dataclass(frozen=True)
class Os2moUnit:
    uuid: str
    name: str
    parent_uuid: str | None


@dataclass(frozen=True)
class Os2moEngagement:
    person_uuid: str
    org_unit_uuid: str
    job_function: str | None
    is_primary: bool
    starts: date | None


@dataclass
class Snapshot:
    """The organisation as OS2mo has it today."""

    units: dict[str, Os2moUnit] = field(default_factory=dict)
    person_names: dict[str, str] = field(default_factory=dict)
    engagements: list[Os2moEngagement] = field(default_factory=list)
    managers: list[tuple[str, str]] = field(default_factory=list)  # (unit, person)
    emails: dict[str, str] = field(default_factory=dict)


def read_snapshot(
    connection: Os2moConnection, transport: httpx.BaseTransport | None = None
) -> Snapshot:
    """Everything the sync needs, every page of every collection."""
    with httpx.Client(
        timeout=connection.timeout_seconds, transport=transport, verify=verified_tls()
    ) as http:
        api = _Api(connection, http)
        snapshot = Snapshot()
        for unit in api.current_objects(ORG_UNITS_QUERY, "org_units"):
            parent = unit.get("parent_response")
            snapshot.units[unit["uuid"]] = Os2moUnit(
                unit["uuid"], unit["name"], None if parent is None else parent["uuid"]
            )
        for person in api.current_objects(PERSONS_QUERY, "persons"):
            snapshot.person_names[person["uuid"]] = person["name"]
        for engagement in api.current_objects(ENGAGEMENTS_QUERY, "engagements"):
            snapshot.engagements.append(_engagement(engagement))
        for manager in api.current_objects(MANAGERS_QUERY, "managers"):
            if manager.get("person_response") is not None:  # a vacant post has no person
                snapshot.managers.append(
                    (manager["org_unit_response"]["uuid"], manager["person_response"]["uuid"])
                )
        variables = {"address_types": [connection.email_address_type]}
        for address in api.current_objects(EMAILS_QUERY, "addresses", variables):
            if address.get("person_response") is not None:
                snapshot.emails.setdefault(address["person_response"]["uuid"], address["value"])
        return snapshot


def _engagement(engagement: dict[str, Any]) -> Os2moEngagement:
    job_function = (engagement.get("job_function_response") or {}).get("current") or {}
    starts = (engagement.get("validity") or {}).get("from")
    return Os2moEngagement(
        person_uuid=engagement["person_response"]["uuid"],
        org_unit_uuid=engagement["org_unit_response"]["uuid"],
        job_function=job_function.get("name"),
        is_primary=bool(engagement.get("is_primary")),
        starts=None if starts is None else datetime.fromisoformat(starts).date(),
    )


class _Api:
    """POSTs GraphQL queries to one OS2mo with a current bearer token."""

    def __init__(self, connection: Os2moConnection, http: httpx.Client) -> None:
        self.connection = connection
        self.http = http
        self.endpoint = connection.url + GRAPHQL_PATH
        self.token: str | None = None
        self.token_expires = 0.0

    def current_objects(
        self, query: str, collection: str, variables: dict[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Each object's ``current``, page after page until ``next_cursor`` is null."""
        cursor: str | None = None
        while True:
            page_variables = {
                **(variables or {}),
                "limit": self.connection.page_size,
                "cursor": cursor,
            }
            page = self.query(query, page_variables)[collection]
            for response in page["objects"]:
                if response.get("current") is not None:
                    yield response["current"]
            cursor = page["page_info"]["next_cursor"]
            if cursor is None:
                return

    def query(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self.http.post(
                self.endpoint,
                json={"query": query, "variables": variables},
                headers=self._authorization(),
            )
        except httpx.HTTPError as error:
            raise Os2moUnavailable(f"OS2mo at {self.endpoint} did not answer: {error}") from error
        if response.status_code != httpx.codes.OK:
            raise Os2moUnavailable(
                f"OS2mo at {self.endpoint} answered {response.status_code}: {response.text[:300]}"
            )
        body = _json(response, "OS2mo")
        if body.get("errors"):
            messages = "; ".join(str(error.get("message")) for error in body["errors"])
            raise Os2moUnavailable(f"OS2mo refused the query: {messages}")
        data: dict[str, Any] = body["data"]
        return data

    def _authorization(self) -> dict[str, str]:
        connection = self.connection
        if connection.token_url is None:
            return {}
        if self.token is None or time.monotonic() > self.token_expires - TOKEN_MARGIN_SECONDS:
            self.token, lifetime = _client_credentials_token(connection, self.http)
            self.token_expires = time.monotonic() + lifetime
        return {"Authorization": f"Bearer {self.token}"}


def _client_credentials_token(connection: Os2moConnection, http: httpx.Client) -> tuple[str, float]:
    """A bearer token and its lifetime in seconds, by the client credentials grant."""
    assert connection.token_url is not None
    assert connection.client_secret is not None
    try:
        response = http.post(
            connection.token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": connection.client_id,
                "client_secret": connection.client_secret.get_secret_value(),
            },
        )
    except httpx.HTTPError as error:
        raise Os2moUnavailable(
            f"The token endpoint {connection.token_url} did not answer: {error}"
        ) from error
    if response.status_code != httpx.codes.OK:
        raise Os2moUnavailable(
            f"The token endpoint {connection.token_url} refused client "
            f"{connection.client_id!r}: {response.status_code}"
        )
    body = _json(response, "The token endpoint")
    token = body.get("access_token")
    if not isinstance(token, str):
        raise Os2moUnavailable(f"The token endpoint {connection.token_url} sent no access_token")
    return token, float(body.get("expires_in", 60))


def _json(response: httpx.Response, who: str) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as error:
        raise Os2moUnavailable(f"{who} answered with something other than JSON") from error
    if not isinstance(body, dict):
        raise Os2moUnavailable(f"{who} answered with something other than a JSON object")
    return body
