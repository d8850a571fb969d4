"""The org sync from OS2mo, against a local OS2mo (``os2mo_server``) serving two snapshots of
Horsens's organisation: the sync creates, moves and retires units and people, marks leavers
and returning people, follows the managers, and leaves Hedensted alone."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from praksis import cli
from praksis.audit.models import AuditEvent
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.kit.db import tenant_session
from praksis.kit.jobs import JobRuntime
from praksis.kit.locks import try_transaction_lock
from praksis.orgsync.os2mo import Os2moUnavailable
from praksis.orgsync.service import SyncRefused, SyncReport, sync_municipalities, sync_municipality
from praksis.people.csv_import import IMPORT_LOCK
from praksis.people.models import OrgUnit, OrgUnitKind, OrgUnitLeader, Person
from praksis.programmes.models import ProgrammeEligibleUnit
from praksis.settings import Os2moConnection, Settings, get_settings
from tests.conftest import HEDENSTED, HORSENS, Database, HeaderFactory
from tests.feedback.helpers import FeedbackArrange
from tests.orgsync.os2mo_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    TOKEN_PATH,
    Employee,
    Engagement,
    Manager,
    Organisation,
    Os2mo,
    Unit,
    running_os2mo,
)

FIRST_DAY, SECOND_DAY, THIRD_DAY = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)


def mo_id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"os2mo:{name}"))


KOMMUNE, UDENFOR = mo_id("kommune"), mo_id("udenfor")
BORN, SUNDHED = mo_id("born"), mo_id("sundhed")
DAGTILBUD, SKOLER, HJEMMEPLEJE = mo_id("dagtilbud"), mo_id("skoler"), mo_id("hjemmepleje")
NORD, SYD, VEST = mo_id("nord"), mo_id("syd"), mo_id("vest")
ANNA, BENT, CARLA, DORTE, ERIK, FREDE, GITTE = (
    mo_id(name) for name in ("anna", "bent", "carla", "dorte", "erik", "frede", "gitte")
)

FIRST = Organisation(
    units=[
        Unit(KOMMUNE, "Horsens Kommune", None),
        Unit(UDENFOR, "Forsyningen A/S", None),  # outside the root: not synced
        Unit(BORN, "Børn og Unge", KOMMUNE),
        Unit(SUNDHED, "Sundhed og Omsorg", KOMMUNE),
        Unit(DAGTILBUD, "Dagtilbud", BORN),
        Unit(SKOLER, "Skoler", BORN),
        Unit(HJEMMEPLEJE, "Hjemmepleje", SUNDHED),
        Unit(NORD, "Team Nord", HJEMMEPLEJE),
        Unit(SYD, "Team Syd", HJEMMEPLEJE),
    ],
    employees=[
        Employee(ANNA, "Anna", "Ahl", "0101801234", "anna@horsens.dk"),
        Employee(BENT, "Bent", "Bo", "0202701234", "bent@horsens.dk"),
        Employee(CARLA, "Carla", "Cé", "0303901234"),
        Employee(DORTE, "Dorte", "Dam", "0404851234", "dorte@horsens.dk"),
        Employee(ERIK, "Erik", "Eg", "0505751234", "erik@forsyning.dk"),
        Employee(FREDE, "Frede", "Fisk", "0606651234", "frede@horsens.dk"),
    ],
    engagements=[
        Engagement(mo_id("e-anna"), ANNA, NORD, "Social- og sundhedshjælper"),
        Engagement(mo_id("e-bent"), BENT, DAGTILBUD, "Dagtilbudsleder"),
        Engagement(mo_id("e-carla"), CARLA, SYD, "Sygeplejerske"),
        Engagement(mo_id("e-dorte-2"), DORTE, NORD, "Vikar", is_primary=False),
        Engagement(mo_id("e-dorte"), DORTE, SKOLER, "Lærer"),
        Engagement(mo_id("e-erik"), ERIK, UDENFOR, "Montør"),
        Engagement(mo_id("e-frede"), FREDE, HJEMMEPLEJE, "Leder"),
    ],
    managers=[
        Manager(mo_id("m-dagtilbud"), BENT, DAGTILBUD),
        Manager(mo_id("m-hjemmepleje"), FREDE, HJEMMEPLEJE),
        Manager(mo_id("m-skoler"), None, SKOLER),  # vacant
    ],
)

# A day later: Team Nord moved to Dagtilbud, Skoler renamed, Team Syd closed (Carla moved to
# Hjemmepleje), Anna left, Team Vest opened with Gitte leading it, Hjemmepleje led by Carla.
SECOND = Organisation(
    units=[
        *(unit for unit in FIRST.units if unit.uuid not in (NORD, SYD, SKOLER)),
        Unit(SKOLER, "Skoler og SFO", BORN),
        Unit(NORD, "Team Nord", DAGTILBUD),
        Unit(VEST, "Team Vest", HJEMMEPLEJE),
    ],
    employees=[
        *FIRST.employees,
        Employee(GITTE, "Gitte", "Gran", "0707951234", "gitte@horsens.dk"),
    ],
    engagements=[
        *(e for e in FIRST.engagements if e.person not in (ANNA, CARLA)),
        Engagement(mo_id("e-carla"), CARLA, HJEMMEPLEJE, "Sygeplejerske"),
        Engagement(mo_id("e-gitte"), GITTE, VEST, "Teamleder"),
    ],
    managers=[
        Manager(mo_id("m-dagtilbud"), BENT, DAGTILBUD),
        Manager(mo_id("m-hjemmepleje"), CARLA, HJEMMEPLEJE),
        Manager(mo_id("m-vest"), GITTE, VEST),
    ],
)


@pytest.fixture
def os2mo() -> Iterator[Os2mo]:
    with running_os2mo(FIRST) as server:
        yield server


def connection_to(server: Os2mo, **overrides: Any) -> Os2moConnection:
    return Os2moConnection(**(connection_values(server) | overrides))


def connection_values(server: Os2mo) -> dict[str, Any]:
    return {
        "url": server.url,
        "token_url": server.url + TOKEN_PATH,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "root_uuid": KOMMUNE,
        "page_size": 2,  # every collection takes several pages
    }


def sync(
    engine: Engine,
    settings: Settings,
    server: Os2mo,
    day: date,
    *,
    dry_run: bool = False,
    **overrides: Any,
) -> SyncReport:
    return sync_municipality(
        JobRuntime(engine, settings),
        HORSENS,
        connection_to(server, **overrides),
        day,
        dry_run=dry_run,
    )


def units_of(engine: Engine, settings: Settings, tenant: str = HORSENS) -> dict[str, OrgUnit]:
    with tenant_session(engine, tenant, settings.app_db_role) as session:
        return {unit.external_id or unit.name: unit for unit in session.exec(select(OrgUnit))}


def people_of(engine: Engine, settings: Settings, tenant: str = HORSENS) -> dict[str, Person]:
    with tenant_session(engine, tenant, settings.app_db_role) as session:
        return {
            person.external_id or person.name: person for person in session.exec(select(Person))
        }


def leaders_of(engine: Engine, settings: Settings) -> dict[str, set[str]]:
    """Each unit's leaders, by OS2mo uuids."""
    units = {unit.id: key for key, unit in units_of(engine, settings).items()}
    people = {person.id: key for key, person in people_of(engine, settings).items()}
    with tenant_session(engine, HORSENS, settings.app_db_role) as session:
        found: dict[str, set[str]] = {}
        for row in session.exec(select(OrgUnitLeader)):
            found.setdefault(units[row.org_unit_id], set()).add(people[row.person_id])
        return found


def audit_of(engine: Engine, settings: Settings, object_id: uuid.UUID) -> list[AuditEvent]:
    with tenant_session(engine, HORSENS, settings.app_db_role) as session:
        return list(
            session.exec(
                select(AuditEvent)
                .where(AuditEvent.object_id == object_id)
                .order_by(col(AuditEvent.occurred_at), col(AuditEvent.id))
            )
        )


def test_the_first_sync_builds_the_organisation_below_the_root(
    engine: Engine, settings: Settings, municipalities: list[str], os2mo: Os2mo
) -> None:
    report = sync(engine, settings, os2mo, FIRST_DAY)

    units = units_of(engine, settings)
    kinds = {key: (unit.name, unit.kind) for key, unit in units.items()}
    assert kinds == {
        BORN: ("Børn og Unge", OrgUnitKind.forvaltning),
        SUNDHED: ("Sundhed og Omsorg", OrgUnitKind.forvaltning),
        DAGTILBUD: ("Dagtilbud", OrgUnitKind.afdeling),
        SKOLER: ("Skoler", OrgUnitKind.afdeling),
        HJEMMEPLEJE: ("Hjemmepleje", OrgUnitKind.afdeling),
        NORD: ("Team Nord", OrgUnitKind.team),
        SYD: ("Team Syd", OrgUnitKind.team),
    }
    assert units[NORD].parent_id == units[HJEMMEPLEJE].id
    assert units[BORN].parent_id is None
    people = people_of(engine, settings)
    assert set(people) == {ANNA, BENT, CARLA, DORTE, FREDE}  # Erik works outside the root
    anna = people[ANNA]
    assert (anna.name, anna.email, anna.job_title, anna.org_unit_id, anna.left_on) == (
        "Anna Ahl",
        "anna@horsens.dk",
        "Social- og sundhedshjælper",
        units[NORD].id,
        None,
    )
    assert people[CARLA].email is None
    # the primary engagement places Dorte, not the earlier-listed extra one
    assert (people[DORTE].org_unit_id, people[DORTE].job_title) == (units[SKOLER].id, "Lærer")
    assert leaders_of(engine, settings) == {DAGTILBUD: {BENT}, HJEMMEPLEJE: {FREDE}}
    assert report.units_created == sorted(name for name, _kind in kinds.values())
    assert report.people_created == sorted([ANNA, BENT, CARLA, DORTE, FREDE])
    assert report.leaders_changed == ["Dagtilbud", "Hjemmepleje"]
    assert not report.has_errors
    # every page of every collection, behind one token
    assert os2mo.token_requests == 1
    assert len(os2mo.queries) > 5


def test_the_second_snapshot_moves_retires_and_marks_leavers(
    engine: Engine, settings: Settings, municipalities: list[str], os2mo: Os2mo
) -> None:
    sync(engine, settings, os2mo, FIRST_DAY)
    first_units, first_people = units_of(engine, settings), people_of(engine, settings)
    # Anna completed a programme aimed at Team Syd: her history and the programme's aim stay
    arrange = FeedbackArrange(engine, settings, HORSENS)
    programme = arrange.ended_programme(ended_days_ago=30)
    arrange.add(ProgrammeEligibleUnit(programme_id=programme, org_unit_id=first_units[SYD].id))
    enrolment = arrange.enrolment(programme, first_people[ANNA].id, EnrolmentStatus.completed)
    os2mo.organisation = SECOND

    report = sync(engine, settings, os2mo, SECOND_DAY)

    units = units_of(engine, settings)
    assert units[NORD].id == first_units[NORD].id
    assert units[NORD].parent_id == units[DAGTILBUD].id
    assert units[SKOLER].name == "Skoler og SFO"
    assert units[SYD].retired_on == SECOND_DAY  # retired, kept
    assert units[VEST].parent_id == units[HJEMMEPLEJE].id
    assert units[VEST].kind == OrgUnitKind.team
    assert all(unit.retired_on is None for key, unit in units.items() if key != SYD)
    people = people_of(engine, settings)
    assert people[ANNA].id == first_people[ANNA].id
    assert people[ANNA].left_on == SECOND_DAY
    assert people[ANNA].org_unit_id == units[NORD].id  # the last unit is kept
    assert people[CARLA].org_unit_id == units[HJEMMEPLEJE].id
    assert people[GITTE].org_unit_id == units[VEST].id
    assert leaders_of(engine, settings) == {
        DAGTILBUD: {BENT},
        HJEMMEPLEJE: {CARLA},
        VEST: {GITTE},
    }
    assert (report.units_created, report.units_retired) == (["Team Vest"], ["Team Syd"])
    assert report.units_moved == ["Team Nord"]
    assert report.units_updated == ["Skoler og SFO", "Team Nord"]
    assert report.people_created == [GITTE]
    assert report.people_left == [ANNA]
    assert report.people_moved == [CARLA]
    assert report.people_updated == sorted([ANNA, CARLA])
    assert report.leaders_changed == ["Hjemmepleje", "Team Vest"]
    assert report.people_returned == []
    assert not report.has_errors
    with tenant_session(engine, HORSENS, settings.app_db_role) as session:
        kept = session.exec(select(Enrolment).where(Enrolment.id == enrolment)).one()
        aimed = session.exec(select(ProgrammeEligibleUnit.org_unit_id)).all()
    assert (kept.person_id, kept.status) == (people[ANNA].id, EnrolmentStatus.completed)
    assert aimed == [units[SYD].id]

    # the changes are the service's, in the audit trail; a person's values are not kept
    [moved] = [
        e for e in audit_of(engine, settings, units[NORD].id) if e.action == "org_unit.updated"
    ]
    assert moved.actor_client == "praksis sync-os2mo"
    assert moved.before == {"parent_id": str(units[HJEMMEPLEJE].id)}
    [left] = audit_of(engine, settings, people[ANNA].id)
    assert (left.action, left.after) == ("person.updated", {"left_on": "(not kept)"})
    retired = audit_of(engine, settings, units[SYD].id)
    assert [(e.action, e.after) for e in retired][-1] == (
        "org_unit.updated",
        {"retired_on": SECOND_DAY.isoformat()},
    )

    # OS2mo as it was: Anna returns, Team Syd is reinstated, Team Vest retires
    os2mo.organisation = FIRST
    again = sync(engine, settings, os2mo, THIRD_DAY)
    people, units = people_of(engine, settings), units_of(engine, settings)
    assert (again.people_returned, again.people_left) == ([ANNA], [GITTE])
    assert (again.units_reinstated, again.units_retired) == (["Team Syd"], ["Team Vest"])
    assert people[ANNA].left_on is None
    assert people[ANNA].org_unit_id == units[NORD].id
    assert units[NORD].parent_id == units[HJEMMEPLEJE].id
    assert units[SYD].retired_on is None
    assert leaders_of(engine, settings) == {DAGTILBUD: {BENT}, HJEMMEPLEJE: {FREDE}}


def test_a_dry_run_reports_the_same_and_changes_nothing(
    engine: Engine, settings: Settings, municipalities: list[str], os2mo: Os2mo
) -> None:
    sync(engine, settings, os2mo, FIRST_DAY)
    before = _state(engine, settings)
    os2mo.organisation = SECOND

    dry = sync(engine, settings, os2mo, SECOND_DAY, dry_run=True)

    assert _state(engine, settings) == before
    real = sync(engine, settings, os2mo, SECOND_DAY)
    assert dry.dry_run and not real.dry_run
    assert replace(dry, dry_run=False) == real


def _state(engine: Engine, settings: Settings) -> tuple[object, ...]:
    units = {key: unit.model_dump() for key, unit in units_of(engine, settings).items()}
    people = {key: person.model_dump() for key, person in people_of(engine, settings).items()}
    with tenant_session(engine, HORSENS, settings.app_db_role) as session:
        events = len(session.exec(select(AuditEvent)).all())
    return units, people, leaders_of(engine, settings), events


def test_another_municipality_and_hand_made_records_are_left_alone(
    engine: Engine, settings: Settings, municipalities: list[str], os2mo: Os2mo
) -> None:
    """Hedensted holds a unit and a person with the same OS2mo uuids as Horsens's (and
    Horsens a unit and a person HR made by hand): the sync touches none of them."""
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        session.add(OrgUnit(name="Hedensted Syd", kind=OrgUnitKind.forvaltning, external_id=SYD))
        session.add(Person(name="Anna i Hedensted", external_id=ANNA))
    with tenant_session(engine, HORSENS, settings.app_db_role) as session:
        session.add(
            OrgUnit(name="Projektkontoret", kind=OrgUnitKind.forvaltning, external_id="P-1")
        )
        session.add(Person(name="Konsulent", external_id="HR-77"))
    hedensted = (
        _dumped(units_of(engine, settings, HEDENSTED)),
        _dumped(people_of(engine, settings, HEDENSTED)),
    )

    sync(engine, settings, os2mo, FIRST_DAY)
    os2mo.organisation = SECOND
    sync(engine, settings, os2mo, SECOND_DAY)

    assert (
        _dumped(units_of(engine, settings, HEDENSTED)),
        _dumped(people_of(engine, settings, HEDENSTED)),
    ) == hedensted
    assert units_of(engine, settings)["P-1"].retired_on is None
    assert people_of(engine, settings)["HR-77"].left_on is None


def _dumped(rows: dict[str, Any]) -> dict[str, Any]:
    return {key: row.model_dump() for key, row in rows.items()}


def test_the_token_is_fetched_again_when_it_is_about_to_expire(
    engine: Engine, settings: Settings, municipalities: list[str], os2mo: Os2mo
) -> None:
    os2mo.token_lifetime = 10  # within the sync's 30 s margin: a new token for every query

    sync(engine, settings, os2mo, FIRST_DAY)

    assert os2mo.token_requests == len(os2mo.queries) > 5


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ({"client_secret": "wrong"}, "refused client 'praksis': 401"),
        ({"token_url": None, "client_id": None, "client_secret": None}, "answered 401"),
        ({"failing": True}, "OS2mo refused the query: OS2mo is having a bad day"),
        ({"url": "http://127.0.0.1:9"}, "did not answer"),
    ],
)
def test_an_unreadable_os2mo_changes_nothing(
    engine: Engine,
    settings: Settings,
    municipalities: list[str],
    os2mo: Os2mo,
    problem: dict[str, Any],
    message: str,
) -> None:
    sync(engine, settings, os2mo, FIRST_DAY)
    before = _state(engine, settings)
    os2mo.organisation = SECOND
    settings_problem = {key: value for key, value in problem.items() if key != "failing"}
    os2mo.failing = problem.get("failing", False)

    with pytest.raises(Os2moUnavailable, match=message):
        sync(engine, settings, os2mo, SECOND_DAY, **settings_problem)

    assert _state(engine, settings) == before


def test_an_empty_answer_retires_nothing(
    engine: Engine, settings: Settings, municipalities: list[str], os2mo: Os2mo
) -> None:
    sync(engine, settings, os2mo, FIRST_DAY)
    before = _state(engine, settings)

    with pytest.raises(SyncRefused, match="no org units under"):
        sync(engine, settings, os2mo, SECOND_DAY, root_uuid=mo_id("nowhere"))

    assert _state(engine, settings) == before


def test_praksis_sync_os2mo_prints_the_report(
    database: Database,
    engine: Engine,
    municipalities: list[str],
    os2mo: Os2mo,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PRAKSIS_DATABASE_URL", database.url)
    monkeypatch.setenv("PRAKSIS_OS2MO_CONNECTIONS", json.dumps({HORSENS: connection_values(os2mo)}))
    get_settings.cache_clear()
    try:
        dry = cli.main(
            ["sync-os2mo", "--municipality", HORSENS, "--dry-run", "--today", "2026-12-01"]
        )
        dry_output = capsys.readouterr().out
        real = cli.main(["sync-os2mo", "--today", "2026-12-01"])
        real_output = capsys.readouterr().out
        unknown = cli.main(["sync-os2mo", "--municipality", HEDENSTED])
        unknown_error = capsys.readouterr().err
    finally:
        get_settings.cache_clear()

    assert (dry, real, unknown) == (0, 0, 1)
    assert dry_output.startswith(f"{HORSENS} (dry run: nothing was changed)\n")
    assert "  units: 7 created, 0 updated (0 moved, 0 reinstated), 0 retired\n" in real_output
    assert (
        "  people: 5 created, 0 updated (0 moved), 0 left, 0 returned, 0 refused\n" in real_output
    )
    assert "  leaders changed in 2 unit(s)\n" in real_output
    assert dry_output.replace(" (dry run: nothing was changed)", "") == real_output
    assert "no OS2mo connection" in unknown_error


@pytest.mark.postgres_only
def test_a_people_import_running_meanwhile_refuses_the_sync(
    engine: Engine, settings: Settings, municipalities: list[str], os2mo: Os2mo
) -> None:
    connections = {HORSENS: connection_to(os2mo), HEDENSTED: connection_to(os2mo)}
    runtime = JobRuntime(engine, settings.model_copy(update={"os2mo_connections": connections}))
    with tenant_session(engine, HORSENS, settings.app_db_role) as importing:
        assert try_transaction_lock(importing, f"{IMPORT_LOCK}:{HORSENS}")

        outcomes = sync_municipalities(runtime, [HORSENS, HEDENSTED], FIRST_DAY)

    [horsens, hedensted] = outcomes
    assert horsens.report is None
    assert horsens.error is not None
    assert horsens.error.startswith("Another import of people into your municipality")
    assert units_of(engine, settings) == {}
    assert hedensted.report is not None  # the other municipality was synced all the same
    assert len(hedensted.report.units_created) == 7


def test_the_api_lists_retired_units_apart(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings, os2mo: Os2mo
) -> None:
    sync(engine, settings, os2mo, FIRST_DAY)
    os2mo.organisation = SECOND
    sync(engine, settings, os2mo, SECOND_DAY)

    def listed(**params: str) -> dict[str, str | None]:
        response = client.get("/api/v1/org-units", params=params, headers=auth(HORSENS))
        assert response.status_code == 200, response.text
        return {unit["name"]: unit["retired_on"] for unit in response.json()["items"]}

    assert listed(retired="true") == {"Team Syd": SECOND_DAY.isoformat()}
    in_use = listed(retired="false")
    assert "Team Syd" not in in_use
    assert set(in_use.values()) == {None}
    assert len(in_use) == 7
    assert listed() == {**in_use, "Team Syd": SECOND_DAY.isoformat()}


def test_a_person_whose_data_the_import_refuses_is_reported_and_the_others_synced(
    engine: Engine, settings: Settings, municipalities: list[str], os2mo: Os2mo
) -> None:
    """OS2mo data goes through the people import's checks: a malformed e-mail refuses that
    person (the report says why), not the sync."""
    os2mo.organisation = replace(
        FIRST,
        employees=[
            replace(e, email="anna at horsens") if e.uuid == ANNA else e for e in FIRST.employees
        ],
    )

    report = sync(engine, settings, os2mo, FIRST_DAY)

    assert report.people_rejected == {ANNA: "This is not an email address."}
    assert report.has_errors
    assert set(people_of(engine, settings)) == {BENT, CARLA, DORTE, FREDE}
    assert "refused person " + ANNA + ": This is not an email address." in report.text()
