"""Everything that runs across domains, installed in one visible place.

A domain never imports a later one (docs/architecture.md). Where an earlier domain's change
concerns a later domain, it publishes an event or asks a question (``kit.events``); here the
later domains' handlers are subscribed to them, in the order they run. The statistics upkeep
(``statistics.aggregates``) is installed here too.

``install()`` is called explicitly by ``create_app``, by the CLI commands that write, and by
the tests' conftest; importing a module installs nothing.
"""

from __future__ import annotations

from praksis.action_learning.events import CountFeedback
from praksis.cohorts.events import (
    CohortGrew,
    CountPlaces,
    DeletingCohort,
    FacilitatorsChanged,
    Participants,
)
from praksis.competences.events import DeletingCompetences
from praksis.development import subscribers as development
from praksis.development.events import CredentialIssued, CredentialRevoked
from praksis.enrolments import subscribers as enrolments
from praksis.enrolments.events import (
    EnrolmentCompleted,
    EnrolmentDecided,
    JoiningCohort,
    PersonPlaced,
    PlaceChanged,
)
from praksis.feedback import subscribers as feedback
from praksis.kit.events import answer, subscribe
from praksis.notifications import subscribers as notifications
from praksis.programmes import subscribers as programmes
from praksis.programmes.events import (
    DeletingModule,
    ProgrammeStatusChanged,
    RemovingOfferingMembers,
)
from praksis.statistics import aggregates
from praksis.statistics import subscribers as statistics
from praksis.webhooks import subscribers as webhooks
from praksis.workshops import subscribers as workshops
from praksis.workshops.events import WorkshopChanged


def install() -> None:
    """Subscribe every handler and install the statistics upkeep (idempotent)."""
    # competences → programmes
    subscribe(DeletingCompetences, programmes.refuse_deleting_goal_competences)
    # programmes → workshops
    subscribe(DeletingModule, workshops.refuse_deleting_module_with_workshops)
    # cohorts → enrolments, workshops
    answer(Participants, enrolments.participants)
    answer(CountPlaces, enrolments.count_places)
    subscribe(CohortGrew, enrolments.fill_new_places)
    subscribe(DeletingCohort, enrolments.refuse_deleting_cohort_with_enrolments)
    subscribe(DeletingCohort, workshops.refuse_deleting_cohort_with_workshops)
    subscribe(FacilitatorsChanged, workshops.book_cohort_facilitators)
    # enrolments → workshops
    subscribe(JoiningCohort, workshops.refuse_double_booking_on_joining)
    subscribe(PersonPlaced, workshops.book_placed_person)
    subscribe(PlaceChanged, workshops.sync_bookings_of_place)
    # enrolments → development
    subscribe(EnrolmentCompleted, development.issue_credential)
    # enrolments, workshops → notifications (the e-mail outbox)
    subscribe(EnrolmentDecided, notifications.tell_enrolment_decided)
    subscribe(WorkshopChanged, notifications.renew_workshop_invitations)
    subscribe(PlaceChanged, notifications.sync_invitations_of_place)  # after the bookings
    # action learning → feedback
    answer(CountFeedback, feedback.count_feedback)
    # programmes → statistics
    subscribe(RemovingOfferingMembers, statistics.refuse_removing_members_with_figures)
    # programmes, enrolments, development → webhooks (outbox deliveries, same transaction)
    subscribe(ProgrammeStatusChanged, webhooks.programme_status_changed)
    subscribe(EnrolmentDecided, webhooks.enrolment_decided)
    subscribe(EnrolmentCompleted, webhooks.enrolment_completed)
    subscribe(CredentialIssued, webhooks.credential_issued)
    subscribe(CredentialRevoked, webhooks.credential_revoked)
    # every domain → statistics
    aggregates.install()
