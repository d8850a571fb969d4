"""Base models shared by every domain's API schemas."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)


class InputModel(BaseModel):
    """A request body: unknown fields are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid")


class RowModel(BaseModel):
    """A response made from a table row, ``XRead.model_validate(row)``: its fields are read
    from the row's attributes."""

    model_config = ConfigDict(from_attributes=True)


class PatchModel(InputModel):
    """A PATCH body: only the fields sent change, and ``null`` is refused.

    Declare fields as ``X | SkipJsonSchema[None] = None`` so the published schema shows them
    as optional but not nullable.
    """

    @model_validator(mode="before")
    @classmethod
    def _refuse_explicit_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            nulls = sorted(str(key) for key, value in data.items() if value is None)
            if nulls:
                raise ValueError(f"null is not allowed for: {', '.join(nulls)}")
        return data


Flag = Annotated[bool, Strict()]
"""A request body's true or false: pydantic would also take 0, 1 and "true" as a flag."""


# Text as people type it: no NUL or other control characters (PostgreSQL refuses NUL, and
# none of them belongs in a title or a reflection). Multi-line text keeps tab and newlines.
SINGLE_LINE_PATTERN = r"^[^\x00-\x1f\x7f]*$"
MULTI_LINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def _trimmed(value: str) -> str:
    return value.strip()


def _trimmed_not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be blank")
    return value


# The pattern is checked on the text as sent, then the text is trimmed: so the server refuses
# exactly what the published schema refuses (a leading form feed is a control character, not
# whitespace to strip away).
SingleLine = Annotated[
    str,
    StringConstraints(min_length=1, pattern=SINGLE_LINE_PATTERN),
    AfterValidator(_trimmed_not_blank),
]
"""One line (a name, a title), trimmed, not blank; add ``Field(max_length=...)``."""

OptionalLine = Annotated[
    str, StringConstraints(pattern=SINGLE_LINE_PATTERN), AfterValidator(_trimmed)
]
"""One line that may be empty (a note, a place), trimmed; add ``Field(max_length=...)``."""

MultiLine = Annotated[str, StringConstraints(pattern=MULTI_LINE_PATTERN)]
"""Free text that may span lines; add ``Field(max_length=...)``."""

RequiredMultiLine = Annotated[
    str,
    StringConstraints(min_length=1, pattern=MULTI_LINE_PATTERN),
    AfterValidator(_trimmed_not_blank),
]
"""Free text that must say something, trimmed; add ``Field(max_length=...)``."""


# Ids that arrive as text: a municipality (ISO country + official code) and a partner's slug.
MUNICIPALITY_ID_PATTERN = r"^(dk|no)-[0-9]{4}$"
PARTNER_SLUG_PATTERN = r"^[a-z][a-z0-9-]{0,31}$"

MunicipalityId = Annotated[
    str, StringConstraints(pattern=MUNICIPALITY_ID_PATTERN), Field(examples=["dk-0766"])
]
PartnerSlug = Annotated[
    str, StringConstraints(pattern=PARTNER_SLUG_PATTERN), Field(examples=["kl"])
]

# --- numbers and times that the database and date arithmetic can hold ----------------------

INTEGER_MIN = -(2**31)
INTEGER_MAX = 2**31 - 1
BIGINT_MIN = -(2**63)
BIGINT_MAX = 2**63 - 1

# Days and moments are kept to years 1900-2200. Every day and time Praksis plans fits, and
# the arithmetic done on them cannot leave Python's years 1-9999: a follow-up up to two years
# after a programme ends (feedback), the day after a statistics period in the municipality's
# time zone, an offset of up to ±24 hours normalised to UTC.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
FIRST_MOMENT = datetime(1900, 1, 1, tzinfo=UTC)
END_OF_MOMENTS = datetime(2201, 1, 1, tzinfo=UTC)
ISO_DAY_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day_only(value: Any) -> Any:
    """Only ``YYYY-MM-DD``: pydantic would read a bare number as a Unix timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DAY_PATTERN.fullmatch(value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


def _day_in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"a day must be from {FIRST_DAY} to {LAST_DAY}")
    return value


Day = Annotated[
    date,
    BeforeValidator(_iso_day_only),
    AfterValidator(_day_in_range),
    Field(description=f"YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}."),
]
"""A calendar day, ISO 8601 ``YYYY-MM-DD``, in the years 1900-2200."""


def _iso_8601_only(value: Any) -> Any:
    """Refuse numbers: pydantic would read 0.5 as a Unix time, the API promises ISO 8601."""
    if isinstance(value, bool | int | float):
        raise ValueError("give an ISO 8601 time with an offset, not a number")
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return value
        raise ValueError("give an ISO 8601 time with an offset, not a number")
    return value


def in_moment_range(value: datetime) -> bool:
    """Whether an aware time lies in the years 1900-2200 (UTC)."""
    # Aware datetimes compare without converting, so even year 9999 at -05:00 is safe here.
    return FIRST_MOMENT <= value < END_OF_MOMENTS


def _utc_moment_in_range(value: datetime) -> datetime:
    if not in_moment_range(value):
        raise ValueError("a time must lie in the years 1900 to 2200 (UTC)")
    return value.astimezone(UTC)


Moment = Annotated[
    AwareDatetime,
    BeforeValidator(_iso_8601_only),
    AfterValidator(_utc_moment_in_range),
    Field(description="ISO 8601 with an offset, e.g. 2026-03-05T09:00:00+01:00; years 1900-2200."),
]
"""A point in time with its UTC offset (a time without one is refused), normalised to UTC,
in the years 1900-2200."""
