"""Issue 4's "done when", through the HTTP API on the demo data drawn from the seeds.

Søren (a participant in Hedensted's cohort) runs a project from idea to evaluation with trial
actions; his buddy Line and a colleague he invites give feedback; an attendee evaluates a
workshop anonymously; Horsens' completers get their transfer follow-ups and answer them.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from praksis.demo.service import seed_demo
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory

API = "/api/v1"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def test_participant_runs_a_project_with_feedback_and_follow_up(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    seed_demo(engine, settings)
    soeren = auth(HEDENSTED, "participant", sub="hedensted-deltager")
    line = auth(HEDENSTED, "participant", sub="hedensted-deltager-2")
    hr = auth(HEDENSTED, "hr_admin", sub="hedensted-hr")
    facilitator = auth(HEDENSTED, "facilitator", sub="hedensted-facilitator")
    programme = ok(client.get(f"{API}/programmes", headers=hr))["items"][0]
    details = ok(client.get(f"{API}/programmes/{programme['id']}", headers=hr))
    cohort = ok(client.get(f"{API}/cohorts", params={"programme_id": programme["id"]}, headers=hr))[
        "items"
    ][0]
    kerneopgave = ok(client.get(f"{API}/kerneopgaver", headers=soeren))["items"][3]

    project = ok(
        client.post(
            f"{API}/action-learning-projects",
            headers=soeren,
            json={
                "title": "Pårørende som medskabere",
                "challenge": "Pårørende inddrages for sent.",
                "goal": "Pårørende er med fra første samtale.",
                "kerneopgave_id": kerneopgave["id"],
                "cohort_id": cohort["id"],
            },
        ),
        201,
    )
    url = f"{API}/action-learning-projects/{project['id']}"
    action = ok(
        client.post(
            f"{url}/trial-actions",
            headers=soeren,
            json={
                "title": "Første samtale med pårørende",
                "plan": "Invitér pårørende til opstart.",
                "with_whom": ["citizens", "colleagues"],
                "module_id": details["modules"][0]["id"],
            },
        ),
        201,
    )
    for phase in ("designe", "afproeve"):
        ok(client.patch(url, json={"phase": phase}, headers=soeren))
    ok(
        client.patch(
            f"{url}/trial-actions/{action['id']}",
            headers=soeren,
            json={
                "status": "done",
                "what_happened": "Datteren foreslog selv en ugentlig opringning.",
                "reflection": "Vi skal spørge før vi foreslår.",
            },
        )
    )

    buddy_feedback = ok(
        client.post(
            f"{API}/feedback",
            headers=line,
            json={
                "trial_action_id": action["id"],
                "kind": "buddy",
                "what_worked": "Du lyttede.",
                "try_next": "Spørg om deres egne mål.",
                "rating": 5,
            },
        ),
        201,
    )
    colleague_sub = "hedensted-kollega"
    colleague = auth(HEDENSTED, "participant", sub=colleague_sub)
    colleague_id = ok(client.get(f"{API}/me", headers=colleague))["person"]["id"]
    uninvited = client.post(
        f"{API}/feedback",
        headers=colleague,
        json={
            "trial_action_id": action["id"],
            "kind": "colleague",
            "what_worked": "x",
            "try_next": "y",
        },
    )
    assert uninvited.status_code in (403, 404)
    ok(
        client.post(
            f"{API}/feedback/invitations",
            headers=soeren,
            json={"trial_action_id": action["id"], "person_id": colleague_id},
        ),
        201,
    )
    ok(
        client.post(
            f"{API}/feedback",
            headers=colleague,
            json={
                "trial_action_id": action["id"],
                "kind": "colleague",
                "what_worked": "Rolig og tydelig samtale.",
                "try_next": "Tag en kollega med.",
            },
        ),
        201,
    )
    received = ok(client.get(f"{API}/feedback", params={"received": "true"}, headers=soeren))
    assert {item["kind"] for item in received["items"]} == {"buddy", "colleague"}
    edit = client.patch(
        f"{API}/feedback/{buddy_feedback['id']}", headers=soeren, json={"what_worked": "ændret"}
    )
    assert edit.status_code == 403
    ok(client.patch(url, json={"phase": "evaluere"}, headers=soeren))
    done = ok(
        client.patch(
            url,
            headers=soeren,
            json={
                "status": "completed",
                "outcome": "Pårørende deltager nu i alle opstartssamtaler.",
            },
        )
    )
    assert (done["phase"], done["status"]) == ("evaluere", "completed")

    # An attendee evaluates a workshop anonymously; results stay hidden below five answers.
    workshop = ok(
        client.post(
            f"{API}/workshops",
            headers=hr,
            json={
                "module_id": details["modules"][1]["id"],
                "cohort_id": cohort["id"],
                "title": "Erfaringsudveksling",
                "starts_at": "2026-08-03T09:00:00+02:00",
                "ends_at": "2026-08-03T12:00:00+02:00",
            },
        ),
        201,
    )
    me = ok(client.get(f"{API}/me", headers=soeren))["person"]["id"]
    ok(
        client.put(
            f"{API}/workshops/{workshop['id']}/attendance",
            headers=facilitator,
            json={"records": [{"person_id": me, "status": "present"}]},
        )
    )
    evaluation = {
        "workshop_id": workshop["id"],
        "relevance": 5,
        "learning": 4,
        "usefulness": 4,
        "comment": "Godt",
    }
    ok(client.post(f"{API}/feedback/workshop-evaluations", headers=soeren, json=evaluation), 201)
    again = client.post(f"{API}/feedback/workshop-evaluations", headers=soeren, json=evaluation)
    assert again.status_code == 409
    summary = ok(
        client.get(
            f"{API}/feedback/workshop-evaluations/{workshop['id']}/summary", headers=facilitator
        )
    )
    assert (summary["responses"], summary["suppressed"]) == (1, True)
    assert me not in str(summary)


def test_horsens_completers_get_and_answer_their_transfer_follow_up(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    seed_demo(engine, settings)
    hr = auth(HORSENS, "hr_admin", sub="horsens-hr")
    issued = ok(client.post(f"{API}/feedback/follow-ups/issue", headers=hr))
    assert issued["issued"] == 21
    assert ok(client.post(f"{API}/feedback/follow-ups/issue", headers=hr))["issued"] == 0
    completer = auth(HORSENS, "participant", sub="hor-1", email="hor1@example.dk")
    mine = ok(client.get(f"{API}/feedback/follow-ups", headers=completer))["items"]
    assert len(mine) == 1
    answer = {"usage": 4, "examples": "Jeg guider nu borgerne i selvbetjening ved skranken."}
    url = f"{API}/feedback/follow-ups/{mine[0]['id']}/answer"
    ok(client.post(url, json=answer, headers=completer))
    assert client.post(url, json=answer, headers=completer).status_code == 409
