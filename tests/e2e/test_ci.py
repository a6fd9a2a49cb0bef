"""The README's test command is the one CI runs, on every core (pytest-xdist)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"Run the tests:\n\n    (.+)\n", readme)
    assert found is not None, "the README's 'Run the tests:' block is gone"
    return found.group(1)


def test_ci_runs_the_readmes_test_command_last_in_parallel() -> None:
    install, test = readme_test_command().split(" && ")
    assert install == "python3 -m pip install -e '.[dev]'"
    assert test.startswith("python3 -m pytest") and " -n auto" in test
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install.replace("pip install", "pip install -q") in script  # the same install, quietly
    assert [line for line in script if line and not line.startswith("#")][-1] == test
    # `set -e`: pytest's exit code 5 (no tests collected) fails the run like any failure.
    assert "set -euo pipefail" in script


def test_the_dev_extras_hold_pytest_xdist_and_a_pytest_the_snapshot_plugin_takes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    dev = {Requirement(line).name: Requirement(line) for line in project["project"]["optional-dependencies"]["dev"]}
    assert "pytest-xdist" in dev
    assert not dev["pytest"].specifier.contains("9.0")  # pytest-textual-snapshot needs pytest < 9
    assert "--dist loadgroup" in project["tool"]["pytest"]["ini_options"]["addopts"]
