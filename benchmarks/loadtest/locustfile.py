"""A municipality's working day in Praksis, for Locust.

Several municipalities at once (each user picks one, weighted by its staff), each user one
person in one part:

* **participants** (most users) open their page (``/me``, their enrolments, their coming
  workshops), their action-learning projects and trial actions, the feedback they received,
  give feedback on their buddy's or learning group's trial actions, and evaluate a workshop
  they attended;
* **team leaders** look at their team's projects and figures and nominate a team member for
  an open programme, with the written justification;
* **facilitators** record attendance at the end of one of their workshops (everyone of the
  cohort, as a facilitator does on the day) and read its evaluations;
* **HR** works the queue of nominations (approve onto a cohort, or decline) and reads the
  municipality's statistics;
* an **intranet integration** (token with ``scope`` ``people:read people:write
  org-units:read``) walks the directory and syncs people in batches: everyone on a page as it
  is, a few new starters, a few changed job titles;
* **partners** (KL, HK) read their partner statistics.

Configuration (environment): ``PRAKSIS_JWT_SECRET`` (the server's development issuer;
tokens carry the claims of ``praksis.kit.auth.issue_dev_token``), ``PRAKSIS_LOAD_PERSONAS``
(JSON from ``prepare.write_personas``: who may play which part), ``PRAKSIS_LOAD_WRITES``
(JSON lines: every acknowledged write, for ``check_writes.py``), ``PRAKSIS_LOAD_REQUESTS``
(JSON lines: every request's start, route, status and duration, for ``run.py``'s report),
``PRAKSIS_LOAD_STATISTICS`` (JSON lines: how far behind each statistics answer's ``as_of``
was when it arrived),
``PRAKSIS_LOAD_THINK_SCALE`` (multiplies every think time; 0 is a closed loop),
``PRAKSIS_LOAD_TIMEOUT`` (client timeout per request, seconds; 30).

Requests are named by route template (``/api/v1/enrolments/{id}/approve``), so Locust's
table reads per route. A 409 is what several people acting on the same thing at once get:
it counts as handled (not a failure), and is listed by status in ``run.py``'s report.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from jose import jwt
from locust import FastHttpUser, events, task
from locust.exception import StopUser

API = "/api/v1"
SECRET = os.environ.get("PRAKSIS_JWT_SECRET", "")
PERSONAS_PATH = os.environ.get("PRAKSIS_LOAD_PERSONAS", "")
THINK_SCALE = float(os.environ.get("PRAKSIS_LOAD_THINK_SCALE", "1"))
TIMEOUT_SECONDS = float(os.environ.get("PRAKSIS_LOAD_TIMEOUT", "30"))
EXPECTED = frozenset({409})  # contention between people: an answer, not a failure
ACTIVE = frozenset({"nominated", "approved", "waitlisted"})
JUSTIFICATION = (
    "Teamet arbejder i år med at flytte beslutninger tæt på borgeren. Forløbet giver "
    "medarbejderen redskaber til at afprøve nye måder at holde borgermøder på, og hun tager "
    "erfaringerne med hjem til teamets udviklingsdage, hvor vi følger op på bevægelsen for "
    "borgeren. Det hænger direkte sammen med vores udfordring om at borgeren selv sætter mål."
)
WHAT_WORKED = (
    "Du lod borgeren føre ordet, og det gav ro på mødet.",
    "Godt at du skrev aftalerne ned sammen med borgeren.",
    "Den korte opfølgning dagen efter virkede stærkt.",
)
TRY_NEXT = (
    "Prøv at starte med borgerens egne mål næste gang.",
    "Inviter en kollega med, så I kan sparre bagefter.",
    "Lad borgeren opsummere mødet til sidst.",
)
JOB_TITLES = ("Social- og sundhedsassistent", "Pædagog", "Sagsbehandler", "Ergoterapeut")
FIRST_NAMES = ("Anne", "Mette", "Søren", "Jens", "Ærtebjerg", "Åse", "Bjørn", "Line")


def _personas() -> dict[str, Any]:
    if not PERSONAS_PATH:
        raise RuntimeError("set PRAKSIS_LOAD_PERSONAS to the personas file (see run.py)")
    with open(PERSONAS_PATH, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


PERSONAS = _personas() if PERSONAS_PATH else {"municipalities": {}, "partners": []}
ISSUER = os.environ.get("PRAKSIS_JWT_ISSUER", "praksis-dev")
AUDIENCE = os.environ.get("PRAKSIS_JWT_AUDIENCE", "praksis")


def dev_token(
    *,
    subject: str,
    tenant: str | None,
    roles: list[str],
    partner: str | None = None,
    scope: str | None = None,
    ttl_seconds: int = 4 * 3600,
) -> str:
    """The claims of ``praksis.kit.auth.issue_dev_token``, signed HS256 with python-jose:
    importing Praksis into Locust would cost every run seconds of start-up (a token the server
    does not accept fails the smoke test: it asserts there is no 401)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
        "roles": roles,
    }
    optional = {"tenant": tenant, "partner": partner, "scope": scope}
    claims.update({key: value for key, value in optional.items() if value is not None})
    token: str = jwt.encode(claims, SECRET, algorithm="HS256")
    return token


# --- logs: every request, every acknowledged write ----------------------------------------------


class JsonLines:
    """Append-only JSON lines; one writer per process (Locust runs users as greenlets)."""

    def __init__(self, path: str | None) -> None:
        self.handle = open(path, "a", encoding="utf-8", buffering=1) if path else None  # noqa: SIM115
        self.lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        if self.handle is not None:
            line = json.dumps(record, separators=(",", ":"), default=str)
            with self.lock:
                self.handle.write(line + "\n")


REQUESTS = JsonLines(os.environ.get("PRAKSIS_LOAD_REQUESTS"))
WRITES = JsonLines(os.environ.get("PRAKSIS_LOAD_WRITES"))
STATISTICS = JsonLines(os.environ.get("PRAKSIS_LOAD_STATISTICS"))


def _note_how_fresh(name: str, body: Any) -> None:
    """A statistics answer's ``as_of`` (the figures include every change committed before
    it): how many seconds before its arrival that was."""
    if isinstance(body, dict) and isinstance(as_of := body.get("as_of"), str):
        behind = time.time() - datetime.fromisoformat(as_of).timestamp()
        STATISTICS.write({"n": name, "behind_s": round(behind, 3)})


@events.request.add_listener
def _log_request(
    request_type: str,
    name: str,
    response_time: float,
    response: Any = None,
    exception: BaseException | None = None,
    start_time: float | None = None,
    **_: Any,
) -> None:
    status = getattr(response, "status_code", 0) or 0
    REQUESTS.write(
        {
            "t": round(start_time or time.time(), 3),
            "m": request_type,
            "n": name,
            "s": status,
            "ms": round(response_time, 1),
            "x": None if exception is None else type(exception).__name__,
        }
    )


@events.test_start.add_listener
def _wait_for_the_server(environment: Any, **_: Any) -> None:
    """run.py starts Locust while the server is still starting: hold the users back until
    ``/readyz`` answers (at most two minutes)."""
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{environment.host}/readyz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)


def acknowledged(kind: str, sent: float, **fields: Any) -> None:
    """Record a write the server acknowledged (2xx), for check_writes.py."""
    WRITES.write({"kind": kind, "sent": round(sent, 4), "acked": round(time.time(), 4), **fields})


def attempting(kind: str, object_id: str, values: list[Any]) -> str:
    """Record a change about to be sent to an existing object, with the values it may leave
    there. Unless it is answered with a 4xx (``refused``), check_writes.py accepts those
    values too: a request cut off (a timeout, the end of the run) or answered 5xx may still
    have been committed, and may have come after the last acknowledged change. ``settle``
    marks it answered (2xx: acknowledged as usual; 4xx: refused, nothing changed)."""
    attempt = uuid.uuid4().hex[:16]
    WRITES.write({"kind": kind, "attempt": attempt, "id": object_id, "values": values})
    return attempt


def settle(kind: str, attempt: str, status: int) -> None:
    if 200 <= status < 500:
        WRITES.write({"kind": kind, "settled": attempt})


# --- users ------------------------------------------------------------------------------------


def _pick_municipality(part: str) -> tuple[str, str]:
    """A municipality weighted by its staff, and someone in it who plays ``part``."""
    candidates = [
        (municipality, data)
        for municipality, data in PERSONAS["municipalities"].items()
        if data.get(part)
    ]
    if not candidates:  # e.g. no programme open for nominations in the data
        raise StopUser()
    municipality, data = random.choices(
        candidates, weights=[data["people"] for _m, data in candidates]
    )[0]
    return municipality, random.choice(data[part])


def _now() -> datetime:
    return datetime.now(UTC)


class PraksisUser(FastHttpUser):
    abstract = True
    network_timeout = TIMEOUT_SECONDS
    connection_timeout = TIMEOUT_SECONDS
    think: tuple[float, float] = (5.0, 15.0)
    status = 0  # of the last request

    def wait_time(self) -> float:
        low, high = self.think
        return random.uniform(low, high) * THINK_SCALE

    def sign_in(
        self,
        *,
        subject: str,
        tenant: str | None,
        roles: list[str],
        partner: str | None = None,
        scope: str | None = None,
    ) -> None:
        token = dev_token(subject=subject, tenant=tenant, roles=roles, partner=partner, scope=scope)
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self.tenant = tenant

    # one request, named by its route template; the JSON body on 2xx, else None
    def call(
        self,
        method: str,
        path: str,
        name: str,
        *,
        query: dict[str, Any] | None = None,
        body: Any = None,
    ) -> Any:
        url = API + path + (f"?{urlencode(query, doseq=True)}" if query else "")
        with self.client.request(
            method,
            url,
            name=API + name,
            headers=self.headers,
            json=body,
            catch_response=True,
        ) as response:
            status = self.status = response.status_code or 0
            if 200 <= status < 300:
                response.success()
                if status == 204 or not response.content:
                    return {}
                try:
                    body = response.json()
                except ValueError:
                    response.failure("the body is not JSON")
                    return None
                _note_how_fresh(API + name, body)
                return body
            if status in EXPECTED:
                response.success()
            elif status:
                response.failure(f"{status}")
            return None

    def items(self, page: Any) -> list[dict[str, Any]]:
        return list(page.get("items", [])) if isinstance(page, dict) else []


class Participant(PraksisUser):
    """Staff on a programme: their pages, feedback to buddies, workshop evaluations."""

    weight = 70
    think = (4.0, 15.0)

    def on_start(self) -> None:
        tenant, subject = _pick_municipality("participant")
        self.sign_in(subject=subject, tenant=tenant, roles=["participant"])
        me = self.call("GET", "/me", "/me")
        self.person_id = (me or {}).get("person", {}).get("id")

    @task(5)
    def my_page(self) -> None:
        self.call("GET", "/me", "/me")
        self.call("GET", "/enrolments", "/enrolments", query={"limit": 20})
        self.call(
            "GET",
            "/workshops",
            "/workshops",
            query={"mine": "true", "from": _now().isoformat(), "limit": 10},
        )

    @task(3)
    def my_projects(self) -> None:
        projects = self.items(
            self.call(
                "GET",
                "/action-learning-projects",
                "/action-learning-projects",
                query={"mine": "true", "limit": 20},
            )
        )
        if projects:
            project = random.choice(projects)["id"]
            self.call(
                "GET", f"/action-learning-projects/{project}", "/action-learning-projects/{id}"
            )
            self.call(
                "GET",
                f"/action-learning-projects/{project}/trial-actions",
                "/action-learning-projects/{id}/trial-actions",
                query={"limit": 50},
            )

    @task(4)
    def give_feedback(self) -> None:
        to_give = self.items(
            self.call("GET", "/feedback/to-give", "/feedback/to-give", query={"limit": 20})
        )
        choices = [item for item in to_give if item.get("kinds")]
        if not choices or random.random() < 0.4:
            return
        item = random.choice(choices)
        sent = time.time()
        created = self.call(
            "POST",
            "/feedback",
            "/feedback",
            body={
                "trial_action_id": item["trial_action_id"],
                "kind": item["kinds"][0],
                "what_worked": random.choice(WHAT_WORKED),
                "try_next": random.choice(TRY_NEXT),
                "rating": random.randint(3, 5),
                "shared_with_leader": random.random() < 0.2,
            },
        )
        if created and created.get("id"):
            acknowledged("feedback", sent, id=created["id"], tenant=self.tenant)

    @task(1)
    def evaluate_workshop(self) -> None:
        due = self.items(
            self.call(
                "GET",
                "/feedback/workshop-evaluations/due",
                "/feedback/workshop-evaluations/due",
                query={"limit": 10},
            )
        )
        if not due:
            return
        workshop = due[0]["id"]
        sent = time.time()
        received = self.call(
            "POST",
            "/feedback/workshop-evaluations",
            "/feedback/workshop-evaluations",
            body={
                "workshop_id": workshop,
                "relevance": random.randint(2, 5),
                "learning": random.randint(2, 5),
                "usefulness": random.randint(1, 5),
                "comment": "",
            },
        )
        if received is not None and self.person_id:
            acknowledged(
                "evaluation",
                sent,
                workshop_id=workshop,
                person_id=self.person_id,
                tenant=self.tenant,
            )

    @task(1)
    def feedback_received(self) -> None:
        self.call("GET", "/feedback", "/feedback", query={"received": "true", "limit": 20})


class Leader(PraksisUser):
    """A team leader: the team's projects and figures; nominates for open programmes."""

    weight = 10
    think = (5.0, 20.0)

    def on_start(self) -> None:
        tenant, subject = _pick_municipality("leader")
        self.sign_in(subject=subject, tenant=tenant, roles=["leader"])

    @task(3)
    def nominate(self) -> None:
        programmes = self.items(
            self.call("GET", "/programmes", "/programmes", query={"status": "open", "limit": 50})
        )
        team = self.items(
            self.call("GET", "/people", "/people", query={"in_my_team": "true", "limit": 100})
        )
        enrolments = self.items(
            self.call("GET", "/enrolments", "/enrolments", query={"limit": 200})
        )
        if not programmes or not team:
            return
        taken = {(e["person_id"], e["programme_id"]) for e in enrolments if e["status"] in ACTIVE}
        programme = random.choice(programmes)["id"]
        free = [p["id"] for p in team if (p["id"], programme) not in taken]
        if not free:
            return
        person = random.choice(free)
        sent = time.time()
        created = self.call(
            "POST",
            "/enrolments",
            "/enrolments",
            body={
                "programme_id": programme,
                "person_id": person,
                "justification": JUSTIFICATION,
                "team_challenge": "Borgeren skal selv sætte målene for sit forløb.",
            },
        )
        if created and created.get("id"):
            acknowledged(
                "enrolment",
                sent,
                id=created["id"],
                status=created["status"],
                person_id=person,
                programme_id=programme,
                tenant=self.tenant,
            )

    @task(2)
    def team_projects(self) -> None:
        self.call(
            "GET",
            "/action-learning-projects/team-overview",
            "/action-learning-projects/team-overview",
        )

    @task(2)
    def team_enrolments(self) -> None:
        self.call("GET", "/enrolments", "/enrolments", query={"limit": 50})

    @task(1)
    def team_statistics(self) -> None:
        self.call("GET", "/statistics/municipality", "/statistics/municipality")


class Facilitator(PraksisUser):
    """Records attendance when a workshop ends, and reads its evaluations."""

    weight = 5
    think = (5.0, 20.0)

    def on_start(self) -> None:
        tenant, subject = _pick_municipality("facilitator")
        self.sign_in(subject=subject, tenant=tenant, roles=["facilitator"])
        now = _now()
        self.ended = [
            workshop
            for workshop in self.items(
                self.call(
                    "GET",
                    "/workshops",
                    "/workshops",
                    query={
                        "mine": "true",
                        "from": (now - timedelta(days=28)).isoformat(),
                        "to": now.isoformat(),
                        "limit": 50,
                    },
                )
            )
            if workshop["status"] != "cancelled"
            and datetime.fromisoformat(workshop["ends_at"]) < now
        ]

    @task(3)
    def record_attendance(self) -> None:
        if not self.ended:
            return
        workshop = random.choice(self.ended)
        participants = self.items(
            self.call(
                "GET",
                "/enrolments",
                "/enrolments",
                query={"cohort_id": workshop["cohort_id"], "status": "approved", "limit": 200},
            )
        )
        recorded = {
            row["person_id"]: row["status"]
            for row in self.items(
                self.call(
                    "GET",
                    f"/workshops/{workshop['id']}/attendance",
                    "/workshops/{id}/attendance",
                    query={"limit": 200},
                )
            )
        }
        if not participants:
            return
        # what was recorded stays; the rest as the facilitator saw it (the same for anyone
        # recording the same workshop, so concurrent recorders agree)
        records = [
            {
                "person_id": e["person_id"],
                "status": recorded.get(e["person_id"])
                or _attendance_status(workshop["id"], e["person_id"]),
            }
            for e in participants
        ]
        sent = time.time()
        stored = self.call(
            "PUT",
            f"/workshops/{workshop['id']}/attendance",
            "/workshops/{id}/attendance",
            body={"records": records},
        )
        if stored is not None:
            acknowledged(
                "attendance", sent, workshop_id=workshop["id"], records=records, tenant=self.tenant
            )

    @task(2)
    def evaluations(self) -> None:
        if self.ended:
            workshop = random.choice(self.ended)["id"]
            self.call(
                "GET",
                f"/feedback/workshop-evaluations/{workshop}/summary",
                "/feedback/workshop-evaluations/{id}/summary",
            )

    @task(1)
    def my_workshops(self) -> None:
        self.call(
            "GET",
            "/workshops",
            "/workshops",
            query={"mine": "true", "from": _now().isoformat(), "limit": 20},
        )


def _attendance_status(workshop: str, person: str) -> str:
    roll = hashlib.sha256(f"{workshop}/{person}".encode()).digest()[0] % 20
    return "absent" if roll == 0 else "excused" if roll < 3 else "present"


class HumanResources(PraksisUser):
    """HR: the nominations queue (approve onto a cohort, or decline) and the statistics."""

    weight = 5
    think = (3.0, 10.0)

    def on_start(self) -> None:
        tenant, subject = _pick_municipality("hr_admin")
        self.sign_in(subject=subject, tenant=tenant, roles=["hr_admin"])
        self.cohorts: dict[str, list[dict[str, Any]]] = {}
        self.statistics()  # HR's landing page

    @task(4)
    def decide(self) -> None:
        queue = self.items(
            self.call(
                "GET", "/enrolments", "/enrolments", query={"status": "nominated", "limit": 50}
            )
        )
        if not queue:
            return
        enrolment = random.choice(queue)
        self.call("GET", f"/enrolments/{enrolment['id']}", "/enrolments/{id}")
        cohort = enrolment.get("cohort_id") or self._open_cohort(enrolment["programme_id"])
        approve = cohort is not None and random.random() < 0.75
        attempt = attempting(
            "enrolment", enrolment["id"], ["approved", "waitlisted"] if approve else ["declined"]
        )
        sent = time.time()
        if approve:
            decided = self.call(
                "POST",
                f"/enrolments/{enrolment['id']}/approve",
                "/enrolments/{id}/approve",
                body={"cohort_id": cohort, "note": ""},
            )
        else:
            decided = self.call(
                "POST",
                f"/enrolments/{enrolment['id']}/decline",
                "/enrolments/{id}/decline",
                body={"note": "Ikke plads i denne omgang; vi prioriterer igen til foråret."},
            )
        settle("enrolment", attempt, self.status)
        if decided and decided.get("status"):
            acknowledged(
                "enrolment", sent, id=enrolment["id"], status=decided["status"], tenant=self.tenant
            )

    def _open_cohort(self, programme: str) -> str | None:
        if programme not in self.cohorts:
            self.cohorts[programme] = [
                cohort
                for cohort in self.items(
                    self.call("GET", "/cohorts", "/cohorts", query={"programme_id": programme})
                )
                if cohort["status"] in ("planned", "running")
            ]
        cohorts = self.cohorts[programme]
        return random.choice(cohorts)["id"] if cohorts else None

    @task(2)
    def statistics(self) -> None:
        self.call("GET", "/statistics/municipality", "/statistics/municipality")

    @task(1)
    def find_person(self) -> None:
        self.call("GET", "/people", "/people", query={"q": random.choice(FIRST_NAMES), "limit": 20})

    @task(1)
    def programmes(self) -> None:
        self.call("GET", "/programmes", "/programmes", query={"limit": 50})


class IntranetSync(PraksisUser):
    """The municipality's intranet: walks the directory and upserts people in batches."""

    weight = 2
    think = (10.0, 20.0)

    def on_start(self) -> None:
        tenant, _subject = _pick_municipality("hr_admin")
        self.sign_in(
            subject=f"intranet-sync-{uuid.uuid4().hex[:8]}",
            tenant=tenant,
            roles=["integration"],
            scope="people:read people:write org-units:read",
        )
        self.prefix = f"LOAD-{uuid.uuid4().hex[:12]}"
        self.units: dict[str, str] = {}
        cursor: str | None = None
        for _ in range(5):
            page = self.call(
                "GET", "/org-units", "/org-units", query={"limit": 200, **_cursor(cursor)}
            )
            for unit in self.items(page):
                if unit.get("external_id"):
                    self.units[unit["id"]] = unit["external_id"]
            cursor = page.get("next_cursor") if isinstance(page, dict) else None
            if not cursor:
                break
        self.cursor: str | None = None
        self.mine: dict[str, dict[str, Any]] = {}  # external_id → what was last synced
        self.mine_ids: dict[str, str] = {}  # external_id → person id
        self.created = 0

    @task
    def sync(self) -> None:
        page = self.call("GET", "/people", "/people", query={"limit": 50, **_cursor(self.cursor)})
        if page is None:
            return
        self.cursor = page.get("next_cursor")
        batch = [
            {
                "external_id": person["external_id"],
                "name": person["name"],
                "email": person["email"],
                "job_title": person["job_title"],
                "org_unit_external_id": self.units.get(person["org_unit_id"] or ""),
            }
            for person in self.items(page)
            if person.get("external_id")
            and (person["org_unit_id"] is None or person["org_unit_id"] in self.units)
            and not person["external_id"].startswith("LOAD-")
        ]
        for _ in range(random.randint(1, 3)):  # new starters
            self.created += 1
            external_id = f"{self.prefix}-{self.created}"
            batch.append(
                {
                    "external_id": external_id,
                    "name": f"{random.choice(FIRST_NAMES)} Nyansat {self.created}",
                    "email": f"{external_id.lower()}@intranet.example",
                    "job_title": random.choice(JOB_TITLES),
                    "org_unit_external_id": random.choice(list(self.units.values()) or [None]),
                }
            )
        attempts = []
        for external_id in random.sample(list(self.mine), min(2, len(self.mine))):
            changed = dict(self.mine[external_id])
            changed["job_title"] = random.choice(JOB_TITLES) + f" ({random.randint(1, 99)})"
            batch.append(changed)
            attempts.append(
                attempting("person", self.mine_ids[external_id], [changed["job_title"]])
            )
        sent = time.time()
        result = self.call("POST", "/people/bulk", "/people/bulk", body={"people": batch})
        for attempt in attempts:
            settle("person", attempt, self.status)
        if not result:
            return
        by_external_id = {item["external_id"]: item for item in batch}
        for line in result.get("lines", []):
            if line.get("outcome") in ("created", "updated") and line.get("person_id"):
                sent_item = by_external_id[line["external_id"]]
                if line["external_id"].startswith(self.prefix):
                    self.mine[line["external_id"]] = sent_item
                    self.mine_ids[line["external_id"]] = line["person_id"]
                acknowledged(
                    "person",
                    sent,
                    id=line["person_id"],
                    external_id=line["external_id"],
                    job_title=sent_item["job_title"],
                    name=sent_item["name"],
                    tenant=self.tenant,
                )


def _cursor(cursor: str | None) -> dict[str, str]:
    return {"cursor": cursor} if cursor else {}


class Partner(PraksisUser):
    """KL or HK: the partner statistics across the municipalities of their offerings."""

    weight = 3
    think = (10.0, 30.0)

    def on_start(self) -> None:
        partner = random.choice(PERSONAS["partners"] or ["kl"])
        self.sign_in(
            subject=f"partner-{partner}-analyst-{random.randint(1, 5)}",
            tenant=None,
            roles=["partner"],
            partner=partner,
        )

    @task(3)
    def statistics(self) -> None:
        self.call("GET", "/statistics/partner", "/statistics/partner")

    @task(1)
    def statistics_csv(self) -> None:
        with self.client.get(
            f"{API}/statistics/partner?format=csv",
            name=f"{API}/statistics/partner?format=csv",
            headers=self.headers,
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                response.success()
