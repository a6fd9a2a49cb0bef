"""The command line refuses what it cannot mean: periods out of range, a question answered twice, a bad code."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import run
from store import Store

SLIP = ["checklist", "first_application", "-a", "identity=mainland", "-a", "age=12", "-a", "channel=instant_outlet"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    Store(tmp_path / "kiosk.db").close()
    return tmp_path / "kiosk.db"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "800000"], "--days 800000: a period is 1 to 3660 days"),
        (["--days", "0"], "--days 0: a period is 1 to 3660 days"),
        (["--until", "0001-01-01"], "--days 7 before --until 0001-01-01 is before the year 1"),
        (["--since", "0001-01-01", "--until", "9999-12-31"], "0001-01-01 to 9999-12-31 is longer than 3660 days"),
    ],
)
def test_a_period_out_of_range_exits_2_with_a_message(
    db: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code = run(["stats", "--db", str(db), *args])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_the_longest_period_allowed_is_counted(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["stats", "--db", str(db), "--days", "3660", "--until", "2026-03-05", "--csv"]) == 0
    assert capsys.readouterr().out.startswith("figure,from,to,")


def test_a_question_answered_twice_is_an_error_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["checklist", "first_application", "-a", "identity=mainland", "-a", "age=12", "-a", "age=40"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert "age is answered twice" in err


@pytest.mark.parametrize("raw", ["k7m\x1bq4x", "K7M-Q4O", "K7M", "K7M-Q4X-2", "\x07\x07\x07\x07\x07\x07"])
def test_a_code_that_cannot_be_typed_is_refused_and_never_printed_raw(
    capsys: pytest.CaptureFixture[str], raw: str
) -> None:
    code = run([*SLIP, "--format", "slip", "--code", raw])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert "is not a pickup code" in err
    assert not any(char in err for char in "\x1b\x07")


@pytest.mark.parametrize("raw", ["K7M-Q4X", "k7m q4x", "Ｋ７Ｍ－Ｑ４Ｘ", "k7mq4x"])
def test_a_code_is_read_as_a_typed_one_and_printed_in_its_shown_form(
    capsys: pytest.CaptureFixture[str], raw: str
) -> None:
    assert run([*SLIP, "--format", "slip", "--code", raw, "--date", "2026-03-05 09:30"]) == 0
    assert "取件码：K7M-Q4X" in capsys.readouterr().out
