"""Demo programmes drawn from the seeds: Hedensted's development programme, Horsens'
"Specialist i borgerkontakt" (21 of 21 completed), and the partners' offerings (KL's pilot
with its seven municipalities, HK/KL's fagprofil with Odense, Horsens and Middelfart).

Names of people are invented; everything else follows the seed texts.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from praksis.cohorts.models import (
    BuddyPair,
    Cohort,
    CohortFacilitator,
    CohortStatus,
    LearningGroup,
    LearningGroupMember,
)
from praksis.competences.models import Competence, CompetenceFramework
from praksis.demo.practice import seed_practice
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import system_session, tenant_session
from praksis.people.models import OrgUnit, OrgUnitKind, OrgUnitLeader, Person
from praksis.programmes.models import (
    CompetenceGoal,
    Grading,
    PartnerOffering,
    PartnerOfferingMember,
    Programme,
    ProgrammeKerneopgave,
    ProgrammeKind,
    ProgrammeModule,
    ProgrammeStatus,
)
from praksis.workshops import bookings
from praksis.workshops.models import (
    Attendance,
    AttendanceStatus,
    Workshop,
    WorkshopFacilitator,
    WorkshopKind,
)

HEDENSTED = "dk-0766"
HORSENS = "dk-0615"
MIDDELFART = "dk-0410"
KL_PILOT = ("dk-0320", "dk-0210", "dk-0860", "dk-0410", "dk-0370", "dk-0230", "dk-0573")
HK_FAGPROFIL = ("dk-0461", "dk-0615", "dk-0410")

FIRST_NAMES = (
    "Anne",
    "Bente",
    "Camilla",
    "Dorthe",
    "Ellen",
    "Frederik",
    "Gitte",
    "Hans",
    "Ida",
    "Jakob",
    "Karen",
    "Lars",
    "Maja",
    "Niels",
    "Ole",
    "Pia",
    "Rasmus",
    "Sanne",
    "Torben",
    "Ulla",
    "Vibeke",
    "Søren",
    "Åse",
    "Ærenlund",
    "Mette",
    "Jørgen",
    "Birgitte",
    "Kasper",
)
LAST_NAMES = (
    "Sørensen",
    "Jørgensen",
    "Møller",
    "Kjær",
    "Bøgh",
    "Nørgaard",
    "Ærø",
    "Åkjær",
    "Højgaard",
    "Lund",
    "Krogh",
    "Dahl",
    "Østergaard",
    "Thygesen",
    "Brøndum",
    "Mølgaard",
)

HEDENSTED_UNITS = {
    "Velfærd": (
        "Ældre og Sundhed",
        "Handicap og Psykiatri",
        "Jobcenter Hedensted",
        "Børn og Familie",
    ),
    "Kultur og Læring": ("Skoler og Dagtilbud", "Kultur og Fritid"),
}
MODULES = (
    (
        "Modul 1: Samarbejde i organisationen om bevægelsen for borgeren",
        "Samarbejde i organisationen om bevægelsen for borgeren.",
        "Nye roller / Playmaker\nForandringsledelse\nRelationel koordinering\n"
        "Facilitering / kommunikation",
        (
            ("Nye roller / Playmaker", ["Nye roller", "Playmaker"]),
            ("Forandringsledelse", ["Forandringsledelse"]),
            ("Relationel koordinering", ["Relationel koordinering"]),
            ("Facilitering / kommunikation", ["Facilitering", "Kommunikation"]),
        ),
    ),
    (
        "Modul 2: Samskabelse",
        "Samskabelse med familie, borgere, lokalsamfund, erhvervsliv m.m. om bevægelsen "
        "for borgeren.",
        "Kommunikation om forandringerne\nMotivation af medarbejderne\nDesign thinking\n"
        "Samskabelse\nDen svære samtale\nLedelse omkring frivillige",
        (
            ("Udforske og forstå borgerens reelle behov", ["Design thinking", "Samskabelse"]),
            ("Designe", ["Design thinking", "Motivation af medarbejderne"]),
            ("Afprøve", ["Samskabelse", "Den svære samtale"]),
            ("Erfaringsudveksling og evaluering", ["Ledelse omkring frivillige"]),
        ),
    ),
)
JUSTIFICATIONS = (
    "Teamet skal flytte sig fra at definere løsninger til at facilitere dem sammen med "
    "borgerne; forløbet giver værktøjer til netop den bevægelse i vores daglige praksis.",
    "Vi arbejder med bevægelsen for borgeren i Social Omsorg og mangler fælles sprog for "
    "samskabelse; deltageren skal drive vores prøvehandlinger med pårørende og frivillige.",
    "Afdelingens aktuelle udfordring er relationel koordinering på tværs af myndighed og "
    "udførelse; forløbet kobler direkte til vores udviklingsprojekt om sammenhængende forløb.",
)
SPECIALIST_COMPETENCES = (
    "Borgerkontakt og kommunikation",
    "Digital vejledning og selvbetjening",
    "Helhedsorienteret sagsforståelse",
    "Service og konflikthåndtering",
    "Lovgivning og forvaltningsret i borgerservice",
)


@dataclass(frozen=True)
class Seeded:
    programmes: int
    enrolments: int
    workshops: int


def seed_programmes(engine: Engine, app_role: str, issuer: str) -> Seeded:
    """Create the demo programmes unless they exist (idempotent)."""
    randomiser = random.Random(766)
    offerings = _seed_offerings(engine)
    counts = [
        _seed_hedensted(engine, app_role, issuer, randomiser),
        _seed_horsens(engine, app_role, randomiser, offerings["hk"]),
        _seed_middelfart(engine, app_role, randomiser, offerings["kl"]),
    ]
    return Seeded(*(sum(values) for values in zip(*counts, strict=True)))


def _seed_offerings(engine: Engine) -> dict[str, uuid.UUID]:
    wanted = {
        "kl": (
            "Fremtidens teknik- og miljømedarbejder",
            "KL og KTC's faggruppe for Ledelse: pilot på en kompetencegivende uddannelse med "
            "fokus på partnerskaber med borgere og erhverv, kommunikation og samskabelse.",
            ProgrammeKind.kompetencegivende_uddannelse,
            2,
            Grading.pass_fail,
            KL_PILOT,
        ),
        "hk": (
            "Specialist i borgerkontakt",
            "HK Kommunal og KL (Fremfærd Borger): kompetenceudvikling til fremtidens "
            "borgerservice, med eksamen på 7-trinsskalaen.",
            ProgrammeKind.kompetencegivende_uddannelse,
            None,
            Grading.danish_7_point,
            HK_FAGPROFIL,
        ),
    }
    ids: dict[str, uuid.UUID] = {}
    with system_session(engine) as session:
        for partner, (title, description, kind, minimum, grading, members) in wanted.items():
            existing = session.exec(
                select(PartnerOffering).where(
                    PartnerOffering.partner == partner, PartnerOffering.title == title
                )
            ).first()
            if existing is None:
                existing = PartnerOffering(
                    partner=partner,
                    title=title,
                    description=description,
                    kind=kind,
                    min_participants_per_org_unit=minimum,
                    grading=grading,
                )
                session.add(existing)
                session.flush()
                session.add_all(
                    PartnerOfferingMember(offering_id=existing.id, member_municipality_id=m)
                    for m in members
                )
            ids[partner] = existing.id
    return ids


def _programme_exists(session: Session, title: str) -> bool:
    return session.exec(select(Programme.id).where(Programme.title == title)).first() is not None


def _people(
    session: Session,
    randomiser: random.Random,
    units: Sequence[uuid.UUID],
    count: int,
    job_title: str,
    prefix: str,
) -> list[Person]:
    people = []
    for index in range(count):
        name = f"{randomiser.choice(FIRST_NAMES)} {randomiser.choice(LAST_NAMES)}"
        people.append(
            Person(
                name=name,
                job_title=job_title,
                org_unit_id=units[index % len(units)],
                external_id=f"{prefix}-{index + 1:03d}",
                email=f"{prefix}{index + 1}@example.dk",
            )
        )
    session.add_all(people)
    session.flush()
    return people


def _seed_hedensted(
    engine: Engine, app_role: str, issuer: str, randomiser: random.Random
) -> tuple[int, int, int]:
    title = "Kultur- og kompetenceudviklingsforløb: Bæredygtig Velfærd"
    with tenant_session(engine, HEDENSTED, app_role) as session:
        if _programme_exists(session, title):
            return 0, 0, 0
        departments = _hedensted_units(session)
        leader = _demo_person(session, issuer, "hedensted-leder")
        facilitator = _demo_person(session, issuer, "hedensted-facilitator")
        hr = _demo_person(session, issuer, "hedensted-hr")
        demo_participants = [
            _demo_person(session, issuer, "hedensted-deltager"),
            _demo_person(session, issuer, "hedensted-deltager-2"),
        ]
        unit_ids = list(departments.values())
        for person in demo_participants:
            person.org_unit_id = unit_ids[0]
        leader.org_unit_id = unit_ids[0]
        session.add(OrgUnitLeader(org_unit_id=unit_ids[0], person_id=leader.id))
        others = _people(session, randomiser, unit_ids, 20, "Leder / nøgleperson", "hed")
        participants = demo_participants + others
        kerneopgaver = session.exec(select(Kerneopgave).order_by(col(Kerneopgave.position))).all()
        programme = Programme(
            title=title,
            description=(
                "Udviklingsforløb med træning og praksisudvikling for ledere og nøglepersoner "
                "over ca. 1 år med 2 moduler, workshops og læringsgrupper. Nøgleordet er "
                "praksisudvikling med sammenhæng til det daglige arbejde."
            ),
            kind=ProgrammeKind.udviklingsforloeb,
            status=ProgrammeStatus.running,
            starts_on=date(2026, 9, 1),
            ends_on=date(2027, 6, 30),
            justification_required=True,
            justification_min_length=80,
            cohort_min_size=20,
            cohort_max_size=24,
            grading=Grading.none,
        )
        session.add(programme)
        session.flush()
        session.add_all(
            ProgrammeKerneopgave(programme_id=programme.id, kerneopgave_id=k.id)
            for k in kerneopgaver
        )
        cohort = Cohort(
            programme_id=programme.id, name="Hold 1", capacity=24, status=CohortStatus.running
        )
        session.add(cohort)
        session.flush()
        session.add(CohortFacilitator(cohort_id=cohort.id, person_id=facilitator.id))
        for index, person in enumerate(participants):
            session.add(
                Enrolment(
                    programme_id=programme.id,
                    cohort_id=cohort.id,
                    person_id=person.id,
                    nominated_by_id=leader.id if index < 2 else hr.id,
                    justification=JUSTIFICATIONS[index % len(JUSTIFICATIONS)],
                    team_challenge="At omsætte Bæredygtig Velfærd til hverdagens praksis.",
                    status=EnrolmentStatus.approved,
                )
            )
        _learning_groups(session, cohort.id, [p.id for p in participants])
        workshops = _hedensted_workshops(session, programme.id, cohort.id, facilitator.id)
        bookings.sync_workshops(session, workshops)
        _attendance(session, workshops, [p.id for p in participants], facilitator.id, randomiser)
        session.flush()
        # one of Jens Kjærsgaard's team has not got going: his "follow up" list has someone
        stalled = next((p.id for p in others if p.org_unit_id == unit_ids[0]), None)
        seed_practice(session, cohort.id, [p.id for p in participants], randomiser, stalled)
        return 1, len(participants), len(workshops)


def _demo_person(session: Session, issuer: str, subject: str) -> Person:
    return session.exec(select(Person).where(Person.subject == f"{issuer}|{subject}")).one()


def _hedensted_units(session: Session) -> dict[str, uuid.UUID]:
    departments: dict[str, uuid.UUID] = {}
    for forvaltning, afdelinger in HEDENSTED_UNITS.items():
        top = OrgUnit(name=forvaltning, kind=OrgUnitKind.forvaltning)
        session.add(top)
        session.flush()
        for name in afdelinger:
            unit = OrgUnit(name=name, kind=OrgUnitKind.afdeling, parent_id=top.id)
            session.add(unit)
            session.flush()
            departments[name] = unit.id
    return departments


def _learning_groups(session: Session, cohort_id: uuid.UUID, people: list[uuid.UUID]) -> None:
    sizes = (6, 6, 5, 5)
    start = 0
    for number, size in enumerate(sizes, start=1):
        members = people[start : start + size]
        start += size
        group = LearningGroup(cohort_id=cohort_id, name=f"Læringsgruppe {number}")
        session.add(group)
        session.flush()
        session.add_all(
            LearningGroupMember(cohort_id=cohort_id, group_id=group.id, person_id=person)
            for person in members
        )
        for first, second in zip(members[0::2], members[1::2], strict=False):
            session.add(
                BuddyPair(
                    cohort_id=cohort_id,
                    group_id=group.id,
                    first_person_id=first,
                    second_person_id=second,
                )
            )


def _hedensted_workshops(
    session: Session, programme_id: uuid.UUID, cohort_id: uuid.UUID, facilitator: uuid.UUID
) -> list[Workshop]:
    zone = ZoneInfo("Europe/Copenhagen")
    first_day = date(2026, 9, 15)
    workshops = []
    for position, (module_title, goal, themes, sessions) in enumerate(MODULES, start=1):
        module = ProgrammeModule(
            programme_id=programme_id,
            position=position,
            title=module_title,
            competence_goal=goal,
            themes=themes,
        )
        session.add(module)
        session.flush()
        for number, (workshop_title, workshop_themes) in enumerate(sessions):
            day = first_day + timedelta(weeks=6 * ((position - 1) * 4 + number))
            starts = datetime(day.year, day.month, day.day, 9, 0, tzinfo=zone)
            workshop = Workshop(
                module_id=module.id,
                cohort_id=cohort_id,
                title=workshop_title,
                kind=WorkshopKind.workshop,
                starts_at=starts.astimezone(UTC),
                ends_at=(starts + timedelta(hours=6)).astimezone(UTC),
                location="Hedensted Rådhus, Niels Espes Vej 8, 8722 Hedensted",
                themes=workshop_themes,
                capacity=24,
            )
            session.add(workshop)
            session.flush()
            session.add(WorkshopFacilitator(workshop_id=workshop.id, person_id=facilitator))
            workshops.append(workshop)
    return workshops


def _attendance(
    session: Session,
    workshops: list[Workshop],
    participants: list[uuid.UUID],
    recorder: uuid.UUID,
    randomiser: random.Random,
) -> None:
    now = datetime.now(UTC)
    for workshop in workshops:
        if workshop.ends_at > now:
            continue
        for person in participants:
            roll = randomiser.random()
            status = (
                AttendanceStatus.present
                if roll < 0.86
                else AttendanceStatus.excused
                if roll < 0.95
                else AttendanceStatus.absent
            )
            session.add(
                Attendance(
                    workshop_id=workshop.id,
                    person_id=person,
                    status=status,
                    recorded_by_id=recorder,
                )
            )


def _seed_horsens(
    engine: Engine, app_role: str, randomiser: random.Random, offering: uuid.UUID
) -> tuple[int, int, int]:
    title = "Specialist i borgerkontakt"
    with tenant_session(engine, HORSENS, app_role) as session:
        if _programme_exists(session, title):
            return 0, 0, 0
        unit = OrgUnit(name="Borgerservice", kind=OrgUnitKind.afdeling)
        session.add(unit)
        session.flush()
        framework = CompetenceFramework(
            title="Fagprofil: Specialist i borgerkontakt",
            description="HK/KL-fagprofil for medarbejdere i borgerservice.",
            source="HK Kommunal og KL (Fremfærd Borger)",
        )
        session.add(framework)
        session.flush()
        competences = [
            Competence(framework_id=framework.id, title=name, position=index)
            for index, name in enumerate(SPECIALIST_COMPETENCES, start=1)
        ]
        session.add_all(competences)
        programme = Programme(
            title=title,
            description="Pilotuddannelse i Kompetenceudvikling til fremtidens borgerservice.",
            kind=ProgrammeKind.kompetencegivende_uddannelse,
            status=ProgrammeStatus.completed,
            starts_on=date(2015, 9, 1),
            ends_on=date(2016, 6, 1),
            offering_id=offering,
            justification_required=True,
            justification_min_length=40,
            grading=Grading.danish_7_point,
        )
        session.add(programme)
        session.flush()
        session.add_all(
            CompetenceGoal(programme_id=programme.id, competence_id=c.id) for c in competences
        )
        cohort = Cohort(
            programme_id=programme.id,
            name="Borgerservice Horsens",
            capacity=21,
            status=CohortStatus.completed,
        )
        session.add(cohort)
        session.flush()
        people = _people(session, randomiser, [unit.id], 21, "Borgerservicemedarbejder", "hor")
        # "Alle 21 medarbejdere gennemførte uddannelsen – de fleste fik 10 eller 12."
        grades = [12] * 8 + [10] * 8 + [7] * 4 + [4]
        for person, grade in zip(people, grades, strict=True):
            session.add(
                Enrolment(
                    programme_id=programme.id,
                    cohort_id=cohort.id,
                    person_id=person.id,
                    justification="Borgerservice er en profession; uddannelsen løfter hele teamet.",
                    status=EnrolmentStatus.completed,
                    grade=grade,
                    passed=True,
                    completed_at=datetime(2016, 6, 1, 12, tzinfo=UTC),
                )
            )
        return 1, len(people), 0


def _seed_middelfart(
    engine: Engine, app_role: str, randomiser: random.Random, offering: uuid.UUID
) -> tuple[int, int, int]:
    title = "Fremtidens teknik- og miljømedarbejder (pilot)"
    with tenant_session(engine, MIDDELFART, app_role) as session:
        if _programme_exists(session, title):
            return 0, 0, 0
        top = OrgUnit(name="Teknik og Miljø", kind=OrgUnitKind.forvaltning)
        session.add(top)
        session.flush()
        departments = [
            OrgUnit(name=name, kind=OrgUnitKind.afdeling, parent_id=top.id)
            for name in ("Byg og Plan", "Natur og Miljø", "Vej og Park")
        ]
        session.add_all(departments)
        session.flush()
        programme = Programme(
            title=title,
            description="Middelfarts hold på KL's pilotuddannelse.",
            kind=ProgrammeKind.kompetencegivende_uddannelse,
            status=ProgrammeStatus.running,
            starts_on=date(2026, 11, 1),
            ends_on=date(2027, 4, 30),
            offering_id=offering,
            min_participants_per_org_unit=2,
            justification_required=True,
            justification_min_length=80,
            grading=Grading.pass_fail,
        )
        session.add(programme)
        session.flush()
        cohort = Cohort(
            programme_id=programme.id, name="Pilothold", capacity=12, status=CohortStatus.running
        )
        session.add(cohort)
        session.flush()
        unit_ids = [d.id for d in departments]
        people = _people(session, randomiser, unit_ids, 7, "Teknisk medarbejder", "mid")
        for person in people:
            session.add(
                Enrolment(
                    programme_id=programme.id,
                    cohort_id=cohort.id,
                    person_id=person.id,
                    justification=(
                        "Afdelingen skal bidrage proaktivt til samfundets udvikling gennem "
                        "partnerskaber med borgere og erhverv; to kolleger implementerer sammen."
                    ),
                    status=EnrolmentStatus.approved,
                )
            )
        return 1, len(people), 0
