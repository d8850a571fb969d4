"""Who may do what: every role's permissions in one table.

Routes declare the permission they need (``authorize(Permission.X)``); this table is the only
place that says which roles hold it. Integration tokens hold exactly the permissions named in
their ``scope`` claim, and only those an integration may ever hold.
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


MUNICIPAL_ROLES = frozenset(
    {Role.participant, Role.leader, Role.facilitator, Role.hr_admin, Role.integration}
)


class Permission(StrEnum):
    kerneopgaver_read = "kerneopgaver:read"
    kerneopgaver_write = "kerneopgaver:write"


_EVERY_MUNICIPAL_READER = frozenset({Permission.kerneopgaver_read})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.participant: _EVERY_MUNICIPAL_READER,
    Role.leader: _EVERY_MUNICIPAL_READER,
    Role.facilitator: _EVERY_MUNICIPAL_READER,
    Role.hr_admin: _EVERY_MUNICIPAL_READER | {Permission.kerneopgaver_write},
    Role.partner: frozenset(),
    Role.integration: frozenset(),
}

INTEGRATION_GRANTABLE: frozenset[Permission] = frozenset({Permission.kerneopgaver_read})


def permissions_of(roles: frozenset[Role], scopes: frozenset[str]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    if Role.integration in roles:
        granted |= {p for p in INTEGRATION_GRANTABLE if p.value in scopes}
    return frozenset(granted)
