"""Arranging a municipality for the cohort and enrolment tests.

Programmes, org units, people and leaders belong to other domains whose routes may not exist
yet, so they are written straight into the database through a tenant session. Cohorts and
enrolments are ours and are made through the API, as a user would.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from praksis.kit.db import TenantSession, tenant_session
from praksis.people.models import OrgUnit, OrgUnitKind, OrgUnitLeader, Person
from praksis.programmes.models import Grading, Programme, ProgrammeKind, ProgrammeStatus
from tests.conftest import HEDENSTED, HeaderFactory

JUSTIFICATION = (
    "Teamet skal i højere grad facilitere løsninger sammen med borgerne; forløbet giver os "
    "redskaber til samskabelse i Fritid & Fællesskab."
)


@contextmanager
def db(client: TestClient, tenant: str = HEDENSTED) -> Iterator[TenantSession]:
    """A tenant session on the app's own database, committed on leaving."""
    runtime = client.app.state.runtime
    with tenant_session(runtime.engine, tenant, runtime.settings.app_db_role) as session:
        yield session


def add_programme(
    client: TestClient,
    *,
    tenant: str = HEDENSTED,
    title: str = "Udviklingsforløb for ledere og nøglepersoner",
    status: ProgrammeStatus = ProgrammeStatus.open,
    grading: Grading = Grading.none,
    **rules: Any,
) -> str:
    """A programme with the given rules (min_participants_per_org_unit, cohort_min_size…)."""
    with db(client, tenant) as session:
        programme = Programme(
            title=title,
            kind=ProgrammeKind.udviklingsforloeb,
            status=status,
            grading=grading,
            **rules,
        )
        session.add(programme)
        session.flush()
        return str(programme.id)


def add_org_unit(
    client: TestClient,
    name: str,
    *,
    kind: OrgUnitKind = OrgUnitKind.afdeling,
    parent_id: str | None = None,
    tenant: str = HEDENSTED,
) -> str:
    with db(client, tenant) as session:
        unit = OrgUnit(name=name, kind=kind, parent_id=uuid.UUID(parent_id) if parent_id else None)
        session.add(unit)
        session.flush()
        return str(unit.id)


def add_person(
    client: TestClient,
    name: str,
    *,
    org_unit_id: str | None = None,
    sub: str | None = None,
    tenant: str = HEDENSTED,
) -> str:
    """A person; with ``sub`` they can sign in as ``auth(tenant, role, sub=sub)``."""
    with db(client, tenant) as session:
        person = Person(
            name=name,
            org_unit_id=uuid.UUID(org_unit_id) if org_unit_id else None,
            subject=f"praksis-dev|{sub}" if sub else None,
        )
        session.add(person)
        session.flush()
        return str(person.id)


def add_people(
    client: TestClient, count: int, *, org_unit_id: str | None = None, prefix: str = "Deltager"
) -> list[str]:
    return [add_person(client, f"{prefix} {n}", org_unit_id=org_unit_id) for n in range(count)]


def add_leader(
    client: TestClient, org_unit_id: str, sub: str, *, name: str = "Leder", tenant: str = HEDENSTED
) -> str:
    """A leader of the unit (who also works in it); sign in with ``sub``."""
    person_id = add_person(client, name, org_unit_id=org_unit_id, sub=sub, tenant=tenant)
    with db(client, tenant) as session:
        session.add(
            OrgUnitLeader(org_unit_id=uuid.UUID(org_unit_id), person_id=uuid.UUID(person_id))
        )
    return person_id


def hr(auth: HeaderFactory, tenant: str = HEDENSTED) -> dict[str, str]:
    return auth(tenant, "hr_admin")


def create_cohort(
    client: TestClient,
    auth: HeaderFactory,
    programme_id: str,
    *,
    name: str = "Hold 1",
    capacity: int = 24,
    facilitator_ids: Sequence[str] = (),
) -> dict[str, Any]:
    body = {
        "programme_id": programme_id,
        "name": name,
        "capacity": capacity,
        "facilitator_ids": list(facilitator_ids),
    }
    response = client.post("/api/v1/cohorts", json=body, headers=hr(auth))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def nominate(
    client: TestClient,
    auth: HeaderFactory,
    programme_id: str,
    person_id: str,
    *,
    cohort_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "programme_id": programme_id,
        "person_id": person_id,
        "justification": JUSTIFICATION,
        "team_challenge": "Samskabelse med borgerne",
    }
    if cohort_id is not None:
        body["cohort_id"] = cohort_id
    response = client.post("/api/v1/enrolments", json=body, headers=headers or hr(auth))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def approve(
    client: TestClient, auth: HeaderFactory, enrolment_id: str, cohort_id: str | None = None
) -> dict[str, Any]:
    body = {"cohort_id": cohort_id} if cohort_id else {}
    response = client.post(
        f"/api/v1/enrolments/{enrolment_id}/approve", json=body, headers=hr(auth)
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def enrol_approved(
    client: TestClient,
    auth: HeaderFactory,
    programme_id: str,
    cohort_id: str,
    person_ids: Sequence[str],
) -> list[dict[str, Any]]:
    """Nominate each person and approve them onto the cohort (as HR)."""
    return [
        approve(client, auth, nominate(client, auth, programme_id, person_id)["id"], cohort_id)
        for person_id in person_ids
    ]


def cohort_with_participants(
    client: TestClient, auth: HeaderFactory, count: int, **programme_rules: Any
) -> tuple[str, str, list[str]]:
    """A programme, a cohort of it and ``count`` approved participants: their ids."""
    programme_id = add_programme(client, **programme_rules)
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    people = add_people(client, count)
    enrol_approved(client, auth, programme_id, cohort_id, people)
    return programme_id, cohort_id, people


def create_group(
    client: TestClient, auth: HeaderFactory, cohort_id: str, member_ids: Sequence[str], name: str
) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/cohorts/{cohort_id}/learning-groups",
        json={"name": name, "member_ids": list(member_ids)},
        headers=hr(auth),
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def create_pair(
    client: TestClient, auth: HeaderFactory, cohort_id: str, first: str, second: str
) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/cohorts/{cohort_id}/buddy-pairs",
        json={"person_ids": [first, second]},
        headers=hr(auth),
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result
