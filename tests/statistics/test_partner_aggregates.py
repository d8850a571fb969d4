"""The maintained aggregates equal the plain GROUP BY after every kind of write.

A KL offering (Hedensted and Horsens) and a second one; Hedensted runs a programme linked to
the first through the API — nominations, decisions, attendance, grades, an evaluation, a
follow-up, a project with a trial action and a colleague's feedback — then moves it to the
second offering, deletes things, and changes enrolments in bulk. After each step the table
``offering_statistics`` equals ``offering_cell_measures`` computed from the raw tables.
"""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text, update
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from praksis.action_learning.models import ActionLearningProject
from praksis.demo.service import seed_demo
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.kit.db import TenantSession, tenant_session
from praksis.people.models import Person
from praksis.programmes.models import Programme
from praksis.settings import Settings
from praksis.statistics.aggregates import Touched, record_change
from praksis.statistics.folding import fold_recorded, rebuild_statistics, settle
from praksis.statistics.models import OfferingStatistic
from praksis.statistics.reference import offering_cell_measures
from praksis.statistics.scope import Cell, Measures
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.statistics.partner_arrangement import CellSpec, arrange_cell, create_offering
from tests.statistics.partner_reading import stored_offering_measures

API = "/api/v1"
JUSTIFICATION = "Teamet skal samskabe løsninger med borgerne i den daglige praksis."


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def assert_maintained(engine: Engine) -> dict[Cell, Measures]:
    """Every offering cell equal to the reference, once every recorded change is folded in."""
    settle(engine)
    with engine.connect() as connection:
        naive = offering_cell_measures(connection)
        stored = stored_offering_measures(connection)
    assert stored == naive
    return stored


def test_aggregates_follow_every_write_through_the_api(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    kl = auth(None, "partner", partner="kl", sub="kl-statistik")
    hr = auth(HEDENSTED, "hr_admin", sub="hedensted-hr")
    offering = {"kind": "udviklingsforloeb", "grading": "danish_7_point"}
    first = ok(
        client.post(
            f"{API}/partner-offerings",
            json={**offering, "title": "Pilot", "municipality_ids": [HEDENSTED, HORSENS]},
            headers=kl,
        ),
        201,
    )["id"]
    second = ok(
        client.post(
            f"{API}/partner-offerings",
            json={**offering, "title": "Anden runde", "municipality_ids": [HEDENSTED]},
            headers=kl,
        ),
        201,
    )["id"]
    kerneopgave = ok(
        client.post(
            f"{API}/kerneopgaver",
            json={"title": "Læring", "citizen_outcome": "Børn lærer mere."},
            headers=hr,
        ),
        201,
    )["id"]
    people = [
        ok(
            client.post(
                f"{API}/people",
                json={"name": f"Deltager {n}", "email": f"d{n}@hedensted.dk"},
                headers=hr,
            ),
            201,
        )["id"]
        for n in range(1, 7)
    ]
    participant = [
        auth(HEDENSTED, "participant", sub=f"d{n}", email=f"d{n}@hedensted.dk") for n in range(1, 7)
    ]
    programme = ok(
        client.post(
            f"{API}/programmes",
            json={
                "title": "Pilotforløb",
                "kind": "udviklingsforloeb",
                "starts_on": "2025-01-06",
                "ends_on": "2025-03-31",
                "kerneopgave_ids": [kerneopgave],
                "offering_id": first,
                "modules": [{"title": "Modul 1"}],
            },
            headers=hr,
        ),
        201,
    )
    programme_url = f"{API}/programmes/{programme['id']}"
    stored = assert_maintained(engine)
    assert stored == {(HEDENSTED, _uuid(first)): {"programmes": 1}}

    ok(client.patch(programme_url, json={"status": "open"}, headers=hr))
    cohort = ok(
        client.post(
            f"{API}/cohorts",
            json={"programme_id": programme["id"], "name": "Hold 1", "capacity": 20},
            headers=hr,
        ),
        201,
    )["id"]
    enrolments = [
        ok(
            client.post(
                f"{API}/enrolments",
                json={
                    "programme_id": programme["id"],
                    "cohort_id": cohort,
                    "person_id": person,
                    "justification": JUSTIFICATION,
                },
                headers=hr,
            ),
            201,
        )["id"]
        for person in people
    ]
    assert assert_maintained(engine)[(HEDENSTED, _uuid(first))]["enrolments.nominated"] == 6

    for enrolment in enrolments[:4]:
        ok(client.post(f"{API}/enrolments/{enrolment}/approve", json={}, headers=hr))
    ok(client.post(f"{API}/enrolments/{enrolments[4]}/decline", json={}, headers=hr))
    ok(client.post(f"{API}/enrolments/{enrolments[3]}/withdraw", json={}, headers=hr))
    assert_maintained(engine)

    module = ok(client.get(programme_url, headers=hr))["modules"][0]["id"]
    workshop = ok(
        client.post(
            f"{API}/workshops",
            json={
                "module_id": module,
                "cohort_id": cohort,
                "title": "Samskabelse",
                "starts_at": "2025-02-03T09:00:00+01:00",
                "ends_at": "2025-02-03T12:00:00+01:00",
            },
            headers=hr,
        ),
        201,
    )["id"]
    # the cohort's first workshop makes it a round of 2025: its people count in that year too
    cell = assert_maintained(engine)[(HEDENSTED, _uuid(first))]
    assert cell["year.2025.enrolments.approved"] == cell["enrolments.approved"] == 3
    ok(
        client.put(
            f"{API}/workshops/{workshop}/attendance",
            json={
                "records": [
                    {"person_id": people[0], "status": "present"},
                    {"person_id": people[1], "status": "present"},
                    {"person_id": people[2], "status": "absent"},
                ]
            },
            headers=hr,
        )
    )
    assert assert_maintained(engine)[(HEDENSTED, _uuid(first))]["attendance.present"] == 2

    ok(client.post(f"{API}/enrolments/{enrolments[0]}/complete", json={"grade": 12}, headers=hr))
    ok(client.post(f"{API}/enrolments/{enrolments[1]}/complete", json={"grade": 0}, headers=hr))
    cell = assert_maintained(engine)[(HEDENSTED, _uuid(first))]
    assert (cell["grades.12"], cell["grades.0"], cell["enrolments.completed"]) == (1, 1, 2)

    evaluation = {"workshop_id": workshop, "relevance": 5, "learning": 4, "usefulness": 3}
    ok(
        client.post(
            f"{API}/feedback/workshop-evaluations", json=evaluation, headers=participant[0]
        ),
        201,
    )
    assert assert_maintained(engine)[(HEDENSTED, _uuid(first))]["evaluations.people"] == 1

    with tenant_session(
        engine, HEDENSTED, settings.app_db_role
    ) as session:  # 90 days after completing
        session.execute(
            update(Enrolment)
            .where(col(Enrolment.completed_at).is_not(None))
            .values(completed_at=datetime(2025, 4, 1, 12, tzinfo=UTC))
        )
    ok(client.post(f"{API}/feedback/follow-ups/issue", headers=hr))
    follow_up = ok(client.get(f"{API}/feedback/follow-ups", headers=participant[0]))["items"][0]
    ok(
        client.post(
            f"{API}/feedback/follow-ups/{follow_up['id']}/answer",
            json={"usage": 4},
            headers=participant[0],
        )
    )
    assert assert_maintained(engine)[(HEDENSTED, _uuid(first))]["follow_ups.usage_sum"] == 4

    project = ok(
        client.post(
            f"{API}/action-learning-projects",
            json={
                "title": "Pårørende som medskabere",
                "kerneopgave_id": kerneopgave,
                "cohort_id": cohort,
                "owner_ids": [people[0]],
            },
            headers=hr,
        ),
        201,
    )["id"]
    project_url = f"{API}/action-learning-projects/{project}"
    action = ok(
        client.post(f"{project_url}/trial-actions", json={"title": "Første samtale"}, headers=hr),
        201,
    )["id"]
    ok(
        client.patch(
            f"{project_url}/trial-actions/{action}",
            json={"status": "done", "what_happened": "Datteren foreslog en ugentlig opringning."},
            headers=hr,
        )
    )
    planned = ok(
        client.post(f"{project_url}/trial-actions", json={"title": "Opfølgning"}, headers=hr),
        201,
    )["id"]
    ok(
        client.post(
            f"{API}/feedback/invitations",
            json={"trial_action_id": action, "person_id": people[1]},
            headers=participant[0],
        ),
        201,
    )
    ok(
        client.post(
            f"{API}/feedback",
            json={
                "trial_action_id": action,
                "kind": "colleague",
                "what_worked": "Rolig samtale.",
                "try_next": "Tag en kollega med.",
            },
            headers=participant[1],
        ),
        201,
    )
    ok(client.patch(project_url, json={"phase": "designe"}, headers=hr))
    cell = assert_maintained(engine)[(HEDENSTED, _uuid(first))]
    assert (cell["projects.phase.designe"], cell["trial_actions.done"]) == (1, 1)
    assert cell["trial_actions.planned"] == 1
    assert cell["feedback.colleague"] == 1

    # moving the programme to the other offering moves every figure with it
    ok(client.patch(programme_url, json={"offering_id": second}, headers=hr))
    stored = assert_maintained(engine)
    assert (HEDENSTED, _uuid(first)) not in stored
    assert stored[(HEDENSTED, _uuid(second))] == cell

    ok(client.delete(f"{project_url}/trial-actions/{planned}", headers=hr), 204)
    assert "trial_actions.planned" not in assert_maintained(engine)[(HEDENSTED, _uuid(second))]
    ok(client.delete(f"{API}/workshops/{workshop}", headers=hr), 204)  # cancelled, kept
    assert_maintained(engine)
    # a project with a done trial action is kept by the API; deleted in the database, its
    # actions and their feedback go with it (ON DELETE CASCADE, no ORM object for them)
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        session.delete(session.get_one(ActionLearningProject, (HEDENSTED, _uuid(project))))
    cell = assert_maintained(engine)[(HEDENSTED, _uuid(second))]
    assert not {"projects.total", "trial_actions.total", "feedback.total"} & set(cell)

    # an ORM bulk UPDATE: every offering cell of the municipality is recomputed
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        session.execute(
            update(Enrolment)
            .where(col(Enrolment.status) == EnrolmentStatus.nominated)
            .values(status=EnrolmentStatus.withdrawn)
        )
    cell = assert_maintained(engine)[(HEDENSTED, _uuid(second))]
    assert "enrolments.nominated" not in cell and cell["enrolments.withdrawn"] == 2

    # unlinked (the API only moves between offerings): its cell disappears
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        session.get_one(Programme, (HEDENSTED, _uuid(programme["id"]))).offering_id = None
    assert assert_maintained(engine) == {}


def test_a_rolled_back_unit_of_work_leaves_the_aggregates_as_they_were(
    client: TestClient, engine: Engine, settings: Settings
) -> None:
    seed_demo(engine, settings)
    before = assert_maintained(engine)
    session = tenant_session(engine, HORSENS, settings.app_db_role)
    try:
        with session as scoped:
            scoped.execute(update(Enrolment).values(grade=None, passed=None))
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    assert assert_maintained(engine) == before


def test_seed_demo_leaves_the_aggregates_equal_to_the_raw_tables(
    client: TestClient, engine: Engine, settings: Settings
) -> None:
    seed_demo(engine, settings)
    stored = assert_maintained(engine)
    horsens = [values for (municipality, _), values in stored.items() if municipality == HORSENS]
    assert [values["enrolments.completed"] for values in horsens] == [21]


def test_rebuild_recomputes_every_cell_and_counts_the_rows_it_wrote(
    client: TestClient, engine: Engine, settings: Settings
) -> None:
    seed_demo(engine, settings)
    expected = assert_maintained(engine)
    with engine.begin() as connection:
        connection.execute(OfferingStatistic.__table__.delete())  # type: ignore[attr-defined]
    with engine.connect() as connection:
        assert connection.execute(select(OfferingStatistic.measure)).first() is None
    written = rebuild_statistics(engine, settings.app_db_role)
    assert written >= sum(len(values) for values in expected.values())  # and the tallies
    assert assert_maintained(engine) == expected


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)


@pytest.mark.postgres_only
def test_a_writer_waits_neither_for_another_writer_nor_for_a_fold(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    """A writer only records its change: it commits while another writer of the same cell and
    a fold holding the municipality's fold lock (and uncommitted aggregate rows) are both
    still open; once they commit and the changes are folded, every enrolment counts."""
    offering = create_offering(client, auth, "kl", "Pilot", [HEDENSTED])
    arrange_cell(client, HEDENSTED, offering, CellSpec(enrolments={EnrolmentStatus.approved: 1}))
    with engine.connect() as connection:
        programme_id, cohort_id = connection.execute(
            text("SELECT programme_id, cohort_id FROM enrolments")
        ).one()

    def enrol(session: TenantSession) -> None:
        person = Person(name="Ny deltager")
        session.add(person)
        session.flush()
        session.add(Enrolment(programme_id=programme_id, cohort_id=cohort_id, person_id=person.id))
        session.flush()

    settle(engine)
    first = TenantSession(engine, HEDENSTED, settings.app_db_role)
    enrol(first)
    folding = TenantSession(engine, HEDENSTED, settings.app_db_role)
    record_change(folding, _touching(programme_id))
    assert fold_recorded(folding) == 1  # holds the fold lock and the rewritten cells
    committed = threading.Event()

    def second_writer() -> None:
        with tenant_session(engine, HEDENSTED, settings.app_db_role) as second:
            enrol(second)
        committed.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    try:
        assert committed.wait(30), "the second writer must not wait"
    finally:
        folding.commit()
        folding.close()
        first.commit()
        first.close()
        thread.join(30)
    cell = assert_maintained(engine)[(HEDENSTED, uuid.UUID(offering))]
    assert cell["enrolments.nominated"] == 2 and cell["enrolments.approved"] == 1


def _touching(programme_id: uuid.UUID) -> Touched:
    touched = Touched()
    touched.ids["programmes"].add(programme_id)
    return touched
