"""Property-based API tests from the app's own OpenAPI document (schemathesis, in process).

Every operation is called with generated valid and invalid input as an authenticated HR
consultant: no response may be a 5xx, and every response must match the documented schema.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from tests.conftest import HEDENSTED, HeaderFactory

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def api_schema(app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


# PostgreSQL only: it is the production database and the stricter one (integer widths, text
# without NUL); SQLite runs every other test.
@pytest.mark.postgres_only
@pytest.mark.runs_long
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    # The same examples on every run: a CI gate must not pass or fail by luck. Explore more
    # locally by setting derandomize=False and raising max_examples.
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema_and_never_fails(case: Any, auth: HeaderFactory) -> None:
    # Schema-valid input may still break a rule the schema cannot express (an opaque cursor,
    # a reused Idempotency-Key, cohort min > max, an id from nowhere), so a 422 for valid
    # data is not a failure; rules have their own tests. Every other check stays on: no 5xx,
    # documented status codes and bodies, and schema-invalid input always refused.
    case.call_and_validate(
        headers=auth(HEDENSTED, "hr_admin", "leader", "participant"),
        excluded_checks=[positive_data_acceptance],
    )
