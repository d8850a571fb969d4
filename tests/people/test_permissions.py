"""Who may read and write org units and people: one table, proved through the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.people.support import BULK, IMPORT, PEOPLE, UNITS, all_items, hr

# caller → (roles, scope) and what they may do: read units, write units, read people,
# write people (create, import, bulk)
CALLERS: dict[str, tuple[tuple[str, ...], str | None, bool, bool, bool, bool]] = {
    "participant": (("participant",), None, True, False, True, False),
    "leader": (("leader",), None, True, False, True, False),
    "facilitator": (("facilitator",), None, True, False, True, False),
    "hr_admin": (("hr_admin",), None, True, True, True, True),
    "integration-without-scope": (("integration",), None, False, False, False, False),
    "integration-read": (("integration",), "org-units:read people:read", True, False, True, False),
    "integration-org-units": (("integration",), "org-units:write", False, True, False, False),
    "integration-people": (("integration",), "people:write", False, False, False, True),
}


def expected(allowed: bool, success: int) -> int:
    return success if allowed else 403


@pytest.mark.parametrize("caller", sorted(CALLERS))
def test_roles_and_scopes_decide_who_reads_and_writes_org_units_and_people(
    client: TestClient, auth: HeaderFactory, caller: str
) -> None:
    roles, scope, read_units, write_units, read_people, write_people = CALLERS[caller]
    headers = auth(HEDENSTED, *roles, scope=scope, sub=f"caller-{caller}")
    unit = {"name": f"Enhed {caller}", "kind": "forvaltning"}
    person = {"name": f"Person {caller}", "external_id": f"P-{caller}"}
    csv = f"external_id;name\nCSV-{caller};Søren\n".encode()
    bulk = {"people": [{"external_id": f"BULK-{caller}", "name": "Åse"}]}

    assert client.get(UNITS, headers=headers).status_code == expected(read_units, 200)
    assert client.post(UNITS, json=unit, headers=headers).status_code == expected(write_units, 201)
    assert client.get(PEOPLE, headers=headers).status_code == expected(read_people, 200)
    assert client.post(PEOPLE, json=person, headers=headers).status_code == expected(
        write_people, 201
    )
    assert client.post(
        IMPORT, content=csv, headers={**headers, "content-type": "text/csv"}
    ).status_code == expected(write_people, 200)
    assert client.post(BULK, json=bulk, headers=headers).status_code == expected(write_people, 200)

    units = {u["name"] for u in all_items(client, UNITS, hr(auth))}
    people = {p["external_id"] for p in all_items(client, PEOPLE, hr(auth))} - {None}
    assert (unit["name"] in units) is write_units
    written = {f"P-{caller}", f"CSV-{caller}", f"BULK-{caller}"}
    assert people == (written if write_people else set())
