"""Kirkpatrick level 2 for ungraded programmes (Hedensted's): participants rate themselves on
the programme's competence goals before and after; the statistics show the averages only
from 5 people (docs/statistics-privacy.md, the municipality's own thresholds)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from praksis.programmes.models import CompetenceGoal, Grading
from tests.cohorts.helpers import add_person, add_programme, create_cohort, db, enrol_approved
from tests.competences.factories import create_framework
from tests.conftest import HEDENSTED, HeaderFactory


def _programme_with_goals(
    client: TestClient, auth: HeaderFactory, grading: Grading = Grading.none
) -> tuple[str, list[str]]:
    programme_id = add_programme(client, grading=grading)
    competences = [item["id"] for item in create_framework(client, auth)["competences"]]
    with db(client) as session:
        for competence_id in competences:
            session.add(
                CompetenceGoal(
                    programme_id=uuid.UUID(programme_id), competence_id=uuid.UUID(competence_id)
                )
            )
    return programme_id, competences


def _participants(
    client: TestClient, auth: HeaderFactory, programme_id: str, count: int
) -> list[tuple[str, dict[str, str]]]:
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    people = [add_person(client, f"Deltager {n}", sub=f"d{n}") for n in range(count)]
    enrolments = enrol_approved(client, auth, programme_id, cohort_id, people)
    return [
        (enrolment["id"], auth(HEDENSTED, "participant", sub=f"d{n}"))
        for n, enrolment in enumerate(enrolments)
    ]


def _assess(
    client: TestClient, headers: dict[str, str], enrolment_id: str, moment: str, scores: Any
) -> Any:
    return client.post(
        f"/api/v1/enrolments/{enrolment_id}/self-assessment",
        json={"moment": moment, "scores": scores},
        headers=headers,
    )


def _scores(competences: list[str], *values: int) -> list[dict[str, Any]]:
    return [
        {"competence_id": competence, "score": value}
        for competence, value in zip(competences, values, strict=True)
    ]


def _level_2(client: TestClient, auth: HeaderFactory) -> dict[str, Any]:
    response = client.get("/api/v1/statistics/municipality", headers=auth(HEDENSTED, "hr_admin"))
    assert response.status_code == 200, response.text
    figures: dict[str, Any] = response.json()["kirkpatrick"]["level_2_learning"]
    return figures["self_assessment"]


def test_self_assessments_show_in_the_statistics_only_from_five_people(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id, competences = _programme_with_goals(client, auth)
    participants = _participants(client, auth, programme_id, 5)
    for enrolment_id, headers in participants:
        before = _assess(client, headers, enrolment_id, "before", _scores(competences, 2, 2))
        assert before.status_code == 201, before.text
    for enrolment_id, headers in participants[:4]:
        after = _assess(client, headers, enrolment_id, "after", _scores(competences, 4, 3))
        assert after.status_code == 201, after.text
    four = _level_2(client, auth)
    assert four["people"] == 4 and four["min_people"] == 5
    assert four["average_before"] is four["average_after"] is four["average_change"] is None

    enrolment_id, headers = participants[4]
    _assess(client, headers, enrolment_id, "after", _scores(competences, 4, 3))
    five = _level_2(client, auth)
    assert (five["people"], five["average_before"], five["average_after"]) == (5, 2.0, 3.5)
    assert five["average_change"] == 1.5
    mine = client.get(f"/api/v1/enrolments/{enrolment_id}/self-assessment", headers=headers)
    assert [(item["before"], item["after"]) for item in mine.json()["items"]] == [(2, 4), (2, 3)]


def test_a_self_assessment_is_given_once_before_then_once_after(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id, competences = _programme_with_goals(client, auth)
    [(enrolment_id, headers), (_other, colleague)] = _participants(client, auth, programme_id, 2)
    scores = _scores(competences, 3, 3)
    assert _assess(client, headers, enrolment_id, "after", scores).status_code == 409
    assert _assess(client, headers, enrolment_id, "before", scores[:1]).status_code == 422
    assert _assess(client, headers, enrolment_id, "before", scores).status_code == 201
    assert _assess(client, headers, enrolment_id, "before", scores).status_code == 409
    # another participant's assessment is private: as if it did not exist
    assert _assess(client, colleague, enrolment_id, "after", scores).status_code == 404
    url = f"/api/v1/enrolments/{enrolment_id}/self-assessment"
    assert client.get(url, headers=colleague).status_code == 404


def test_a_graded_programme_shows_learning_by_its_grades(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id, competences = _programme_with_goals(client, auth, Grading.danish_7_point)
    [(enrolment_id, headers)] = _participants(client, auth, programme_id, 1)
    graded = _assess(client, headers, enrolment_id, "before", _scores(competences, 3, 3))
    assert graded.status_code == 409
