"""The development sign-in: pick a municipality, a person and a role, get a dev token.

Only for demos and tests: answers 404 unless ``PRAKSIS_DEV_SIGN_IN`` is on and the dev
issuer is configured (settings refuse both in production). It reads each municipality
through its own ``tenant_session``, never with tenancy turned off.
"""

from __future__ import annotations

import uuid

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from praksis.demo.data import PEOPLE as DEMO_PEOPLE
from praksis.devsignin.schemas import (
    AuthConfig,
    DevMunicipality,
    DevPartner,
    DevPerson,
    DevSignIn,
    DevSignInOptions,
    DevToken,
    MunicipalRole,
    OidcClientConfig,
)
from praksis.kit.auth import issue_dev_token
from praksis.kit.db import system_session, tenant_session
from praksis.kit.errors import InvalidInput, NotFound
from praksis.municipalities.models import Municipality
from praksis.people.models import OrgUnit, OrgUnitLeader, Person
from praksis.programmes.models import PartnerOffering
from praksis.settings import Settings
from praksis.workshops.models import WorkshopFacilitator

TOKEN_LIFETIME_SECONDS = 3600
PARTNER_NAMES = {"kl": "KL", "hk": "HK", "ks": "KS"}
ROLE_ORDER: tuple[MunicipalRole, ...] = ("participant", "leader", "facilitator", "hr_admin")
DISABLED = "The development sign-in is not enabled on this server."


def auth_config(settings: Settings) -> AuthConfig:
    oidc = None
    if settings.oidc_issuer and settings.oidc_client_id:
        oidc = OidcClientConfig(
            issuer=settings.oidc_issuer,
            client_id=settings.oidc_client_id,
            scope=settings.oidc_scope,
        )
    return AuthConfig(oidc=oidc, dev_sign_in=dev_sign_in_enabled(settings))


def dev_sign_in_enabled(settings: Settings) -> bool:
    return settings.dev_sign_in and settings.jwt_secret is not None


def require_enabled(settings: Settings) -> None:
    if not dev_sign_in_enabled(settings):
        raise NotFound(DISABLED)


def sign_in_options(engine: Engine, settings: Settings) -> DevSignInOptions:
    with system_session(engine) as session:
        municipalities = session.exec(select(Municipality).order_by(Municipality.name)).all()
        partners = session.exec(select(PartnerOffering.partner).distinct()).all()
    listed = []
    for municipality in municipalities:
        with tenant_session(engine, municipality.id, settings.app_db_role) as session:
            people = _people_with_roles(session, settings.jwt_issuer)
        if people:
            listed.append(
                DevMunicipality(id=municipality.id, name=municipality.name, people=people)
            )
    return DevSignInOptions(
        municipalities=listed,
        partners=[DevPartner(slug=slug, name=_partner_name(slug)) for slug in sorted(partners)],
    )


def _partner_name(slug: str) -> str:
    return PARTNER_NAMES.get(slug, slug.upper())


def _people_with_roles(session: Session, issuer: str) -> list[DevPerson]:
    """Everyone may take part; leading a unit, facilitating a workshop or being HR in the demo
    data adds that role."""
    people = session.exec(select(Person).order_by(Person.name)).all()
    units = {unit.id: unit.name for unit in session.exec(select(OrgUnit)).all()}
    leaders = set(session.exec(select(OrgUnitLeader.person_id)).all())
    facilitators = set(session.exec(select(WorkshopFacilitator.person_id)).all())
    declared = _demo_roles(issuer)
    return [
        DevPerson(
            id=person.id,
            name=person.name,
            job_title=person.job_title,
            org_unit=units.get(person.org_unit_id) if person.org_unit_id else None,
            roles=_roles_of(person, person.id in leaders, person.id in facilitators, declared),
        )
        for person in people
    ]


def _demo_roles(issuer: str) -> dict[str, set[str]]:
    return {f"{issuer}|{p.subject}": set(p.roles) for p in DEMO_PEOPLE}


def _roles_of(
    person: Person, leads: bool, facilitates: bool, declared: dict[str, set[str]]
) -> list[MunicipalRole]:
    held: set[str] = {"participant", *declared.get(person.subject or "", set())}
    if leads:
        held.add("leader")
    if facilitates:
        held.add("facilitator")
    return [role for role in ROLE_ORDER if role in held]


def sign_in(engine: Engine, settings: Settings, request: DevSignIn) -> DevToken:
    if request.role == "partner":
        assert request.partner is not None
        token = _partner_token(engine, settings, request.partner)
    else:
        assert request.municipality_id is not None
        assert request.person_id is not None
        token = _person_token(
            engine, settings, request.municipality_id, request.person_id, request.role
        )
    return DevToken(access_token=token, expires_in=TOKEN_LIFETIME_SECONDS)


def _partner_token(engine: Engine, settings: Settings, partner: str) -> str:
    with system_session(engine) as session:
        known = session.exec(
            select(PartnerOffering.id).where(PartnerOffering.partner == partner)
        ).first()
    if known is None:
        raise InvalidInput(
            f"No partner offering belongs to {partner!r}.",
            errors=[{"location": "body.partner", "message": "unknown partner"}],
        )
    return issue_dev_token(
        settings,
        subject=f"partner-{partner}",
        tenant=None,
        roles=["partner"],
        partner=partner,
        name=_partner_name(partner),
        ttl_seconds=TOKEN_LIFETIME_SECONDS,
    )


def _person_token(
    engine: Engine, settings: Settings, municipality_id: str, person_id: uuid.UUID, role: str
) -> str:
    with system_session(engine) as session:
        if session.get(Municipality, municipality_id) is None:
            raise _invalid("municipality_id", f"No municipality {municipality_id!r}.")
    with tenant_session(engine, municipality_id, settings.app_db_role) as session:
        person = session.exec(select(Person).where(Person.id == person_id)).first()
        if person is None:
            raise _invalid("person_id", f"Person {person_id} is not in {municipality_id}.")
        allowed = _roles_of(
            person,
            _leads(session, person_id),
            _facilitates(session, person_id),
            _demo_roles(settings.jwt_issuer),
        )
        if role not in allowed:
            raise _invalid("role", f"{person.name} cannot sign in as {role}.")
        subject = _dev_subject(person, settings.jwt_issuer)
        name, email = person.name, person.email
    return issue_dev_token(
        settings,
        subject=subject,
        tenant=municipality_id,
        roles=[role],
        name=name,
        email=email,
        ttl_seconds=TOKEN_LIFETIME_SECONDS,
    )


def _leads(session: Session, person_id: uuid.UUID) -> bool:
    query = select(OrgUnitLeader.id).where(OrgUnitLeader.person_id == person_id)
    return session.exec(query).first() is not None


def _facilitates(session: Session, person_id: uuid.UUID) -> bool:
    query = select(WorkshopFacilitator.id).where(WorkshopFacilitator.person_id == person_id)
    return session.exec(query).first() is not None


def _dev_subject(person: Person, issuer: str) -> str:
    """The person's subject at the dev issuer, linking one on first sign-in so ``/me`` (which
    resolves ``<issuer>|<sub>``) finds this very person instead of provisioning a new one."""
    prefix = f"{issuer}|"
    if person.subject is None:
        person.subject = f"{prefix}dev-{person.id}"
    if not person.subject.startswith(prefix):
        raise _invalid("person_id", f"{person.name} signs in through another identity provider.")
    return person.subject[len(prefix) :]


def _invalid(field: str, detail: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"location": f"body.{field}", "message": detail}])
