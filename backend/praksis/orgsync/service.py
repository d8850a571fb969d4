"""The org sync: one municipality's org units, people and unit leaders made as OS2mo has them.

``sync_municipality`` reads OS2mo whole first (``orgsync.os2mo``, no transaction open while
it waits on the network), then applies the snapshot in one tenant transaction of the
municipality, acting as the service ``praksis sync-os2mo`` in the audit trail. A dry run
does all of it and rolls back, so its report is exactly what a real run would do.

What the sync owns: the units and people whose ``external_id`` is an OS2mo uuid (written in
its canonical lower-case form); units and people HR made by hand or imported under other ids
are left alone. In those it owns:

* **units** are placed by OS2mo's tree below the configured root (or OS2mo's top units): the
  first level becomes forvaltninger, the second afdelinger, deeper ones teams; created,
  renamed, moved and re-kinded as OS2mo says. A unit gone from OS2mo is **retired**
  (``retired_on``), never deleted: programmes aimed at it, the statistics and the people who
  were in it still name it. A retired unit that comes back is reinstated.
* **people** are upserted through the people import (``people.csv_import.upsert_people``,
  the same validation and writes as a CSV or bulk import, under the same per-municipality
  lock): name, work e-mail, job title (the job function of their primary engagement) and unit
  (that engagement's unit). Someone with no current engagement in a synced unit has **left**:
  ``left_on`` becomes the day of the sync, and everything they took part in stays (their
  enrolments, feedback and credentials; the retention job erases them later, if configured).
  Someone who comes back has ``left_on`` cleared.
* **leaders** of a synced unit are OS2mo's managers of it who are current people here.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from praksis.audit.trail import AuditAction, AuditObject, record_changes
from praksis.kit.context import TenantContext
from praksis.kit.db import utc_now
from praksis.kit.jobs import JobRuntime, job_context
from praksis.kit.permissions import Permission
from praksis.municipalities.service import load_municipality
from praksis.orgsync.os2mo import Os2moEngagement, Os2moUnavailable, Snapshot, read_snapshot
from praksis.people.csv_import import (
    ImportInProgress,
    ImportRow,
    hold_import_lock,
    repeated_external_ids,
    upsert_people,
)
from praksis.people.models import OrgUnit, OrgUnitKind, Person
from praksis.people.schemas import NAME_MAX, ImportOutcome
from praksis.people.service import (
    add_org_unit,
    leader_ids_of,
    org_unit_audit_fields,
    person_audit_fields,
    record_person_changes,
    replace_unit_leaders,
)
from praksis.settings import Os2moConnection

SYNC_ACTOR = "praksis sync-os2mo"
SYNC_PERMISSIONS = (Permission.org_units_write, Permission.people_write, Permission.leaders_appoint)
log = logging.getLogger("praksis.orgsync")
KIND_AT_DEPTH = (OrgUnitKind.forvaltning, OrgUnitKind.afdeling)  # deeper: team


class SyncRefused(Exception):
    """The sync cannot run for this municipality (unknown, not configured, or OS2mo's answer
    would undo the whole organisation); nothing was changed."""


@dataclass
class SyncReport:
    """What a sync did (or, as a dry run, would do): units by name, people by OS2mo uuid."""

    municipality_id: str
    dry_run: bool = False
    units_created: list[str] = field(default_factory=list)
    units_updated: list[str] = field(default_factory=list)
    units_moved: list[str] = field(default_factory=list)
    units_retired: list[str] = field(default_factory=list)
    units_reinstated: list[str] = field(default_factory=list)
    people_created: list[str] = field(default_factory=list)
    people_updated: list[str] = field(default_factory=list)
    people_moved: list[str] = field(default_factory=list)
    people_left: list[str] = field(default_factory=list)
    people_returned: list[str] = field(default_factory=list)
    people_rejected: dict[str, str] = field(default_factory=dict)
    leaders_changed: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.people_rejected)

    def counts(self) -> str:
        """How many of each change, in one line."""
        return (
            f"units: {len(self.units_created)} created, {len(self.units_updated)} updated "
            f"({len(self.units_moved)} moved, {len(self.units_reinstated)} reinstated), "
            f"{len(self.units_retired)} retired; people: {len(self.people_created)} created, "
            f"{len(self.people_updated)} updated ({len(self.people_moved)} moved), "
            f"{len(self.people_left)} left, {len(self.people_returned)} returned, "
            f"{len(self.people_rejected)} refused; leaders changed in "
            f"{len(self.leaders_changed)} unit(s)"
        )

    def text(self) -> str:
        """The report for an operator: the counts, then the units by name and the people
        whose OS2mo data was refused (by OS2mo uuid; no names of people)."""
        lines = [
            self.municipality_id + (" (dry run: nothing was changed)" if self.dry_run else ""),
            *(f"  {part}" for part in self.counts().split("; ")),
        ]
        for label, names in (
            ("created unit", self.units_created),
            ("moved unit", self.units_moved),
            ("retired unit", self.units_retired),
            ("reinstated unit", self.units_reinstated),
            ("leaders changed", self.leaders_changed),
        ):
            lines.extend(f"  {label}: {name}" for name in names)
        lines.extend(
            f"  refused person {external_id}: {reason}"
            for external_id, reason in sorted(self.people_rejected.items())
        )
        return "\n".join(lines)


@dataclass(frozen=True)
class PlannedUnit:
    """A unit as the sync places it: OS2mo's uuid, its parent's (None at the top), its kind."""

    external_id: str
    name: str
    parent_external_id: str | None
    kind: OrgUnitKind


@dataclass(frozen=True)
class SyncOutcome:
    """One municipality's sync: its report, or why it was not synced (nothing changed)."""

    municipality_id: str
    report: SyncReport | None
    error: str | None

    @property
    def failed(self) -> bool:
        return self.report is None or self.report.has_errors


class ScheduledSyncFailed(Exception):
    """The scheduled sync could not sync every municipality (the others were synced); the
    job fails, and stays in the queue's table to be looked at."""


class _DryRun(Exception):
    def __init__(self, report: SyncReport) -> None:
        self.report = report


def sync_municipality(
    runtime: JobRuntime,
    municipality_id: str,
    connection: Os2moConnection,
    today: date,
    *,
    dry_run: bool = False,
) -> SyncReport:
    """Read the municipality's OS2mo, then apply it in one tenant transaction (rolled back
    for a dry run). Raises ``SyncRefused`` or ``Os2moUnavailable`` with nothing changed."""
    municipality = load_municipality(runtime.engine, municipality_id)
    if municipality is None:
        raise SyncRefused(f"There is no municipality {municipality_id}.")
    snapshot = read_snapshot(connection)
    units = plan_units(snapshot, connection.root_uuid)
    if not units:
        raise SyncRefused(
            "OS2mo answered with no org units"
            + ("" if connection.root_uuid is None else f" under {connection.root_uuid}")
            + "; nothing was changed (a sync would have retired every unit)."
        )
    try:
        with job_context(runtime, municipality, SYNC_ACTOR, SYNC_PERMISSIONS) as context:
            report = apply_snapshot(context, snapshot, units, today)
            if dry_run:
                raise _DryRun(report)
    except _DryRun as rolled_back:
        report = rolled_back.report
        report.dry_run = True
    return report


def sync_municipalities(
    runtime: JobRuntime, municipality_ids: Iterable[str], today: date, *, dry_run: bool = False
) -> list[SyncOutcome]:
    """Each municipality in turn, each read and written on its own, by its connection in
    ``PRAKSIS_OS2MO_CONNECTIONS``; one that cannot be synced does not stop the others
    (``praksis sync-os2mo`` and the scheduled job)."""
    outcomes = []
    for municipality_id in municipality_ids:
        connection = runtime.settings.os2mo_connections.get(municipality_id)
        if connection is None:
            error = "no OS2mo connection in PRAKSIS_OS2MO_CONNECTIONS"
            outcomes.append(SyncOutcome(municipality_id, None, error))
            continue
        try:
            report = sync_municipality(runtime, municipality_id, connection, today, dry_run=dry_run)
        except (SyncRefused, Os2moUnavailable, ImportInProgress) as refused:
            outcomes.append(SyncOutcome(municipality_id, None, str(refused)))
            continue
        except Exception as error:  # a defect or the database: logged, the others go on
            log.exception("os2mo sync failed", extra={"municipality": municipality_id})
            outcomes.append(SyncOutcome(municipality_id, None, f"failed: {error!r}"))
            continue
        outcomes.append(SyncOutcome(municipality_id, report, None))
    return outcomes


def scheduled_sync(runtime: JobRuntime, due: datetime) -> list[SyncOutcome]:
    """The job's work at ``due`` (UTC): every configured municipality if the hour is one of
    ``PRAKSIS_OS2MO_SYNC_HOURS``, else nothing. Logs each outcome (counts, no names)."""
    settings = runtime.settings
    if due.hour not in settings.os2mo_sync_hours:
        return []
    outcomes = sync_municipalities(runtime, sorted(settings.os2mo_connections), due.date())
    for outcome in outcomes:
        if outcome.report is None:
            log.warning(
                "os2mo sync refused: %s",
                outcome.error,
                extra={"municipality": outcome.municipality_id},
            )
        else:
            log.info(
                "os2mo sync: %s",
                outcome.report.counts(),
                extra={"municipality": outcome.municipality_id},
            )
    failed = [outcome.municipality_id for outcome in outcomes if outcome.failed]
    if failed:
        raise ScheduledSyncFailed(f"not synced, or people refused, in {', '.join(failed)}")
    return outcomes


def plan_units(snapshot: Snapshot, root: uuid.UUID | None) -> list[PlannedUnit]:
    """The units to sync, parents before children: those below ``root`` (else OS2mo's top
    units and everything below them), each kind by its depth."""
    children: dict[str | None, list[str]] = {}
    for unit in snapshot.units.values():
        parent = unit.parent_uuid if unit.parent_uuid in snapshot.units else None
        children.setdefault(parent, []).append(unit.uuid)
    top = str(root) if root is not None else None
    planned: list[PlannedUnit] = []
    seen: set[str] = set()
    queue: deque[tuple[str, str | None, int]] = deque(
        (child, None, 0) for child in _by_name(snapshot, children.get(top, []))
    )
    while queue:
        external_id, parent, depth = queue.popleft()
        if external_id in seen:
            continue
        seen.add(external_id)
        kind = KIND_AT_DEPTH[depth] if depth < len(KIND_AT_DEPTH) else OrgUnitKind.team
        name = snapshot.units[external_id].name.strip()[:NAME_MAX] or external_id
        planned.append(PlannedUnit(external_id, name, parent, kind))
        for child in _by_name(snapshot, children.get(external_id, [])):
            queue.append((child, external_id, depth + 1))
    return planned


def _by_name(snapshot: Snapshot, uuids: Iterable[str]) -> list[str]:
    return sorted(uuids, key=lambda unit: (snapshot.units[unit].name, unit))


def apply_snapshot(
    context: TenantContext, snapshot: Snapshot, units: list[PlannedUnit], today: date
) -> SyncReport:
    """Units, then people, then leaders, in the context's transaction."""
    report = SyncReport(context.tenant)
    hold_import_lock(context)
    unit_ids = _sync_units(context, units, today, report)
    current_people = _sync_people(context, snapshot, set(unit_ids), today, report)
    _sync_leaders(context, snapshot, unit_ids, current_people, report)
    for names in (
        report.units_created,
        report.units_updated,
        report.units_moved,
        report.units_retired,
        report.units_reinstated,
        report.people_created,
        report.people_updated,
        report.people_moved,
        report.people_left,
        report.people_returned,
        report.leaders_changed,
    ):
        names.sort()
    return report


def is_os2mo_id(external_id: str | None) -> bool:
    """Whether an external id is one the sync owns: a uuid in its canonical form."""
    if external_id is None:
        return False
    try:
        return str(uuid.UUID(external_id)) == external_id
    except ValueError:
        return False


# --- units -----------------------------------------------------------------------------------


def _sync_units(
    context: TenantContext, planned: list[PlannedUnit], today: date, report: SyncReport
) -> dict[str, uuid.UUID]:
    """Create, change and retire the owned units; the unit id of each planned unit."""
    session = context.session
    owned = {
        unit.external_id: unit
        for unit in session.exec(select(OrgUnit)).all()
        if unit.external_id is not None and is_os2mo_id(unit.external_id)
    }
    unit_ids: dict[str, uuid.UUID] = {}
    for wanted in planned:
        parent_id = (
            None if wanted.parent_external_id is None else unit_ids[wanted.parent_external_id]
        )
        unit = owned.get(wanted.external_id)
        if unit is None:
            unit = add_org_unit(context, wanted.name, wanted.kind, parent_id, wanted.external_id)
            report.units_created.append(wanted.name)
        else:
            _update_unit(context, unit, wanted, parent_id, report)
        unit_ids[wanted.external_id] = unit.id
    for external_id, unit in owned.items():
        if external_id not in unit_ids and unit.retired_on is None:
            _retire_unit(context, unit, today)
            report.units_retired.append(unit.name)
    session.flush()
    return unit_ids


def _update_unit(
    context: TenantContext,
    unit: OrgUnit,
    wanted: PlannedUnit,
    parent_id: uuid.UUID | None,
    report: SyncReport,
) -> None:
    was = org_unit_audit_fields(unit)
    moved, reinstated = unit.parent_id != parent_id, unit.retired_on is not None
    unit.name, unit.kind, unit.parent_id, unit.retired_on = (
        wanted.name,
        wanted.kind,
        parent_id,
        None,
    )
    now = org_unit_audit_fields(unit)
    if now == was:
        return
    unit.updated_at = utc_now()
    context.session.add(unit)
    record_changes(context, AuditAction.org_unit_updated, AuditObject.org_unit, unit.id, was, now)
    report.units_updated.append(wanted.name)
    if moved:
        report.units_moved.append(wanted.name)
    if reinstated:
        report.units_reinstated.append(wanted.name)


def _retire_unit(context: TenantContext, unit: OrgUnit, today: date) -> None:
    """Retired, not deleted; a retired unit leads nobody."""
    was = org_unit_audit_fields(unit)
    unit.retired_on = today
    unit.updated_at = utc_now()
    context.session.add(unit)
    record_changes(
        context,
        AuditAction.org_unit_updated,
        AuditObject.org_unit,
        unit.id,
        was,
        org_unit_audit_fields(unit),
    )
    replace_unit_leaders(context, unit.id, [])


# --- people ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _StoredPerson:
    id: uuid.UUID
    fields: dict[str, Any]


def _sync_people(
    context: TenantContext,
    snapshot: Snapshot,
    synced_units: set[str],
    today: date,
    report: SyncReport,
) -> dict[str, uuid.UUID]:
    """Upsert the engaged people, mark the leavers; the current (not left) owned people."""
    before = _owned_people(context)
    engaged = primary_engagements(snapshot.engagements, synced_units)
    rows: list[ImportRow] = []
    for person_uuid, engagement in sorted(engaged.items()):
        name = snapshot.person_names.get(person_uuid)
        if name is None:
            report.people_rejected[person_uuid] = "OS2mo has an engagement but no such person."
            continue
        values = {
            "external_id": person_uuid,
            "name": name,
            "email": snapshot.emails.get(person_uuid),
            "job_title": engagement.job_function,
            "org_unit_external_id": engagement.org_unit_uuid,
            "left_on": None,
        }
        rows.append(ImportRow(len(rows) + 1, {key: _text(value) for key, value in values.items()}))
    for external_id, person in sorted(before.items()):
        if external_id not in engaged and person.fields["left_on"] is None:
            # the import needs the name on every line; it is the one the person has
            values = {"name": person.fields["name"], "left_on": today.isoformat()}
            rows.append(ImportRow(len(rows) + 1, {"external_id": external_id, **values}))
    result = upsert_people(context, rows, repeated_external_ids(rows), dry_run=False)
    for line in orjson.loads(result.json())["lines"]:
        if line["outcome"] == ImportOutcome.rejected:
            messages = "; ".join(error["message"] for error in line["errors"])
            report.people_rejected[line["external_id"]] = messages
    after = _owned_people(context)
    _report_people(context, before, after, report)
    return {
        external_id: person.id
        for external_id, person in after.items()
        if person.fields["left_on"] is None
    }


def primary_engagements(
    engagements: Iterable[Os2moEngagement], synced_units: set[str]
) -> dict[str, Os2moEngagement]:
    """Each person's engagement that places them: the primary one, else the earliest; only
    engagements in synced units count."""
    chosen: dict[str, Os2moEngagement] = {}
    for engagement in engagements:
        if engagement.org_unit_uuid not in synced_units:
            continue
        held = chosen.get(engagement.person_uuid)
        if held is None or _placement_order(engagement) < _placement_order(held):
            chosen[engagement.person_uuid] = engagement
    return chosen


def _placement_order(engagement: Os2moEngagement) -> tuple[bool, date, str]:
    return (not engagement.is_primary, engagement.starts or date.min, engagement.org_unit_uuid)


def _text(value: str | None) -> str | None:
    return None if value is None else value.strip() or None


def _owned_people(context: TenantContext) -> dict[str, _StoredPerson]:
    """The people the sync owns (an OS2mo uuid as external id), by it."""
    statement = (
        sa_select(Person)
        .where(col(Person.external_id).is_not(None))
        .execution_options(populate_existing=True)  # the import wrote with bulk statements
    )
    rows = context.session.execute(statement).scalars()
    return {
        person.external_id: _StoredPerson(person.id, person_audit_fields(person))
        for person in rows
        if person.external_id is not None and is_os2mo_id(person.external_id)
    }


def _report_people(
    context: TenantContext,
    before: dict[str, _StoredPerson],
    after: dict[str, _StoredPerson],
    report: SyncReport,
) -> None:
    for external_id, now in after.items():
        was = before.get(external_id)
        if was is None:
            report.people_created.append(external_id)
            continue
        if now.fields == was.fields:
            continue
        record_person_changes(context, now.id, was.fields, now.fields)
        report.people_updated.append(external_id)
        if was.fields["left_on"] is None and now.fields["left_on"] is not None:
            report.people_left.append(external_id)
        elif was.fields["left_on"] is not None and now.fields["left_on"] is None:
            report.people_returned.append(external_id)
        if was.fields["org_unit_id"] != now.fields["org_unit_id"]:
            report.people_moved.append(external_id)


# --- leaders ---------------------------------------------------------------------------------


def _sync_leaders(
    context: TenantContext,
    snapshot: Snapshot,
    unit_ids: dict[str, uuid.UUID],
    current_people: dict[str, uuid.UUID],
    report: SyncReport,
) -> None:
    wanted: dict[uuid.UUID, list[uuid.UUID]] = {unit_id: [] for unit_id in unit_ids.values()}
    for unit_uuid, person_uuid in snapshot.managers:
        if unit_uuid in unit_ids and person_uuid in current_people:
            wanted[unit_ids[unit_uuid]].append(current_people[person_uuid])
    current = leader_ids_of(context.session, wanted)
    names = _unit_names(
        context, [unit for unit in wanted if set(wanted[unit]) != set(current[unit])]
    )
    for unit_id, name in names.items():
        replace_unit_leaders(context, unit_id, list(dict.fromkeys(wanted[unit_id])))
        report.leaders_changed.append(name)


def _unit_names(context: TenantContext, unit_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not unit_ids:
        return {}
    rows = context.session.exec(
        select(OrgUnit.id, OrgUnit.name).where(col(OrgUnit.id).in_(unit_ids))
    ).all()
    return dict(rows)
