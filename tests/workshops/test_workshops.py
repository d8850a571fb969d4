"""Workshops of Hedensted's programme: planning, the double-booking rule, changes, cancelling."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import func, select, update

from praksis.enrolments.models import EnrolmentStatus
from praksis.kit.db import system_session, tenant_session
from praksis.programmes.models import Programme
from praksis.settings import Settings
from praksis.workshops import service
from praksis.workshops.models import Workshop, WorkshopFacilitator
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.workshops.helpers import (
    WORKSHOPS,
    Arrange,
    create_workshop,
    hr,
    moment,
    workshop_body,
)

PROBLEM = "application/problem+json"


def count_workshops(engine: Engine) -> int:
    with system_session(engine) as session:
        return session.exec(select(func.count()).select_from(Workshop)).one()


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    return problem


# --- planning --------------------------------------------------------------------------------


def test_hr_plans_a_workshop_of_a_module_for_a_cohort(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme()
    facilitator = arrange.person(name="Thomas Frank")
    response = client.post(
        WORKSHOPS,
        json=workshop_body(plan, capacity=24, facilitator_ids=[str(facilitator)]),
        headers=hr(auth),
    )
    assert response.status_code == 201, response.text
    workshop = response.json()
    assert response.headers["location"] == f"{WORKSHOPS}/{workshop['id']}"
    assert workshop["module_id"] == str(plan.module_ids[0])
    assert workshop["cohort_id"] == str(plan.cohort_id)
    assert workshop["title"] == "Workshop 1: Nye roller / Playmaker"
    assert workshop["location"] == "Rådhuset, Juelsminde"
    assert workshop["themes"] == ["Nye roller / Playmaker", "Forandringsledelse"]
    assert workshop["capacity"] == 24
    assert workshop["facilitator_ids"] == [str(facilitator)]
    assert (workshop["status"], workshop["sequence"], workshop["kind"]) == (
        "scheduled",
        0,
        "workshop",
    )
    fetched = client.get(f"{WORKSHOPS}/{workshop['id']}", headers=auth(HEDENSTED, "participant"))
    assert fetched.json() == workshop


def test_workshop_times_are_shown_in_the_municipalitys_time_zone(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme()
    winter = create_workshop(
        client, auth, plan, starts_at="2026-03-05T08:00:00Z", ends_at="2026-03-05T14:00:00Z"
    )
    summer = create_workshop(
        client,
        auth,
        plan,
        starts_at="2026-06-11T07:00:00+00:00",
        ends_at="2026-06-11T13:00:00+00:00",
    )
    assert (winter["starts_at"], winter["ends_at"]) == (
        "2026-03-05T09:00:00+01:00",
        "2026-03-05T15:00:00+01:00",
    )
    assert (summer["starts_at"], summer["ends_at"]) == (
        "2026-06-11T09:00:00+02:00",
        "2026-06-11T15:00:00+02:00",
    )
    assert moment(winter["created_at"]).utcoffset() == moment(winter["starts_at"]).utcoffset()
    listed = client.get(WORKSHOPS, headers=hr(auth)).json()["items"]
    assert [item["starts_at"] for item in listed] == [
        "2026-03-05T09:00:00+01:00",
        "2026-06-11T09:00:00+02:00",
    ]


def test_workshop_times_in_oslo_are_shown_in_oslo_time(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings, arrange: Arrange
) -> None:
    oslo = Arrange(engine, settings, tenant="no-0301").hedensted_programme(cohort_name="Kull 1")
    body = workshop_body(oslo, starts_at="2026-10-24T22:30:00Z", ends_at="2026-10-25T02:00:00Z")
    response = client.post(WORKSHOPS, json=body, headers=auth("no-0301", "hr_admin"))
    assert response.status_code == 201, response.text
    # summer time ends in the night: 00:30 CEST to 03:00 CET
    assert response.json()["starts_at"] == "2026-10-25T00:30:00+02:00"
    assert response.json()["ends_at"] == "2026-10-25T03:00:00+01:00"


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        ("2026-03-05T09:00:00", "2026-03-05T15:00:00+01:00"),
        ("2026-03-05T09:00:00+01:00", "2026-03-05T15:00:00"),
        (1772697600, "2026-03-05T15:00:00+01:00"),
        ("1772697600", "2026-03-05T15:00:00+01:00"),
    ],
)
def test_a_time_without_offset_is_refused(
    client: TestClient,
    auth: HeaderFactory,
    arrange: Arrange,
    engine: Engine,
    starts_at: Any,
    ends_at: str,
) -> None:
    plan = arrange.hedensted_programme()
    response = client.post(
        WORKSHOPS, json=workshop_body(plan, starts_at=starts_at, ends_at=ends_at), headers=hr(auth)
    )
    assert_problem(response, 422)
    assert count_workshops(engine) == 0


@pytest.mark.parametrize("ends_at", ["2026-03-05T09:00:00+01:00", "2026-03-05T08:00:00+01:00"])
def test_workshop_must_end_after_it_starts(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine, ends_at: str
) -> None:
    plan = arrange.hedensted_programme()
    body = workshop_body(plan, starts_at="2026-03-05T09:00:00+01:00", ends_at=ends_at)
    problem = assert_problem(client.post(WORKSHOPS, json=body, headers=hr(auth)), 422)
    assert problem["errors"] == [{"location": "body.ends_at", "message": "must be after starts_at"}]
    assert count_workshops(engine) == 0


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        ("0001-01-01T00:00:00+01:00", "2026-03-05T15:00:00+01:00"),
        ("2026-03-05T09:00:00+01:00", "9999-12-31T23:59:59-01:00"),
    ],
)
def test_workshop_times_must_be_in_a_plausible_year(
    client: TestClient,
    auth: HeaderFactory,
    arrange: Arrange,
    engine: Engine,
    starts_at: str,
    ends_at: str,
) -> None:
    plan = arrange.hedensted_programme()
    body = workshop_body(plan, starts_at=starts_at, ends_at=ends_at)
    assert_problem(client.post(WORKSHOPS, json=body, headers=hr(auth)), 422)
    workshop = create_workshop(client, auth, plan)
    change = {"starts_at": starts_at, "ends_at": ends_at}
    url = f"{WORKSHOPS}/{workshop['id']}"
    assert_problem(client.patch(url, json=change, headers=hr(auth)), 422)
    assert client.get(url, headers=hr(auth)).json() == workshop


def test_module_must_belong_to_the_cohorts_programme(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme()
    other = arrange.programme("Talentlederuddannelse")
    foreign_module = arrange.module(other, 1, "Rollen som leder")
    body = workshop_body(plan, module_id=str(foreign_module))
    problem = assert_problem(client.post(WORKSHOPS, json=body, headers=hr(auth)), 422)
    assert problem["errors"][0]["location"] == "body.module_id"
    assert count_workshops(engine) == 0


def test_cohort_module_or_facilitator_of_another_municipality_is_not_found(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme()
    horsens = Arrange(engine, settings, tenant=HORSENS)
    horsens_plan = horsens.hedensted_programme(participants=0)
    horsens_person = horsens.person(name="Borgerservice Horsens")
    for change in (
        {"cohort_id": str(horsens_plan.cohort_id)},
        {"module_id": str(horsens_plan.module_ids[0])},
        {"facilitator_ids": [str(horsens_person)]},
    ):
        response = client.post(WORKSHOPS, json=workshop_body(plan, **change), headers=hr(auth))
        assert_problem(response, 404)
    assert count_workshops(engine) == 0


def test_unknown_fields_and_too_long_text_are_refused(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme()
    for body in (
        workshop_body(plan, room="B12"),
        workshop_body(plan, title="x" * 201),
        workshop_body(plan, kind="fyraftensmøde"),
        workshop_body(plan, themes=["Tema"] * 21),
        workshop_body(plan, capacity=0),
    ):
        assert_problem(client.post(WORKSHOPS, json=body, headers=hr(auth)), 422)
    assert count_workshops(engine) == 0


# --- nobody in two places at once ------------------------------------------------------------


def test_participant_cannot_be_booked_into_two_overlapping_workshops(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme(participants=2)
    talent = arrange.hedensted_programme(participants=1, cohort_name="Talentledere 2015")
    both = plan.participant_ids[0]
    arrange.enrol(talent.programme_id, talent.cohort_id, both)
    first = create_workshop(client, auth, plan)  # 09:00–15:00
    body = workshop_body(
        talent,
        title="Talentledere: Rollen som leder",
        starts_at="2026-03-05T14:00:00+01:00",
        ends_at="2026-03-05T16:00:00+01:00",
    )
    problem = assert_problem(client.post(WORKSHOPS, json=body, headers=hr(auth)), 409)
    assert problem["detail"].startswith("1 person would be booked into two overlapping")
    assert problem["conflicts"] == [
        {
            "workshop_id": first["id"],
            "title": first["title"],
            "starts_at": "2026-03-05T09:00:00+01:00",
            "person_ids": [str(both)],
        }
    ]
    assert count_workshops(engine) == 1
    back_to_back = {**body, "starts_at": "2026-03-05T15:00:00+01:00"}
    assert client.post(WORKSHOPS, json=back_to_back, headers=hr(auth)).status_code == 201


def test_two_workshops_of_one_cohort_cannot_overlap(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme(participants=4)
    create_workshop(client, auth, plan)
    body = workshop_body(plan, starts_at="2026-03-05T12:00:00+01:00")
    problem = assert_problem(client.post(WORKSHOPS, json=body, headers=hr(auth)), 409)
    assert problem["detail"].startswith("4 people would be booked")
    assert sorted(problem["conflicts"][0]["person_ids"]) == sorted(
        str(person) for person in plan.participant_ids
    )


def test_facilitator_cannot_be_booked_into_two_overlapping_workshops(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme(participants=1)
    second = arrange.hedensted_programme(participants=1, cohort_name="Hold 2 2016")
    facilitator = arrange.person(name="Proceskonsulent")
    create_workshop(client, auth, plan, facilitator_ids=[str(facilitator)])
    body = workshop_body(second, facilitator_ids=[str(facilitator)])
    problem = assert_problem(client.post(WORKSHOPS, json=body, headers=hr(auth)), 409)
    assert problem["conflicts"][0]["person_ids"] == [str(facilitator)]
    without = workshop_body(second)
    assert client.post(WORKSHOPS, json=without, headers=hr(auth)).status_code == 201


def test_people_who_left_the_cohort_or_cancelled_workshops_do_not_clash(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme(participants=0)
    other = arrange.hedensted_programme(participants=0, cohort_name="Hold 2 2016")
    withdrawn = arrange.person()
    arrange.enrol(plan.programme_id, plan.cohort_id, withdrawn, EnrolmentStatus.withdrawn)
    arrange.enrol(other.programme_id, other.cohort_id, withdrawn)
    create_workshop(client, auth, plan)
    assert client.post(WORKSHOPS, json=workshop_body(other), headers=hr(auth)).status_code == 201
    # the same cohort again: its earlier workshop is cancelled, so the time is free
    first = client.get(WORKSHOPS, params={"cohort_id": str(other.cohort_id)}, headers=hr(auth))
    workshop_id = first.json()["items"][0]["id"]
    assert client.delete(f"{WORKSHOPS}/{workshop_id}", headers=hr(auth)).status_code == 204
    assert client.post(WORKSHOPS, json=workshop_body(other), headers=hr(auth)).status_code == 201


def test_moving_a_workshop_onto_another_is_refused_and_changes_nothing(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme(participants=2)
    create_workshop(client, auth, plan)
    later = create_workshop(
        client,
        auth,
        plan,
        title="Workshop 2: Forandringsledelse",
        starts_at="2026-04-09T09:00:00+02:00",
        ends_at="2026-04-09T15:00:00+02:00",
    )
    url = f"{WORKSHOPS}/{later['id']}"
    move = {"starts_at": "2026-03-05T13:00:00+01:00", "ends_at": "2026-03-05T16:00:00+01:00"}
    problem = assert_problem(client.patch(url, json=move, headers=hr(auth)), 409)
    assert len(problem["conflicts"]) == 1
    assert client.get(url, headers=hr(auth)).json() == later
    # moving within its own old slot does not clash with itself
    shift = {"starts_at": "2026-04-09T10:00:00+02:00"}
    assert client.patch(url, json=shift, headers=hr(auth)).status_code == 200


def test_adding_a_busy_facilitator_is_refused(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme(participants=1)
    other = arrange.hedensted_programme(participants=1, cohort_name="Hold 2 2016")
    busy = arrange.person(name="Optaget facilitator")
    create_workshop(client, auth, plan, facilitator_ids=[str(busy)])
    workshop = create_workshop(client, auth, other)
    url = f"{WORKSHOPS}/{workshop['id']}"
    response = client.patch(url, json={"facilitator_ids": [str(busy)]}, headers=hr(auth))
    assert_problem(response, 409)
    assert client.get(url, headers=hr(auth)).json()["facilitator_ids"] == []


def test_conflicting_workshops_is_available_to_other_domains(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine, settings: Settings
) -> None:
    plan = arrange.hedensted_programme(participants=1)
    newcomer = arrange.person()
    workshop = create_workshop(client, auth, plan)
    starts, ends = moment("2026-03-05T10:00:00+01:00"), moment("2026-03-05T11:00:00+01:00")
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        people = {plan.participant_ids[0], newcomer}
        found = service.conflicting_workshops(session, people, starts, ends)
        assert [(str(c.workshop_id), c.person_ids) for c in found] == [
            (workshop["id"], frozenset({plan.participant_ids[0]}))
        ]
        assert found[0].starts_at == moment("2026-03-05T09:00:00+01:00")
        excluded = service.conflicting_workshops(
            session, people, starts, ends, exclude_workshop_id=found[0].workshop_id
        )
        assert excluded == []
        assert service.conflicting_workshops(session, {newcomer}, starts, ends) == []
    with tenant_session(engine, HORSENS, settings.app_db_role) as session:
        assert service.conflicting_workshops(session, people, starts, ends) == []


def test_joining_a_cohort_reports_clashes_with_the_persons_other_workshops(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine, settings: Settings
) -> None:
    plan = arrange.hedensted_programme(participants=1)
    talent = arrange.hedensted_programme(participants=0, cohort_name="Talentledere 2015")
    busy = plan.participant_ids[0]
    free = arrange.person()
    mine = create_workshop(client, auth, plan)
    create_workshop(client, auth, talent, starts_at="2026-03-05T13:00:00+01:00")
    create_workshop(
        client,
        auth,
        talent,
        starts_at="2026-04-09T09:00:00+02:00",
        ends_at="2026-04-09T15:00:00+02:00",
    )
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        clashes = service.conflicts_if_joining_cohort(session, busy, talent.cohort_id)
        assert [str(clash.workshop_id) for clash in clashes] == [mine["id"]]
        assert service.conflicts_if_joining_cohort(session, free, talent.cohort_id) == []


# --- changing and cancelling -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "bumps"),
    [
        ({"starts_at": "2026-03-05T10:00:00+01:00"}, True),
        ({"ends_at": "2026-03-05T16:00:00+01:00"}, True),
        ({"location": "Glad Fonden, Hedensted"}, True),
        ({"title": "Workshop 1: Relationel koordinering"}, True),
        ({"status": "cancelled"}, True),
        ({"description": "Medbring jeres prøvehandling."}, False),
        ({"themes": ["Facilitering / kommunikation"]}, False),
        ({"kind": "oplaeg"}, False),
        ({"capacity": 20}, False),
        ({"title": "Workshop 1: Nye roller / Playmaker"}, False),  # unchanged
        ({"starts_at": "2026-03-05T08:00:00Z"}, False),  # the same moment
    ],
)
def test_a_change_of_time_place_title_or_status_raises_the_sequence(
    client: TestClient,
    auth: HeaderFactory,
    arrange: Arrange,
    change: dict[str, Any],
    bumps: bool,
) -> None:
    plan = arrange.hedensted_programme()
    workshop = create_workshop(client, auth, plan)
    response = client.patch(f"{WORKSHOPS}/{workshop['id']}", json=change, headers=hr(auth))
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["sequence"] == (1 if bumps else 0)
    for field, value in change.items():
        if field.endswith("_at"):
            assert moment(updated[field]) == moment(value)
        else:
            assert updated[field] == value


def test_workshop_can_move_to_another_module_of_its_programme_only(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme()
    workshop = create_workshop(client, auth, plan)
    url = f"{WORKSHOPS}/{workshop['id']}"
    moved = client.patch(url, json={"module_id": str(plan.module_ids[1])}, headers=hr(auth))
    assert moved.json()["module_id"] == str(plan.module_ids[1])
    other = arrange.hedensted_programme(participants=0, cohort_name="Andet hold")
    response = client.patch(url, json={"cohort_id": str(other.cohort_id)}, headers=hr(auth))
    assert_problem(response, 422)  # the module is not one of that programme's
    response = client.patch(url, json={"ends_at": "2026-03-05T08:00:00+01:00"}, headers=hr(auth))
    assert_problem(response, 422)
    assert client.get(url, headers=hr(auth)).json() == moved.json()


def test_patch_refuses_null(client: TestClient, auth: HeaderFactory, arrange: Arrange) -> None:
    plan = arrange.hedensted_programme()
    workshop = create_workshop(client, auth, plan)
    response = client.patch(f"{WORKSHOPS}/{workshop['id']}", json={"title": None}, headers=hr(auth))
    assert_problem(response, 422)


def test_cancelled_workshop_cannot_be_rescheduled(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme()
    workshop = create_workshop(client, auth, plan)
    url = f"{WORKSHOPS}/{workshop['id']}"
    response = client.delete(url, headers=hr(auth))
    assert response.status_code == 204 and response.content == b""
    cancelled = client.get(url, headers=hr(auth)).json()
    assert (cancelled["status"], cancelled["sequence"]) == ("cancelled", 1)
    for change in (
        {"status": "scheduled"},
        {"starts_at": "2026-03-12T09:00:00+01:00", "ends_at": "2026-03-12T15:00:00+01:00"},
        {"title": "Ny dato"},
    ):
        assert_problem(client.patch(url, json=change, headers=hr(auth)), 409)
    # cancelling again changes nothing
    assert client.delete(url, headers=hr(auth)).status_code == 204
    assert client.patch(url, json={"status": "cancelled"}, headers=hr(auth)).status_code == 200
    assert client.get(url, headers=hr(auth)).json() == cancelled


def test_unknown_workshop_is_404(client: TestClient, auth: HeaderFactory, arrange: Arrange) -> None:
    url = f"{WORKSHOPS}/8c1f3b0e-2f5d-4f55-bb1c-0d5d8e0c9a11"
    for method in ("GET", "PATCH", "DELETE"):
        kwargs: dict[str, Any] = {"json": {"title": "x"}} if method == "PATCH" else {}
        assert_problem(client.request(method, url, headers=hr(auth), **kwargs), 404)


@pytest.mark.parametrize("role", ["participant", "leader", "facilitator"])
def test_only_hr_plans_changes_and_cancels_workshops(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine, role: str
) -> None:
    plan = arrange.hedensted_programme()
    workshop = create_workshop(client, auth, plan)
    url = f"{WORKSHOPS}/{workshop['id']}"
    caller = auth(HEDENSTED, role)
    assert_problem(client.post(WORKSHOPS, json=workshop_body(plan), headers=caller), 403)
    assert_problem(client.patch(url, json={"title": "Mit forslag"}, headers=caller), 403)
    assert_problem(client.delete(url, headers=caller), 403)
    assert client.get(url, headers=caller).json() == workshop
    assert client.get(WORKSHOPS, headers=caller).status_code == 200
    assert count_workshops(engine) == 1


def test_missing_workshop_is_404_even_for_a_role_that_may_not_write(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    url = f"{WORKSHOPS}/8c1f3b0e-2f5d-4f55-bb1c-0d5d8e0c9a11"
    assert_problem(client.delete(url, headers=auth(HEDENSTED, "participant")), 404)


def test_facilitators_are_replaced_as_sent(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme()
    first, second, third = (arrange.person() for _ in range(3))
    workshop = create_workshop(client, auth, plan, facilitator_ids=[str(first), str(second)])
    url = f"{WORKSHOPS}/{workshop['id']}"
    response = client.patch(
        url, json={"facilitator_ids": [str(third), str(second)]}, headers=hr(auth)
    )
    assert response.json()["facilitator_ids"] == sorted([str(second), str(third)])
    assert response.json()["sequence"] == 0
    with system_session(engine) as session:
        stored = session.exec(select(WorkshopFacilitator.person_id)).all()
    assert sorted(stored) == sorted([second, third])


# --- lists -----------------------------------------------------------------------------------


def test_list_is_ordered_by_start_and_filtered_by_cohort_module_and_time_window(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme(participants=0)
    other_cohort = arrange.second_cohort(plan)
    dates = ["2026-05-07", "2026-03-05", "2026-04-09"]
    made = [
        create_workshop(
            client,
            auth,
            plan,
            title=f"Workshop {day}",
            starts_at=f"{day}T09:00:00+02:00",
            ends_at=f"{day}T15:00:00+02:00",
        )
        for day in dates
    ]
    modul2 = create_workshop(
        client,
        auth,
        plan,
        module_id=str(plan.module_ids[1]),
        cohort_id=str(other_cohort),
        title="Workshop 1: Udforske og forstå borgerens reelle behov",
        starts_at="2026-09-03T09:00:00+02:00",
        ends_at="2026-09-03T15:00:00+02:00",
    )

    def titles(**params: Any) -> list[str]:
        response = client.get(WORKSHOPS, params=params, headers=hr(auth))
        assert response.status_code == 200, response.text
        return [item["title"] for item in response.json()["items"]]

    assert titles() == [
        "Workshop 2026-03-05",
        "Workshop 2026-04-09",
        "Workshop 2026-05-07",
        modul2["title"],
    ]
    assert titles(cohort_id=str(other_cohort)) == [modul2["title"]]
    assert titles(module_id=str(plan.module_ids[0])) == [
        made[1]["title"],
        made[2]["title"],
        made[0]["title"],
    ]
    # the window holds workshops that overlap it
    assert titles(**{"from": "2026-04-09T14:00:00+02:00", "to": "2026-05-07T09:00:00+02:00"}) == [
        "Workshop 2026-04-09"
    ]
    assert titles(**{"from": "2026-05-01T00:00:00Z"}) == ["Workshop 2026-05-07", modul2["title"]]
    client.delete(f"{WORKSHOPS}/{made[0]['id']}", headers=hr(auth))
    assert titles(status="cancelled") == ["Workshop 2026-05-07"]
    # the widest window the API takes (years 1900-2200; beyond is 422, see test_hostile_input)
    assert len(titles(**{"from": "1900-01-01T00:00:00Z", "to": "2200-12-31T23:59:59Z"})) == 4


@pytest.mark.parametrize(
    "params",
    [{"from": "2026-03-05T09:00:00"}, {"to": "0.5"}, {"from": "1772697600"}, {"to": "2026-03-05"}],
)
def test_a_time_window_needs_iso_times_with_offsets(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, params: dict[str, str]
) -> None:
    assert_problem(client.get(WORKSHOPS, params=params, headers=hr(auth)), 422)


def test_cursor_pages_cover_every_workshop_once(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme(participants=0)
    cohorts = [plan.cohort_id] + [arrange.second_cohort(plan, f"Hold {n}") for n in range(2, 4)]
    for day in (5, 12):
        for cohort in cohorts:  # three at the same time: ties broken by id
            create_workshop(
                client,
                auth,
                plan,
                cohort_id=str(cohort),
                starts_at=f"2026-03-{day:02d}T09:00:00+01:00",
                ends_at=f"2026-03-{day:02d}T15:00:00+01:00",
            )
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        response = client.get(WORKSHOPS, params=params, headers=hr(auth))
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = client.get(WORKSHOPS, params={"limit": 200}, headers=hr(auth)).json()["items"]
    assert seen == [item["id"] for item in everything]
    assert len(set(seen)) == 6
    starts = [datetime.fromisoformat(item["starts_at"]) for item in everything]
    assert starts == sorted(starts)


def test_mine_lists_the_workshops_of_my_cohorts_and_those_i_facilitate(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme(participants=0)
    arrange.participant(plan, sub="anne")
    second = arrange.second_cohort(plan)
    third = arrange.second_cohort(plan, "Hold 3 2017")
    facilitator = arrange.person(sub="frida")
    arrange.cohort_facilitator(third, facilitator)

    def at(day: int, cohort: Any, title: str, **extra: Any) -> dict[str, Any]:
        return create_workshop(
            client,
            auth,
            plan,
            cohort_id=str(cohort),
            title=title,
            starts_at=f"2026-03-{day:02d}T09:00:00+01:00",
            ends_at=f"2026-03-{day:02d}T15:00:00+01:00",
            **extra,
        )

    at(5, plan.cohort_id, "Mit hold")
    at(6, second, "Andet hold, Frida leder", facilitator_ids=[str(facilitator)])
    at(7, second, "Andet hold")
    at(8, third, "Fridas hold")

    def mine(sub: str, role: str) -> list[str]:
        response = client.get(
            WORKSHOPS, params={"mine": "true"}, headers=auth(HEDENSTED, role, sub=sub)
        )
        assert response.status_code == 200, response.text
        return [item["title"] for item in response.json()["items"]]

    assert mine("anne", "participant") == ["Mit hold"]
    assert mine("frida", "facilitator") == ["Andet hold, Frida leder", "Fridas hold"]
    assert mine("nobody", "leader") == []
    everything = client.get(
        WORKSHOPS, params={"mine": "false"}, headers=auth(HEDENSTED, "participant", sub="anne")
    )
    assert len(everything.json()["items"]) == 4


def test_other_municipalities_workshops_are_never_listed(
    client: TestClient, auth: HeaderFactory, arrange: Arrange
) -> None:
    plan = arrange.hedensted_programme()
    create_workshop(client, auth, plan)
    assert client.get(WORKSHOPS, headers=auth(HORSENS, "hr_admin")).json()["items"] == []
    response = client.get(
        WORKSHOPS, params={"cohort_id": str(plan.cohort_id)}, headers=auth(HORSENS)
    )
    assert response.json()["items"] == []


def test_approving_a_place_whose_workshops_clash_with_the_persons_others_is_refused(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, engine: Engine
) -> None:
    plan = arrange.hedensted_programme(participants=1)
    talent = arrange.hedensted_programme(participants=0, cohort_name="Talentledere 2015")
    person = plan.participant_ids[0]
    first = create_workshop(client, auth, plan)  # 09:00–15:00
    create_workshop(
        client,
        auth,
        talent,
        title="Talentledere: Rollen som leder",
        starts_at="2026-03-05T14:00:00+01:00",
        ends_at="2026-03-05T16:00:00+01:00",
    )
    with tenant_session(engine, HEDENSTED, arrange.app_role) as session:
        session.exec(
            update(Programme).where(Programme.id == talent.programme_id).values(status="open")
        )
    nomination = arrange.enrol(
        talent.programme_id, talent.cohort_id, person, EnrolmentStatus.nominated
    )
    response = client.post(f"/api/v1/enrolments/{nomination}/approve", json={}, headers=hr(auth))
    problem = assert_problem(response, 409)
    assert [c["workshop_id"] for c in problem["conflicts"]] == [first["id"]]
    status = client.get(f"/api/v1/enrolments/{nomination}", headers=hr(auth)).json()["status"]
    assert status == "nominated"
