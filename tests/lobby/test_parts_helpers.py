"""tests/parts_helpers: a missing real part fails the run under CI=true and skips the test elsewhere."""

from __future__ import annotations

import shutil

import pytest
from parts_helpers import missing, require_program

ABSENT = "no-such-program-for-the-kiosk-tests"


def test_a_missing_program_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=f"{ABSENT} is missing"):
        require_program(ABSENT)
    with pytest.raises(pytest.fail.Exception, match="a browser is missing"):
        missing("a browser")


def test_a_missing_program_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"{ABSENT} is missing"):
        require_program(ABSENT)


def test_a_program_that_is_here_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert require_program("sh") == shutil.which("sh")
