"""The real parts the tests drive (tmux, espeak-ng, systemd-analyze, ...): a missing one fails the run under
CI=true (.ci/run installs it) and skips the tests elsewhere."""

from __future__ import annotations

import os
import shutil

import pytest


def missing(part: str) -> None:
    """A real part a test needs is not here: under CI=true that fails the run (CI must install it: .ci/run),
    elsewhere it skips (at module level too)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{part} is missing (.ci/run installs it)", pytrace=False)
    pytest.skip(f"{part} is missing", allow_module_level=True)


def require_program(program: str) -> str:
    """The path of `program`; missing, a failure under CI=true, else a skip (see `missing`)."""
    found = shutil.which(program)
    if found is None:
        missing(program)
    assert found is not None
    return found
