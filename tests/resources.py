"""Every resource with an item route, for the generated cross-tenant matrix.

Each domain's ``tests/<domain>/factories.py`` says how to create one of its objects. An API
route with a path parameter that is in none of them fails the matrix, so a new resource cannot
ship without being covered. ``SECRET_URL_ROUTES`` are reached by an unguessable secret in the
URL instead of a bearer token (e.g. a calendar feed); their own tests prove they reveal
nothing for a wrong secret. ``PUBLIC_ROUTES`` name a municipality in the URL and answer anyone
by design (a credential verifier's status list and issuer profile); their own tests prove
they hold no personal data and read only what they publish.
"""

from __future__ import annotations

from tests.action_learning.factories import RESOURCES as ACTION_LEARNING
from tests.audit.factories import RESOURCES as AUDIT
from tests.cohorts.factories import RESOURCES as COHORTS
from tests.competences.factories import RESOURCES as COMPETENCES
from tests.development.factories import PUBLIC_ROUTES as CREDENTIAL_VERIFICATION
from tests.development.factories import RESOURCES as DEVELOPMENT
from tests.enrolments.factories import RESOURCES as ENROLMENTS
from tests.feedback.factories import RESOURCES as FEEDBACK
from tests.kerneopgaver.factories import RESOURCES as KERNEOPGAVER
from tests.people.factories import RESOURCES as PEOPLE
from tests.privacy.factories import RESOURCES as PRIVACY
from tests.programmes.factories import RESOURCES as PROGRAMMES
from tests.resource_types import Resource
from tests.statistics.factories import RESOURCES as STATISTICS
from tests.webhooks.factories import RESOURCES as WEBHOOKS
from tests.workshops.factories import RESOURCES as WORKSHOPS
from tests.workshops.factories import SECRET_URL_ROUTES as WORKSHOP_SECRET_URLS

RESOURCES: dict[str, Resource] = {
    **KERNEOPGAVER,
    **PEOPLE,
    **PRIVACY,
    **COMPETENCES,
    **PROGRAMMES,
    **COHORTS,
    **ENROLMENTS,
    **WORKSHOPS,
    **ACTION_LEARNING,
    **FEEDBACK,
    **DEVELOPMENT,
    **STATISTICS,
    **AUDIT,
    **WEBHOOKS,
}
SECRET_URL_ROUTES: frozenset[str] = WORKSHOP_SECRET_URLS
PUBLIC_ROUTES: frozenset[str] = CREDENTIAL_VERIFICATION
