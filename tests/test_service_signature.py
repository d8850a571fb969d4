"""One service signature (docs/architecture.md): a service acts for the caller's context, a
lookup other domains use takes their session, and a router hands services the context."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

import praksis

# Every domain that serves callers is on the one signature (issue 14).
CONVERTED = (
    "people",
    "competences",
    "kerneopgaver",
    "programmes",
    "cohorts",
    "enrolments",
    "workshops",
    "action_learning",
    "feedback",
    "development",
    "statistics",
    "audit",
    "privacy",
)
SERVICE_MODULES = [f"praksis.{domain}.service" for domain in CONVERTED] + [
    "praksis.people.csv_import",
    "praksis.statistics.partner_service",
]
CONTEXTS = {"TenantContext", "PartnerContext", "OfferingCaller"}
PACKAGE = Path(praksis.__file__).parent


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_every_public_service_function_takes_a_context_or_is_a_lookup(module_name: str) -> None:
    module = importlib.import_module(module_name)
    lookups = _lookup_lines(inspect.getsource(module))
    wrong = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module_name:
            continue
        parameters = list(inspect.signature(function).parameters.values())
        first = parameters[0] if parameters else None
        if first is not None and str(first.annotation) in CONTEXTS:
            continue
        in_lookups = inspect.getsourcelines(function)[1] in lookups
        if first is not None and first.name == "session" and in_lookups:
            continue
        if not any(_is_data_access(parameter) for parameter in parameters):
            continue  # pure (parsing, checking a value) or sign-in provisioning on the engine
        wrong.append(name)
    assert wrong == [], f"{module_name}: take a context first, or be a lookup: {wrong}"


def _lookup_lines(source: str) -> range:
    """The lines of the module's ``# --- lookups other domains use`` section."""
    lines = source.splitlines()
    headings = [number for number, line in enumerate(lines, start=1) if line.startswith("# --- ")]
    for start in headings:
        if lines[start - 1].startswith("# --- lookups other domains use"):
            ends = [number for number in headings if number > start]
            return range(start, ends[0] if ends else len(lines) + 1)
    return range(0)


def _is_data_access(parameter: inspect.Parameter) -> bool:
    return parameter.name in {"session", "context"} or "Session" in str(parameter.annotation)


@pytest.mark.parametrize("domain", CONVERTED)
def test_routers_hand_services_the_context_not_its_session(domain: str) -> None:
    router = PACKAGE / domain / "router.py"
    if not router.exists():
        pytest.skip(f"{domain} has no router")
    handed_a_session = [
        f"line {call.lineno}: {ast.unparse(call.func)}"
        for call in ast.walk(ast.parse(router.read_text()))
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id in {"service", "csv_import"}
        and any(
            isinstance(argument, ast.Attribute) and argument.attr == "session"
            for argument in call.args
        )
    ]
    assert handed_a_session == []
