"""Transfer follow-ups (Kirkpatrick level 3): a set time after the programme ends, each completer
is asked how far they use what they learnt; issued once, answered once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.enrolments.models import EnrolmentStatus
from praksis.feedback.models import TransferFollowUp
from praksis.kit.db import system_session
from tests.conftest import HEDENSTED, HeaderFactory
from tests.feedback.helpers import FOLLOW_UPS, FeedbackArrange, hedensted_today

ISSUE = f"{FOLLOW_UPS}/issue"


def stored(engine: Engine) -> list[TransferFollowUp]:
    with system_session(engine) as session:
        return list(session.exec(select(TransferFollowUp)).all())


def hr(auth: HeaderFactory) -> dict[str, str]:
    return auth(HEDENSTED, "hr_admin")


def me(auth: HeaderFactory, sub: str) -> dict[str, str]:
    return auth(HEDENSTED, "participant", sub=sub)


@pytest.fixture
def completers(arrange: FeedbackArrange) -> dict[str, Any]:
    """Anne completed a programme that ended 100 days ago (follow-up after 90 days); Bo is
    still only approved on it; Cecilie completed one that ended 30 days ago."""
    ended = arrange.ended_programme(ended_days_ago=100)
    recent = arrange.ended_programme(ended_days_ago=30)
    anne = arrange.person("anne", "Anne Ærø")
    bo = arrange.person("bo", "Bo Østergaard")
    cecilie = arrange.person("cecilie", "Cecilie Ålund")
    return {
        "anne": anne,
        "anne_enrolment": arrange.enrolment(ended, anne, EnrolmentStatus.completed),
        "bo": bo,
        "bo_enrolment": arrange.enrolment(ended, bo, EnrolmentStatus.approved),
        "cecilie": cecilie,
        "cecilie_enrolment": arrange.enrolment(recent, cecilie, EnrolmentStatus.completed),
        "ended": ended,
    }


def test_follow_ups_are_issued_once_for_completers_when_due(
    client: TestClient, auth: HeaderFactory, engine: Engine, completers: dict[str, Any]
) -> None:
    first = client.post(ISSUE, headers=hr(auth))
    assert first.status_code == 200, first.text
    assert first.json() == {"issued": 1}
    assert client.post(ISSUE, headers=hr(auth)).json() == {"issued": 0}
    rows = stored(engine)
    assert [(row.person_id, row.enrolment_id) for row in rows] == [
        (completers["anne"], completers["anne_enrolment"])
    ]
    assert rows[0].due_on == hedensted_today() - timedelta(days=10)
    assert rows[0].usage is None and rows[0].answered_at is None


def test_follow_up_time_is_the_programmes_own_setting(
    client: TestClient, auth: HeaderFactory, engine: Engine, arrange: FeedbackArrange
) -> None:
    quick = arrange.ended_programme(ended_days_ago=31, follow_up_days=30)
    slow = arrange.ended_programme(ended_days_ago=178, follow_up_days=180)
    for programme in (quick, slow):
        arrange.enrolment(programme, arrange.person(), EnrolmentStatus.completed)
    assert client.post(ISSUE, headers=hr(auth)).json() == {"issued": 1}
    (row,) = stored(engine)
    assert row.due_on == hedensted_today() - timedelta(days=1)


def test_a_follow_up_is_due_days_after_completion_with_or_without_an_end_date(
    client: TestClient, auth: HeaderFactory, engine: Engine, arrange: FeedbackArrange
) -> None:
    """Issue 18: it was due on ``ends_on`` + days, and never without ``ends_on``."""
    open_ended = arrange.ended_programme(ended_days_ago=None, follow_up_days=30)
    long_ago = arrange.ended_programme(ended_days_ago=400, follow_up_days=30)
    done_early = arrange.person("early", "Ea Tidlig")
    done_late = arrange.person("late", "Lars Sen")
    without_end = arrange.enrolment(
        open_ended, done_early, EnrolmentStatus.completed, completed_days_ago=31
    )
    # completed 10 days ago, long after the programme's end: not due for 20 days more
    arrange.enrolment(long_ago, done_late, EnrolmentStatus.completed, completed_days_ago=10)
    assert client.post(ISSUE, headers=hr(auth)).json() == {"issued": 1}
    (row,) = stored(engine)
    assert row.enrolment_id == without_end
    assert row.due_on == hedensted_today() - timedelta(days=1)


@pytest.mark.parametrize("roles", [("participant",), ("leader",), ("facilitator",)])
def test_only_hr_issues_follow_ups(
    client: TestClient,
    auth: HeaderFactory,
    engine: Engine,
    completers: dict[str, Any],
    roles: tuple[str, ...],
) -> None:
    assert client.post(ISSUE, headers=auth(HEDENSTED, *roles)).status_code == 403
    assert stored(engine) == []


def test_my_follow_ups_are_issued_when_i_look(
    client: TestClient, auth: HeaderFactory, engine: Engine, completers: dict[str, Any]
) -> None:
    response = client.get(FOLLOW_UPS, headers=me(auth, "anne"))
    assert response.status_code == 200, response.text
    (item,) = response.json()["items"]
    assert item["enrolment_id"] == str(completers["anne_enrolment"])
    assert item["programme_id"] == str(completers["ended"])
    assert item["programme_title"].startswith("Kultur- og kompetenceudviklingsforløb")
    assert item["usage"] is None and item["answered_at"] is None
    # kept, and not issued twice
    again = client.get(FOLLOW_UPS, headers=me(auth, "anne")).json()["items"]
    assert [follow_up["id"] for follow_up in again] == [item["id"]]
    assert len(stored(engine)) == 1
    assert client.post(ISSUE, headers=hr(auth)).json() == {"issued": 0}
    # nobody else's follow-ups are issued or shown by looking
    assert client.get(FOLLOW_UPS, headers=me(auth, "bo")).json()["items"] == []
    assert client.get(FOLLOW_UPS, headers=me(auth, "cecilie")).json()["items"] == []


def _issued(client: TestClient, auth: HeaderFactory) -> str:
    (item,) = client.get(FOLLOW_UPS, headers=me(auth, "anne")).json()["items"]
    follow_up_id: str = item["id"]
    return follow_up_id


def test_follow_up_is_answered_once_by_the_person(
    client: TestClient, auth: HeaderFactory, engine: Engine, completers: dict[str, Any]
) -> None:
    follow_up_id = _issued(client, auth)
    url = f"{FOLLOW_UPS}/{follow_up_id}/answer"
    body = {"usage": 4, "examples": "Vi holder nu husmøder, som borgerne selv leder."}
    answered = client.post(url, json=body, headers=me(auth, "anne"))
    assert answered.status_code == 200, answered.text
    assert answered.json()["usage"] == 4 and answered.json()["answered_at"] is not None
    again = client.post(url, json={"usage": 1, "examples": ""}, headers=me(auth, "anne"))
    assert again.status_code == 409
    (row,) = stored(engine)
    assert (row.usage, row.examples) == (4, body["examples"])


@pytest.mark.parametrize(
    ("who", "status"), [("bo", 404), ("leader", 404), ("hr", 403), ("facilitator", 403)]
)
def test_nobody_answers_someone_elses_follow_up(
    client: TestClient,
    auth: HeaderFactory,
    engine: Engine,
    completers: dict[str, Any],
    who: str,
    status: int,
) -> None:
    follow_up_id = _issued(client, auth)
    headers = {
        "bo": me(auth, "bo"),
        "leader": auth(HEDENSTED, "leader", sub="lene"),
        "hr": hr(auth),
        "facilitator": auth(HEDENSTED, "facilitator", sub="fie"),
    }[who]
    response = client.post(
        f"{FOLLOW_UPS}/{follow_up_id}/answer", json={"usage": 1}, headers=headers
    )
    assert response.status_code == status, response.text
    (row,) = stored(engine)
    assert row.usage is None and row.answered_at is None


@pytest.mark.parametrize(("who", "status"), [("anne", 200), ("hr", 200), ("bo", 404)])
def test_a_follow_up_is_read_by_its_person_and_hr(
    client: TestClient, auth: HeaderFactory, completers: dict[str, Any], who: str, status: int
) -> None:
    follow_up_id = _issued(client, auth)
    headers = hr(auth) if who == "hr" else me(auth, who)
    response = client.get(f"{FOLLOW_UPS}/{follow_up_id}", headers=headers)
    assert response.status_code == status
    if status == 200:
        assert response.json()["person_id"] == str(completers["anne"])


@pytest.mark.parametrize("usage", [0, 6])
def test_usage_outside_one_to_five_is_refused(
    client: TestClient, auth: HeaderFactory, completers: dict[str, Any], usage: int
) -> None:
    url = f"{FOLLOW_UPS}/{_issued(client, auth)}/answer"
    assert client.post(url, json={"usage": usage}, headers=me(auth, "anne")).status_code == 422


TEAM = f"{FOLLOW_UPS}/team"


def test_a_leader_sees_the_teams_follow_ups_issued_when_due_without_the_examples(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange
) -> None:
    """Lene leads Anne's unit: she sees Anne's follow-up (issued by her looking), its usage
    once Anne answered, never Anne's examples; Ole, in another unit, is not her team."""
    unit, elsewhere = arrange.org_unit("Hjemmeplejen Nord"), arrange.org_unit("Jobcentret")
    arrange.leader_of(unit, "lene")
    ended = arrange.ended_programme(ended_days_ago=100)
    anne = arrange.person("anne", "Anne Ærø", org_unit_id=unit)
    ole = arrange.person("ole", "Ole Østergaard", org_unit_id=elsewhere)
    for person in (anne, ole):
        arrange.enrolment(ended, person, EnrolmentStatus.completed)
    lene = auth(HEDENSTED, "leader", sub="lene")

    first = client.get(TEAM, headers=lene)
    assert first.status_code == 200, first.text
    (row,) = first.json()["items"]
    assert row["person_id"] == str(anne) and row["answered_at"] is None
    assert "examples" not in row

    answer = {"usage": 4, "examples": "Jeg holder nu borgermøder selv."}
    answered = client.post(
        f"{FOLLOW_UPS}/{row['id']}/answer", json=answer, headers=me(auth, "anne")
    )
    assert answered.status_code == 200, answered.text
    (after,) = client.get(TEAM, headers=lene).json()["items"]
    assert after["usage"] == 4 and after["answered_at"] is not None
    assert "Jeg holder" not in str(after)


def test_only_a_leader_has_team_follow_ups(client: TestClient, auth: HeaderFactory) -> None:
    refused = client.get(TEAM, headers=me(auth, "anne"))
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
