"""The load test's database: a seeded template, a scratch copy per run, and the personas.

* ``ensure_template`` migrates and seeds (``praksis migrate`` + ``praksis seed-scale``) a
  template database once per schema and data size; its name carries a hash of both, so a new
  migration or another size builds a new one. A template is marked ready (a comment on the
  database) only after seeding finished; a half-built one is dropped and built again.
* ``fresh_database`` copies the template (``CREATE DATABASE … TEMPLATE``: seconds, not the
  minutes of seeding) into the run's scratch database, dropping any earlier one.
* ``build_personas`` reads, as the database owner, who plays which part in the scenario:
  participants with a place on a running cohort, team leaders of municipalities with an open
  programme, facilitators of running cohorts with a workshop that just ended, HR, the
  partners. The locustfile reads the JSON; everything else it finds through the API.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

REPO = Path(__file__).resolve().parents[2]
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEV_ISSUER = "praksis-dev"
READY = "praksis load-test template: ready"


@dataclass(frozen=True)
class Seed:
    municipalities: int = 6
    people_per_municipality: int = 1000
    seed: int = 1

    def key(self) -> str:
        digest = hashlib.sha256()
        for path in sorted((REPO / "migrations").rglob("*.py")):
            digest.update(path.relative_to(REPO).as_posix().encode())
            digest.update(path.read_bytes())
        for path in sorted((REPO / "backend" / "praksis" / "scale").glob("*.py")):
            digest.update(path.read_bytes())
        digest.update(f"{self.municipalities}/{self.people_per_municipality}/{self.seed}".encode())
        return digest.hexdigest()[:10]


def libpq_url(url: str) -> str:
    """A libpq URL (psycopg) from a SQLAlchemy one (``postgresql+psycopg://``)."""
    scheme, separator, rest = url.partition("://")
    return f"{scheme.split('+')[0]}{separator}{rest}"


def database_url(admin_url: str, name: str) -> str:
    """``admin_url`` with its database replaced by ``name``."""
    base, _, _ = admin_url.rpartition("/")
    return f"{base}/{name}"


def _admin(admin_url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(admin_url, autocommit=True)


def _exists(admin_url: str, name: str) -> tuple[bool, str | None]:
    with _admin(admin_url) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
    return (row is not None, row[0] if row else None)


def drop_database(admin_url: str, name: str) -> None:
    with _admin(admin_url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def praksis_cli(database: str, *args: str, env: dict[str, str] | None = None) -> None:
    """Run ``praksis ARGS`` (this interpreter's) on ``database``."""
    environment = {**os.environ, **(env or {}), "PRAKSIS_DATABASE_URL": database}
    subprocess.run([sys.executable, "-m", "praksis.cli", *args], check=True, env=environment)  # noqa: S603


def ensure_template(admin_url: str, seed: Seed, log: Any = print) -> str:
    """The name of a migrated, seeded template database for ``seed`` (built if missing)."""
    name = f"praksis_load_tpl_{seed.key()}"
    exists, comment = _exists(admin_url, name)
    if exists and comment == READY:
        return name
    if exists:
        drop_database(admin_url, name)
    log(f"building template {name}: migrate + seed-scale {seed} (once; a few minutes)")
    with _admin(admin_url) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = database_url(admin_url, name)
    try:
        praksis_cli(url, "migrate")
        praksis_cli(
            url,
            "seed-scale",
            "--municipalities",
            str(seed.municipalities),
            "--people-per-municipality",
            str(seed.people_per_municipality),
            "--seed",
            str(seed.seed),
        )
        with _admin(url) as connection:
            connection.execute("VACUUM ANALYZE")
        with _admin(admin_url) as connection:
            connection.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(READY)
                )
            )
    except BaseException:
        drop_database(admin_url, name)
        raise
    return name


def fresh_database(admin_url: str, template: str, name: str) -> str:
    """A new database ``name``, a copy of ``template``; its URL."""
    drop_database(admin_url, name)
    with _admin(admin_url) as connection:
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    return database_url(admin_url, name)


# --- personas ---------------------------------------------------------------------------------

PARTICIPANTS = """
SELECT e.municipality_id, min(p.subject)
FROM enrolments e
JOIN cohorts c ON c.municipality_id = e.municipality_id AND c.id = e.cohort_id
JOIN people p ON p.municipality_id = e.municipality_id AND p.id = e.person_id
WHERE e.status = 'approved' AND c.status = 'running' AND p.subject IS NOT NULL
GROUP BY e.municipality_id, e.person_id
ORDER BY e.municipality_id, e.person_id
"""

# team leaders, where the municipality has a programme open for nominations
LEADERS = """
SELECT l.municipality_id, p.subject
FROM org_unit_leaders l
JOIN org_units u ON u.municipality_id = l.municipality_id AND u.id = l.org_unit_id
JOIN people p ON p.municipality_id = l.municipality_id AND p.id = l.person_id
WHERE u.kind = 'team' AND p.subject IS NOT NULL
  AND EXISTS (SELECT 1 FROM programmes g
              WHERE g.municipality_id = l.municipality_id AND g.status = 'open')
  AND EXISTS (SELECT 1 FROM people m
              WHERE m.municipality_id = l.municipality_id AND m.org_unit_id = u.id
                AND m.id <> l.person_id)
ORDER BY l.municipality_id, p.id
"""

# facilitators of running cohorts with a workshop that ended in the last four weeks
FACILITATORS = """
SELECT DISTINCT f.municipality_id, p.subject
FROM workshop_facilitators f
JOIN workshops w ON w.municipality_id = f.municipality_id AND w.id = f.workshop_id
JOIN cohorts c ON c.municipality_id = w.municipality_id AND c.id = w.cohort_id
JOIN people p ON p.municipality_id = f.municipality_id AND p.id = f.person_id
WHERE c.status = 'running' AND w.status <> 'cancelled' AND p.subject IS NOT NULL
  AND w.ends_at < now() AND w.ends_at > now() - interval '28 days'
ORDER BY 1, 2
"""

HR = """
SELECT municipality_id, subject FROM people
WHERE job_title = 'HR-konsulent' AND subject IS NOT NULL
ORDER BY municipality_id, id
"""

SIZES = "SELECT municipality_id, count(*) FROM people GROUP BY 1 ORDER BY 1"
PARTNERS = "SELECT DISTINCT partner FROM partner_offerings ORDER BY 1"


def _grouped(connection: psycopg.Connection[Any], query: str) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    prefix = f"{DEV_ISSUER}|"
    for municipality, subject in connection.execute(query):
        if subject.startswith(prefix):
            grouped.setdefault(municipality, []).append(subject[len(prefix) :])
    return grouped


def build_personas(url: str) -> dict[str, Any]:
    """Who plays which part, per municipality (``sub`` claims of the development issuer)."""
    with psycopg.connect(libpq_url(url)) as connection:
        sizes = dict(connection.execute(SIZES).fetchall())
        parts = {
            "participant": _grouped(connection, PARTICIPANTS),
            "leader": _grouped(connection, LEADERS),
            "facilitator": _grouped(connection, FACILITATORS),
            "hr_admin": _grouped(connection, HR),
        }
        partners = [row[0] for row in connection.execute(PARTNERS)]
    municipalities = {
        municipality: {
            "people": size,
            **{part: subjects.get(municipality, []) for part, subjects in parts.items()},
        }
        for municipality, size in sizes.items()
        if parts["participant"].get(municipality) and parts["hr_admin"].get(municipality)
    }
    return {"municipalities": municipalities, "partners": partners}


def write_personas(url: str, path: Path) -> dict[str, Any]:
    personas = build_personas(url)
    path.write_text(json.dumps(personas, indent=1), encoding="utf-8")
    return personas
