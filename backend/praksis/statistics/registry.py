"""Every statistics measure, declared once: what it counts, how its reference is computed,
how it is maintained, and where each view shows it.

What counts, for the *enrolments in scope* (conditions on ``Enrolment``; the partner view and
the maintained programme measures take every enrolment): attendance of a person at a workshop
of a cohort they are enrolled in; action-learning projects with an owner enrolled in the
project's cohort, their trial actions and the feedback on those; anonymous evaluations of
workshops of cohorts with an enrolment in scope (who answered comes from the receipts, never
from the answers); grades and pass/fail of completed enrolments; follow-ups of enrolments.

A ``Source`` is one kind of raw row. Its ``rows`` are the reference: a plain GROUP BY into
(attributes…, count, sums…), which ``statistics.reference`` runs for a scope, per programme or
per offering cell. ``counts`` names the measures a row counts in, from its attributes (in
every form: the reference, the tallies, a filtered scope's read, the partner's people),
``sums`` those of its further values. The municipality view counts rows; the partner view the
distinct people of ``people`` (with their record keys, ``statistics.cellkey``). A ``tallied``
source is maintained from the small tallies of ``statistics.tallies`` (decoded by
``attendance_tally`` and ``project_tally``), the others from their ``rows`` and ``people``.

A ``Measure`` is a name a source counts under, with its place in each view's JSON (a dotted
path into ``schemas.MunicipalityStatistics`` and ``schemas.PartnerFigures``); ``AVERAGES`` and
``PARTNER_RATIOS`` are derived from them. ``layout`` lays them out in a schema's field order,
so the JSON (and the CSV, written from the schema) follow from this table.

Adding a measure
----------------
1. Here: a ``Measure`` in ``MEASURES`` (its name; ``municipality``/``partner``: where each
   view shows it) and, if it counts a new kind of row, a ``Source`` in ``SOURCES`` (``rows``,
   ``counts``, and ``people`` if partners see it). An average is an ``Average`` in ``AVERAGES``.
2. ``schemas.py``: the field at that path (an ``int`` in the municipality view, a ``Count`` in
   the partner view); regenerate ``openapi/openapi.json`` (``praksis openapi``) and the SPA's
   types (``npm run api``).
3. A test of what it counts, beside the view's other tests.

``tests/statistics/test_registry.py`` then checks that it has a source and a place in the
schema, and holds every maintained form of it to the reference (SQLite and PostgreSQL). Run
``praksis rebuild-statistics`` after deploying to compute it for existing data. Only a source
read from a tally for speed needs more: the tally's column (``models.py``, a migration), its
decoder here and its reads in ``reference`` (``TALLY_READS``, ``TALLY_PEOPLE``) and
``scope_reads``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from sqlalchemy.orm import aliased
from sqlmodel import col, func, select

from praksis.action_learning.models import (
    ActionLearningProject,
    ProjectOwner,
    ProjectPhase,
    ProjectStatus,
    TrialAction,
    TrialActionStatus,
)
from praksis.cohorts.models import Cohort
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.feedback.models import (
    EvaluationReceipt,
    FeedbackKind,
    TransferFollowUp,
    TrialActionFeedback,
    WorkshopEvaluation,
)
from praksis.people.models import Person
from praksis.programmes.models import Programme
from praksis.statistics.scope import (
    Conditions,
    attended_in_scope,
    enrolled_in,
    evaluated_workshop_in_scope,
    key_join,
    project_in_scope,
)
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop

GRADES_7_POINT = (-3, 0, 2, 4, 7, 10, 12)
DANISH_PASS_MARK = 2
EVALUATION_SCORES = ("relevance", "learning", "usefulness")

# --- measure names (a name is stored: never rename one) ------------------------------------------

PROGRAMMES = "programmes"
ENROLMENTS_TOTAL = "enrolments.total"
ENROLMENTS_COMPLETED = f"enrolments.{EnrolmentStatus.completed.value}"
ENROLMENTS_PLACED = "enrolments.placed"
ATTENDANCE_RECORDED = "attendance.recorded"
PROJECTS_TOTAL = "projects.total"
TRIAL_ACTIONS_TOTAL = "trial_actions.total"
FEEDBACK_TOTAL = "feedback.total"
EVALUATION_RESPONSES = "evaluations.responses"
EVALUATION_SUMS = tuple(f"evaluations.{score}_sum" for score in EVALUATION_SCORES)
EVALUATION_PEOPLE = "evaluations.people"
GRADES_PASSED = "grades.passed"
GRADES_FAILED = "grades.failed"
GRADES_NOT_GRADED = "grades.not_graded"
GRADES_PASSING = "grades.passing"
GRADES_WITH_RESULT = "grades.with_result"
FOLLOW_UP_ANSWERS = "follow_ups.answers"
FOLLOW_UP_USAGE_SUM = "follow_ups.usage_sum"
FOLLOW_UP_PEOPLE = "follow_ups.people"
PLACED = frozenset({EnrolmentStatus.approved, EnrolmentStatus.completed, EnrolmentStatus.withdrawn})

YEAR = "year."


def in_year(year: int, measure: str) -> str:
    """The measure counted for the rounds (cohorts) of one year only (partner view)."""
    return f"{YEAR}{year}.{measure}"


Rows = tuple[Any, Any, Any]
"""A statement, and the programme and municipality columns of its rows."""


@dataclass(frozen=True)
class Source:
    """One kind of row the measures count (see the module docstring)."""

    name: str
    rows: Callable[[Conditions], Rows]  # (attributes…, count, sums…) GROUP BY the attributes
    counts: Callable[..., Iterable[str]]  # the measures a row counts in, from its attributes
    sums: tuple[str, ...] = ()  # the measures of the values after the count
    people: Callable[[], Rows] | None = None  # (person, record key, attributes…)
    additive: bool = True  # False: distinct people, who do not add up across programmes
    tallied: bool = False  # maintained from a tally, not by grouping ``rows`` by programme
    partner_only: bool = False  # not kept in the municipality's programme measures


# --- which measures a row counts in --------------------------------------------------------------


def completion_outcome(grade: int | None, passed: bool | None) -> str:
    """The one outcome a completed enrolment counts under."""
    if grade is not None:
        return f"grades.{grade}"
    if passed is None:
        return GRADES_NOT_GRADED
    return GRADES_PASSED if passed else GRADES_FAILED


def enrolment_measures(status: Any, grade: int | None, passed: bool | None) -> list[str]:
    """An enrolment's: its status, and if completed its outcome; for the partner's rates,
    whether it holds a place, has a result and passed."""
    names = [f"enrolments.{status}", ENROLMENTS_TOTAL]
    if str(status) in PLACED:
        names.append(ENROLMENTS_PLACED)
    if str(status) == EnrolmentStatus.completed.value:
        names.append(completion_outcome(grade, passed))
        if grade is not None or passed is not None:
            names.append(GRADES_WITH_RESULT)
        if (grade is not None and grade >= DANISH_PASS_MARK) or passed is True:
            names.append(GRADES_PASSING)
    return names


def _with_total(family: str) -> Callable[[Any], list[str]]:
    return lambda value: [f"{family}.{value}", f"{family}.total"]


def _project_measures(status: Any, phase: Any) -> list[str]:
    return [f"projects.status.{status}", f"projects.phase.{phase}", PROJECTS_TOTAL]


def _named(*names: str) -> Callable[[], tuple[str, ...]]:
    return lambda: names


# --- the rows of each source -------------------------------------------------------------------


def people_of(person_id: Any, *attributes: Any) -> Any:
    """The rows' people (``person_id``, a column of a tenant table), their record keys and
    ``attributes``."""
    return select(col(person_id), col(Person.record_key), *attributes).join(
        Person, key_join(Person, person_id)
    )


def _by_cohort(statement: Any) -> Rows:
    return statement, Cohort.programme_id, Cohort.municipality_id


def _by_enrolment(statement: Any) -> Rows:
    return statement, Enrolment.programme_id, Enrolment.municipality_id


def _of_workshops(statement: Any, workshop_id: Any) -> Any:
    return statement.join(Workshop, key_join(Workshop, workshop_id)).join(
        Cohort, key_join(Cohort, Workshop.cohort_id)
    )


def _of_projects(statement: Any, *via: tuple[Any, Any]) -> Any:
    for model, reference in via:
        statement = statement.join(model, key_join(model, reference))
    return statement.join(Cohort, key_join(Cohort, ActionLearningProject.cohort_id))


def _evaluated(statement: Any, workshop_id: Any, conditions: Conditions) -> Rows:
    """Rows of the workshops of cohorts with an enrolment in scope."""
    in_scope = evaluated_workshop_in_scope(workshop_id, conditions)
    return _by_cohort(_of_workshops(statement, workshop_id).where(in_scope))


def _projects_by(attribute: Any, conditions: Conditions, *via: tuple[Any, Any]) -> Rows:
    """Rows of the projects in scope (reached through ``via``), counted by ``attribute``."""
    statement = _of_projects(select(attribute, func.count()), *via)
    return _by_cohort(statement.where(project_in_scope(conditions)).group_by(col(attribute)))


def _owners_of_projects(*attributes: Any, below: Sequence[Any] = ()) -> Any:
    """Owners enrolled in their project's cohort, with their record key and ``attributes``,
    joined with the rows below the project (``below``: each a column pointing to the row
    before)."""
    statement = _of_projects(
        people_of(ProjectOwner.person_id, *attributes),
        (ActionLearningProject, ProjectOwner.project_id),
    ).where(enrolled_in(ActionLearningProject.cohort_id, ProjectOwner.person_id))
    parent: Any = ActionLearningProject
    for reference in below:
        statement = statement.join(reference.class_, key_join(parent, reference))
        parent = reference.class_
    return statement


def _answered_follow_ups(statement: Any, conditions: Conditions = ()) -> Rows:
    return _by_enrolment(
        statement.join(Enrolment, key_join(Enrolment, TransferFollowUp.enrolment_id)).where(
            *conditions, col(TransferFollowUp.usage).is_not(None)
        )
    )


_linked = aliased(Programme)

ENROLMENTS = Source(
    "enrolments",
    lambda conditions: _by_enrolment(
        select(Enrolment.status, Enrolment.grade, Enrolment.passed, func.count())
        .where(*conditions)
        .group_by(col(Enrolment.status), col(Enrolment.grade), col(Enrolment.passed))
    ),
    enrolment_measures,
    people=lambda: _by_enrolment(
        people_of(
            Enrolment.person_id,
            col(Enrolment.status),
            col(Enrolment.grade),
            col(Enrolment.passed),
        )
    ),
)
ATTENDANCE = Source(
    "attendance",
    lambda conditions: _by_cohort(
        _of_workshops(select(Attendance.status, func.count()), Attendance.workshop_id)
        .where(attended_in_scope(conditions))
        .group_by(col(Attendance.status))
    ),
    lambda status: [f"attendance.{status}", ATTENDANCE_RECORDED],
    people=lambda: _by_cohort(
        _of_workshops(
            people_of(Attendance.person_id, col(Attendance.status)), Attendance.workshop_id
        ).where(attended_in_scope([]))
    ),
    tallied=True,
)
PROJECTS = Source(
    "projects",
    lambda conditions: _by_cohort(
        _of_projects(
            select(ActionLearningProject.status, ActionLearningProject.phase, func.count())
        )
        .where(project_in_scope(conditions))
        .group_by(col(ActionLearningProject.status), col(ActionLearningProject.phase))
    ),
    _project_measures,
    people=lambda: _by_cohort(
        _owners_of_projects(col(ActionLearningProject.status), col(ActionLearningProject.phase))
    ),
    tallied=True,
)
TRIAL_ACTIONS = Source(
    "trial_actions",
    lambda conditions: _projects_by(
        TrialAction.status, conditions, (ActionLearningProject, TrialAction.project_id)
    ),
    _with_total("trial_actions"),
    people=lambda: _by_cohort(
        _owners_of_projects(col(TrialAction.status), below=[TrialAction.project_id])
    ),
    tallied=True,
)
FEEDBACK = Source(
    "feedback",
    lambda conditions: _projects_by(
        TrialActionFeedback.kind,
        conditions,
        (TrialAction, TrialActionFeedback.trial_action_id),
        (ActionLearningProject, TrialAction.project_id),
    ),
    _with_total("feedback"),
    people=lambda: _by_cohort(
        _owners_of_projects(
            col(TrialActionFeedback.kind),
            below=[TrialAction.project_id, TrialActionFeedback.trial_action_id],
        )
    ),
    tallied=True,
)
EVALUATIONS = Source(
    "evaluations",
    lambda conditions: _evaluated(
        select(
            func.count(),
            *(func.sum(getattr(WorkshopEvaluation, score)) for score in EVALUATION_SCORES),
        ),
        WorkshopEvaluation.workshop_id,
        conditions,
    ),
    _named(EVALUATION_RESPONSES),
    sums=EVALUATION_SUMS,
    tallied=True,
)
EVALUATORS = Source(
    "evaluators",
    lambda conditions: _evaluated(
        select(func.count(func.distinct(EvaluationReceipt.person_id))),
        EvaluationReceipt.workshop_id,
        conditions,
    ),
    _named(EVALUATION_PEOPLE),
    people=lambda: _evaluated(
        people_of(EvaluationReceipt.person_id), EvaluationReceipt.workshop_id, []
    ),
    additive=False,
)
FOLLOW_UPS = Source(
    "follow_ups",
    lambda conditions: _answered_follow_ups(
        select(func.count(), func.sum(TransferFollowUp.usage)), conditions
    ),
    _named(FOLLOW_UP_ANSWERS),
    sums=(FOLLOW_UP_USAGE_SUM,),
)
FOLLOW_UP_RESPONDENTS = Source(
    "follow_up_people",
    lambda conditions: _answered_follow_ups(
        select(func.count(func.distinct(TransferFollowUp.person_id))), conditions
    ),
    _named(FOLLOW_UP_PEOPLE),
    people=lambda: _answered_follow_ups(people_of(TransferFollowUp.person_id)),
    additive=False,
)
LINKED_PROGRAMMES = Source(
    "programmes",
    lambda conditions: (
        select(func.count()).select_from(_linked),
        _linked.id,
        _linked.municipality_id,
    ),
    _named(PROGRAMMES),
    partner_only=True,
)
SOURCES = (
    ENROLMENTS,
    ATTENDANCE,
    PROJECTS,
    TRIAL_ACTIONS,
    FEEDBACK,
    EVALUATIONS,
    EVALUATORS,
    FOLLOW_UPS,
    FOLLOW_UP_RESPONDENTS,
    LINKED_PROGRAMMES,
)


# --- decoding the tallies ------------------------------------------------------------------------

Counted = tuple[Source, tuple[Any, ...], Sequence[Any]]
"""(source, a row's attributes, its count and sums)."""
TRIAL_COLUMNS = tuple(f"trial_actions_{status.value}" for status in TrialActionStatus)
FEEDBACK_COLUMNS = tuple(f"feedback_{kind.value}" for kind in FeedbackKind)
PROJECT_TALLY_COUNTS = (*TRIAL_COLUMNS, *FEEDBACK_COLUMNS)
ATTENDANCE_STATUSES = tuple(status.value for status in AttendanceStatus)
ENROLMENT_STATUSES = tuple(status.value for status in EnrolmentStatus)


def attendance_tally(*counts: Any) -> Iterator[Counted]:
    """An attendance tally's counts (``ATTENDANCE_STATUSES``) as attendance rows."""
    for status, count in zip(ATTENDANCE_STATUSES, counts, strict=True):
        yield ATTENDANCE, (status,), (count,)


def project_tally(status: Any, phase: Any, projects: Any, *counts: Any) -> Iterator[Counted]:
    """Projects of one status and phase, with their tallies' counts (``PROJECT_TALLY_COUNTS``),
    as project, trial action and feedback rows."""
    yield PROJECTS, (status, phase), (projects,)
    trials, kinds = counts[: len(TRIAL_COLUMNS)], counts[len(TRIAL_COLUMNS) :]
    for trial_status, count in zip(TrialActionStatus, trials, strict=True):
        yield TRIAL_ACTIONS, (trial_status.value,), (count,)
    for kind, count in zip(FeedbackKind, kinds, strict=True):
        yield FEEDBACK, (kind.value,), (count,)


def named(counted: Iterable[Counted]) -> Iterator[tuple[str, int]]:
    """Each row's values under the measures it counts in (zeros left out)."""
    for source, attributes, values in counted:
        count, *sums = values
        if count:
            for name in source.counts(*attributes):
                yield name, int(count)
        for name, value in zip(source.sums, sums, strict=True):
            if value:
                yield name, int(value)


# --- the evaluations by workshop start (the municipality view's months) --------------------------

EVALUATION_PARTS = ("responses", *(f"{score}_sum" for score in EVALUATION_SCORES))
BY_MONTH = "evaluations.month."
BY_START = "evaluations.start."


def start_bucket(moment: datetime) -> str:
    """Where a workshop start's evaluations are counted: under its UTC month, which is its
    month in every time zone (none is more than 14 hours from UTC) unless it falls on the first
    or last day of that month; then under the start itself, folded into a month by the reader,
    who knows the municipality's zone."""
    moment = moment.astimezone(UTC)
    if moment.day == 1 or (moment + timedelta(days=1)).month != moment.month:
        return BY_START + moment.replace(tzinfo=None).isoformat()
    return BY_MONTH + moment.strftime("%Y-%m")


def start_measures(moment: datetime, values: Sequence[int]) -> list[tuple[str, int]]:
    """The measures a workshop start's [responses, score sums…] count under."""
    bucket = start_bucket(moment)
    return [
        (f"{bucket}.{part}", value) for part, value in zip(EVALUATION_PARTS, values, strict=True)
    ]


def bucket_moment(bucket: str) -> datetime:
    """A moment in the bucket's month in every time zone (its start, for a start)."""
    if bucket.startswith(BY_MONTH):
        year, month = bucket.removeprefix(BY_MONTH).split("-")
        return datetime(int(year), int(month), 15, 12, tzinfo=UTC)
    return datetime.fromisoformat(bucket.removeprefix(BY_START)).replace(tzinfo=UTC)


# --- the measures and where the views show them --------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A name a source counts under; ``municipality`` and ``partner``: its place (a dotted path)
    in ``MunicipalityStatistics`` and in ``PartnerFigures`` (None: not shown there)."""

    name: str
    source: Source
    municipality: str | None = None
    partner: str | None = None


def _family(
    source: Source, name: str, values: Iterable[Any], municipality: str | None, partner: str | None
) -> tuple[Measure, ...]:
    """One measure per value (``{}`` in the names and paths)."""
    return tuple(
        Measure(
            name.format(value),
            source,
            None if municipality is None else municipality.format(value),
            None if partner is None else partner.format(value),
        )
        for value in (getattr(value, "value", value) for value in values)
    )


LEVEL_1 = "kirkpatrick.level_1_reaction."
LEVEL_2 = "kirkpatrick.level_2_learning."
LEVEL_3 = "kirkpatrick.level_3_behaviour."

MEASURES: tuple[Measure, ...] = (
    Measure(PROGRAMMES, LINKED_PROGRAMMES, partner="programmes"),
    *_family(ENROLMENTS, "enrolments.{}", EnrolmentStatus, None, "funnel.{}"),
    Measure(ENROLMENTS_TOTAL, ENROLMENTS, partner="funnel.total"),
    Measure(ENROLMENTS_PLACED, ENROLMENTS),
    *_family(ATTENDANCE, "attendance.{}", AttendanceStatus, None, "attendance.{}"),
    Measure(ATTENDANCE_RECORDED, ATTENDANCE, partner="attendance.recorded"),
    Measure(PROJECTS_TOTAL, PROJECTS, "projects.total", "projects.total"),
    *_family(PROJECTS, "projects.status.{}", ProjectStatus, *["projects.by_status.{}"] * 2),
    *_family(PROJECTS, "projects.phase.{}", ProjectPhase, *["projects.by_phase.{}"] * 2),
    *_family(TRIAL_ACTIONS, "trial_actions.{}", TrialActionStatus, *["trial_actions.{}"] * 2),
    Measure(TRIAL_ACTIONS_TOTAL, TRIAL_ACTIONS, partner="trial_actions.total"),
    Measure(FEEDBACK_TOTAL, FEEDBACK, "feedback.total", "feedback.total"),
    *_family(FEEDBACK, "feedback.{}", FeedbackKind, *["feedback.by_kind.{}"] * 2),
    Measure(EVALUATION_RESPONSES, EVALUATIONS, LEVEL_1 + "responses"),
    *(Measure(name, EVALUATIONS) for name in EVALUATION_SUMS),
    Measure(EVALUATION_PEOPLE, EVALUATORS, LEVEL_1 + "people", LEVEL_1 + "responses"),
    *_family(ENROLMENTS, "grades.{}", GRADES_7_POINT, *[LEVEL_2 + "grades.{}"] * 2),
    Measure(GRADES_PASSED, ENROLMENTS, partner=LEVEL_2 + "passed"),
    Measure(GRADES_FAILED, ENROLMENTS, partner=LEVEL_2 + "failed"),
    Measure(GRADES_NOT_GRADED, ENROLMENTS, partner=LEVEL_2 + "not_graded"),
    Measure(GRADES_PASSING, ENROLMENTS),
    Measure(GRADES_WITH_RESULT, ENROLMENTS),
    Measure(FOLLOW_UP_ANSWERS, FOLLOW_UPS, LEVEL_3 + "answers"),
    Measure(FOLLOW_UP_USAGE_SUM, FOLLOW_UPS),
    Measure(FOLLOW_UP_PEOPLE, FOLLOW_UP_RESPONDENTS, LEVEL_3 + "people", LEVEL_3 + "answers"),
)
PARTNER_ONLY = frozenset({ENROLMENTS_PLACED, GRADES_PASSING, GRADES_WITH_RESULT})
"""Counted for the partner's figures only, never kept in the municipality's measures (as
what a ``partner_only`` source counts)."""


@dataclass(frozen=True)
class Average:
    """An average (1–5) both views show at ``path``: ``sum`` over ``answers``, given by
    ``people`` (shown only from enough people)."""

    path: str
    people: str
    answers: str
    sum: str


@dataclass(frozen=True)
class Ratio:
    """A rate the partner view shows at ``path``: ``part`` / ``whole``, two counts of people."""

    path: str
    part: str
    whole: str


AVERAGES = (
    *(
        Average(LEVEL_1 + score, EVALUATION_PEOPLE, EVALUATION_RESPONSES, total)
        for score, total in zip(EVALUATION_SCORES, EVALUATION_SUMS, strict=True)
    ),
    Average(LEVEL_3 + "average_usage", FOLLOW_UP_PEOPLE, FOLLOW_UP_ANSWERS, FOLLOW_UP_USAGE_SUM),
)
PARTNER_RATIOS = (
    Ratio("completion_rate", ENROLMENTS_COMPLETED, ENROLMENTS_PLACED),
    Ratio("attendance.rate", "attendance.present", ATTENDANCE_RECORDED),
    Ratio(LEVEL_2 + "pass_rate", GRADES_PASSING, GRADES_WITH_RESULT),
)


# --- laying the measures out in a schema ---------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """What fills one field: ``kind`` "value" (a measure as it is), "count" (a published
    count), "average", "ratio", "counts" (a dict of counts by key) or "items" (a list of
    {key field: key, count field: count}); ``of`` says of what."""

    kind: str
    of: Any
    fields: tuple[str, ...] = ()


Layout = tuple[tuple[str, "Leaf | Layout"], ...]


def layout(
    model: type[BaseModel],
    paths: dict[str, str],
    derived: dict[str, Average | Ratio],
    prefix: str = "",
) -> Layout:
    """The fields of ``model`` (in its order) that the measures at ``paths`` (path → measure)
    and the ``derived`` figures fill; fields nothing fills are left out."""
    found: list[tuple[str, Leaf | Layout]] = []
    for name, field in model.model_fields.items():
        path, annotation = prefix + name, field.annotation
        inner = {
            key.removeprefix(path + "."): measure
            for key, measure in paths.items()
            if key.startswith(path + ".")
        }
        leaf: Leaf | Layout | None = None
        if path in derived:
            item = derived[path]
            leaf = Leaf("average" if isinstance(item, Average) else "ratio", item)
        elif path in paths:
            leaf = Leaf(
                "value" if int in (annotation, *get_args(annotation)) else "count", paths[path]
            )
        elif get_origin(annotation) is dict and inner:
            leaf = Leaf("counts", tuple(inner.items()))
        elif get_origin(annotation) is list and inner:
            item_model = get_args(annotation)[0]
            pairs = tuple((int(key), measure) for key, measure in inner.items())
            leaf = Leaf("items", pairs, tuple(item_model.model_fields))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            leaf = layout(annotation, paths, derived, path + ".") or None
        if leaf is not None:
            found.append((name, leaf))
    return tuple(found)


def fill(
    shape: Layout,
    value: Callable[[str], Any],
    count: Callable[[str], Any],
    average: Callable[[Average], Any],
    ratio: Callable[[Ratio], Any] = lambda _ratio: None,
) -> dict[str, Any]:
    """The JSON of ``shape`` for one row of figures."""
    of_kind: dict[str, Callable[[Any], Any]]
    of_kind = {"value": value, "count": count, "average": average, "ratio": ratio}
    found: dict[str, Any] = {}
    for name, leaf in shape:
        if not isinstance(leaf, Leaf):
            found[name] = fill(leaf, value, count, average, ratio)
        elif leaf.kind == "counts":
            found[name] = {key: count(measure) for key, measure in leaf.of}
        elif leaf.kind == "items":
            key_field, count_field = leaf.fields
            found[name] = [{key_field: key, count_field: count(m)} for key, m in leaf.of]
        else:
            found[name] = of_kind[leaf.kind](leaf.of)
    return found


def paths_of(view: str) -> dict[str, str]:
    """Path → measure of every measure the view (``municipality`` or ``partner``) shows."""
    return {
        getattr(measure, view): measure.name
        for measure in MEASURES
        if getattr(measure, view) is not None
    }
