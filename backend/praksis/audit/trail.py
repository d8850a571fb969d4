"""Recording into the audit trail: the one primitive the services call where they decide or
change something.

``record(context, action, object_type, object_id, before, after)`` adds the event to the
caller's unit of work, so it is committed with the change it describes, and a request that
fails (409, 422, any error) rolls it back with everything else. Values are plain (ids,
numbers, text, days, moments, enum members, lists of them) and stored as JSON; a service
passes only the fields that changed (``record_changes`` works them out) and never a secret.

A handler of another domain's event has no context; the event carries the ``Actor`` of the
request that caused it (``record_by``).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

from sqlmodel import Session

from praksis.audit.models import CLIENT_LENGTH, AuditEvent
from praksis.kit.context import TenantContext

Fields = Mapping[str, Any]


class AuditAction(StrEnum):
    enrolment_nominated = "enrolment.nominated"
    enrolment_approved = "enrolment.approved"
    enrolment_waitlisted = "enrolment.waitlisted"
    enrolment_promoted = "enrolment.promoted"  # from the waiting list, when a place freed up
    enrolment_declined = "enrolment.declined"
    enrolment_withdrawn = "enrolment.withdrawn"
    enrolment_completed = "enrolment.completed"
    programme_created = "programme.created"
    programme_updated = "programme.updated"
    programme_status_changed = "programme.status_changed"
    programme_deleted = "programme.deleted"
    cohort_created = "cohort.created"
    cohort_started = "cohort.started"
    cohort_status_changed = "cohort.status_changed"
    cohort_updated = "cohort.updated"
    cohort_deleted = "cohort.deleted"
    workshop_created = "workshop.created"
    workshop_updated = "workshop.updated"
    workshop_cancelled = "workshop.cancelled"
    project_created = "project.created"
    project_updated = "project.updated"
    project_deleted = "project.deleted"
    project_owner_invited = "project.owner_invited"
    project_invitation_accepted = "project.invitation_accepted"
    project_invitation_declined = "project.invitation_declined"
    project_owners_changed = "project.owners_changed"  # set by HR, or an owner removed
    org_unit_created = "org_unit.created"
    org_unit_updated = "org_unit.updated"  # renamed, moved, re-kinded
    org_unit_leaders_changed = "org_unit.leaders_changed"
    org_unit_deleted = "org_unit.deleted"
    competence_framework_created = "competence_framework.created"
    competence_framework_updated = "competence_framework.updated"
    competence_framework_deleted = "competence_framework.deleted"
    competence_created = "competence.created"
    competence_updated = "competence.updated"
    competence_deleted = "competence.deleted"
    person_updated = "person.updated"
    person_erased = "person.erased"  # GDPR art. 17: what was cleared, never the values
    # a person's own choice of language and e-mail delivery (issue 19)
    notification_preferences_updated = "notification_preferences.updated"
    # development goals and credentials (issue 18)
    development_goal_proposed = "development_goal.proposed"
    development_goal_updated = "development_goal.updated"
    development_goal_agreed = "development_goal.agreed"
    development_goal_status_changed = "development_goal.status_changed"
    programme_award_changed = "programme.award_changed"
    credential_issued = "credential.issued"
    credential_revoked = "credential.revoked"  # by HR; the reason is not kept (an erasure)
    # ways in (issue 18): a person's request for a place, the leader's answer, a whole team
    enrolment_requested = "enrolment_request.created"
    enrolment_request_endorsed = "enrolment_request.endorsed"
    enrolment_request_declined = "enrolment_request.declined"
    enrolment_request_withdrawn = "enrolment_request.withdrawn"
    team_nominated = "org_unit.team_nominated"
    # issue 18: leader sparring meetings and workshop guests
    sparring_meeting_planned = "sparring_meeting.planned"
    sparring_meeting_updated = "sparring_meeting.updated"
    sparring_meeting_cancelled = "sparring_meeting.cancelled"
    sparring_meeting_leaders_invited = "sparring_meeting.leaders_invited"
    sparring_invitation_recorded = "sparring_invitation.recorded"  # attended or absent
    workshop_guest_added = "workshop_guest.added"  # the guest's name is not kept
    workshop_guest_updated = "workshop_guest.updated"
    workshop_guest_removed = "workshop_guest.removed"
    # issue 19: outgoing webhooks (the secret is never recorded)
    webhook_endpoint_created = "webhook_endpoint.created"
    webhook_endpoint_updated = "webhook_endpoint.updated"
    webhook_endpoint_deleted = "webhook_endpoint.deleted"
    webhook_endpoint_secret_rotated = "webhook_endpoint.secret_rotated"  # noqa: S105 - a name


class AuditObject(StrEnum):
    enrolment = "enrolment"
    programme = "programme"
    cohort = "cohort"
    workshop = "workshop"
    project = "project"  # an action-learning project
    org_unit = "org_unit"
    competence_framework = "competence_framework"
    competence = "competence"
    person = "person"
    development_goal = "development_goal"
    credential = "credential"
    enrolment_request = "enrolment_request"
    sparring_meeting = "sparring_meeting"  # issue 18
    sparring_invitation = "sparring_invitation"
    workshop_guest = "workshop_guest"
    webhook_endpoint = "webhook_endpoint"


# A field whose value is personal (it identifies someone, or an erasure clears it) is named
# in an event when it changes, with this instead of its value: erasing a person's data (GDPR
# art. 17) then has nothing to find in the trail.
NOT_KEPT = "(not kept)"


@dataclass(frozen=True)
class Actor:
    """Who acted: a person, or (for a service token, which is no person) its subject."""

    person_id: uuid.UUID | None
    client: str | None

    @classmethod
    def of(cls, context: TenantContext) -> Actor:
        if context.acting_person_id is not None:
            return cls(context.acting_person_id, None)
        return cls(None, context.principal.subject[:CLIENT_LENGTH])


def record(
    context: TenantContext,
    action: AuditAction,
    object_type: AuditObject,
    object_id: uuid.UUID,
    before: Fields,
    after: Fields,
) -> None:
    """The caller did ``action`` to the object; ``before``/``after`` hold what changed."""
    record_by(context.session, Actor.of(context), action, object_type, object_id, before, after)


def record_changes(
    context: TenantContext,
    action: AuditAction,
    object_type: AuditObject,
    object_id: uuid.UUID,
    before: Fields,
    after: Fields,
    personal: Collection[str] = (),
) -> None:
    """Like ``record``, given the fields as they were and as they are: keeps only those that
    differ, and records nothing when none does; the ``personal`` ones are named, not kept."""
    old, new = changed(before, after)
    if old or new:
        record(
            context,
            action,
            object_type,
            object_id,
            withheld(old, personal),
            withheld(new, personal),
        )


def record_by(
    session: Session,
    actor: Actor,
    action: AuditAction,
    object_type: AuditObject,
    object_id: uuid.UUID,
    before: Fields,
    after: Fields,
) -> None:
    """``record`` for code without the caller's context (an event's handler)."""
    session.add(
        AuditEvent(
            actor_person_id=actor.person_id,
            actor_client=actor.client,
            action=action.value,
            object_type=object_type.value,
            object_id=object_id,
            before=_plain(dict(before)),
            after=_plain(dict(after)),
        )
    )


def fields_of(row: object, names: Iterable[str]) -> dict[str, Any]:
    """The named attributes of ``row``, as an event's ``before`` or ``after`` holds them."""
    return {name: getattr(row, name) for name in names}


def withheld(fields: Fields, personal: Collection[str]) -> dict[str, Any]:
    """``fields`` with the value of each ``personal`` one replaced by ``NOT_KEPT``."""
    return {name: NOT_KEPT if name in personal else value for name, value in fields.items()}


def changed(before: Fields, after: Fields) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields whose value differs between the two, as they were and as they are."""
    names = [name for name in after if before.get(name) != after[name]]
    names += [name for name in before if name not in after]
    return (
        {name: before.get(name) for name in names},
        {name: after.get(name) for name in names},
    )


def _plain(value: Any) -> Any:
    """A value as JSON holds it: ids and times as ISO text, sets as sorted lists."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_plain(item) for item in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
