"""The domain order (docs/architecture.md) holds: no domain imports a later one, and the kit
imports no domain. The contracts live in pyproject.toml (``[tool.importlinter]``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_domains_depend_one_way_and_the_kit_on_none(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert exit_code == 0, report


INSTALLED_ONLY_BY_THE_WIRING = """
import uuid
from sqlalchemy import event
import praksis.app, praksis.cli, praksis.models
from praksis import wiring
from praksis.cohorts.events import Participants
from praksis.kit.db import TenantSession
from praksis.kit.events import NotWired, ask
from praksis.statistics import aggregates

def upkeep_installed():
    return [event.contains(TenantSession, name, hook) for name, hook in aggregates.SESSION_HOOKS]

assert not any(upkeep_installed())
try:
    ask(None, Participants(uuid.uuid4()))
except NotWired:
    pass
else:
    raise AssertionError("answered without the wiring")
wiring.install()
wiring.install()
assert all(upkeep_installed())
"""


def test_importing_installs_nothing_the_wiring_installs_it_once() -> None:
    """Cross-domain handlers and the statistics upkeep exist only once ``wiring.install()``
    ran (a fresh interpreter: this one's conftest installed them); installing twice is once."""
    subprocess.run([sys.executable, "-c", INSTALLED_ONLY_BY_THE_WIRING], check=True)
