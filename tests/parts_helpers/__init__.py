"""The real parts the tests drive (tmux, espeak-ng, systemd-analyze, ...): a missing one fails the run under
CI=true (.ci/run installs it) and skips the tests elsewhere."""

from __future__ import annotations

import os
import shutil

import pytest


def require_program(program: str) -> str:
    """The path of `program`; missing, a failure under CI=true, else a skip (at module level too)."""
    found = shutil.which(program)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{program} is not installed (.ci/run's apt_packages installs it)", pytrace=False)
        pytest.skip(f"{program} is not installed", allow_module_level=True)
    return found
