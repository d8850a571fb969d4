"""The demo's meetings around the programmes and what they lead to: Hedensted's leader sparring
meetings ("sparringsmøder mellem lederne", built into the programme), a guest speaker at its
first workshop, and the credential Horsens' 21 borgerservice specialists earned.

Each piece is created when missing, on its own, so a demo database seeded before it gets it on
the next ``praksis seed-demo``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from praksis.demo.programmes import HEDENSTED, HORSENS
from praksis.development.models import Credential, ProgrammeAward
from praksis.development.service import allocate_status_entry, credential_of
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.kit.db import tenant_session
from praksis.people.models import Person
from praksis.programmes.models import Programme, ProgrammeModule
from praksis.workshops.models import (
    GuestContribution,
    SparringAttendance,
    SparringInvitation,
    SparringMeeting,
    Workshop,
    WorkshopGuest,
)
from praksis.workshops.sparring import leaders_of_participants

HEDENSTED_PROGRAMME = "Kultur- og kompetenceudviklingsforløb: Bæredygtig Velfærd"
HORSENS_PROGRAMME = "Specialist i borgerkontakt"
ZONE = ZoneInfo("Europe/Copenhagen")

SPARRING = (
    (
        "Sparringsmøde 1: sammenhæng til afdelingernes udfordringer",
        datetime(2026, 10, 27, 14, 0, tzinfo=ZONE),
        "Lederne fortæller, hvordan forløbet møder de udfordringer, de skrev i begrundelserne, "
        "og hvad deres medarbejdere har brug for af dem mellem modulerne.",
    ),
    (
        "Sparringsmøde 2: prøvehandlinger i hverdagen",
        datetime(2027, 2, 23, 14, 0, tzinfo=ZONE),
        "Lederne sparrer om de prøvehandlinger, teamene har sat i gang, og hvordan de holder "
        "fast i dem efter forløbet.",
    ),
)


def seed_gatherings(engine: Engine, app_role: str, issuer: str) -> None:
    with tenant_session(engine, HEDENSTED, app_role) as session:
        programme = _programme(session, HEDENSTED_PROGRAMME)
        if programme is not None:
            _sparring_meetings(session, programme, _person(session, issuer, "hedensted-hr"))
            _guest_speaker(session, programme)
    with tenant_session(engine, HORSENS, app_role) as session:
        programme = _programme(session, HORSENS_PROGRAMME)
        if programme is not None:
            _specialist_credential(session, programme)


def _programme(session: Session, title: str) -> Programme | None:
    return session.exec(select(Programme).where(Programme.title == title)).first()


def _person(session: Session, issuer: str, subject: str) -> Person:
    return session.exec(select(Person).where(Person.subject == f"{issuer}|{subject}")).one()


def _sparring_meetings(session: Session, programme: Programme, hr: Person) -> None:
    """Two meetings of the participants' leaders: one held (everyone came but one), one ahead."""
    taken = select(SparringMeeting.id).where(SparringMeeting.programme_id == programme.id)
    if session.exec(taken).first() is not None:
        return
    leaders = sorted(leaders_of_participants(session, programme.id))
    for title, starts, description in SPARRING:
        meeting = SparringMeeting(
            programme_id=programme.id,
            title=title,
            starts_at=starts.astimezone(UTC),
            ends_at=starts.replace(hour=16).astimezone(UTC),
            location="Hedensted Rådhus, mødelokale 2",
            description=description,
            created_by_id=hr.id,
        )
        session.add(meeting)
        session.flush()
        held = starts.date() < date(2026, 12, 1)
        for index, leader in enumerate(leaders):
            attended = SparringAttendance.attended if index > 0 else SparringAttendance.absent
            session.add(
                SparringInvitation(
                    meeting_id=meeting.id,
                    person_id=leader,
                    status=attended if held else SparringAttendance.invited,
                    recorded_by_id=hr.id if held else None,
                    recorded_at=starts.replace(hour=16).astimezone(UTC) if held else None,
                )
            )


def _guest_speaker(session: Session, programme: Programme) -> None:
    """A leader from another municipality's jobcenter opens the first workshop with a talk on
    working strategically with competence development (as in KL's webinar)."""
    first = session.exec(
        select(Workshop)
        .join(ProgrammeModule, col(ProgrammeModule.id) == col(Workshop.module_id))
        .where(ProgrammeModule.programme_id == programme.id)
        .order_by(col(Workshop.starts_at))
    ).first()
    if first is None:
        return
    if session.exec(select(WorkshopGuest.id).where(WorkshopGuest.workshop_id == first.id)).first():
        return
    session.add(
        WorkshopGuest(
            workshop_id=first.id,
            name="Lise Brøndum",
            organisation="Vesthimmerlands Kommune, Jobcenter",
            role="Jobcenterchef",
            contribution=GuestContribution.speaker,
        )
    )


def _specialist_credential(session: Session, programme: Programme) -> None:
    """The pilot education HK Kommunal and KL ran under Fremfærd Borger: everyone who completed
    it holds the credential, dated the day they finished."""
    if session.exec(
        select(ProgrammeAward.id).where(ProgrammeAward.programme_id == programme.id)
    ).first():
        return
    award = ProgrammeAward(
        programme_id=programme.id,
        title="Specialist i borgerkontakt",
        description="Pilotuddannelse i kompetenceudvikling til fremtidens borgerservice.",
        criteria="Gennemført uddannelsens moduler og bestået den afsluttende prøve.",
        provider="HK Kommunal og KL (Fremfærd Borger)",
        provider_url="https://www.fremfaerd.dk/",
        ects=None,
    )
    session.add(award)
    completed = session.exec(
        select(Enrolment).where(
            Enrolment.programme_id == programme.id,
            Enrolment.status == EnrolmentStatus.completed,
            col(Enrolment.passed).is_not(False),
        )
    ).all()
    session.add_all(_credential(session, award, enrolment) for enrolment in completed)


def _credential(session: Session, award: ProgrammeAward, enrolment: Enrolment) -> Credential:
    finished = enrolment.completed_at or datetime.now(UTC)
    return credential_of(
        award,
        enrolment.person_id,
        enrolment.id,
        finished.date(),
        allocate_status_entry(session),
    )
