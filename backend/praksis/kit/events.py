"""How an earlier domain involves a later one without importing it (docs/architecture.md).

Domains import only domains before them in the order. When an earlier domain's change
concerns a later one (a cohort is deleted while it has workshops, a place in a cohort books
the person's workshops), it publishes an ``Event``; when one of its rules needs a fact a later
domain owns (how many hold a place in a cohort), it asks a ``Question``. The earlier domain
defines the type (``<domain>/events.py``); the later domain's handler or answerer
(``<domain>/subscribers.py``) is subscribed in one visible place, ``praksis.wiring``.

Both run synchronously, in the caller's session and transaction, in the order they were
subscribed: a handler refuses a change by raising a domain error (``kit.errors``), which
rolls back the unit of work like any other. Publishing an event nobody subscribed to, or
asking a question nobody answers, is a wiring mistake and raises ``NotWired``: a cascade
must never be skipped quietly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from sqlmodel import Session

EventT = TypeVar("EventT", bound="Event")
QuestionT = TypeVar("QuestionT", bound="Question[Any]")
AnswerT = TypeVar("AnswerT")

Handler = Callable[[Session, Any], None]
Answerer = Callable[[Session, Any], Any]


class Event:
    """Something that happened, or is about to, in an earlier domain (a frozen dataclass)."""


class Question(Generic[AnswerT]):
    """A fact an earlier domain needs from the one later domain that owns it."""


class NotWired(RuntimeError):
    """An event or question without its subscriber: ``praksis.wiring.install()`` was not run."""


_handlers: dict[type[Event], list[Handler]] = {}
_answerers: dict[type[Question[Any]], Answerer] = {}


def subscribe(event_type: type[EventT], handler: Callable[[Session, EventT], None]) -> None:
    """Run ``handler`` on every ``event_type`` published, after those subscribed before it.
    Subscribing the same handler again changes nothing."""
    handlers = _handlers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(cast(Handler, handler))


def answer(
    question_type: type[QuestionT], answerer: Callable[[Session, QuestionT], object]
) -> None:
    """Let ``answerer`` answer every ``question_type`` asked (one answerer per question)."""
    current = _answerers.get(question_type)
    if current is not None and current is not answerer:
        raise ValueError(f"{question_type.__name__} is answered already by {current!r}.")
    _answerers[question_type] = answerer


def publish(session: Session, event: Event) -> None:
    """Run every handler subscribed to the event's type, in the caller's transaction."""
    handlers = _handlers.get(type(event))
    if not handlers:
        raise NotWired(f"Nothing is subscribed to {type(event).__name__}.")
    for handler in handlers:
        handler(session, event)


def ask(session: Session, question: Question[AnswerT]) -> AnswerT:
    """The answer of the domain that answers this type of question."""
    answerer = _answerers.get(type(question))
    if answerer is None:
        raise NotWired(f"Nobody answers {type(question).__name__}.")
    return cast(AnswerT, answerer(session, question))
