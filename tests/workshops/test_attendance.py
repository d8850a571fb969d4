"""Attendance at a workshop: recorded by its facilitators or HR, for its cohort's participants."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.enrolments.models import EnrolmentStatus
from praksis.kit.db import system_session
from praksis.workshops.models import Attendance
from tests.conftest import HEDENSTED, HeaderFactory
from tests.workshops.helpers import WORKSHOPS, Arrange, Programme2Modules, create_workshop, hr


def attendance_url(workshop: dict[str, Any]) -> str:
    return f"{WORKSHOPS}/{workshop['id']}/attendance"


def records(*pairs: tuple[Any, str]) -> dict[str, Any]:
    return {"records": [{"person_id": str(person), "status": status} for person, status in pairs]}


def stored(engine: Engine) -> dict[str, str]:
    with system_session(engine) as session:
        rows = session.exec(select(Attendance)).all()
    return {str(row.person_id): row.status.value for row in rows}


@pytest.fixture
def plan(arrange: Arrange) -> Programme2Modules:
    plan = arrange.hedensted_programme(participants=0)
    for sub, name in (("anne", "Anne Ærø"), ("bo", "Bo Østergaard"), ("cecilie", "Cecilie Ålund")):
        arrange.participant(plan, sub=sub, name=name)
    return plan


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("named-facilitator", True),
        ("cohort-facilitator", True),
        ("hr", True),
        ("other-facilitator", False),
        ("participant", False),
        ("leader", False),
    ],
)
def test_only_the_workshops_facilitator_or_hr_records_attendance(
    client: TestClient,
    auth: HeaderFactory,
    arrange: Arrange,
    engine: Engine,
    plan: Programme2Modules,
    who: str,
    allowed: bool,
) -> None:
    named = arrange.person(sub="named")
    cohort_facilitator = arrange.person(sub="holdets")
    arrange.person(sub="andens")
    arrange.cohort_facilitator(plan.cohort_id, cohort_facilitator)
    workshop = create_workshop(client, auth, plan, facilitator_ids=[str(named)])
    callers = {
        "named-facilitator": auth(HEDENSTED, "facilitator", sub="named"),
        "cohort-facilitator": auth(HEDENSTED, "facilitator", sub="holdets"),
        "hr": hr(auth),
        "other-facilitator": auth(HEDENSTED, "facilitator", sub="andens"),
        "participant": auth(HEDENSTED, "participant", sub="anne"),
        "leader": auth(HEDENSTED, "leader"),
    }
    anne = plan.participant_ids[0]
    response = client.put(
        attendance_url(workshop), json=records((anne, "present")), headers=callers[who]
    )
    if allowed:
        assert response.status_code == 200, response.text
        [record] = response.json()["records"]
        assert (record["person_id"], record["person_name"], record["status"]) == (
            str(anne),
            "Anne Ærø",
            "present",
        )
        assert record["recorded_at"].endswith("+01:00") or record["recorded_at"].endswith("+02:00")
        assert stored(engine) == {str(anne): "present"}
    else:
        assert response.status_code == 403, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert stored(engine) == {}


def test_attendance_is_only_for_the_cohorts_participants(
    client: TestClient,
    auth: HeaderFactory,
    arrange: Arrange,
    engine: Engine,
    plan: Programme2Modules,
) -> None:
    workshop = create_workshop(client, auth, plan)
    outsider = arrange.person(name="Ikke på holdet")
    left = arrange.person(name="Har meldt fra")
    arrange.enrol(plan.programme_id, plan.cohort_id, left, EnrolmentStatus.withdrawn)
    nominated = arrange.person(name="Kun indstillet")
    arrange.enrol(plan.programme_id, plan.cohort_id, nominated, EnrolmentStatus.nominated)
    body = records(
        (plan.participant_ids[0], "present"),
        (outsider, "present"),
        (left, "absent"),
        (nominated, "excused"),
    )
    response = client.put(attendance_url(workshop), json=body, headers=hr(auth))
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["detail"].startswith("3 of the people are not participants")
    for person in (outsider, left, nominated):
        assert str(person) in problem["detail"]
    assert [error["location"] for error in problem["errors"]] == [
        "body.records.1.person_id",
        "body.records.2.person_id",
        "body.records.3.person_id",
    ]
    assert stored(engine) == {}


def test_completed_participants_count_as_participants(
    client: TestClient,
    auth: HeaderFactory,
    arrange: Arrange,
    engine: Engine,
    plan: Programme2Modules,
) -> None:
    workshop = create_workshop(client, auth, plan)
    done = arrange.person()
    arrange.enrol(plan.programme_id, plan.cohort_id, done, EnrolmentStatus.completed)
    response = client.put(
        attendance_url(workshop), json=records((done, "present")), headers=hr(auth)
    )
    assert response.status_code == 200, response.text


def test_cannot_record_attendance_for_a_cancelled_workshop(
    client: TestClient, auth: HeaderFactory, engine: Engine, plan: Programme2Modules
) -> None:
    workshop = create_workshop(client, auth, plan)
    client.delete(f"{WORKSHOPS}/{workshop['id']}", headers=hr(auth))
    body = records((plan.participant_ids[0], "present"))
    response = client.put(attendance_url(workshop), json=body, headers=hr(auth))
    assert response.status_code == 409, response.text
    assert stored(engine) == {}


def test_attendance_is_upserted_per_person(
    client: TestClient, auth: HeaderFactory, engine: Engine, plan: Programme2Modules
) -> None:
    workshop = create_workshop(client, auth, plan)
    anne, bo, cecilie = plan.participant_ids
    client.put(
        attendance_url(workshop), json=records((anne, "present"), (bo, "absent")), headers=hr(auth)
    )
    response = client.put(
        attendance_url(workshop),
        json=records((bo, "excused"), (cecilie, "present")),
        headers=hr(auth),
    )
    assert [r["status"] for r in response.json()["records"]] == ["excused", "present"]
    assert stored(engine) == {str(anne): "present", str(bo): "excused", str(cecilie): "present"}


@pytest.mark.parametrize(
    "body",
    [
        {"records": []},
        {"records": [{"person_id": "not-a-uuid", "status": "present"}]},
        {"records": [{"person_id": "5f0c6b1e-8a57-4f7e-9a39-2d4c1f1c2b7a", "status": "late"}]},
    ],
)
def test_malformed_attendance_is_refused(
    client: TestClient, auth: HeaderFactory, engine: Engine, plan: Programme2Modules, body: Any
) -> None:
    workshop = create_workshop(client, auth, plan)
    assert client.put(attendance_url(workshop), json=body, headers=hr(auth)).status_code == 422
    assert stored(engine) == {}


def test_a_person_is_recorded_once_per_request(
    client: TestClient, auth: HeaderFactory, engine: Engine, plan: Programme2Modules
) -> None:
    workshop = create_workshop(client, auth, plan)
    anne = plan.participant_ids[0]
    body = records((anne, "present"), (anne, "absent"))
    assert client.put(attendance_url(workshop), json=body, headers=hr(auth)).status_code == 422
    assert stored(engine) == {}


def test_facilitators_and_hr_see_every_record_and_a_participant_only_their_own(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, plan: Programme2Modules
) -> None:
    arrange.person(sub="named")
    facilitator_id = arrange.person(sub="facilitator-x")
    workshop = create_workshop(client, auth, plan, facilitator_ids=[str(facilitator_id)])
    anne, bo, cecilie = plan.participant_ids
    body = records((cecilie, "present"), (anne, "absent"), (bo, "excused"))
    client.put(attendance_url(workshop), json=body, headers=hr(auth))

    def names(headers: dict[str, str]) -> list[str]:
        response = client.get(attendance_url(workshop), headers=headers)
        assert response.status_code == 200, response.text
        return [record["person_name"] for record in response.json()["items"]]

    everyone = ["Anne Ærø", "Bo Østergaard", "Cecilie Ålund"]
    assert names(hr(auth)) == everyone
    assert names(auth(HEDENSTED, "facilitator", sub="facilitator-x")) == everyone
    assert names(auth(HEDENSTED, "participant", sub="bo")) == ["Bo Østergaard"]
    assert names(auth(HEDENSTED, "facilitator", sub="named")) == []  # not this workshop's
    assert names(auth(HEDENSTED, "leader")) == []
    first = client.get(attendance_url(workshop), params={"limit": 2}, headers=hr(auth)).json()
    rest = client.get(
        attendance_url(workshop),
        params={"limit": 2, "cursor": first["next_cursor"]},
        headers=hr(auth),
    ).json()
    assert [r["person_name"] for r in first["items"] + rest["items"]] == everyone
    assert rest["next_cursor"] is None


def test_attendance_of_an_unknown_workshop_is_404(
    client: TestClient, auth: HeaderFactory, plan: Programme2Modules
) -> None:
    url = f"{WORKSHOPS}/8c1f3b0e-2f5d-4f55-bb1c-0d5d8e0c9a11/attendance"
    body = records((plan.participant_ids[0], "present"))
    assert client.put(url, json=body, headers=auth(HEDENSTED, "participant")).status_code == 404
    assert client.put(url, json=body, headers=hr(auth)).status_code == 404
    assert client.get(url, headers=hr(auth)).status_code == 404
