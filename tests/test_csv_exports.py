"""Every CSV export is safe to open in a spreadsheet (OWASP "CSV Injection").

Units, kerneopgaver, programmes and offerings are named like formulas through the API, and an
integration whose token subject is such a name changes a person (the audit trail names it) (and,
for the control characters the API refuses, straight in the database, as older rows or other
writers might hold them); each export is downloaded by a caller who may, parsed as Excel
would split it, and no cell may start a formula unless it is a figure Praksis computed.

The exports are found in the OpenAPI document — every operation that can answer text/csv —
so a new export is tested here from the day it exists: the test fails until ``DOWNLOADERS``
says who may download it, and then fails if it writes a name without ``praksis.kit.csv``.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import SQLModel

from praksis.audit.models import AuditEvent
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import system_session
from praksis.people.models import OrgUnit
from praksis.programmes.models import PartnerOffering, Programme
from tests.conftest import HEDENSTED, HeaderFactory
from tests.statistics.settling import settle_statistics

API = "/api/v1"
PARTNER = "kl"
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIGURE = re.compile(r"-?\d+(,\d+)?")  # an int, or a float with a decimal comma
NAMES_THE_API_TAKES = [
    '=HYPERLINK("http://x","y")',
    "@SUM(1+1)",
    "+45 12 34 56 78",
    "-2+3",
    'Plan; =1+1 "B"',  # the separator and quotes stay inside the cell
]
NAMES_THE_API_REFUSES = ["\tx", "\rx"]
NAME_FIELDS: list[tuple[type[SQLModel], str]] = [
    (PartnerOffering, "title"),
    (Kerneopgave, "title"),
    (OrgUnit, "name"),
    (Programme, "title"),
    (AuditEvent, "actor_client"),
]

DOWNLOADERS: dict[str, Callable[[HeaderFactory], dict[str, str]]] = {
    "get_municipality_statistics": lambda auth: auth(HEDENSTED, "hr_admin"),
    "get_partner_statistics": lambda auth: auth(
        None, "partner", partner=PARTNER, sub=f"{PARTNER}-statistik"
    ),
    "list_audit_events": lambda auth: auth(HEDENSTED, "hr_admin"),
}


def csv_exports(client: TestClient) -> dict[str, str]:
    """Every operation whose responses declare text/csv: its operation id and path."""
    spec = client.get(f"{API}/openapi.json").json()
    exports: dict[str, str] = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation.get("responses", {}).values()
            if any("text/csv" in response.get("content", {}) for response in responses):
                assert method == "get", f"{method} {path}: a CSV export is downloaded by GET"
                exports[operation["operationId"]] = path
    return exports


def post(client: TestClient, url: str, body: dict[str, Any], headers: dict[str, str]) -> str:
    response = client.post(f"{API}{url}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: str = response.json()["id"]
    return created


def name_everything(
    client: TestClient, auth: HeaderFactory, name: str
) -> dict[type[SQLModel], str]:
    """An offering, a kerneopgave, a forvaltning and a programme named ``name``, made through
    the API as their owners would, with one person of the forvaltning nominated: every name
    shows in both statistics views. An integration whose token subject is ``name`` changes the
    person, which the audit trail records with that subject. Returns the ids by model."""
    hr = auth(HEDENSTED, "hr_admin")
    offering = post(
        client,
        "/partner-offerings",
        {"title": name, "kind": "udviklingsforloeb", "municipality_ids": [HEDENSTED]},
        DOWNLOADERS["get_partner_statistics"](auth),
    )
    kerneopgave = post(client, "/kerneopgaver", {"title": name, "citizen_outcome": "…"}, hr)
    unit = post(client, "/org-units", {"name": name, "kind": "forvaltning"}, hr)
    programme = post(
        client,
        "/programmes",
        {
            "title": name,
            "kind": "udviklingsforloeb",
            "kerneopgave_ids": [kerneopgave],
            "offering_id": offering,
        },
        hr,
    )
    opened = client.patch(f"{API}/programmes/{programme}", json={"status": "open"}, headers=hr)
    assert opened.status_code == 200, opened.text
    person = post(client, "/people", {"name": "Deltager", "org_unit_id": unit}, hr)
    nomination = {"programme_id": programme, "person_id": person, "justification": "Samskabelse"}
    post(client, "/enrolments", nomination, hr)
    return {
        PartnerOffering: offering,
        Kerneopgave: kerneopgave,
        OrgUnit: unit,
        Programme: programme,
        AuditEvent: changed_by_integration(client, auth, person, name),
    }


def changed_by_integration(client: TestClient, auth: HeaderFactory, person: str, name: str) -> str:
    """The id of the audit event of an integration named ``name`` changing the person."""
    integration = auth(HEDENSTED, "integration", scope="people:write", sub=name)
    changed = client.patch(
        f"{API}/people/{person}", json={"job_title": "Pædagog"}, headers=integration
    )
    assert changed.status_code == 200, changed.text
    events = client.get(
        f"{API}/audit",
        params={"object_id": person, "action": "person.updated"},
        headers=auth(HEDENSTED, "hr_admin"),
    ).json()["items"]
    assert [event["actor_client"] for event in events] == [name]
    event_id: str = events[0]["id"]
    return event_id


def rename(client: TestClient, ids: dict[type[SQLModel], str], name: str) -> None:
    """Straight in the database: the API refuses control characters in names."""
    with system_session(client.app.state.runtime.engine) as session:
        for model, field in NAME_FIELDS:
            named = update(model).where(model.id == uuid.UUID(ids[model]))
            session.execute(named.values({field: name}))


def as_written(name: str) -> str:
    """The cell a name should become: a single quote before a formula, the name after it."""
    return "'" + name if name.startswith(DANGEROUS_STARTS) else name


def cells_of(body: bytes) -> list[str]:
    text = body.decode("utf-8-sig")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    return [cell for row in rows for cell in row]


def test_no_export_writes_a_cell_a_spreadsheet_would_run(
    client: TestClient, auth: HeaderFactory, database: Any
) -> None:
    for name in NAMES_THE_API_TAKES:
        name_everything(client, auth, name)
    for n, name in enumerate(NAMES_THE_API_REFUSES):
        for url, body in [
            ("/org-units", {"name": name, "kind": "forvaltning"}),
            ("/kerneopgaver", {"title": name, "citizen_outcome": "…"}),
        ]:
            refused = client.post(f"{API}{url}", json=body, headers=auth(HEDENSTED, "hr_admin"))
            assert refused.status_code == 422, (url, name)
        rename(client, name_everything(client, auth, f"Omdøbes {n}"), name)

    exports = csv_exports(client)
    assert exports, "the OpenAPI document declares no CSV export"
    assert set(exports) == set(DOWNLOADERS), "say in DOWNLOADERS who may download each export"
    for operation, path in exports.items():
        headers = DOWNLOADERS[operation](auth)
        settle_statistics(client)  # the statistics include what was just written
        response = client.get(path, headers={**headers, "Accept": "text/csv"})
        assert response.status_code == 200, (operation, response.text)
        assert response.headers["content-type"].startswith("text/csv"), operation
        cells = cells_of(response.content)

        formulas = {c for c in cells if c.startswith(DANGEROUS_STARTS) and not FIGURE.fullmatch(c)}
        assert formulas == set(), operation
        for name in NAMES_THE_API_TAKES + NAMES_THE_API_REFUSES:
            assert as_written(name) in cells, (operation, name)
