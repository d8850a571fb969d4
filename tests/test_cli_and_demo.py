"""The command line: migrate, seed-demo (idempotent), token, openapi."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from praksis.app import create_app
from praksis.demo.data import HEDENSTED_KERNEOPGAVER, MUNICIPALITIES, PEOPLE
from praksis.demo.service import seed_demo
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import missing_roles, system_session
from praksis.municipalities.models import Municipality
from praksis.people.models import Person
from praksis.settings import Settings
from tests.conftest import TEST_SECRET, Database, make_settings

KL_PILOT = {"Faxe", "Fredensborg", "Hjørring", "Middelfart", "Næstved", "Rudersdal", "Varde"}


def counts(engine: Engine) -> tuple[int, int, int]:
    with system_session(engine) as session:
        return (
            session.exec(select(func.count()).select_from(Municipality)).one(),
            session.exec(select(func.count()).select_from(Kerneopgave)).one(),
            session.exec(select(func.count()).select_from(Person)).one(),
        )


def test_seed_demo_is_idempotent_and_holds_the_seed_municipalities(
    engine: Engine, settings: Settings
) -> None:
    first_run = seed_demo(engine, settings)
    first = counts(engine)
    second_run = seed_demo(engine, settings)
    assert counts(engine) == first
    assert first[:2] == (len(MUNICIPALITIES), 4)
    assert first_run["people"] == len(PEOPLE)
    assert first_run["programmes"] == 3
    assert second_run["programmes"] == second_run["people"] == second_run["enrolments"] == 0
    with system_session(engine) as session:
        names = set(session.exec(select(Municipality.name)).all())
        hedensted = session.get(Municipality, "dk-0766")
    assert {"Hedensted", "Horsens", "Odense", "Middelfart", "Vesthimmerland"} <= names
    assert names >= KL_PILOT
    assert hedensted is not None
    assert hedensted.time_zone == "Europe/Copenhagen"


def test_demo_people_sign_in_as_themselves_with_hedensteds_kerneopgaver(
    engine: Engine, settings: Settings, token: object
) -> None:
    seed_demo(engine, settings)
    with TestClient(create_app(settings, engine)) as client:
        from praksis.kit.auth import issue_dev_token

        bearer = issue_dev_token(
            settings, subject="hedensted-deltager", tenant="dk-0766", roles=["participant"]
        )
        headers = {"Authorization": f"Bearer {bearer}"}
        me = client.get("/api/v1/me", headers=headers).json()
        kerneopgaver = client.get("/api/v1/kerneopgaver", headers=headers).json()["items"]
    assert me["person"]["name"] == "Søren Østergaard"
    assert [k["title"] for k in kerneopgaver] == [k.title for k in HEDENSTED_KERNEOPGAVER]
    assert kerneopgaver[1]["citizen_outcome"] == (
        "At barnet eller den unge bliver klar til en uddannelse eller et arbejde."
    )


def _praksis(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "praksis.cli", *args],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_migrates_seeds_and_prints_a_token_the_api_accepts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env = {"PRAKSIS_DATABASE_URL": url, "PRAKSIS_JWT_SECRET": TEST_SECRET}
    assert _praksis(["migrate"], env).returncode == 0
    seeded = _praksis(["seed-demo"], env)
    assert seeded.returncode == 0, seeded.stderr
    assert "municipalities 13" in seeded.stdout
    printed = _praksis(
        ["token", "--tenant", "dk-0766", "--role", "hr_admin", "--sub", "hedensted-hr"], env
    )
    assert printed.returncode == 0, printed.stderr
    settings = make_settings(url)
    with TestClient(create_app(settings)) as client:
        me = client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {printed.stdout.strip()}"}
        ).json()
    assert me["person"]["name"] == "Mette Højgaard"
    assert me["roles"] == ["hr_admin"]


def test_token_command_refuses_without_the_dev_issuer(tmp_path: Path) -> None:
    result = _praksis(["token", "--tenant", "dk-0766", "--role", "hr_admin"], {})
    assert result.returncode == 2
    assert "PRAKSIS_JWT_SECRET" in result.stderr


def test_production_refuses_the_development_issuer() -> None:
    with pytest.raises(ValueError, match="must not be set in production"):
        Settings(environment="production", jwt_secret=TEST_SECRET)
    with pytest.raises(ValueError, match="at least 32"):
        Settings(jwt_secret="short")


def test_committed_openapi_document_is_current() -> None:
    from praksis.cli import OPENAPI_PATH, openapi_document

    assert json.loads(OPENAPI_PATH.read_text(encoding="utf-8")) == json.loads(openapi_document())


def test_health_and_readiness(database: Database, engine: Engine) -> None:
    with TestClient(create_app(make_settings(database.url), engine)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").json() == {"status": "ready"}


def test_readiness_fails_when_the_database_is_unreachable(tmp_path: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"
    with TestClient(create_app(make_settings(url))) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.postgres_only
def test_readiness_names_a_database_role_the_login_may_not_take(
    database: Database, engine: Engine
) -> None:
    # the status list's role, as after a restore into a cluster without it
    settings = make_settings(database.url, status_list_db_role="praksis_not_created")
    with engine.connect() as connection:
        assert missing_roles(connection, settings.serving_roles()) == ["praksis_not_created"]
        assert missing_roles(connection, make_settings(database.url).serving_roles()) == []
    with TestClient(create_app(settings, engine)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "praksis_not_created" in response.json()["detail"]
    assert response.headers["retry-after"] == "1"


@pytest.mark.postgres_only
def test_readiness_names_a_role_that_exists_but_is_not_granted_to_the_login(
    database: Database, engine: Engine
) -> None:
    # the tests connect as the superuser, who may take every role: a login of its own that
    # holds none, as an operator's login after a restore without the grants
    login = f"praksis_login_{uuid.uuid4().hex[:12]}"
    settings = make_settings(database.url)
    with engine.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{login}" LOGIN'))
        connection.commit()
    as_login = create_engine(make_url(database.url).set(username=login))
    try:
        with as_login.connect() as connection:
            assert missing_roles(connection, [settings.app_db_role]) == [settings.app_db_role]
        with TestClient(create_app(settings, as_login)) as client:
            response = client.get("/readyz")
        assert response.status_code == 503
        assert settings.app_db_role in response.json()["detail"]
        with engine.connect() as connection:
            connection.execute(text(f'GRANT "{settings.app_db_role}" TO "{login}"'))
            connection.commit()
        with as_login.connect() as connection:
            assert missing_roles(connection, [settings.app_db_role]) == []
    finally:
        as_login.dispose()
        with engine.connect() as connection:
            connection.execute(text(f'DROP ROLE "{login}"'))
            connection.commit()


def test_each_process_checks_the_roles_it_takes() -> None:
    settings = make_settings("postgresql://unused@127.0.0.1/none", statistics_folder=True)
    assert settings.serving_roles() == [
        settings.app_db_role,
        settings.status_list_db_role,
        settings.statistics_sweep_db_role,
    ]
    assert settings.worker_roles() == [settings.app_db_role, settings.job_scan_db_role]
    demo = make_settings("sqlite:///unused.sqlite3", embedded_worker=True)
    assert demo.job_scan_db_role in demo.serving_roles()


def test_demo_hold_practises_on_every_kerneopgave_with_buddy_feedback(
    engine: Engine, settings: Settings
) -> None:
    from praksis.action_learning.models import ActionLearningProject, TrialAction
    from praksis.feedback.models import EvaluationReceipt, TrialActionFeedback, WorkshopEvaluation
    from praksis.kit.db import tenant_session

    seed_demo(engine, settings)
    with tenant_session(engine, "dk-0766", settings.app_db_role) as session:
        projects = session.exec(select(ActionLearningProject)).all()
        modules_with_actions = set(session.exec(select(TrialAction.module_id)).all())
        feedback_kinds = set(session.exec(select(TrialActionFeedback.kind)).all())
        evaluations = session.exec(select(func.count()).select_from(WorkshopEvaluation)).one()
        receipts = session.exec(select(func.count()).select_from(EvaluationReceipt)).one()
        kerneopgaver = set(session.exec(select(Kerneopgave.id)).all())
    assert len(projects) == 22
    assert {p.kerneopgave_id for p in projects} == kerneopgaver
    assert len(modules_with_actions) == 2
    assert feedback_kinds == {"buddy"}
    assert evaluations == receipts


def _demo_headers(settings: Settings, subject: str, tenant: str, *roles: str) -> dict[str, str]:
    from praksis.kit.auth import issue_dev_token

    bearer = issue_dev_token(settings, subject=subject, tenant=tenant, roles=list(roles))
    return {"Authorization": f"Bearer {bearer}"}


def test_demo_holds_leader_sparring_a_guest_speaker_and_horsens_credentials(
    engine: Engine, settings: Settings
) -> None:
    seed_demo(engine, settings)
    seed_demo(engine, settings)  # the second run adds none of them again
    leader = _demo_headers(settings, "hedensted-leder", "dk-0766", "leader")
    hr = _demo_headers(settings, "hedensted-hr", "dk-0766", "hr_admin")
    with TestClient(create_app(settings, engine)) as client:
        meetings = client.get("/api/v1/sparring-meetings?mine=true", headers=leader).json()
        workshops = client.get("/api/v1/workshops?limit=100", headers=hr).json()["items"]
        first = min(workshops, key=lambda workshop: workshop["starts_at"])
        guests = client.get(f"/api/v1/workshops/{first['id']}/guests", headers=hr).json()
        horsens = _horsens_hr(client, settings)
        credentials = client.get("/api/v1/credentials?limit=100", headers=horsens).json()
    held, ahead = meetings["items"]
    assert held["title"].startswith("Sparringsmøde 1") and held["attended"] == held["invited"] - 1
    assert held["my_invitation"]["status"] in {"attended", "absent"}
    assert ahead["my_invitation"]["status"] == "invited" and ahead["attended"] == 0
    assert [(g["name"], g["contribution"]) for g in guests["items"]] == [
        ("Lise Brøndum", "speaker")
    ]
    # "Alle 21 medarbejdere gennemførte uddannelsen"
    assert len(credentials["items"]) == 21
    assert {c["provider"] for c in credentials["items"]} == {"HK Kommunal og KL (Fremfærd Borger)"}
    assert {c["awarded_on"] for c in credentials["items"]} == {"2016-06-01"}


def _horsens_hr(client: TestClient, settings: Settings) -> dict[str, str]:
    """Horsens has no named demo HR person: an HR token for a subject of its own."""
    return _demo_headers(settings, "horsens-hr-test", "dk-0615", "hr_admin")
