"""A person with something of everything Praksis holds, for the export and erasure tests.

The scene (tests/feedback/helpers.py): Anne owns a project with a trial action in Hold 1,
Bo is her buddy, Lene leads Anne's unit. Here Anne also gets a workshop she attended and
evaluated, a project of Bo's she gives feedback on, Bo's feedback on hers, a follow-up, a
calendar feed, and HR records her e-mail, job title and external id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from praksis.feedback.models import TransferFollowUp
from praksis.workshops.models import WorkshopBooking
from tests.conftest import HEDENSTED, HeaderFactory
from tests.feedback.helpers import FEEDBACK, FeedbackArrange, Scene, as_, feedback_body

PEOPLE = "/api/v1/people"
ANNE_EMAIL = "anne.aero@hedensted.dk"
ANNE_EXTERNAL_ID = "HR-4711"
SECRET_COMMENT = "Anonym kommentar der aldrig må kunne knyttes til Anne"
FORMER_EMPLOYEE = "Tidligere medarbejder"


@dataclass
class AnnesData:
    scene: Scene
    anne: uuid.UUID
    workshop_id: uuid.UUID
    bo_trial_action_id: uuid.UUID
    feedback_from_bo: dict[str, Any]
    feedback_from_anne: dict[str, Any]


def hr(auth: HeaderFactory) -> dict[str, str]:
    return auth(HEDENSTED, "hr_admin")


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def give_anne_everything(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> AnnesData:
    anne, bo, lene = scene.people["anne"], scene.people["bo"], scene.people["lene"]
    ok(
        client.patch(
            f"{PEOPLE}/{anne}",
            json={"email": ANNE_EMAIL, "external_id": ANNE_EXTERNAL_ID, "job_title": "Pædagog"},
            headers=hr(auth),
        )
    )
    workshop_id = arrange.workshop(scene.plan)
    # FeedbackArrange.workshop's time
    starts_at = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
    arrange.add(
        WorkshopBooking(
            workshop_id=workshop_id,
            person_id=anne,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=6),
        )
    )
    arrange.attendance(workshop_id, anne, recorded_by=lene)
    ok(
        client.post(
            f"{FEEDBACK}/workshop-evaluations",
            json={
                "workshop_id": str(workshop_id),
                "relevance": 5,
                "learning": 4,
                "usefulness": 3,
                "comment": SECRET_COMMENT,
            },
            headers=as_(auth, "anne"),
        ),
        201,
    )
    _bo_project, bo_action = arrange.project_with_trial_action([bo], scene.plan.cohort_id)
    feedback_from_anne = ok(
        client.post(FEEDBACK, json=feedback_body(bo_action, "buddy"), headers=as_(auth, "anne")),
        201,
    )
    feedback_from_bo = ok(
        client.post(
            FEEDBACK,
            json=feedback_body(scene.trial_action_id, "buddy", try_next="Inviter naboerne."),
            headers=as_(auth, "bo"),
        ),
        201,
    )
    enrolment_id = ok(
        client.get("/api/v1/enrolments", params={"person_id": str(anne)}, headers=hr(auth))
    )["items"][0]["id"]
    arrange.add(
        TransferFollowUp(
            enrolment_id=uuid.UUID(enrolment_id),
            person_id=anne,
            due_on=date(2026, 6, 1),
            usage=4,
            examples="Jeg lader nu borgerne lede husmøderne i Hjemmeplejen Nord.",
        )
    )
    ok(client.post("/api/v1/calendar/feed", headers=as_(auth, "anne")), 201)
    return AnnesData(scene, anne, workshop_id, bo_action, feedback_from_bo, feedback_from_anne)
