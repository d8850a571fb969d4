"""The municipality view from its maintained tallies equals the plain GROUP BY reference.

On generated municipalities (``seed-scale``'s generator) for HR and leaders with every filter;
after each kind of write through the API that moves a figure (nominations and decisions,
attendance, grades, evaluations, follow-ups, projects, trial actions, feedback, moving a
person, deleting); after bulk and cascading deletes; and a rolled-back transaction leaves the
tallies as they were.
"""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from praksis.action_learning.models import ActionLearningProject
from praksis.demo.service import seed_demo
from praksis.enrolments.models import Enrolment, EnrolmentStatus, WithdrawalReason
from praksis.kit.db import tenant_session
from praksis.kit.permissions import Role
from praksis.municipalities.models import Municipality
from praksis.people import csv_import
from praksis.people.models import OrgUnit, OrgUnitKind, OrgUnitLeader, Person
from praksis.people.service import unit_departments
from praksis.programmes.models import ProgrammeKerneopgave
from praksis.scale.service import ScaleOptions, seed_scale
from praksis.settings import Settings
from praksis.statistics import scope_reads
from praksis.statistics.folding import fold_municipality, rebuild_statistics
from praksis.statistics.models import (
    AttendanceTally,
    DepartmentTally,
    ProgrammeStatistic,
    ProjectTally,
    WorkshopEvaluationTally,
)
from praksis.statistics.scope import person_in_units
from praksis.statistics.service import StatisticsFilter
from praksis.statistics.tallies import TALLY_TABLES
from praksis.workshops.models import Attendance, AttendanceStatus
from tests.conftest import HEDENSTED, HeaderFactory
from tests.statistics.municipality_views import (
    assert_maintained,
    assert_tallies_maintained,
    assert_views_equal,
    context,
)
from tests.statistics.partner_arrangement import CellSpec, arrange_cell, create_offering

API = "/api/v1"
JUSTIFICATION = "Teamet skal samskabe løsninger med borgerne i den daglige praksis."
GENERATED = ScaleOptions(municipalities=2, people_per_municipality=120, seed=7)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


# --- generated data ----------------------------------------------------------------------------


def test_equal_to_the_reference_on_generated_municipalities_for_every_scope_and_filter(
    engine: Engine, settings: Settings
) -> None:
    report = seed_scale(engine, GENERATED, settings.jwt_issuer)
    for tenant in report.municipality_ids:
        assert assert_tallies_maintained(engine, tenant, settings.app_db_role) > 0
        with tenant_session(engine, tenant, settings.app_db_role) as session:
            _give_some_withdrawals_a_reason(session)
            hr = context(session)
            everything = assert_views_equal(hr)
            # the generated data reaches every kind of figure, so equality means something
            assert len(everything.reasons.withdrawals) > 1
            assert everything.funnel.total and everything.attendance.recorded
            assert everything.projects.total and everything.feedback.total
            assert everything.kirkpatrick.level_1_reaction.responses
            assert everything.kirkpatrick.level_3_behaviour.answers
            assert len(everything.by_org_unit) > 1 and len(everything.by_programme) > 1
            for filters in _filters(session, everything):
                assert_views_equal(hr, filters)
            for leader, unit in session.exec(
                select(OrgUnitLeader.person_id, OrgUnitLeader.org_unit_id).limit(3)
            ).all():
                led = context(session, Role.leader, leader)
                assert_views_equal(led)
                assert_views_equal(led, StatisticsFilter(org_unit_id=unit))


def test_a_scope_of_units_reads_their_people_once() -> None:
    """A leader's or a unit's scope puts the units' condition on the person the statement
    joins for the unit, not on a second read of people (its figures: the test above)."""
    statement = scope_reads._statement([person_in_units({uuid.uuid4()})])
    sql = str(statement.compile(dialect=postgresql.dialect()))
    assert "FROM people" not in sql
    assert sql.count("JOIN people") == 1
    assert "WHERE people.org_unit_id IN (SELECT units_below.id" in sql


def _give_some_withdrawals_a_reason(session: Any) -> None:
    """The generated withdrawals give no reason; every other one gets one (read raw, not
    folded: the view reads them from the scope's rows, the reference with a GROUP BY)."""
    withdrawn = session.exec(
        select(Enrolment.id)
        .where(Enrolment.status == EnrolmentStatus.withdrawn)
        .order_by(col(Enrolment.id))
    ).all()
    reasons = list(WithdrawalReason)
    for index, enrolment in enumerate(withdrawn[::2]):
        session.execute(
            update(Enrolment)
            .where(col(Enrolment.id) == enrolment)
            .values(withdrawal_reason=reasons[index % len(reasons)])
        )


def _filters(session: Any, everything: Any) -> list[StatisticsFilter]:
    programme = everything.by_programme[0].key
    kerneopgave = session.exec(
        select(ProgrammeKerneopgave.kerneopgave_id).where(
            ProgrammeKerneopgave.programme_id == programme
        )
    ).first()
    team = session.exec(select(OrgUnit.id).where(OrgUnit.kind == OrgUnitKind.team)).first()
    afdeling = everything.by_org_unit[0].key
    first, last = session.exec(
        select(func.min(Enrolment.created_at), func.max(Enrolment.created_at))
    ).one()
    middle = first.date() + (last.date() - first.date()) / 2
    return [
        StatisticsFilter(programme_id=programme),
        StatisticsFilter(kerneopgave_id=kerneopgave),
        StatisticsFilter(org_unit_id=team),
        StatisticsFilter(org_unit_id=afdeling),
        StatisticsFilter(from_date=middle),
        StatisticsFilter(to_date=middle),
        StatisticsFilter(programme_id=programme, org_unit_id=afdeling, from_date=first.date()),
        StatisticsFilter(from_date=date(1990, 1, 1), to_date=date(1990, 1, 2)),  # nothing
    ]


def test_rebuild_writes_what_the_writers_maintained(engine: Engine, settings: Settings) -> None:
    report = seed_scale(engine, GENERATED, settings.jwt_issuer)
    tenant = report.municipality_ids[0]
    rows = assert_tallies_maintained(engine, tenant, settings.app_db_role)
    with tenant_session(engine, tenant, settings.app_db_role) as session:
        for table in TALLY_TABLES:
            session.execute(table.model.__table__.delete())  # type: ignore[attr-defined]
    written = rebuild_statistics(engine, settings.app_db_role)
    assert written >= rows
    assert assert_tallies_maintained(engine, tenant, settings.app_db_role) == rows


# --- writes through the API ----------------------------------------------------------------


def test_every_write_that_moves_a_figure_keeps_the_view_equal_to_the_reference(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    hr = auth(HEDENSTED, "hr_admin", sub="hedensted-hr")
    role = settings.app_db_role

    def maintained() -> Any:
        return assert_maintained(engine, HEDENSTED, role)

    def post(path: str, body: Any, headers: dict[str, str] = hr, status: int = 201) -> Any:
        return ok(client.post(f"{API}/{path}", json=body, headers=headers), status)

    def patch(path: str, body: Any, headers: dict[str, str] = hr) -> Any:
        return ok(client.patch(f"{API}/{path}", json=body, headers=headers))

    forvaltning = post("org-units", {"name": "Børn & Læring", "kind": "forvaltning"})["id"]
    units = [
        post("org-units", {"name": name, "kind": "afdeling", "parent_id": forvaltning})["id"]
        for name in ("Fritid", "Ældre")
    ]
    kerneopgave = post("kerneopgaver", {"title": "Læring", "citizen_outcome": "Børn lærer."})
    people = [
        post(
            "people",
            {"name": f"Deltager {n}", "email": f"d{n}@hedensted.dk", "org_unit_id": units[n % 2]},
        )["id"]
        for n in range(5)
    ]
    participants = [
        auth(HEDENSTED, "participant", sub=f"d{n}", email=f"d{n}@hedensted.dk") for n in range(5)
    ]
    programme = post(
        "programmes",
        {
            "title": "Udviklingsforløb",
            "kind": "udviklingsforloeb",
            "starts_on": "2025-01-06",
            "ends_on": "2025-03-31",
            "kerneopgave_ids": [kerneopgave["id"]],
            "rules": {"grading": "danish_7_point"},
            "modules": [{"title": "Modul 1"}],
        },
    )
    patch(f"programmes/{programme['id']}", {"status": "open"})
    cohort = post("cohorts", {"programme_id": programme["id"], "name": "Hold 1", "capacity": 20})[
        "id"
    ]
    enrolments = [
        post(
            "enrolments",
            {
                "programme_id": programme["id"],
                "cohort_id": cohort,
                "person_id": person,
                "justification": JUSTIFICATION,
            },
        )["id"]
        for person in people
    ]
    assert maintained().funnel.nominated == 5

    sixth = post("people", {"name": "Deltager 5", "org_unit_id": units[0]})["id"]
    unplaced = post(
        "enrolments",
        {"programme_id": programme["id"], "person_id": sixth, "justification": JUSTIFICATION},
    )["id"]
    assert [row.key for row in maintained().by_cohort] == [uuid.UUID(cohort), None]
    second = post("cohorts", {"programme_id": programme["id"], "name": "Hold 2", "capacity": 5})
    post(f"enrolments/{unplaced}/approve", {"cohort_id": second["id"]}, status=200)
    cohorts = {row.label: row.funnel for row in maintained().by_cohort}
    assert cohorts["Udviklingsforløb – Hold 2"].approved == 1 and None not in cohorts
    post(f"enrolments/{unplaced}/withdraw", {}, status=200)

    for enrolment in enrolments[:4]:
        post(f"enrolments/{enrolment}/approve", {}, status=200)
    post(f"enrolments/{enrolments[4]}/decline", {}, status=200)
    post(f"enrolments/{enrolments[3]}/withdraw", {}, status=200)
    assert (maintained().funnel.approved, maintained().funnel.withdrawn) == (3, 2)

    module = ok(client.get(f"{API}/programmes/{programme['id']}", headers=hr))["modules"][0]
    workshop = post(
        "workshops",
        {
            "module_id": module["id"],
            "cohort_id": cohort,
            "title": "Samskabelse",
            "starts_at": "2025-02-03T09:00:00+01:00",
            "ends_at": "2025-02-03T12:00:00+01:00",
        },
    )["id"]
    records = [(people[0], "present"), (people[1], "present"), (people[2], "absent")]
    ok(
        client.put(
            f"{API}/workshops/{workshop}/attendance",
            json={"records": [{"person_id": p, "status": s} for p, s in records]},
            headers=hr,
        )
    )
    assert maintained().attendance.present == 2
    ok(
        client.put(
            f"{API}/workshops/{workshop}/attendance",
            json={"records": [{"person_id": people[2], "status": "present"}]},
            headers=hr,
        )
    )
    assert (maintained().attendance.present, maintained().attendance.recorded) == (3, 3)

    post(f"enrolments/{enrolments[0]}/complete", {"grade": 12}, status=200)
    post(f"enrolments/{enrolments[1]}/complete", {"grade": 0}, status=200)
    assert maintained().kirkpatrick.level_2_learning.passed == 1

    for n, score in enumerate((5, 4, 2)):
        evaluation = {"workshop_id": workshop, "relevance": score, "learning": 4, "usefulness": 3}
        post("feedback/workshop-evaluations", evaluation, headers=participants[n])
    assert maintained().kirkpatrick.level_1_reaction.responses == 3
    assert [month.month for month in maintained().kirkpatrick.level_1_by_month] == ["2025-02"]
    moved = {"starts_at": "2025-04-01T00:30:00+02:00", "ends_at": "2025-04-01T02:00:00+02:00"}
    patch(f"workshops/{workshop}", moved)  # the last UTC day of March, 1 April in Hedensted
    assert [month.month for month in maintained().kirkpatrick.level_1_by_month] == ["2025-04"]

    with tenant_session(engine, HEDENSTED, role) as session:  # 90 days after completing
        session.execute(
            update(Enrolment)
            .where(col(Enrolment.completed_at).is_not(None))
            .values(completed_at=datetime(2025, 4, 1, 12, tzinfo=UTC))
        )
    post("feedback/follow-ups/issue", None, status=200)
    follow_up = ok(client.get(f"{API}/feedback/follow-ups", headers=participants[0]))["items"][0]
    post(
        f"feedback/follow-ups/{follow_up['id']}/answer",
        {"usage": 4},
        headers=participants[0],
        status=200,
    )
    assert maintained().kirkpatrick.level_3_behaviour.answers == 1

    project = post(
        "action-learning-projects",
        {
            "title": "Pårørende som medskabere",
            "kerneopgave_id": kerneopgave["id"],
            "cohort_id": cohort,
            "owner_ids": [people[0]],
        },
    )["id"]
    project_path = f"action-learning-projects/{project}"
    assert maintained().projects.by_status["active"] == 1
    action = post(f"{project_path}/trial-actions", {"title": "Første samtale"})["id"]
    patch(f"{project_path}/trial-actions/{action}", {"status": "done", "what_happened": "Godt."})
    planned = post(f"{project_path}/trial-actions", {"title": "Opfølgning"})["id"]
    post(
        "feedback/invitations",
        {"trial_action_id": action, "person_id": people[1]},
        headers=participants[0],
    )
    feedback = post(
        "feedback",
        {
            "trial_action_id": action,
            "kind": "colleague",
            "what_worked": "Rolig samtale.",
            "try_next": "Tag en kollega med.",
        },
        headers=participants[1],
    )["id"]
    patch(project_path, {"phase": "designe"})
    figures = maintained()
    assert (figures.trial_actions.done, figures.trial_actions.planned) == (1, 1)
    assert figures.projects.by_phase["designe"] == 1 and figures.feedback.total == 1

    ok(client.delete(f"{API}/feedback/{feedback}", headers=participants[1]), 204)
    ok(client.delete(f"{API}/{project_path}/trial-actions/{planned}", headers=hr), 204)
    figures = maintained()
    assert (figures.feedback.total, figures.trial_actions.planned) == (0, 0)

    # moving a person moves their figures to the other department
    before = {row.key: row.funnel.total for row in figures.by_org_unit}
    patch(f"people/{people[0]}", {"org_unit_id": units[1]})
    after = {row.key: row.funnel.total for row in maintained().by_org_unit}
    assert after[uuid.UUID(units[1])] == before[uuid.UUID(units[1])] + 1

    ok(client.delete(f"{API}/workshops/{workshop}", headers=hr), 204)
    maintained()
    with tenant_session(engine, HEDENSTED, role) as session:  # cascades to its trial actions
        session.delete(session.get_one(ActionLearningProject, (HEDENSTED, uuid.UUID(project))))
    assert maintained().projects.total == 0
    with tenant_session(engine, HEDENSTED, role) as session:  # a bulk UPDATE: all recomputed
        session.execute(update(Enrolment).values(status=EnrolmentStatus.withdrawn))
    assert maintained().funnel.withdrawn == 6


def test_changes_to_the_organisation_move_the_figures_between_departments(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    """HR's whole-municipality view keeps per-department tallies: moving a team, making it an
    afdeling, people without a unit, a workshop moving cohort and a bulk UPDATE of people all
    keep it equal to the reference."""
    hr = auth(HEDENSTED, "hr_admin", sub="hedensted-hr")
    role = settings.app_db_role

    def post(path: str, body: Any, status: int = 201) -> Any:
        return ok(client.post(f"{API}/{path}", json=body, headers=hr), status)

    def patch(path: str, body: Any) -> Any:
        return ok(client.patch(f"{API}/{path}", json=body, headers=hr))

    def by_unit() -> dict[uuid.UUID | None, tuple[int, int]]:
        figures = assert_maintained(engine, HEDENSTED, role)
        return {row.key: (row.funnel.total, row.attendance.recorded) for row in figures.by_org_unit}

    top = post("org-units", {"name": "Social & Sundhed", "kind": "forvaltning"})["id"]
    first, second = (
        post("org-units", {"name": name, "kind": "afdeling", "parent_id": top})["id"]
        for name in ("Hjemmepleje", "Plejecentre")
    )
    team = post("org-units", {"name": "Team Nord", "kind": "team", "parent_id": first})["id"]
    units = [team, team, second, None]
    people = [
        post("people", {"name": f"Medarbejder {n}", "org_unit_id": unit})["id"]
        for n, unit in enumerate(units)
    ]
    kerneopgave = post(
        "kerneopgaver", {"title": "Rehabilitering", "citizen_outcome": "Borgeren klarer sig selv."}
    )
    programme = post(
        "programmes",
        {
            "title": "Rehabilitering i praksis",
            "kind": "kursus",
            "kerneopgave_ids": [kerneopgave["id"]],
            "starts_on": "2025-01-06",
            "ends_on": "2025-03-31",
            "modules": [{"title": "Modul 1"}],
        },
    )
    patch(f"programmes/{programme['id']}", {"status": "open"})
    cohorts = [
        post("cohorts", {"programme_id": programme["id"], "name": name, "capacity": 20})["id"]
        for name in ("Hold A", "Hold B")
    ]
    for person in people:
        enrolment = post(
            "enrolments",
            {
                "programme_id": programme["id"],
                "cohort_id": cohorts[0],
                "person_id": person,
                "justification": JUSTIFICATION,
            },
        )
        post(f"enrolments/{enrolment['id']}/approve", {}, status=200)
    module = ok(client.get(f"{API}/programmes/{programme['id']}", headers=hr))["modules"][0]
    workshop = post(
        "workshops",
        {
            "module_id": module["id"],
            "cohort_id": cohorts[0],
            "title": "Hverdagsrehabilitering",
            "starts_at": "2025-02-03T09:00:00+01:00",
            "ends_at": "2025-02-03T12:00:00+01:00",
        },
    )["id"]
    ok(
        client.put(
            f"{API}/workshops/{workshop}/attendance",
            json={"records": [{"person_id": p, "status": "present"} for p in people]},
            headers=hr,
        )
    )
    first_id, second_id, team_id = (uuid.UUID(unit) for unit in (first, second, team))
    assert {key: by_unit()[key] for key in (first_id, second_id, None)} == {
        first_id: (2, 2),
        second_id: (1, 1),
        None: (1, 1),
    }

    patch(f"org-units/{team}", {"parent_id": second})  # the team moves to the other afdeling
    assert by_unit()[second_id] == (3, 3) and first_id not in by_unit()
    patch(f"org-units/{team}", {"kind": "afdeling", "parent_id": top})  # its own department
    assert (by_unit()[team_id], by_unit()[second_id]) == ((2, 2), (1, 1))
    patch(f"people/{people[3]}", {"org_unit_id": first})  # a unit at last
    assert by_unit()[first_id] == (1, 1) and None not in by_unit()

    patch(f"workshops/{workshop}", {"cohort_id": cohorts[1]})  # nobody is enrolled in Hold B
    assert {recorded for _total, recorded in by_unit().values()} == {0}

    with tenant_session(engine, HEDENSTED, role) as session:  # a bulk UPDATE: all recomputed
        session.execute(update(Person).values(org_unit_id=second_id))
    assert by_unit()[second_id][0] >= len(people)
    ok(client.delete(f"{API}/org-units/{team}", headers=hr), 204)
    by_unit()


def test_a_rolled_back_transaction_leaves_the_tallies_as_they_were(
    engine: Engine, settings: Settings
) -> None:
    report = seed_scale(engine, GENERATED, settings.jwt_issuer)
    tenant = report.municipality_ids[0]
    role = settings.app_db_role
    before = _stored(engine, tenant, role)
    try:
        with tenant_session(engine, tenant, role) as session:
            session.delete(session.exec(select(ActionLearningProject)).first())
            session.execute(update(Enrolment).values(status=EnrolmentStatus.withdrawn))
            session.flush()
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    assert _stored(engine, tenant, role) == before
    assert_tallies_maintained(engine, tenant, role)


def _stored(engine: Engine, tenant: str, role: str) -> list[Any]:
    with tenant_session(engine, tenant, role) as session:
        return [
            sorted(session.exec(select(model)).all(), key=repr)  # type: ignore[call-overload]
            for model in (
                AttendanceTally,
                ProjectTally,
                WorkshopEvaluationTally,
                ProgrammeStatistic,
                DepartmentTally,
            )
        ]


def test_seed_demo_leaves_the_tallies_equal_to_the_raw_tables(
    client: TestClient, engine: Engine, settings: Settings
) -> None:
    seed_demo(engine, settings)
    with engine.connect() as connection:
        municipalities = connection.execute(select(Municipality.id)).scalars().all()
    figures = [assert_maintained(engine, m, settings.app_db_role) for m in municipalities]
    assert sum(f.attendance.recorded for f in figures) and sum(f.projects.total for f in figures)


# --- concurrent writers --------------------------------------------------------------------


@pytest.mark.postgres_only
def test_concurrent_writers_and_two_folders_converge_to_the_raw_tables(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    """24 writers record attendance in one cohort at once while two folders (two processes'
    worth) fold the municipality over and over: no writer waits for a statistic, the folders
    take turns on the fold lock, and once the last record is folded in every tally equals
    the raw tables."""
    offering = create_offering(client, auth, "kl", "Pilot", [HEDENSTED])
    spec = CellSpec(enrolments={EnrolmentStatus.approved: 24})
    arrange_cell(client, HEDENSTED, offering, spec)
    role = settings.app_db_role
    with engine.connect() as connection:
        people = connection.execute(text("SELECT person_id FROM enrolments")).scalars().all()
        workshop = connection.execute(text("SELECT id FROM workshops LIMIT 1")).scalar_one()
    assert len(people) == 24
    recorder = people[0]
    start = threading.Barrier(24 + 2)
    writing = threading.Event()
    writing.set()

    def writer(person: uuid.UUID) -> None:
        start.wait()
        with tenant_session(engine, HEDENSTED, role) as session:
            session.add(
                Attendance(
                    workshop_id=workshop,
                    person_id=person,
                    status=AttendanceStatus.present,
                    recorded_by_id=recorder,
                )
            )

    def folder() -> None:
        start.wait()
        while writing.is_set():
            fold_municipality(engine, role, HEDENSTED)

    folders = [threading.Thread(target=folder) for _ in range(2)]
    writers = [threading.Thread(target=writer, args=(person,)) for person in people]
    for thread in (*folders, *writers):
        thread.start()
    for thread in writers:
        thread.join(60)
    writing.clear()
    for thread in folders:
        thread.join(60)
    attendance = assert_maintained(engine, HEDENSTED, role).attendance
    assert (attendance.present, attendance.recorded) == (24, 24)


def test_a_people_import_that_moves_enrolled_people_keeps_the_department_tallies(
    client: TestClient,
    auth: HeaderFactory,
    engine: Engine,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CSV import writes people in bulk statements, a batch at a time: the departments
    of the people it moves between units are recomputed once, before the commit."""
    monkeypatch.setattr(csv_import, "BATCH_SIZE", 7)
    report = seed_scale(engine, GENERATED, settings.jwt_issuer)
    tenant = report.municipality_ids[0]
    role = settings.app_db_role
    with tenant_session(engine, tenant, role) as session:
        departments = unit_departments(session)
        units = dict(session.exec(select(OrgUnit.id, OrgUnit.external_id)).all())
        enrolled = session.exec(
            select(Person.external_id, Person.name, Person.org_unit_id)
            .where(col(Person.id).in_(select(Enrolment.person_id)))
            .order_by(col(Person.external_id))
        ).all()
    lines = []
    for external_id, name, unit in enrolled[:30]:
        elsewhere = next(
            other
            for other in sorted(units, key=str)
            if unit is None or departments[other] != departments[unit]
        )
        lines.append(f"{external_id};{name};{units[elsewhere]}\n")
    before = assert_maintained(engine, tenant, role).by_org_unit
    response = client.post(
        f"{API}/people/import",
        content=("external_id;name;org_unit_external_id\n" + "".join(lines)).encode(),
        headers={**auth(tenant, "hr_admin"), "content-type": "text/csv"},
    )
    summary = ok(response)["summary"]
    assert summary == {"created": 0, "updated": 30, "unchanged": 0, "rejected": 0}
    assert assert_maintained(engine, tenant, role).by_org_unit != before
