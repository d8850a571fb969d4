"""What programmes do when competences change (``competences.events``; subscribed in
``praksis.wiring``): a competence a programme aims at cannot be deleted."""

from __future__ import annotations

from sqlmodel import Session, col, select

from praksis.competences.events import DeletingCompetences
from praksis.kit.errors import Conflict
from praksis.programmes.models import CompetenceGoal


def refuse_deleting_goal_competences(session: Session, event: DeletingCompetences) -> None:
    if not event.competence_ids:
        return
    used = session.exec(
        select(CompetenceGoal.competence_id).where(
            col(CompetenceGoal.competence_id).in_(event.competence_ids)
        )
    ).first()
    if used is not None:
        raise Conflict(
            f"This {event.deleting} cannot be deleted: a programme has competence {used} as a "
            "goal. Remove the goal from the programme first."
        )
