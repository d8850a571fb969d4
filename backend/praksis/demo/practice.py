"""Demo practice in Hedensted's cohort: each participant's development project on a
kerneopgave, trial actions in both modules, buddy feedback and workshop evaluations."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from praksis.action_learning.models import (
    ActionLearningProject,
    ProjectOwner,
    ProjectPhase,
    TrialAction,
    TrialActionStatus,
)
from praksis.cohorts.models import BuddyPair, CohortFacilitator
from praksis.feedback.models import (
    EvaluationReceipt,
    EvaluationRelease,
    FeedbackKind,
    TrialActionFeedback,
    WorkshopEvaluation,
)
from praksis.kerneopgaver.models import Kerneopgave
from praksis.programmes.models import ProgrammeModule
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop

PROJECTS = {
    "Fritid & Fællesskab": (
        "Foreningerne som medskabere",
        "Frivillige foreninger oplever kommunen som myndighed, ikke som partner.",
        "Tre foreninger tager selv ansvar for et fælles tilbud til ensomme ældre.",
    ),
    "Læring": (
        "Overgangen fra skole til ungdomsuddannelse",
        "Unge i risiko for frafald mødes af mange forskellige voksne uden sammenhæng.",
        "Hver ung har én fast voksen, som koordinerer med skole, UU og familie.",
    ),
    "Beskæftigelse": (
        "Virksomheden som samarbejdspartner",
        "Ledige borgere sendes i forløb, der ikke fører til job.",
        "Borgeren og virksomheden designer selv praktikforløbet sammen med jobcentret.",
    ),
    "Social Omsorg": (
        "Borgerens egne mål i hjemmeplejen",
        "Hjælpen planlægges ud fra ydelser, ikke ud fra det borgeren selv vil kunne.",
        "Hver borger har et mål, som borger, pårørende og medarbejder arbejder mod sammen.",
    ),
}
TRIAL_ACTIONS = (
    (
        "Samtale om borgerens egne mål",
        ["citizens", "colleagues"],
        "Vi lyttede mere end vi talte; borgeren foreslog selv to af løsningerne.",
        "Det svære var at lade være med at byde ind med svar. Næste gang skal kollegaen "
        "observere og give feedback på mine spørgsmål.",
    ),
    (
        "Fælles møde med foreninger og virksomheder",
        ["partners", "citizens"],
        "Deltagerne fandt selv en fælles opgave; vi faciliterede i stedet for at definere.",
        "Mødeformen virkede. Vi skal sikre opfølgning, så energien ikke forsvinder.",
    ),
)
WHAT_WORKED = (
    "Du gav borgeren plads til selv at formulere målet.",
    "Rigtig god forberedelse; mødet havde et klart formål.",
    "Du turde prøve noget nyt foran kollegaerne.",
)
TRY_NEXT = (
    "Prøv at spørge 'hvad vil du gerne kunne om et halvt år?' tidligere i samtalen.",
    "Aftal en konkret opfølgning inden mødet slutter.",
    "Inddrag en kollega fra myndighed næste gang.",
)
RELEASED_AFTER = timedelta(days=14)

COMMENTS = (
    "Meget relevant for min hverdag.",
    "Godt med tid til læringsgruppen.",
    "Lidt for meget teori om formiddagen.",
    "Playmaker-rollen gav mening i praksis.",
    "Jeg fik konkrete værktøjer med hjem.",
)


def seed_practice(
    session: Session,
    cohort_id: uuid.UUID,
    participants: list[uuid.UUID],
    randomiser: random.Random,
    stalled: uuid.UUID | None = None,
) -> None:
    """Each participant's project and trial actions; ``stalled`` has carried none out yet."""
    kerneopgaver = session.exec(select(Kerneopgave).order_by(col(Kerneopgave.position))).all()
    modules = session.exec(select(ProgrammeModule).order_by(col(ProgrammeModule.position))).all()
    buddies = _buddies(session, cohort_id)
    for index, person in enumerate(participants):
        kerneopgave = kerneopgaver[index % len(kerneopgaver)]
        actions = _project(
            session, cohort_id, person, kerneopgave, modules, index, stalled=person == stalled
        )
        buddy = buddies.get(person)
        for number, action in enumerate(actions):
            if buddy is None or not _done_in_demo(number, index):
                continue
            # drawn for the stalled project too, so every other demo figure stays the same
            what_worked, try_next = randomiser.choice(WHAT_WORKED), randomiser.choice(TRY_NEXT)
            rating = randomiser.choice((3, 4, 4, 5, 5))
            if action.status == TrialActionStatus.done:
                session.add(
                    TrialActionFeedback(
                        trial_action_id=action.id,
                        author_id=buddy,
                        kind=FeedbackKind.buddy,
                        what_worked=what_worked,
                        try_next=try_next,
                        rating=rating,
                    )
                )
    _evaluations(session, cohort_id, randomiser)


def _done_in_demo(number: int, index: int) -> bool:
    """Everyone's first trial action is done, and every other participant's second."""
    return number == 0 or index % 2 == 0


def _buddies(session: Session, cohort_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]:
    pairs = session.exec(select(BuddyPair).where(BuddyPair.cohort_id == cohort_id)).all()
    found: dict[uuid.UUID, uuid.UUID] = {}
    for pair in pairs:
        found[pair.first_person_id] = pair.second_person_id
        found[pair.second_person_id] = pair.first_person_id
    return found


def _project(
    session: Session,
    cohort_id: uuid.UUID,
    person: uuid.UUID,
    kerneopgave: Kerneopgave,
    modules: Sequence[ProgrammeModule],
    index: int,
    *,
    stalled: bool = False,
) -> list[TrialAction]:
    title, challenge, goal = PROJECTS.get(kerneopgave.title, next(iter(PROJECTS.values())))
    project = ActionLearningProject(
        title=title,
        challenge=challenge,
        goal=goal,
        kerneopgave_id=kerneopgave.id,
        cohort_id=cohort_id,
        phase=ProjectPhase.udforske
        if stalled
        else (ProjectPhase.afproeve if index % 3 else ProjectPhase.designe),
        created_by_id=person,
    )
    session.add(project)
    session.flush()
    session.add(ProjectOwner(project_id=project.id, person_id=person))
    actions = []
    for number, module in enumerate(modules[:2]):
        action_title, with_whom, happened, reflection = TRIAL_ACTIONS[number]
        done = not stalled and _done_in_demo(number, index)
        action = TrialAction(
            project_id=project.id,
            module_id=module.id,
            title=action_title,
            plan=f"{action_title} i forbindelse med '{title}'.",
            with_whom=with_whom,
            planned_for=date(2026, 10, 1) + timedelta(weeks=8 * number + index % 4),
            what_happened=happened if done else "",
            reflection=reflection if done else "",
            status=TrialActionStatus.done if done else TrialActionStatus.planned,
        )
        session.add(action)
        actions.append(action)
    session.flush()
    return actions


def _evaluations(session: Session, cohort_id: uuid.UUID, randomiser: random.Random) -> None:
    now = datetime.now(UTC)
    workshops = session.exec(select(Workshop).where(Workshop.cohort_id == cohort_id)).all()
    facilitator = session.exec(
        select(CohortFacilitator.person_id).where(CohortFacilitator.cohort_id == cohort_id)
    ).first()
    for workshop in workshops:
        if workshop.ends_at > now:
            continue
        present = session.exec(
            select(Attendance.person_id).where(
                Attendance.workshop_id == workshop.id,
                Attendance.status == AttendanceStatus.present,
            )
        ).all()
        answering = [person for person in present if randomiser.random() < 0.8]
        for person in answering:
            session.add(EvaluationReceipt(workshop_id=workshop.id, person_id=person))
        randomiser.shuffle(answering)  # the evaluations carry no trace of their authors
        for _ in answering:
            session.add(
                WorkshopEvaluation(
                    workshop_id=workshop.id,
                    relevance=randomiser.choice((3, 4, 4, 5, 5, 5)),
                    learning=randomiser.choice((2, 3, 4, 4, 5)),
                    usefulness=randomiser.choice((3, 4, 4, 5)),
                    comment=randomiser.choice(COMMENTS) if randomiser.random() < 0.4 else "",
                )
            )
        everyone_answered = bool(present) and len(answering) == len(present)
        if (
            facilitator is not None
            and everyone_answered
            and workshop.ends_at < now - RELEASED_AFTER
        ):
            # released once all who attended have answered: nobody is left out of it
            session.add(EvaluationRelease(workshop_id=workshop.id, released_by_id=facilitator))
