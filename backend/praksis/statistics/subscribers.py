"""What statistics do when an earlier domain changes (``programmes`` events; subscribed in
``praksis.wiring``).

A municipality's figures reach a partner once its hr_admin links a programme to the
partner's offering, and leave when it unlinks them. The partner may invite and uninvite
municipalities, but not take one out whose figures it reads: a partner changing which
municipalities its totals cover could subtract one set from another (docs/statistics-privacy.md).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from praksis.kit.errors import Conflict
from praksis.programmes.events import RemovingOfferingMembers
from praksis.statistics.models import OfferingStatistic


def refuse_removing_members_with_figures(session: Session, event: RemovingOfferingMembers) -> None:
    with_figures = session.exec(
        select(OfferingStatistic.municipality_id)
        .where(
            OfferingStatistic.offering_id == event.offering_id,
            col(OfferingStatistic.municipality_id).in_(sorted(event.municipality_ids)),
        )
        .distinct()
    ).all()
    if with_figures:
        raise Conflict(
            "A municipality that has linked a programme to this offering takes part in its "
            "statistics and leaves it only by unlinking its programmes: "
            + ", ".join(sorted(with_figures)),
            extra={"municipality_ids": sorted(with_figures)},
        )
