"""Arrange Hedensted's programme straight in the database, so these tests do not depend on the
programmes, cohorts, enrolments and people routes being built at the same time.

Hedensted's "Kultur- og kompetenceudviklingsforløb" (seeds/003): one year, two modules, each
with 3–4 workshops, held per cohort (hold) of 20–24 participants.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from praksis.cohorts.models import Cohort, CohortFacilitator
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.kit.db import tenant_session
from praksis.people.models import OrgUnit, OrgUnitKind, Person
from praksis.programmes.models import Programme, ProgrammeKind, ProgrammeModule
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HeaderFactory

WORKSHOPS = "/api/v1/workshops"
DEV_ISSUER = "praksis-dev"


@dataclass
class Programme2Modules:
    """A programme with its two modules and one cohort (hold)."""

    programme_id: uuid.UUID
    module_ids: list[uuid.UUID]
    cohort_id: uuid.UUID
    participant_ids: list[uuid.UUID] = field(default_factory=list)


class Arrange:
    """Writes rows for one municipality through a tenant-scoped session."""

    def __init__(self, engine: Engine, settings: Settings, tenant: str = HEDENSTED) -> None:
        self.engine = engine
        self.app_role = settings.app_db_role
        self.tenant = tenant

    def _add(self, *rows: Any) -> None:
        with tenant_session(self.engine, self.tenant, self.app_role) as session:
            for row in rows:
                session.add(row)
                session.flush()

    def org_unit(self, name: str = "Hjemmeplejen Nord") -> uuid.UUID:
        unit = OrgUnit(name=name, kind=OrgUnitKind.afdeling)
        self._add(unit)
        return unit.id

    def person(self, sub: str | None = None, name: str | None = None, **extra: Any) -> uuid.UUID:
        """A person; with ``sub`` they can act through ``auth(..., sub=sub)``."""
        person = Person(
            name=name or f"Medarbejder {uuid.uuid4().hex[:6]}",
            subject=f"{DEV_ISSUER}|{sub}" if sub else None,
            **extra,
        )
        self._add(person)
        return person.id

    def programme(self, title: str = "Kultur- og kompetenceudviklingsforløb") -> uuid.UUID:
        programme = Programme(title=title, kind=ProgrammeKind.udviklingsforloeb)
        self._add(programme)
        return programme.id

    def module(self, programme_id: uuid.UUID, position: int, title: str) -> uuid.UUID:
        module = ProgrammeModule(programme_id=programme_id, position=position, title=title)
        self._add(module)
        return module.id

    def cohort(self, programme_id: uuid.UUID, name: str = "Hold 1 2015") -> uuid.UUID:
        cohort = Cohort(programme_id=programme_id, name=name, capacity=24)
        self._add(cohort)
        return cohort.id

    def enrol(
        self,
        programme_id: uuid.UUID,
        cohort_id: uuid.UUID,
        person_id: uuid.UUID,
        status: EnrolmentStatus = EnrolmentStatus.approved,
    ) -> uuid.UUID:
        enrolment = Enrolment(
            programme_id=programme_id, cohort_id=cohort_id, person_id=person_id, status=status
        )
        self._add(enrolment)
        return enrolment.id

    def cohort_facilitator(self, cohort_id: uuid.UUID, person_id: uuid.UUID) -> None:
        self._add(CohortFacilitator(cohort_id=cohort_id, person_id=person_id))

    def hedensted_programme(
        self, participants: int = 3, cohort_name: str = "Hold 1 2015"
    ) -> Programme2Modules:
        """Hedensted's leader programme: Modul 1 and Modul 2, one cohort, some participants."""
        programme_id = self.programme()
        modules = [
            self.module(programme_id, 1, "Modul 1: Samarbejde om bevægelsen for borgeren"),
            self.module(programme_id, 2, "Modul 2: Samskabelse med borgere og lokalsamfund"),
        ]
        cohort_id = self.cohort(programme_id, cohort_name)
        plan = Programme2Modules(programme_id, modules, cohort_id)
        for _ in range(participants):
            self.participant(plan)
        return plan

    def second_cohort(self, plan: Programme2Modules, name: str = "Hold 2 2016") -> uuid.UUID:
        return self.cohort(plan.programme_id, name)

    def participant(
        self,
        plan: Programme2Modules,
        sub: str | None = None,
        cohort_id: uuid.UUID | None = None,
        name: str | None = None,
    ) -> uuid.UUID:
        """A person with an approved place (in the plan's cohort unless another is given)."""
        person_id = self.person(sub, name)
        self.enrol(plan.programme_id, cohort_id or plan.cohort_id, person_id)
        if cohort_id in (None, plan.cohort_id):
            plan.participant_ids.append(person_id)
        return person_id


def workshop_body(
    plan: Programme2Modules,
    starts_at: str = "2026-03-05T09:00:00+01:00",
    ends_at: str = "2026-03-05T15:00:00+01:00",
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "module_id": str(plan.module_ids[0]),
        "cohort_id": str(plan.cohort_id),
        "title": "Workshop 1: Nye roller / Playmaker",
        "kind": "workshop",
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": "Rådhuset, Juelsminde",
        "description": "Aktionslæring med udgangspunkt i jeres udviklingsprojekt.",
        "themes": ["Nye roller / Playmaker", "Forandringsledelse"],
    }
    body.update(extra)
    return body


def hr(auth: HeaderFactory) -> dict[str, str]:
    return auth(HEDENSTED, "hr_admin")


def create_workshop(
    client: TestClient, auth: HeaderFactory, plan: Programme2Modules, **body: Any
) -> dict[str, Any]:
    response = client.post(WORKSHOPS, json=workshop_body(plan, **body), headers=hr(auth))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


# --- reading an .ics by hand (RFC 5545 §3.1) -------------------------------------------------


@dataclass
class Property:
    name: str
    params: dict[str, str]
    value: str


def unfold(text: str) -> list[str]:
    """Content lines: CRLF followed by one space or tab continues the previous line."""
    assert "\n" not in text.replace("\r\n", ""), "every line must end with CRLF"
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def parse_line(line: str) -> Property:
    head, _, value = line.partition(":")
    name, *params = head.split(";")
    return Property(name, dict(param.split("=", 1) for param in params), value)


def events(text: str) -> list[dict[str, Property]]:
    """Each VEVENT's properties by name."""
    found: list[dict[str, Property]] = []
    current: dict[str, Property] | None = None
    for line in unfold(text):
        prop = parse_line(line)
        if (prop.name, prop.value) == ("BEGIN", "VEVENT"):
            current = {}
        elif (prop.name, prop.value) == ("END", "VEVENT"):
            assert current is not None
            found.append(current)
            current = None
        elif current is not None:
            current[prop.name] = prop
    return found


def unescape(value: str) -> str:
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)
