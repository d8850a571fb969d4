"""What feedback answers for action learning, which comes before it
(``action_learning.events``; answered in ``praksis.wiring``)."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from praksis.action_learning.events import CountFeedback
from praksis.action_learning.models import TrialAction
from praksis.feedback.models import FeedbackKind, TrialActionFeedback


def count_feedback(session: Session, question: CountFeedback) -> dict[uuid.UUID, dict[str, int]]:
    ids = question.project_ids
    counts = {project_id: {kind.value: 0 for kind in FeedbackKind} for project_id in ids}
    if not ids:
        return counts
    for project_id, kind, count in session.exec(
        select(TrialAction.project_id, TrialActionFeedback.kind, func.count())
        .join(
            TrialActionFeedback,
            and_(col(TrialActionFeedback.trial_action_id) == col(TrialAction.id)),
        )
        .where(col(TrialAction.project_id).in_(ids))
        .group_by(col(TrialAction.project_id), col(TrialActionFeedback.kind))
    ).all():
        counts[project_id][str(FeedbackKind(kind).value)] = count
    return counts
