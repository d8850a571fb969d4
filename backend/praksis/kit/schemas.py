"""Base models shared by every domain's API schemas."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, model_validator


class InputModel(BaseModel):
    """A request body: unknown fields are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid")


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
