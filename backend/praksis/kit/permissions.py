"""Who may do what: every role's permissions in one table.

Routes declare the permission they need (``authorize(Permission.X)``); this table is the only
place that says which roles hold it. Services then narrow *which rows* a holder may touch
(a leader's own team, a participant's own enrolment, a facilitator's own workshops).
Integration tokens hold exactly the permissions named in their ``scope`` claim, and only
those an integration may ever hold.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    participant = "participant"
    leader = "leader"
    facilitator = "facilitator"
    hr_admin = "hr_admin"
    partner = "partner"
    integration = "integration"


PERSON_ROLES = frozenset({Role.participant, Role.leader, Role.facilitator, Role.hr_admin})
MUNICIPAL_ROLES = PERSON_ROLES | {Role.integration}


class Permission(StrEnum):
    kerneopgaver_read = "kerneopgaver:read"
    kerneopgaver_write = "kerneopgaver:write"
    org_units_read = "org-units:read"
    org_units_write = "org-units:write"
    leaders_appoint = "leaders:appoint"  # who leads a unit: HR's decision, never an integration's
    people_read = "people:read"
    people_write = "people:write"
    people_export = "people:export"  # a person's data as a whole (GDPR art. 15), for HR
    people_erase = "people:erase"  # erase a person's personal data (GDPR art. 17), for HR
    own_data_export = "me:export"  # one's own data as a whole (GDPR art. 15)
    own_notifications = "me:notifications"  # one's own language and e-mail choice
    competences_read = "competences:read"
    competences_write = "competences:write"
    programmes_read = "programmes:read"
    programmes_write = "programmes:write"
    cohorts_read = "cohorts:read"
    cohorts_write = "cohorts:write"
    enrolments_read = "enrolments:read"
    enrolments_nominate = "enrolments:nominate"
    enrolments_decide = "enrolments:decide"
    enrolments_withdraw = "enrolments:withdraw"
    enrolments_complete = "enrolments:complete"
    workshops_read = "workshops:read"
    workshops_write = "workshops:write"
    attendance_record = "attendance:record"
    calendar_own = "calendar:own"
    projects_read = "projects:read"
    projects_write = "projects:write"
    feedback_give = "feedback:give"
    evaluations_answer = "evaluations:answer"
    evaluations_read = "evaluations:read"
    follow_ups_answer = "follow-ups:answer"
    follow_ups_manage = "follow-ups:manage"
    statistics_municipality = "statistics:municipality"
    audit_read = "audit:read"  # the audit trail: who decided or changed what
    # one's own development (goals, plan, credentials, self-assessments) and, as a leader,
    # one's team's; services decide whose (development.service)
    development_read = "development:read"
    development_write = "development:write"
    credentials_revoke = "credentials:revoke"  # HR withdraws a credential issued in error
    # ways in (issue 18): a person asks for a place or registers interest; a leader endorses
    interest_register = "interest:register"
    enrolments_request = "enrolments:request"
    enrolments_endorse = "enrolments:endorse"
    # issue 18: plan leader sparring meetings and record who came; name workshop guests
    events_plan = "events:plan"
    # issue 19: register outgoing webhooks (HR, or an integration granted the scope)
    webhooks_manage = "webhooks:manage"


_EVERYONE_IN_THE_MUNICIPALITY = frozenset(
    {
        Permission.kerneopgaver_read,
        Permission.org_units_read,
        Permission.people_read,
        Permission.competences_read,
        Permission.programmes_read,
        Permission.cohorts_read,
        Permission.enrolments_read,
        Permission.workshops_read,
        Permission.calendar_own,
        Permission.projects_read,
        Permission.own_data_export,
        Permission.own_notifications,
        Permission.development_read,
        Permission.development_write,
        Permission.interest_register,
        Permission.enrolments_request,
    }
)

# What a learner does in a programme: runs a project, gives feedback, evaluates, follows up.
_LEARNER = frozenset(
    {
        Permission.enrolments_withdraw,
        Permission.projects_write,
        Permission.feedback_give,
        Permission.evaluations_answer,
        Permission.follow_ups_answer,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.participant: _EVERYONE_IN_THE_MUNICIPALITY | _LEARNER,
    Role.leader: _EVERYONE_IN_THE_MUNICIPALITY
    | _LEARNER
    | {
        Permission.enrolments_nominate,
        Permission.enrolments_endorse,
        Permission.enrolments_withdraw,
        Permission.statistics_municipality,
    },
    Role.facilitator: _EVERYONE_IN_THE_MUNICIPALITY
    | {
        Permission.attendance_record,
        Permission.evaluations_read,
        Permission.feedback_give,
        Permission.events_plan,
    },
    Role.hr_admin: _EVERYONE_IN_THE_MUNICIPALITY
    | {
        Permission.kerneopgaver_write,
        Permission.org_units_write,
        Permission.leaders_appoint,
        Permission.people_write,
        Permission.people_export,
        Permission.people_erase,
        Permission.competences_write,
        Permission.programmes_write,
        Permission.cohorts_write,
        Permission.enrolments_nominate,
        Permission.enrolments_endorse,
        Permission.enrolments_decide,
        Permission.enrolments_withdraw,
        Permission.enrolments_complete,
        Permission.workshops_write,
        Permission.attendance_record,
        Permission.projects_write,
        Permission.evaluations_read,
        Permission.follow_ups_manage,
        Permission.statistics_municipality,
        Permission.audit_read,
        Permission.events_plan,
        Permission.credentials_revoke,
        Permission.webhooks_manage,
    },
    Role.partner: frozenset(),
    Role.integration: frozenset(),
}

INTEGRATION_GRANTABLE: frozenset[Permission] = frozenset(
    {
        Permission.kerneopgaver_read,
        Permission.org_units_read,
        Permission.org_units_write,
        Permission.people_read,
        Permission.people_write,
        Permission.programmes_read,
        Permission.cohorts_read,
        Permission.workshops_read,
        Permission.webhooks_manage,
    }
)


def permissions_of(roles: frozenset[Role], scopes: frozenset[str]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    if Role.integration in roles:
        granted |= {p for p in INTEGRATION_GRANTABLE if p.value in scopes}
    return frozenset(granted)
