"""``praksis seed-scale`` on tiny numbers: the counts asked for, every rule the API enforces
holds on the generated rows, tenancy is intact, the statistics answer, and it refuses to
overwrite a municipality unless told to replace it."""

from __future__ import annotations

import itertools
import uuid
from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from praksis.app import create_app
from praksis.cli import main
from praksis.enrolments.models import EnrolmentStatus
from praksis.feedback.models import FeedbackKind
from praksis.kit.db import UtcDateTime, tenant_tables
from praksis.scale.generator import REFERENCE, municipality_sizes
from praksis.scale.service import (
    ExistingData,
    ScaleOptions,
    ScaleReport,
    chosen_municipalities,
    seed_scale,
)
from praksis.settings import Settings, get_settings
from praksis.statistics.reference import offering_cell_measures
from praksis.statistics.tallies import TALLY_TABLES
from tests.conftest import Database, HeaderFactory
from tests.statistics.partner_reading import stored_offering_measures

MUNICIPALITIES = 3
PEOPLE = 60
ISSUER = "praksis-dev"
PARTICIPATING = ("approved", "completed")
AGGREGATE_TABLES = tuple(table.model.__tablename__ for table in TALLY_TABLES)


def seed(engine: Engine, **options: Any) -> ScaleReport:
    values: dict[str, Any] = {"municipalities": MUNICIPALITIES, "people_per_municipality": PEOPLE}
    return seed_scale(engine, ScaleOptions(**{**values, **options}), ISSUER)


def rows(engine: Engine, statement: str) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text(statement)).all())


def table_counts(engine: Engine, municipality_ids: list[str]) -> Counter[str]:
    listed = ", ".join(f"'{m}'" for m in municipality_ids)
    counts: Counter[str] = Counter()
    for table in tenant_tables():
        found = rows(engine, f"SELECT count(*) FROM {table} WHERE municipality_id IN ({listed})")
        if found[0][0]:
            counts[table] = found[0][0]
    return counts


def aggregate_rows(counts: Counter[str]) -> int:
    """Takes the maintained statistics tables out of ``counts``; returns their rows."""
    return sum(counts.pop(table, 0) for table in AGGREGATE_TABLES)


def as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def moment(value: Any) -> datetime:
    processed = UtcDateTime().process_result_value(
        datetime.fromisoformat(value) if isinstance(value, str) else value,
        None,  # type: ignore[arg-type]
    )
    assert processed is not None
    return processed


# --- counts ----------------------------------------------------------------------------------


def test_counts_are_as_requested_and_as_reported(engine: Engine) -> None:
    report = seed(engine)
    ids = [m.id for m in chosen_municipalities(MUNICIPALITIES)]
    assert report.municipality_ids == ids == ["dk-0101", "dk-0147", "dk-0151"]
    assert report.aggregate_rows
    counts = table_counts(engine, ids)
    assert aggregate_rows(counts) == report.aggregate_rows
    assert counts == report.counts - Counter({"municipalities": 3})
    people = dict(rows(engine, "SELECT municipality_id, count(*) FROM people GROUP BY 1"))
    sizes = municipality_sizes([m.population for m in chosen_municipalities(3)], PEOPLE)
    assert [people[m] for m in ids] == sizes
    assert sum(sizes) == MUNICIPALITIES * PEOPLE
    assert people["dk-0101"] > people["dk-0147"] > people["dk-0151"]  # by population
    statuses = {status for (status,) in rows(engine, "SELECT DISTINCT status FROM enrolments")}
    assert statuses == {status.value for status in EnrolmentStatus}
    kinds = {kind for (kind,) in rows(engine, "SELECT DISTINCT kind FROM trial_action_feedback")}
    assert kinds == {kind.value for kind in FeedbackKind}
    assert report.counts["workshop_evaluations"] > 0
    assert report.counts["transfer_follow_ups"] > 0
    names = rows(engine, "SELECT name FROM municipalities WHERE id IN ('dk-0101', 'dk-0151')")
    assert sorted(name for (name,) in names) == ["Ballerup", "København"]


def test_the_same_seed_gives_the_same_data(engine: Engine) -> None:
    seed(engine, municipalities=1)
    first = rows(engine, "SELECT id, name, email FROM people ORDER BY id")
    seed(engine, municipalities=1, replace=True)
    assert rows(engine, "SELECT id, name, email FROM people ORDER BY id") == first
    seed(engine, municipalities=1, replace=True, seed=2)
    assert rows(engine, "SELECT id, name, email FROM people ORDER BY id") != first


# --- the API's rules -------------------------------------------------------------------------


def test_every_rule_of_the_api_holds_on_the_generated_data(engine: Engine) -> None:
    seed(engine)
    check_enrolments_follow_the_programme_rules(engine)
    check_partner_programmes_keep_two_per_department(engine)
    check_groups_buddies_and_nobody_double_booked(engine)
    check_attendance_evaluations_and_follow_ups(engine)
    check_trial_actions_and_feedback_come_from_people_who_may_give_it(engine)


def check_enrolments_follow_the_programme_rules(seeded: Engine) -> None:
    programmes = {
        as_uuid(row[0]): row
        for row in rows(
            seeded,
            "SELECT id, status, grading, cohort_min_size, cohort_max_size, "
            "justification_required, justification_min_length, "
            "min_participants_per_org_unit FROM programmes",
        )
    }
    cohorts = {
        as_uuid(row[0]): (as_uuid(row[1]), row[2], row[3])
        for row in rows(seeded, "SELECT id, programme_id, capacity, status FROM cohorts")
    }
    enrolments = rows(
        seeded,
        "SELECT programme_id, cohort_id, person_id, status, grade, passed, justification "
        "FROM enrolments",
    )
    active = Counter(
        (as_uuid(p), as_uuid(person))
        for p, _c, person, status, *_ in enrolments
        if status in ("nominated", "approved", "waitlisted", "completed")
    )
    assert max(active.values()) == 1  # one active enrolment per person and programme
    taken: Counter[uuid.UUID] = Counter()
    waiting: set[uuid.UUID] = set()
    for programme_id, cohort_id, _person, status, grade, passed, justification in enrolments:
        _id, p_status, grading, _low, _high, required, minimum, _per_dept = programmes[
            as_uuid(programme_id)
        ]
        if cohort_id is not None:
            assert cohorts[as_uuid(cohort_id)][0] == as_uuid(programme_id)
            if status in PARTICIPATING:
                taken[as_uuid(cohort_id)] += 1
            if status == "waitlisted":
                waiting.add(as_uuid(cohort_id))
        if required:
            assert len(justification) >= max(1, minimum)
        if status == "completed":
            assert p_status == "completed"
            if grading == "danish_7_point":
                assert grade in (-3, 0, 2, 4, 7, 10, 12)
                assert bool(passed) == (grade >= 2)
            elif grading == "pass_fail":
                assert grade is None and passed is not None
            else:
                assert grade is None and passed is None
        else:
            assert grade is None and passed is None
        assert p_status != "draft"
    for cohort_id, (programme_id, capacity, status) in cohorts.items():
        _id, _status, _grading, low, high, *_ = programmes[programme_id]
        assert taken[cohort_id] <= capacity
        if cohort_id in waiting:
            assert taken[cohort_id] == capacity  # a waiting list only when full
        if low is not None:
            assert low <= capacity <= high
            if status in ("running", "completed"):
                assert taken[cohort_id] >= low
    assert waiting, "some cohort should have a waiting list"
    linked = rows(
        seeded,
        "SELECT p.status, count(k.id) FROM programmes p LEFT JOIN programme_kerneopgaver k "
        "ON k.programme_id = p.id AND k.municipality_id = p.municipality_id "
        "GROUP BY p.id, p.status",
    )
    assert all(count > 0 for status, count in linked if status != "draft")


def check_partner_programmes_keep_two_per_department(seeded: Engine) -> None:
    departments = dict(
        rows(
            seeded,
            "SELECT p.id, COALESCE(CASE WHEN u.kind = 'afdeling' THEN u.id END, u.parent_id) "
            "FROM people p JOIN org_units u ON u.id = p.org_unit_id "
            "AND u.municipality_id = p.municipality_id",
        )
    )
    per_cohort: dict[Any, Counter[Any]] = defaultdict(Counter)
    for cohort_id, person_id in rows(
        seeded,
        "SELECT e.cohort_id, e.person_id FROM enrolments e JOIN programmes p "
        "ON p.id = e.programme_id AND p.municipality_id = e.municipality_id "
        "JOIN cohorts c ON c.id = e.cohort_id AND c.municipality_id = e.municipality_id "
        "WHERE p.min_participants_per_org_unit = 2 AND c.status IN ('running', 'completed') "
        "AND e.status IN ('approved', 'completed')",
    ):
        per_cohort[cohort_id][departments[person_id]] += 1
    assert per_cohort
    assert all(min(counts.values()) >= 2 for counts in per_cohort.values())


def check_groups_buddies_and_nobody_double_booked(seeded: Engine) -> None:
    participants: dict[Any, set[Any]] = defaultdict(set)
    for cohort_id, person_id in rows(
        seeded,
        "SELECT cohort_id, person_id FROM enrolments "
        "WHERE status IN ('approved', 'completed') AND cohort_id IS NOT NULL",
    ):
        participants[cohort_id].add(person_id)
    groups: dict[Any, set[Any]] = defaultdict(set)
    group_of: dict[tuple[Any, Any], Any] = {}
    for cohort_id, group_id, person_id in rows(
        seeded, "SELECT cohort_id, group_id, person_id FROM learning_group_members"
    ):
        assert person_id in participants[cohort_id]
        assert (cohort_id, person_id) not in group_of
        group_of[(cohort_id, person_id)] = group_id
        groups[group_id].add(person_id)
    assert groups and all(4 <= len(members) <= 6 for members in groups.values())
    paired: Counter[tuple[Any, Any]] = Counter()
    for cohort_id, group_id, first, second in rows(
        seeded, "SELECT cohort_id, group_id, first_person_id, second_person_id FROM buddy_pairs"
    ):
        assert first != second
        assert group_of[(cohort_id, first)] == group_of[(cohort_id, second)] == group_id
        paired.update([(cohort_id, first), (cohort_id, second)])
    assert paired and max(paired.values()) == 1

    booked: dict[Any, list[tuple[datetime, datetime]]] = defaultdict(list)
    facilitators, leads = defaultdict(set), defaultdict(set)  # of a workshop, of a cohort
    for workshop_id, person_id in rows(
        seeded, "SELECT workshop_id, person_id FROM workshop_facilitators"
    ):
        facilitators[workshop_id].add(person_id)
    for cohort_id, person_id in rows(
        seeded, "SELECT cohort_id, person_id FROM cohort_facilitators"
    ):
        leads[cohort_id].add(person_id)
    held = set()
    for workshop_id, cohort_id, starts, ends in rows(
        seeded, "SELECT id, cohort_id, starts_at, ends_at FROM workshops"
    ):
        for person in participants[cohort_id] | leads[cohort_id] | facilitators[workshop_id]:
            booked[person].append((moment(starts), moment(ends)))
            held.add((as_uuid(workshop_id), as_uuid(person), moment(starts), moment(ends)))
    for slots in booked.values():
        slots.sort()
        for (_start, end), (next_start, _end) in itertools.pairwise(slots):
            assert end <= next_start
    stored = rows(
        seeded, "SELECT workshop_id, person_id, starts_at, ends_at FROM workshop_bookings"
    )
    assert {(as_uuid(w), as_uuid(p), moment(s), moment(e)) for w, p, s, e in stored} == held


def check_attendance_evaluations_and_follow_ups(seeded: Engine) -> None:
    workshops = {
        workshop_id: (cohort_id, moment(ends))
        for workshop_id, cohort_id, ends in rows(
            seeded, "SELECT id, cohort_id, ends_at FROM workshops"
        )
    }
    participants = {
        (cohort_id, person_id)
        for cohort_id, person_id in rows(
            seeded,
            "SELECT cohort_id, person_id FROM enrolments WHERE status IN ('approved', 'completed')",
        )
    }
    present = set()
    for workshop_id, person_id, status in rows(
        seeded, "SELECT workshop_id, person_id, status FROM attendance"
    ):
        cohort_id, ends = workshops[workshop_id]
        assert (cohort_id, person_id) in participants
        assert ends < REFERENCE
        if status == "present":
            present.add((workshop_id, person_id))
    receipts = rows(seeded, "SELECT workshop_id, person_id FROM evaluation_receipts")
    assert receipts and all((w, p) in present for w, p in receipts)
    answers = Counter(w for (w,) in rows(seeded, "SELECT workshop_id FROM workshop_evaluations"))
    assert answers == Counter(w for w, _p in receipts)  # one answer per receipt, no more
    assert all(
        as_uuid(evaluation).version == 4
        for (evaluation,) in rows(seeded, "SELECT id FROM workshop_evaluations")
    )
    follow_ups = rows(
        seeded,
        "SELECT f.person_id, e.person_id, e.status, f.due_on, p.ends_on, "
        "p.transfer_follow_up_days, f.usage, f.answered_at FROM transfer_follow_ups f "
        "JOIN enrolments e ON e.id = f.enrolment_id AND e.municipality_id = f.municipality_id "
        "JOIN programmes p ON p.id = e.programme_id AND p.municipality_id = e.municipality_id",
    )
    assert follow_ups
    for person, enrolled, status, due_on, ends_on, days, usage, answered_at in follow_ups:
        assert person == enrolled and status == "completed"
        due, ended = date.fromisoformat(str(due_on)), date.fromisoformat(str(ends_on))
        assert (due - ended).days == days and due <= REFERENCE.date()
        assert (usage is None) == (answered_at is None)


def check_trial_actions_and_feedback_come_from_people_who_may_give_it(seeded: Engine) -> None:
    owners: dict[Any, set[Any]] = defaultdict(set)
    for project_id, person_id in rows(seeded, "SELECT project_id, person_id FROM project_owners"):
        owners[project_id].add(person_id)
    actions = {}
    for action_id, project_id, cohort_id, module_programme, cohort_programme, status, story in rows(
        seeded,
        "SELECT t.id, t.project_id, p.cohort_id, m.programme_id, c.programme_id, t.status, "
        "t.what_happened FROM trial_actions t "
        "JOIN action_learning_projects p ON p.id = t.project_id "
        "AND p.municipality_id = t.municipality_id "
        "JOIN programme_modules m ON m.id = t.module_id AND m.municipality_id = t.municipality_id "
        "JOIN cohorts c ON c.id = p.cohort_id AND c.municipality_id = p.municipality_id",
    ):
        assert module_programme == cohort_programme
        assert status != "done" or story.strip()
        actions[action_id] = (project_id, cohort_id)
    group_mates: dict[tuple[Any, Any], set[Any]] = defaultdict(set)
    members = rows(seeded, "SELECT cohort_id, group_id, person_id FROM learning_group_members")
    by_group: dict[Any, set[Any]] = defaultdict(set)
    for _cohort, group, person in members:
        by_group[group].add(person)
    for cohort, group, person in members:
        group_mates[(cohort, person)] = by_group[group] - {person}
    buddies: dict[tuple[Any, Any], Any] = {}
    for cohort, first, second in rows(
        seeded, "SELECT cohort_id, first_person_id, second_person_id FROM buddy_pairs"
    ):
        buddies[(cohort, first)], buddies[(cohort, second)] = second, first
    parent = dict(rows(seeded, "SELECT id, parent_id FROM org_units"))
    unit_of = dict(rows(seeded, "SELECT id, org_unit_id FROM people"))
    leaders: dict[Any, set[Any]] = defaultdict(set)
    for unit, person in rows(seeded, "SELECT org_unit_id, person_id FROM org_unit_leaders"):
        leaders[unit].add(person)
    invited = set(rows(seeded, "SELECT trial_action_id, invitee_id FROM feedback_invitations"))
    facilitators: dict[Any, set[Any]] = defaultdict(set)
    for cohort, person in rows(seeded, "SELECT cohort_id, person_id FROM cohort_facilitators"):
        facilitators[cohort].add(person)

    def leaders_above(person: Any) -> set[Any]:
        found: set[Any] = set()
        unit = unit_of[person]
        while unit is not None:
            found |= leaders[unit]
            unit = parent.get(unit)
        return found - {person}

    feedback = rows(seeded, "SELECT trial_action_id, author_id, kind FROM trial_action_feedback")
    assert feedback
    for action_id, author, kind in feedback:
        project_id, cohort_id = actions[action_id]
        project_owners = owners[project_id]
        assert author not in project_owners
        if kind == "buddy":
            assert author in {buddies.get((cohort_id, owner)) for owner in project_owners}
        elif kind == "learning_group":
            assert any(author in group_mates[(cohort_id, owner)] for owner in project_owners)
        elif kind == "leader":
            assert any(author in leaders_above(owner) for owner in project_owners)
        elif kind == "facilitator":
            assert author in facilitators[cohort_id]
        else:
            assert (action_id, author) in invited


# --- through the API ------------------------------------------------------------------------


def test_tenants_stay_apart_and_the_statistics_answer(
    database: Database, engine: Engine, settings: Settings, auth: HeaderFactory
) -> None:
    seed(engine)
    own = {
        str(as_uuid(p))
        for (p,) in rows(engine, "SELECT id FROM people WHERE municipality_id = 'dk-0151'")
    }
    other_programme = rows(
        engine, "SELECT id FROM programmes WHERE municipality_id = 'dk-0147' LIMIT 1"
    )[0][0]
    enrolled = rows(engine, "SELECT count(*) FROM enrolments WHERE municipality_id = 'dk-0151'")
    with TestClient(create_app(settings, engine)) as client:
        hr = auth("dk-0151", "hr_admin", sub="dk-0151-hr")
        seen: set[str] = set()
        cursor: str | None = None
        while True:
            page = client.get(
                "/api/v1/people",
                params={"limit": 200, **({"cursor": cursor} if cursor else {})},
                headers=hr,
            ).json()
            seen |= {person["id"] for person in page["items"]}
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert own <= seen and len(seen - own) <= 1  # and the signed-in HR person
        assert (
            client.get(f"/api/v1/programmes/{as_uuid(other_programme)}", headers=hr).status_code
            == 404
        )
        statistics = client.get("/api/v1/statistics/municipality", headers=hr)
        assert statistics.status_code == 200
        assert statistics.json()["funnel"]["total"] == enrolled[0][0]
        partner = client.get(
            "/api/v1/statistics/partner", headers=auth(None, "partner", partner="kl", sub="kl-1")
        )
        assert partner.status_code == 200
    with engine.connect() as connection:
        naive = offering_cell_measures(connection)
        assert naive and stored_offering_measures(connection) == naive


def test_refuses_existing_data_unless_replacing(engine: Engine) -> None:
    first = seed(engine, municipalities=2, people_per_municipality=40)
    ids = first.municipality_ids
    before = table_counts(engine, ids)
    with pytest.raises(ExistingData) as refused:
        seed(engine, municipalities=2, people_per_municipality=40)
    assert refused.value.municipality_ids == ids
    assert table_counts(engine, ids) == before
    again = seed(engine, municipalities=2, people_per_municipality=50, replace=True)
    assert again.replaced == ids
    written = table_counts(engine, ids)
    assert aggregate_rows(written) == again.aggregate_rows
    assert written == again.counts - Counter({"municipalities": 2})
    assert sum(count for (count,) in rows(engine, "SELECT count(*) FROM people")) == 100


def test_the_command_prints_counts_and_refuses_a_second_run(
    database: Database,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PRAKSIS_DATABASE_URL", database.url)
    get_settings.cache_clear()
    try:
        arguments = ["seed-scale", "--municipalities", "1", "--people-per-municipality", "30"]
        assert main(arguments) == 0
        printed = capsys.readouterr().out
        assert "people" in printed and "loaded in" in printed and "rebuilt in" in printed
        assert main(arguments) == 1
        assert "--replace" in capsys.readouterr().err
        assert main([*arguments, "--replace"]) == 0
        assert main(["seed-scale", "--municipalities", "99"]) == 2
    finally:
        get_settings.cache_clear()
