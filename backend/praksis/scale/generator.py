"""One municipality's rows, generated in memory as they would have come through the API.

Every rule the API enforces holds: a person has one active enrolment per programme; cohorts
hold at most their capacity and have a waiting list only when full; learning groups (4–6) and
buddy pairs are drawn from a cohort's approved or completed participants; nobody is booked
into two overlapping workshops (each programme of a municipality has its own weekly "lane",
and a facilitator leads one cohort per programme); attendance is recorded for participants of
past workshops, and only those present evaluate (a receipt per answer, the answer without an
author); grades only on 7-point programmes, pass/fail only on pass/fail programmes; trial
actions use their cohort's programme's modules and are done only with a story; feedback comes
from an owner's buddy, learning group, leader or an invited colleague, never from an owner;
transfer follow-ups exist for completed enrolments whose follow-up date has come.

Everything is drawn from one ``random.Random`` per municipality (seeded with the run's seed and
the municipality id), so a run is deterministic and a municipality's data does not depend on
how many others are generated. The data describes the state at ``REFERENCE``.
"""

from __future__ import annotations

import math
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from praksis.action_learning.models import ProjectPhase, ProjectStatus, TrialActionStatus
from praksis.cohorts.models import CohortStatus
from praksis.enrolments.models import EnrolmentStatus
from praksis.feedback.models import FeedbackKind
from praksis.people.models import OrgUnitKind, new_record_key
from praksis.programmes.models import Grading, ProgrammeStatus
from praksis.scale import texts
from praksis.scale.texts import ProgrammeTemplate
from praksis.workshops.models import AttendanceStatus, WorkshopKind, WorkshopStatus

ZONE = ZoneInfo("Europe/Copenhagen")
REFERENCE = datetime(2026, 11, 23, 16, 0, tzinfo=ZONE)
REFERENCE_DAY = REFERENCE.date()
EPOCH = date(2022, 1, 3)  # a Monday: week numbers of the workshop lanes count from here
MAX_PROGRAMMES = 45  # 5 weekdays x 3 sessions x 3 week residues: one lane per programme
SESSIONS = ((time(8, 30), time(11, 15)), (time(11, 45), time(14, 30)), (time(14, 45), time(17, 30)))
GRADE_WEIGHTS = ((12, 10), (10, 22), (7, 30), (4, 20), (2, 10), (0, 5), (-3, 3))
GROUP_MIN, GROUP_MAX = 4, 6
ENROLMENTS_PER_PERSON = 1.13  # before cancellations and drafts: about one in the end
PASS_MARK = 2

# Shares of a programme's enrolments by the programme's status (the rest of the funnel).
SHARES: dict[ProgrammeStatus, tuple[tuple[EnrolmentStatus, float], ...]] = {
    ProgrammeStatus.completed: (
        (EnrolmentStatus.completed, 0.78),
        (EnrolmentStatus.withdrawn, 0.09),
        (EnrolmentStatus.declined, 0.13),
    ),
    ProgrammeStatus.running: (
        (EnrolmentStatus.approved, 0.72),
        (EnrolmentStatus.waitlisted, 0.05),
        (EnrolmentStatus.nominated, 0.05),
        (EnrolmentStatus.withdrawn, 0.08),
        (EnrolmentStatus.declined, 0.10),
    ),
    ProgrammeStatus.open: (
        (EnrolmentStatus.nominated, 0.40),
        (EnrolmentStatus.approved, 0.40),
        (EnrolmentStatus.waitlisted, 0.04),
        (EnrolmentStatus.withdrawn, 0.06),
        (EnrolmentStatus.declined, 0.10),
    ),
    ProgrammeStatus.cancelled: (
        (EnrolmentStatus.declined, 0.6),
        (EnrolmentStatus.withdrawn, 0.4),
    ),
}
STATUS_CYCLE = (
    ProgrammeStatus.completed,
    ProgrammeStatus.running,
    ProgrammeStatus.completed,
    ProgrammeStatus.open,
    ProgrammeStatus.running,
    ProgrammeStatus.completed,
    ProgrammeStatus.cancelled,
    ProgrammeStatus.running,
    ProgrammeStatus.completed,
    ProgrammeStatus.open,
    ProgrammeStatus.draft,
    ProgrammeStatus.completed,
)
COHORT_STATUS = {
    ProgrammeStatus.completed: CohortStatus.completed,
    ProgrammeStatus.running: CohortStatus.running,
    ProgrammeStatus.open: CohortStatus.planned,
}
PARTICIPATING = (EnrolmentStatus.approved, EnrolmentStatus.completed)


@lru_cache(maxsize=1)
def table_columns() -> dict[str, tuple[str, ...]]:
    """Column names of every table, in table order (the order rows are built in)."""
    from praksis import models

    return {table.name: tuple(table.columns.keys()) for table in models.metadata.sorted_tables}


COLUMNS: dict[str, tuple[str, ...]] = {}  # per table, the columns after municipality_id


class Rows:
    """Rows per table for one municipality, each a tuple in the table's column order."""

    def __init__(self, municipality_id: str) -> None:
        self.municipality_id = municipality_id
        self.tables: dict[str, list[tuple[Any, ...]]] = defaultdict(list)

    def add(self, table: str, **values: Any) -> None:
        columns = COLUMNS.get(table) or COLUMNS.setdefault(table, table_columns()[table][1:])
        if len(values) != len(columns):
            missing = set(columns) - set(values)
            raise ValueError(f"{table}: columns {sorted(missing)} were not given")
        self.tables[table].append((self.municipality_id, *map(values.__getitem__, columns)))

    def count(self, table: str) -> int:
        return len(self.tables.get(table, ()))


class Ids:
    """Deterministic UUIDv7 (time-ordered by the row's own time) and random UUIDv4."""

    def __init__(self, randomiser: random.Random) -> None:
        self.random = randomiser

    def at(self, moment: datetime) -> uuid.UUID:
        unix_ms = int(moment.timestamp() * 1000)
        value = (unix_ms & 0xFFFF_FFFF_FFFF) << 80 | self.random.getrandbits(80)
        value = (value & ~(0xF << 76)) | (0x7 << 76)
        value = (value & ~(0x3 << 62)) | (0x2 << 62)
        return uuid.UUID(int=value)

    def random4(self) -> uuid.UUID:
        return uuid.UUID(int=self.random.getrandbits(128), version=4)


@dataclass(frozen=True)
class Offerings:
    kl: uuid.UUID
    hk: uuid.UUID | None  # None: the municipality is not in HK's offering


@dataclass
class Staff:
    id: uuid.UUID
    team: uuid.UUID
    department: uuid.UUID  # the afdeling (counts for "at least two per department")
    leaders: tuple[uuid.UUID, ...]  # team leader, afdelingsleder, direktør


@dataclass
class Organisation:
    staff: list[Staff] = field(default_factory=list)
    by_department: dict[uuid.UUID, list[Staff]] = field(default_factory=dict)
    hr: list[uuid.UUID] = field(default_factory=list)
    facilitators: list[uuid.UUID] = field(default_factory=list)
    kerneopgaver: list[uuid.UUID] = field(default_factory=list)


@dataclass
class Place:
    """An enrolment in the making."""

    person: Staff
    status: EnrolmentStatus
    chunk: int | None = None  # participants: the department chunk they were drawn in
    cohort: int | None = None


@dataclass
class CohortPlan:
    id: uuid.UUID
    index: int
    capacity: int
    participants: list[Staff]
    facilitator: uuid.UUID
    workshops: list[tuple[uuid.UUID, uuid.UUID, datetime, datetime]] = field(
        default_factory=list
    )  # (workshop id, module id, starts, ends)
    groups: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)  # person → group mates
    buddy: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)


class Municipality:
    """Generates one municipality of ``size`` people into ``rows``."""

    def __init__(
        self,
        municipality_id: str,
        name: str,
        size: int,
        seed: int,
        issuer: str,
        offerings: Offerings,
    ) -> None:
        self.id = municipality_id
        self.name = name
        self.size = size
        self.issuer = issuer
        self.offerings = offerings
        self.random = random.Random(f"{seed}:{municipality_id}")
        self.ids = Ids(self.random)
        self.rows = Rows(municipality_id)
        self.org = Organisation()
        self.slug = name.lower().replace(" ", "-")
        self.person_number = 0

    # --- helpers ------------------------------------------------------------------------

    def moment_between(self, start: datetime, end: datetime) -> datetime:
        if end <= start:
            return start
        return start + timedelta(seconds=self.random.uniform(0, (end - start).total_seconds()))

    # --- the whole municipality -------------------------------------------------------------

    def generate(self) -> Rows:
        self._kerneopgaver()
        self._organisation()
        templates = self._programme_templates()
        for lane, (template, status, offering) in enumerate(templates):
            _Programme(self, lane, template, status, offering).generate()
        return self.rows

    def _kerneopgaver(self) -> None:
        created = datetime(2022, 3, 1, 10, tzinfo=ZONE)
        for position, (title, outcome, description) in enumerate(texts.KERNEOPGAVER, start=1):
            kerneopgave = self.ids.at(created)
            self.org.kerneopgaver.append(kerneopgave)
            self.rows.add(
                "kerneopgaver",
                id=kerneopgave,
                title=title,
                description=description,
                citizen_outcome=outcome,
                position=position,
                active=True,
                created_at=created,
                updated_at=created,
            )

    # --- organisation and people -------------------------------------------------------------

    def _organisation(self) -> None:
        teams = max(2, round(self.size / 16))
        departments = max(2, round(teams / 4))
        forvaltning_count = min(len(texts.FORVALTNINGER), max(2, round(departments / 3)))
        chosen = _forvaltninger(forvaltning_count)
        shares = [forvaltning.share for forvaltning in chosen]
        per_forvaltning = _apportion(departments, shares, minimum=1)
        team_shares: list[float] = []
        plan: list[tuple[int, str, list[str]]] = []  # (forvaltning index, afdeling, teams)
        for index, (forvaltning, count) in enumerate(zip(chosen, per_forvaltning, strict=True)):
            names = _afdeling_names(forvaltning, count)
            for name in names:
                plan.append((index, name, []))
                team_shares.append(forvaltning.share / count)
        per_department = _apportion(teams, team_shares, minimum=1)
        leaders_needed = forvaltning_count + departments + teams
        facilitators = max(2, self.size // 50)
        hr_admins = max(1, min(6, self.size // 400))
        staff_count = self.size - leaders_needed - facilitators - hr_admins
        if staff_count < 8:
            raise ValueError(f"{self.name}: {self.size} people are too few for an organisation")

        created = datetime(2022, 4, 1, 9, tzinfo=ZONE)
        forvaltning_units: list[tuple[uuid.UUID, uuid.UUID]] = []  # (unit, leader)
        for forvaltning in chosen:
            unit = self._unit(forvaltning.name, OrgUnitKind.forvaltning, None, created)
            leader = self._person(unit, "Direktør", created)
            self._lead(unit, leader)
            forvaltning_units.append((unit, leader))
        teams_by_department: list[tuple[uuid.UUID, list[tuple[uuid.UUID, tuple[uuid.UUID, ...]]]]]
        teams_by_department = []
        hr_team: uuid.UUID | None = None
        for (index, afdeling, _), team_count in zip(plan, per_department, strict=True):
            parent, director = forvaltning_units[index]
            department = self._unit(afdeling, OrgUnitKind.afdeling, parent, created)
            department_leader = self._person(department, "Afdelingsleder", created)
            self._lead(department, department_leader)
            team_units: list[tuple[uuid.UUID, tuple[uuid.UUID, ...]]] = []
            for team_number in range(team_count):
                team_name = f"{afdeling} – team {texts.DISTRICTS[team_number % 8]}"
                if team_number >= len(texts.DISTRICTS):
                    team_name += f" {team_number // len(texts.DISTRICTS) + 1}"
                team = self._unit(team_name, OrgUnitKind.team, department, created)
                team_leader = self._person(team, "Teamleder", created)
                self._lead(team, team_leader)
                team_units.append((team, (team_leader, department_leader, director)))
                if afdeling.startswith(texts.HR_AFDELING) and hr_team is None:
                    hr_team = team
            teams_by_department.append((department, team_units))
        if hr_team is None:  # a small municipality: HR sits in the first team
            hr_team = teams_by_department[0][1][0][0]
        for _ in range(hr_admins):
            self.org.hr.append(self._person(hr_team, "HR-konsulent", created))
        for _ in range(facilitators):
            self.org.facilitators.append(self._person(hr_team, "Udviklingskonsulent", created))
        self._staff(teams_by_department, chosen, plan, staff_count)

    def _staff(
        self,
        teams_by_department: list[tuple[uuid.UUID, list[tuple[uuid.UUID, tuple[uuid.UUID, ...]]]]],
        chosen: list[texts.Forvaltning],
        plan: list[tuple[int, str, list[str]]],
        count: int,
    ) -> None:
        all_teams = [
            (department, team, leaders, chosen[plan[position][0]].job_titles)
            for position, (department, teams) in enumerate(teams_by_department)
            for team, leaders in teams
        ]
        for number in range(count):
            department, team, leaders, titles = all_teams[number % len(all_teams)]
            created = datetime(2022, 4, 1, 9, tzinfo=ZONE) + timedelta(days=number % 900)
            person = self._person(team, self.random.choice(titles), created)
            member = Staff(person, team, department, leaders)
            self.org.staff.append(member)
            self.org.by_department.setdefault(department, []).append(member)

    def _unit(
        self, name: str, kind: OrgUnitKind, parent: uuid.UUID | None, created: datetime
    ) -> uuid.UUID:
        unit = self.ids.at(created)
        self.rows.add(
            "org_units",
            id=unit,
            name=name,
            kind=kind.value,
            parent_id=parent,
            external_id=f"ORG-{self.rows.count('org_units') + 1:05d}",
            retired_on=None,
            created_at=created,
            updated_at=created,
        )
        return unit

    def _lead(self, unit: uuid.UUID, person: uuid.UUID) -> None:
        self.rows.add(
            "org_unit_leaders", id=self.ids.at(REFERENCE), org_unit_id=unit, person_id=person
        )

    def _person(self, unit: uuid.UUID, job_title: str, created: datetime) -> uuid.UUID:
        self.person_number += 1
        number = f"{self.person_number:06d}"
        person = self.ids.at(created)
        first = self.random.choice(texts.FIRST_NAMES)
        last = self.random.choice(texts.LAST_NAMES)
        self.rows.add(
            "people",
            id=person,
            name=f"{first} {last}",
            email=f"m{number}@{self.slug}.dk",
            job_title=job_title,
            org_unit_id=unit,
            subject=f"{self.issuer}|{self.id}-{number}",
            external_id=f"MA-{number}",
            record_key=new_record_key(),  # secret: not from the seeded generator
            left_on=None,
            erased_at=None,
            created_at=created,
            updated_at=created,
        )
        return person

    # --- programmes ------------------------------------------------------------------------

    def _programme_templates(
        self,
    ) -> list[tuple[ProgrammeTemplate, ProgrammeStatus, uuid.UUID | None]]:
        count = min(MAX_PROGRAMMES, max(4, round(self.size / 150)))
        chosen: list[tuple[ProgrammeTemplate, ProgrammeStatus, uuid.UUID | None]] = [
            (texts.KL_OFFERING, ProgrammeStatus.running, self.offerings.kl)
        ]
        if self.offerings.hk is not None:
            chosen.append((texts.HK_OFFERING, ProgrammeStatus.completed, self.offerings.hk))
        order = list(texts.PROGRAMMES)
        self.random.shuffle(order)
        start = self.random.randrange(len(STATUS_CYCLE))
        while len(chosen) < count:
            index = len(chosen)
            status = STATUS_CYCLE[(start + index) % len(STATUS_CYCLE)]
            chosen.append((order[index % len(order)], status, None))
        return chosen

    def enrolment_budget(self, status: ProgrammeStatus, programmes: int) -> int:
        """Enrolments for one programme: about one per person in all (a few programmes are
        cancelled early or left in draft), spread unevenly."""
        if status == ProgrammeStatus.draft:
            return 0
        drafts = programmes // len(STATUS_CYCLE)
        average = ENROLMENTS_PER_PERSON * self.size / max(1, programmes - drafts)
        if status == ProgrammeStatus.cancelled:
            return max(2, round(average * 0.06))
        return max(6, round(average * self.random.uniform(0.6, 1.4)))


def _forvaltninger(count: int) -> list[texts.Forvaltning]:
    administration = [f for f in texts.FORVALTNINGER if f.name.startswith("Borgerservice")]
    others = [f for f in texts.FORVALTNINGER if f not in administration]
    return administration + others[: count - 1]


def _afdeling_names(forvaltning: texts.Forvaltning, count: int) -> list[str]:
    names = []
    for number in range(count):
        base = forvaltning.afdelinger[number % len(forvaltning.afdelinger)]
        round_ = number // len(forvaltning.afdelinger)
        names.append(base if round_ == 0 else f"{base} {texts.DISTRICTS[(round_ - 1) % 8]}")
        if round_ > len(texts.DISTRICTS):
            names[-1] += f" {round_}"
    return names


def _apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """``total`` split by ``weights`` (largest remainder), each part at least ``minimum``."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError(f"{total} cannot give {len(weights)} parts {minimum} each")
    whole = sum(weights)
    exact = [spare * weight / whole for weight in weights]
    parts = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for index in by_remainder[: spare - sum(parts)]:
        parts[index] += 1
    return [minimum + part for part in parts]


def municipality_sizes(populations: list[int], per_municipality: int) -> list[int]:
    """People per municipality: ``per_municipality`` on average, by population, with a floor
    so that the smallest islands still have an organisation."""
    floor = max(16, per_municipality // 10)
    total = per_municipality * len(populations)
    return _apportion(total, [float(p) for p in populations], minimum=floor)


def _week_day(week: int, weekday: int) -> date:
    return EPOCH + timedelta(weeks=week, days=weekday)


def _week_of(day: date) -> int:
    return (day - EPOCH).days // 7


class _Programme:
    """One programme with its cohorts, enrolments, workshops and the practice around them."""

    def __init__(
        self,
        municipality: Municipality,
        lane: int,
        template: ProgrammeTemplate,
        status: ProgrammeStatus,
        offering: uuid.UUID | None,
    ) -> None:
        self.m = municipality
        self.random = municipality.random
        self.ids = municipality.ids
        self.rows = municipality.rows
        self.lane = lane
        self.template = template
        self.status = status
        self.offering = offering
        self.weekday = lane % 5
        self.session = SESSIONS[(lane // 5) % 3]
        self.residue = lane // 15
        self.id: uuid.UUID = uuid.UUID(int=0)
        self.modules: list[uuid.UUID] = []
        self.min_per_department = 2 if offering == municipality.offerings.kl else None
        self.completed: list[tuple[uuid.UUID, uuid.UUID]] = []  # (enrolment, person)

    # --- dates --------------------------------------------------------------------------

    def _first_week(self) -> int:
        workshops = len(self.template.modules) * self.template.workshops_per_module
        span = 6 * (workshops - 1) + 3
        reference = _week_of(REFERENCE_DAY)
        if self.status == ProgrammeStatus.completed:
            start = reference - span - self.random.randint(3, 80)
        elif self.status == ProgrammeStatus.running:
            start = reference - self.random.randint(2, max(3, span - 2))
        elif self.status == ProgrammeStatus.cancelled:
            start = reference + self.random.randint(-20, 8)
        elif self.status == ProgrammeStatus.open:
            start = reference + self.random.randint(3, 16)
        else:
            start = reference + self.random.randint(12, 30)
        return start + (self.residue - start) % 3

    def _workshop_times(self, first_week: int, cohort: int, number: int) -> tuple[datetime, ...]:
        week = first_week + 6 * number + 3 * (cohort % 2)
        day = _week_day(week, self.weekday)
        begins, ends = self.session
        return (datetime.combine(day, begins, ZONE), datetime.combine(day, ends, ZONE))

    # --- the programme ----------------------------------------------------------------------

    def generate(self) -> None:
        template = self.template
        first_week = self._first_week()
        workshops = len(template.modules) * template.workshops_per_module
        self.starts_on = _week_day(first_week, 0)
        self.ends_on = _week_day(first_week + 6 * (workshops - 1) + 3, 4) + timedelta(days=14)
        self.open_from = min(
            self._day_start(self.starts_on - timedelta(weeks=12)),
            REFERENCE - timedelta(weeks=6),
        )
        self.open_until = min(
            self._day_start(self.starts_on - timedelta(days=3)), REFERENCE - timedelta(hours=2)
        )
        created = self.open_from - timedelta(days=14)
        self.id = self.ids.at(created)
        places = self._places(self._budget())
        cohort_plan = self._plan_cohorts(places)
        min_size = self._cohort_min_size(cohort_plan)
        sizes = template.cohort_sizes
        justification_required = template.justification_min_length > 0
        self.rows.add(
            "programmes",
            id=self.id,
            title=self._title(),
            description=template.description,
            kind=template.kind.value,
            status=self.status.value,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            offering_id=self.offering,
            min_participants_per_org_unit=self.min_per_department,
            justification_required=justification_required,
            justification_min_length=template.justification_min_length,
            cohort_min_size=min_size,
            cohort_max_size=sizes[1] if sizes else None,
            grading=template.grading.value,
            transfer_follow_up_days=90,
            # the generator's rule counts per afdeling (``min_per_department``)
            min_participants_level=OrgUnitKind.afdeling.value,
            target_group="",
            open_for_interest=False,
            cancellation_reason=None,
            cancellation_note="",
            cancelled_at=None,
            created_at=created,
            updated_at=created,
        )
        for position in template.kerneopgaver:
            self.rows.add(
                "programme_kerneopgaver",
                id=self.ids.at(created),
                programme_id=self.id,
                kerneopgave_id=self.m.org.kerneopgaver[position],
            )
        for position, module in enumerate(template.modules, start=1):
            module_id = self.ids.at(created)
            self.modules.append(module_id)
            self.rows.add(
                "programme_modules",
                id=module_id,
                programme_id=self.id,
                position=position,
                title=module.title,
                competence_goal=module.goal,
                themes="\n".join(module.themes),
            )
        cohorts = self._cohorts(places, cohort_plan, min_size, first_week)
        self._enrolments(places, cohorts)
        self._bookings(places, cohorts)
        for cohort in cohorts:
            self._practice(cohort)

    def _day_start(self, day: date) -> datetime:
        return datetime.combine(day, time(9), ZONE)

    def _title(self) -> str:
        if self.offering is not None:
            return self.template.title
        return f"{self.template.title} {self.starts_on.year}"

    # --- who is enrolled, in which status -------------------------------------------------

    def _budget(self) -> int:
        if self.status == ProgrammeStatus.draft:
            return 0
        programmes = min(MAX_PROGRAMMES, max(4, round(self.m.size / 150)))
        return min(self.m.enrolment_budget(self.status, programmes), len(self.m.org.staff))

    def _places(self, budget: int) -> list[Place]:
        if budget == 0:
            return []
        shares = SHARES[self.status]
        counts = _apportion(budget, [share for _status, share in shares])
        wanted = dict(zip((status for status, _share in shares), counts, strict=True))
        taken: set[uuid.UUID] = set()
        places: list[Place] = []
        participating = [s for s in PARTICIPATING if wanted.get(s)]
        if participating:
            for chunk, people in enumerate(self._participants(wanted[participating[0]], taken)):
                places.extend(Place(person, participating[0], chunk) for person in people)
        for status, count in wanted.items():
            if status in PARTICIPATING:
                continue
            for person in self._others(count, taken):
                places.append(Place(person, status))
        return places

    def _participants(self, count: int, taken: set[uuid.UUID]) -> list[list[Staff]]:
        """Participants come in twos to fours from one department ("two colleagues carry
        the change home together")."""
        departments = list(self.m.org.by_department)
        self.random.shuffle(departments)
        chunks: list[list[Staff]] = []
        chosen = 0
        for department in departments * 4:
            if chosen >= count:
                break
            free = [s for s in self.m.org.by_department[department] if s.id not in taken]
            size = min(self.random.randint(2, 4), len(free), count - chosen)
            if size < 2:
                continue
            chunk = self.random.sample(free, size)
            taken.update(person.id for person in chunk)
            chunks.append(chunk)
            chosen += size
        return chunks

    def _others(self, count: int, taken: set[uuid.UUID]) -> list[Staff]:
        free = [s for s in self.m.org.staff if s.id not in taken]
        chosen = self.random.sample(free, min(count, len(free)))
        taken.update(person.id for person in chosen)
        return chosen

    # --- cohorts ----------------------------------------------------------------------------

    def _plan_cohorts(self, places: list[Place]) -> list[list[Place]]:
        """The participants of each cohort: whole chunks (so each department has at least
        two in a cohort), to the emptiest cohort, at most the programme's maximum each."""
        if self.status not in COHORT_STATUS:
            return []
        participants = [place for place in places if place.status in PARTICIPATING]
        low, high = self.template.cohort_sizes or (4, 24)
        per_cohort = self.random.randint(max(low, 14), max(high, 16) - 4)
        count = max(1, math.ceil(len(participants) / per_cohort))
        chunks: dict[int, list[Place]] = {}
        for place in participants:
            chunks.setdefault(place.chunk if place.chunk is not None else -1, []).append(place)
        members: list[list[Place]] = [[] for _ in range(count)]
        for chunk in chunks.values():
            min(members, key=len).extend(chunk)
        if count > len(self.m.org.facilitators):
            raise ValueError(f"{self.m.name}: more cohorts than facilitators in one programme")
        if max(len(cohort) for cohort in members) > high:
            raise ValueError(f"{self.m.name}: a cohort above its programme's maximum")
        return members

    def _cohort_min_size(self, plan: list[list[Place]]) -> int | None:
        """The programme's minimum cohort size, unless a started cohort has fewer (a
        running cohort must have had at least that many to start)."""
        if self.template.cohort_sizes is None:
            return None
        low = self.template.cohort_sizes[0]
        started = self.status in (ProgrammeStatus.running, ProgrammeStatus.completed)
        if started and any(len(cohort) < low for cohort in plan):
            return None
        return low

    def _cohorts(
        self,
        places: list[Place],
        plan: list[list[Place]],
        min_size: int | None,
        first_week: int,
    ) -> list[CohortPlan]:
        cohort_status = COHORT_STATUS.get(self.status)
        if cohort_status is None:
            return []
        waiting = [place for place in places if place.status == EnrolmentStatus.waitlisted]
        facilitators = self.m.org.facilitators
        offset = self.random.randrange(len(facilitators))
        cohorts = []
        for index, cohort_places in enumerate(plan):
            capacity = len(cohort_places)
            if not waiting:
                capacity += self.random.randint(0, 3)
            if self.template.cohort_sizes:
                capacity = min(capacity, self.template.cohort_sizes[1])
            capacity = max(capacity, min_size or 1, 1)
            cohort = CohortPlan(
                id=self.ids.at(self.open_from),
                index=index,
                capacity=capacity,
                participants=[place.person for place in cohort_places],
                facilitator=facilitators[(offset + index) % len(facilitators)],
            )
            for place in cohort_places:
                place.cohort = index
            if waiting and capacity == len(cohort_places):  # a full cohort: its waiting list
                for place in waiting:
                    place.cohort = index
                waiting = []
            cohorts.append(cohort)
            self._cohort_rows(cohort, cohort_status, first_week)
        for place in waiting:  # no full cohort to wait for: still nominated
            place.status = EnrolmentStatus.nominated
        return cohorts

    def _cohort_rows(self, cohort: CohortPlan, status: CohortStatus, first_week: int) -> None:
        created = self.open_from + timedelta(days=1)
        self.rows.add(
            "cohorts",
            id=cohort.id,
            programme_id=self.id,
            name=f"Hold {cohort.index + 1}",
            capacity=cohort.capacity,
            status=status.value,
            cancellation_reason=None,
            cancellation_note="",
            cancelled_at=None,
            created_at=created,
            updated_at=created,
        )
        self.rows.add(
            "cohort_facilitators",
            id=self.ids.at(created),
            cohort_id=cohort.id,
            person_id=cohort.facilitator,
        )
        number = 0
        for module_index, module in enumerate(self.template.modules):
            for session in range(self.template.workshops_per_module):
                starts, ends = self._workshop_times(first_week, cohort.index, number)
                number += 1
                workshop = self.ids.at(created)
                cohort.workshops.append((workshop, self.modules[module_index], starts, ends))
                self.rows.add(
                    "workshops",
                    id=workshop,
                    module_id=self.modules[module_index],
                    cohort_id=cohort.id,
                    title=module.themes[session % len(module.themes)],
                    kind=WorkshopKind.workshop.value,
                    starts_at=starts,
                    ends_at=ends,
                    location=f"{self.m.name} – {self.random.choice(texts.LOCATIONS)}",
                    description="",
                    themes=list(module.themes),
                    capacity=cohort.capacity,
                    status=WorkshopStatus.scheduled.value,
                    sequence=0,
                    created_at=created,
                    updated_at=created,
                )
                self.rows.add(
                    "workshop_facilitators",
                    id=self.ids.at(created),
                    workshop_id=workshop,
                    person_id=cohort.facilitator,
                )
        if status != CohortStatus.planned:
            self._groups(cohort)

    def _groups(self, cohort: CohortPlan) -> None:
        people = [person.id for person in cohort.participants]
        count = math.ceil(len(people) / GROUP_MAX)
        while count and len(people) // count < GROUP_MIN:
            count -= 1
        if not count:
            return
        placed = people[: min(len(people), GROUP_MAX * count)]
        sizes = _apportion(len(placed), [1.0] * count)
        start = 0
        for number, size in enumerate(sizes, start=1):
            members = placed[start : start + size]
            start += size
            group = self.ids.at(self.open_until)
            self.rows.add(
                "learning_groups", id=group, cohort_id=cohort.id, name=f"Læringsgruppe {number}"
            )
            for person in members:
                cohort.groups[person] = [other for other in members if other != person]
                self.rows.add(
                    "learning_group_members",
                    id=self.ids.at(self.open_until),
                    cohort_id=cohort.id,
                    group_id=group,
                    person_id=person,
                )
            for first, second in zip(members[0::2], members[1::2], strict=False):
                cohort.buddy[first], cohort.buddy[second] = second, first
                self.rows.add(
                    "buddy_pairs",
                    id=self.ids.at(self.open_until),
                    cohort_id=cohort.id,
                    group_id=group,
                    first_person_id=first,
                    second_person_id=second,
                )

    # --- enrolments -------------------------------------------------------------------------

    def _enrolments(self, places: list[Place], cohorts: list[CohortPlan]) -> None:
        hr = self.m.org.hr
        for place in places:
            created = self._moment_between(self.open_from, self.open_until)
            decided = self._moment_between(created, self.open_until)
            status = place.status
            cohort_id = cohorts[place.cohort].id if place.cohort is not None else None
            proposed = self.random.random() < 0.5
            if status == EnrolmentStatus.nominated and cohort_id is None and cohorts and proposed:
                cohort_id = self.random.choice(cohorts).id
            if status == EnrolmentStatus.withdrawn and cohorts and self.random.random() < 0.7:
                cohort_id = self.random.choice(cohorts).id
            grade, passed, completed_at = self._result(status)
            nominator = (
                place.person.leaders[0] if self.random.random() < 0.8 else self.random.choice(hr)
            )
            updated = created if status == EnrolmentStatus.nominated else decided
            if completed_at is not None:
                updated = completed_at
            note = ""
            if status == EnrolmentStatus.declined:
                note = self.random.choice(texts.DECLINE_NOTES)
            elif status == EnrolmentStatus.withdrawn:
                note = self.random.choice(texts.WITHDRAW_NOTES)
            enrolment = self.ids.at(created)
            self.rows.add(
                "enrolments",
                id=enrolment,
                programme_id=self.id,
                cohort_id=cohort_id,
                person_id=place.person.id,
                nominated_by_id=nominator,
                justification=(
                    self.random.choice(texts.JUSTIFICATIONS)
                    if self.template.justification_min_length
                    else ""
                ),
                team_challenge=self.random.choice(texts.TEAM_CHALLENGES),
                status=status.value,
                decision_note=note,
                withdrawal_reason=None,
                withdrawal_note="",
                grade=grade,
                passed=passed,
                completed_at=completed_at,
                created_at=created,
                updated_at=updated,
            )
            if status == EnrolmentStatus.completed:
                self.completed.append((enrolment, place.person.id))
        self._follow_ups()

    def _bookings(self, places: list[Place], cohorts: list[CohortPlan]) -> None:
        """Who each (scheduled) workshop holds: its cohort's participants and its facilitator,
        who facilitates the cohort and is named on the workshop, booked once
        (``workshops.bookings``; the lanes of ``_workshop_times`` keep them apart)."""
        for cohort in cohorts:
            held = {cohort.facilitator} | {
                place.person.id
                for place in places
                if place.cohort == cohort.index and place.status in PARTICIPATING
            }
            for workshop, _module, starts, ends in cohort.workshops:
                for person in sorted(held):
                    self.rows.add(
                        "workshop_bookings",
                        workshop_id=workshop,
                        person_id=person,
                        starts_at=starts,
                        ends_at=ends,
                    )

    def _moment_between(self, start: datetime, end: datetime) -> datetime:
        return self.m.moment_between(start, end)

    def _result(self, status: EnrolmentStatus) -> tuple[int | None, bool | None, datetime | None]:
        if status != EnrolmentStatus.completed:
            return None, None, None
        completed_at = datetime.combine(self.ends_on - timedelta(days=14), time(12), ZONE)
        grading = self.template.grading
        if grading == Grading.danish_7_point:
            grades, weights = zip(*GRADE_WEIGHTS, strict=True)
            grade = self.random.choices(grades, weights)[0]
            return grade, grade >= PASS_MARK, completed_at
        if grading == Grading.pass_fail:
            return None, self.random.random() < 0.92, completed_at
        return None, None, completed_at

    def _follow_ups(self) -> None:
        due_on = self.ends_on + timedelta(days=90)
        if due_on > REFERENCE_DAY:
            return
        issued = datetime.combine(due_on, time(6), ZONE)
        for enrolment, person in self.completed:
            answered = self.random.random() < 0.65
            answered_at = (
                self._moment_between(issued, min(issued + timedelta(days=30), REFERENCE))
                if answered
                else None
            )
            self.rows.add(
                "transfer_follow_ups",
                id=self.ids.at(issued),
                enrolment_id=enrolment,
                person_id=person,
                due_on=due_on,
                usage=self.random.choices((1, 2, 3, 4, 5), (3, 8, 25, 40, 24))[0]
                if answered
                else None,
                examples=self.random.choice(texts.TRANSFER_EXAMPLES) if answered else "",
                answered_at=answered_at,
                created_at=issued,
            )

    # --- attendance, evaluations, projects, trial actions, feedback ----------------------

    def _practice(self, cohort: CohortPlan) -> None:
        for workshop, _module, _starts, ends in cohort.workshops:
            if ends < REFERENCE:
                self._attendance(cohort, workshop, ends)
        if self.status == ProgrammeStatus.open:
            return
        for person in cohort.participants:
            if self.random.random() < 0.85:
                self._project(cohort, person)

    def _attendance(self, cohort: CohortPlan, workshop: uuid.UUID, ends: datetime) -> None:
        recorded = ends + timedelta(minutes=self.random.randint(5, 600))
        present: list[uuid.UUID] = []
        for person in cohort.participants:
            roll = self.random.random()
            status = (
                AttendanceStatus.present
                if roll < 0.86
                else AttendanceStatus.excused
                if roll < 0.95
                else AttendanceStatus.absent
            )
            if status == AttendanceStatus.present:
                present.append(person.id)
            self.rows.add(
                "attendance",
                id=self.ids.at(recorded),
                workshop_id=workshop,
                person_id=person.id,
                status=status.value,
                recorded_by_id=cohort.facilitator,
                recorded_at=min(recorded, REFERENCE),
            )
        answering = [answerer for answerer in present if self.random.random() < 0.75]
        for answerer in answering:
            self.rows.add(
                "evaluation_receipts",
                id=self.ids.at(min(recorded, REFERENCE)),
                workshop_id=workshop,
                person_id=answerer,
            )
        for _ in answering:  # answers carry no trace of their authors
            self.rows.add(
                "workshop_evaluations",
                id=self.ids.random4(),
                workshop_id=workshop,
                relevance=self.random.choice((2, 3, 4, 4, 5, 5, 5)),
                learning=self.random.choice((2, 3, 3, 4, 4, 5)),
                usefulness=self.random.choice((1, 3, 4, 4, 5, 5)),
                comment=(
                    self.random.choice(texts.EVALUATION_COMMENTS)
                    if self.random.random() < 0.3
                    else ""
                ),
            )

    def _project(self, cohort: CohortPlan, owner: Staff) -> None:
        created = self._moment_between(
            self._day_start(self.starts_on), min(REFERENCE, self._day_start(self.ends_on))
        )
        kerneopgave_position = self.random.choice(self.template.kerneopgaver)
        title, challenge, goal = texts.PROJECTS[kerneopgave_position]
        finished = self.status == ProgrammeStatus.completed
        status = (
            (ProjectStatus.completed if self.random.random() < 0.85 else ProjectStatus.abandoned)
            if finished
            else (ProjectStatus.active if self.random.random() < 0.92 else ProjectStatus.paused)
        )
        phase = (
            ProjectPhase.evaluere
            if finished
            else self.random.choice((ProjectPhase.udforske, ProjectPhase.designe))
            if created > REFERENCE - timedelta(weeks=6)
            else self.random.choice((ProjectPhase.designe, ProjectPhase.afproeve))
        )
        project = self.ids.at(created)
        self.rows.add(
            "action_learning_projects",
            id=project,
            title=title,
            challenge=challenge,
            goal=goal,
            kerneopgave_id=self.m.org.kerneopgaver[kerneopgave_position],
            cohort_id=cohort.id,
            phase=phase.value,
            status=status.value,
            outcome=self.random.choice(texts.OUTCOMES) if status == ProjectStatus.completed else "",
            created_by_id=owner.id,
            created_at=created,
            updated_at=created,
        )
        self.rows.add(
            "project_owners", id=self.ids.at(created), project_id=project, person_id=owner.id
        )
        for number in range(self.random.randint(5, 8)):
            self._trial_action(cohort, owner, project, created, number)

    def _trial_action(
        self, cohort: CohortPlan, owner: Staff, project: uuid.UUID, created: datetime, number: int
    ) -> None:
        title, with_whom, happened, reflection = texts.TRIAL_ACTIONS[
            (number + self.random.randrange(5)) % len(texts.TRIAL_ACTIONS)
        ]
        planned_for = created.date() + timedelta(days=7 + 14 * number + self.random.randint(0, 10))
        in_past = planned_for < REFERENCE_DAY
        roll = self.random.random()
        status = (
            (TrialActionStatus.done if roll < 0.9 else TrialActionStatus.dropped)
            if in_past
            else TrialActionStatus.planned
        )
        done = status == TrialActionStatus.done
        action = self.ids.at(created)
        module = self.modules[min(number * len(self.modules) // 7, len(self.modules) - 1)]
        self.rows.add(
            "trial_actions",
            id=action,
            project_id=project,
            module_id=module,
            title=title,
            plan=f"{title} i forbindelse med projektet.",
            with_whom=sorted(with_whom),
            with_whom_note="",
            planned_for=planned_for,
            what_happened=happened if done else "",
            reflection=reflection if done else "",
            status=status.value,
            created_at=created,
            updated_at=created,
        )
        if done:
            after = datetime.combine(planned_for, time(15), ZONE)
            self._feedback(cohort, owner, action, after)

    def _feedback(
        self, cohort: CohortPlan, owner: Staff, action: uuid.UUID, after: datetime
    ) -> None:
        authors: list[tuple[uuid.UUID, FeedbackKind]] = []
        buddy = cohort.buddy.get(owner.id)
        if buddy is not None and self.random.random() < 0.92:
            authors.append((buddy, FeedbackKind.buddy))
        mates = [mate for mate in cohort.groups.get(owner.id, []) if mate != buddy]
        for mate in self.random.sample(mates, min(len(mates), self.random.randint(2, 3))):
            authors.append((mate, FeedbackKind.learning_group))
        if self.random.random() < 0.4:
            authors.append((self.random.choice(owner.leaders[:2]), FeedbackKind.leader))
        if self.random.random() < 0.15:
            authors.append((cohort.facilitator, FeedbackKind.facilitator))
        if self.random.random() < 0.3:
            colleagues = self.m.org.by_department[owner.department]
            invitee = self.random.choice(colleagues).id
            if invitee != owner.id:
                invited = self._moment_between(after - timedelta(days=5), after)
                self.rows.add(
                    "feedback_invitations",
                    id=self.ids.at(invited),
                    trial_action_id=action,
                    invitee_id=invitee,
                    invited_by_id=owner.id,
                    created_at=invited,
                )
                authors.append((invitee, FeedbackKind.colleague))
        for author, kind in authors:
            written = self._moment_between(after, min(after + timedelta(days=10), REFERENCE))
            self.rows.add(
                "trial_action_feedback",
                id=self.ids.at(written),
                trial_action_id=action,
                author_id=author,
                kind=kind.value,
                what_worked=self.random.choice(texts.WHAT_WORKED),
                try_next=self.random.choice(texts.TRY_NEXT),
                rating=self.random.choice((None, 3, 4, 4, 5, 5)),
                shared_with_leader=kind == FeedbackKind.leader or self.random.random() < 0.2,
                created_at=written,
                updated_at=written,
            )


def generate_municipality(
    municipality_id: str,
    name: str,
    size: int,
    seed: int,
    issuer: str,
    offerings: Offerings,
) -> Rows:
    return Municipality(municipality_id, name, size, seed, issuer, offerings).generate()
