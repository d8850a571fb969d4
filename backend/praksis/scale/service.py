"""``praksis seed-scale``: load generated municipalities in bulk, then rebuild the aggregates.

PostgreSQL: one transaction per municipality, COPY per table in foreign-key order, as the
owner of the tables with the transaction's tenant set (so the row-level security policies
hold even for a non-superuser owner), then ANALYZE. SQLite: executemany per table, one
transaction per municipality. Only one municipality's rows are in memory at a time.
"""

from __future__ import annotations

import importlib
import json
import queue
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from psycopg import sql
from sqlalchemy import JSON, Connection, Table, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from praksis.kit.db import metadata, system_session, tenant_tables
from praksis.municipalities.models import Country
from praksis.municipalities.offboarding import (
    confine_to_municipality,
    delete_municipality_data,
    is_superuser,
)
from praksis.municipalities.service import upsert_municipality
from praksis.programmes.models import PartnerOffering, PartnerOfferingMember
from praksis.scale import texts
from praksis.scale.generator import Offerings, Rows, generate_municipality, municipality_sizes
from praksis.scale.municipalities import DANISH_MUNICIPALITIES, DanishMunicipality
from praksis.scale.texts import ProgrammeTemplate

TIME_ZONE = "Europe/Copenhagen"
# The statistics' maintained aggregates (the partner view's offering cells and the
# municipality view's tallies): a bulk load bypasses the ORM hooks that maintain them, so they
# are rebuilt once at the end.
AGGREGATES_MODULE = "praksis.statistics.folding"
REBUILD_FUNCTION = "rebuild_statistics"
HK_EVERY = 3  # every third municipality takes part in HK's offering
MIN_PEOPLE = 16


class ExistingData(Exception):
    """The database already has data for some of the municipalities (use ``replace``)."""

    def __init__(self, municipality_ids: Sequence[str]) -> None:
        self.municipality_ids = list(municipality_ids)
        shown = ", ".join(self.municipality_ids[:8])
        more = f" and {len(self.municipality_ids) - 8} more" if len(municipality_ids) > 8 else ""
        super().__init__(
            f"The database already has data for {shown}{more}; "
            "run with --replace to delete it first."
        )


@dataclass(frozen=True)
class ScaleOptions:
    municipalities: int = len(DANISH_MUNICIPALITIES)
    people_per_municipality: int = 2000
    seed: int = 1
    replace: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.municipalities <= len(DANISH_MUNICIPALITIES):
            raise ValueError(f"--municipalities must be 1 to {len(DANISH_MUNICIPALITIES)}")
        if self.people_per_municipality < MIN_PEOPLE:
            raise ValueError(f"--people-per-municipality must be at least {MIN_PEOPLE}")


@dataclass
class ScaleReport:
    municipality_ids: list[str]
    counts: Counter[str] = field(default_factory=Counter)
    replaced: list[str] = field(default_factory=list)
    load_seconds: float = 0.0
    rebuild_seconds: float = 0.0
    aggregate_rows: int | None = None  # None: no aggregate rebuild available


def chosen_municipalities(count: int) -> tuple[DanishMunicipality, ...]:
    return DANISH_MUNICIPALITIES[:count]


def seed_scale(engine: Engine, options: ScaleOptions, issuer: str) -> ScaleReport:
    """Generate and load ``options.municipalities`` municipalities; refuses to touch ones
    that have data unless ``options.replace``."""
    chosen = chosen_municipalities(options.municipalities)
    ids = [m.id for m in chosen]
    report = ScaleReport(ids)
    started = time.perf_counter()
    with system_session(engine) as session:
        for municipality in chosen:
            upsert_municipality(
                session, Country.DK, municipality.code, municipality.name, TIME_ZONE
            )
    with engine.connect() as connection:
        existing = [m for m in ids if _has_data(connection, m)]
    if existing and not options.replace:
        raise ExistingData(existing)
    for municipality_id in existing:
        delete_municipality_data(engine, municipality_id)
    report.replaced = existing
    offerings = _offerings(engine, chosen)
    sizes = municipality_sizes([m.population for m in chosen], options.people_per_municipality)

    def generated() -> Iterator[Rows]:
        for index, (municipality, size) in enumerate(zip(chosen, sizes, strict=True)):
            hk = offerings["hk"] if index % HK_EVERY == 0 else None
            rows = generate_municipality(
                municipality.id,
                municipality.name,
                size,
                options.seed,
                issuer,
                Offerings(kl=offerings["kl"], hk=hk),
            )
            report.counts.update({table: len(values) for table, values in rows.tables.items()})
            yield rows

    _write_all(engine, generated())
    report.counts["municipalities"] = len(chosen)
    _analyze(engine)
    report.load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    report.aggregate_rows = rebuild_aggregates(engine)
    _analyze(engine, vacuum=False)  # the planner's view of the tables the rebuild filled
    report.rebuild_seconds = time.perf_counter() - started
    return report


def rebuild_aggregates(engine: Engine) -> int | None:
    """Recompute the maintained statistics, if this build has them (imported lazily)."""
    try:
        module = importlib.import_module(AGGREGATES_MODULE)
    except ModuleNotFoundError:
        return None
    rebuild: Callable[[Engine], int] | None = getattr(module, REBUILD_FUNCTION, None)
    return None if rebuild is None else int(rebuild(engine))


# --- what is there already -------------------------------------------------------------------


def _has_data(connection: Connection, municipality_id: str) -> bool:
    with connection.begin():
        confine_to_municipality(connection, municipality_id)
        exists = " OR ".join(
            f"EXISTS (SELECT 1 FROM {table} WHERE municipality_id = :m)"  # noqa: S608
            for table in tenant_tables()
        )
        return bool(connection.execute(text(f"SELECT {exists}"), {"m": municipality_id}).scalar())


# --- the partners' offerings -----------------------------------------------------------------


def _offerings(engine: Engine, chosen: Sequence[DanishMunicipality]) -> dict[str, uuid.UUID]:
    """KL's offering with every municipality, HK's with every third (created once, like the
    demo's offerings; members added as needed)."""
    members = {
        "kl": [m.id for m in chosen],
        "hk": [m.id for index, m in enumerate(chosen) if index % HK_EVERY == 0],
    }
    templates = {"kl": texts.KL_OFFERING, "hk": texts.HK_OFFERING}
    found: dict[str, uuid.UUID] = {}
    with system_session(engine) as session:
        for partner, template in templates.items():
            offering = _offering(session, partner, template)
            present = set(
                session.exec(
                    select(PartnerOfferingMember.member_municipality_id).where(
                        PartnerOfferingMember.offering_id == offering
                    )
                ).all()
            )
            session.add_all(
                PartnerOfferingMember(offering_id=offering, member_municipality_id=m)
                for m in members[partner]
                if m not in present
            )
            found[partner] = offering
    return found


def _offering(session: Session, partner: str, template: ProgrammeTemplate) -> uuid.UUID:
    existing = session.exec(
        select(PartnerOffering).where(
            PartnerOffering.partner == partner, PartnerOffering.title == template.title
        )
    ).first()
    if existing is None:
        existing = PartnerOffering(
            partner=partner,
            title=template.title,
            description=template.description,
            kind=template.kind,
            min_participants_per_org_unit=2 if partner == "kl" else None,
            grading=template.grading,
        )
        session.add(existing)
        session.flush()
    return existing.id


# --- writing ---------------------------------------------------------------------------------


def _write_all(engine: Engine, batches: Iterator[Rows]) -> None:
    """Write each municipality in its own transaction. On PostgreSQL a second thread ships
    one municipality while the next is generated (the server works while Python does), with
    at most two municipalities in memory."""
    if engine.dialect.name != "postgresql":
        for rows in batches:
            _insert_municipality(engine, rows)
        return
    bypass_triggers = is_superuser(engine)
    pending: queue.Queue[Rows | None] = queue.Queue(maxsize=1)
    failure: list[BaseException] = []

    def ship() -> None:
        while (rows := pending.get()) is not None:
            if not failure:
                try:
                    _copy_municipality(engine, rows, bypass_triggers)
                except BaseException as error:  # handed to the generating thread
                    failure.append(error)

    shipper = threading.Thread(target=ship, name="seed-scale-copy")
    shipper.start()
    try:
        for rows in batches:
            if failure:
                break
            pending.put(rows)
    finally:
        pending.put(None)
        shipper.join()
    if failure:
        raise failure[0]


def _ordered(rows: Rows) -> list[tuple[Table, list[tuple[Any, ...]]]]:
    return [
        (table, rows.tables[table.name])
        for table in metadata.sorted_tables
        if rows.tables.get(table.name)
    ]


def _copy_municipality(engine: Engine, rows: Rows, bypass_triggers: bool) -> None:
    """COPY every table of one municipality in one transaction.

    A superuser skips the row-by-row foreign-key triggers (``session_replication_role``) and
    checks every foreign key of the municipality's rows in one anti-join per key instead,
    before committing; unique and check constraints apply as always.
    """
    with engine.connect() as connection, connection.begin():
        confine_to_municipality(connection, rows.municipality_id)
        if bypass_triggers:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        driver = connection.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor:
            for table, values in _ordered(rows):
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table.name),
                    sql.SQL(", ").join(sql.Identifier(c.name) for c in table.columns),
                )
                lists = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
                with cursor.copy(statement) as copy:
                    for row in values:
                        copy.write_row(_with_json(row, lists) if lists else row)
        if bypass_triggers:
            connection.execute(text("SET LOCAL session_replication_role = origin"))
            _check_foreign_keys(connection, rows)


def _check_foreign_keys(connection: Connection, rows: Rows) -> None:
    for table, _values in _ordered(rows):
        for key in table.foreign_key_constraints:
            columns = [column.name for column in key.columns]
            targets = [element.column.name for element in key.elements]
            parent = key.referred_table.name
            joined = " AND ".join(
                f"p.{target} = c.{column}" for column, target in zip(columns, targets, strict=True)
            )
            present = " AND ".join(f"c.{column} IS NOT NULL" for column in columns)
            where = "c.municipality_id = :m AND " if "municipality_id" in table.columns else ""
            if "municipality_id" in key.referred_table.columns:
                joined += " AND p.municipality_id = :m"  # lets the planner stay in one tenant
            broken = connection.execute(
                text(
                    f"SELECT count(*) FROM {table.name} c WHERE {where}{present} "  # noqa: S608
                    f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE {joined})"
                ),
                {"m": rows.municipality_id},
            ).scalar()
            if broken:
                raise ValueError(f"{table.name}: {broken} rows break {key.name}")


def _with_json(row: tuple[Any, ...], positions: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for position in positions:
        values[position] = json.dumps(values[position], ensure_ascii=False)
    return tuple(values)


def _insert_municipality(engine: Engine, rows: Rows) -> None:
    with engine.begin() as connection:
        for table, values in _ordered(rows):
            names = list(table.columns.keys())
            connection.execute(
                table.insert(), [dict(zip(names, row, strict=True)) for row in values]
            )


def _analyze(engine: Engine, *, vacuum: bool = True) -> None:
    """Fresh statistics for the planner; on PostgreSQL also VACUUM, so the visibility map and
    hint bits are set once here rather than by the first requests (index-only scans)."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
            )
        else:
            connection.execute(text("ANALYZE"))
            connection.commit()
