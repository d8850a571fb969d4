"""Base models shared by every domain's API schemas."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


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
