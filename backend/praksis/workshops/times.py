"""When events of workshops and sparring meetings may be: real years, ending after they start."""

from __future__ import annotations

from datetime import datetime

from praksis.kit.errors import InvalidInput

# Events are planned for real years; anything outside is a typo (and keeps every time
# convertible to UTC and to the municipality's zone).
EARLIEST_YEAR = 2000
LATEST_YEAR = 2199


def check_times(starts_at: datetime, ends_at: datetime, what: str = "The workshop") -> None:
    for name, moment in (("starts_at", starts_at), ("ends_at", ends_at)):
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise InvalidInput(
                f"{name} must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}.",
                errors=[{"location": f"body.{name}", "message": "year out of range"}],
            )
    if ends_at <= starts_at:
        raise InvalidInput(
            f"{what} must end after it starts.",
            errors=[{"location": "body.ends_at", "message": "must be after starts_at"}],
        )
