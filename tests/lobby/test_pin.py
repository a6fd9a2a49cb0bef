"""The staff PIN: a salted scrypt hash on disk, and 5 wrong PINs lock the prompt for 5 minutes, across restarts."""

from __future__ import annotations

import io
import json
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.pin import (
    COUNTING_FILE,
    LOCK_FILE,
    PIN_FILE,
    PinFileError,
    PinFormatError,
    PinGuard,
    PinResult,
    PinStatus,
    ScryptParams,
    normalize_pin,
)

# Cheap parameters keep the lockout tests fast; they are stored with the hash, like the real ones.
FAST = ScryptParams(n=2**4, r=1, p=1)
PIN = "246810"


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.time = start

    def __call__(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def guard(tmp_path: Path, clock: Clock) -> PinGuard:
    guard = PinGuard(tmp_path, now=clock)
    guard.set_pin(PIN, FAST)
    return guard


def lock_out(guard: PinGuard) -> list[PinResult]:
    return [guard.check("000000") for _ in range(5)]


def test_the_pin_file_holds_a_salted_scrypt_hash_and_never_the_pin(tmp_path: Path) -> None:
    guard = PinGuard(tmp_path)
    path = guard.set_pin(PIN)
    assert path == tmp_path / PIN_FILE
    text = path.read_text(encoding="utf-8")
    assert PIN not in text
    record = json.loads(text)
    assert record["algorithm"] == "scrypt"
    assert (record["n"], record["r"], record["p"]) == (2**15, 8, 1)
    assert len(bytes.fromhex(record["salt"])) == 16
    assert len(bytes.fromhex(record["hash"])) == 32
    first = record["salt"], record["hash"]
    guard.set_pin(PIN)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert (record["salt"], record["hash"]) != first  # a fresh salt each time
    assert guard.check(PIN).ok


def test_the_default_hash_is_slow_enough_to_resist_guessing(tmp_path: Path) -> None:
    guard = PinGuard(tmp_path)
    guard.set_pin(PIN)
    started = time.perf_counter()
    assert guard.check(PIN).ok
    assert time.perf_counter() - started > 0.02


def test_pin_files_are_private_and_written_without_leftovers(guard: PinGuard, tmp_path: Path) -> None:
    guard.check("000000")
    for name in (PIN_FILE, LOCK_FILE, COUNTING_FILE):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([PIN_FILE, LOCK_FILE, COUNTING_FILE])


def test_the_pin_folder_is_created_private(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "kiosk"
    PinGuard(folder).set_pin(PIN, FAST)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_no_pin_set_says_so(tmp_path: Path) -> None:
    guard = PinGuard(tmp_path)
    assert not guard.is_set()
    assert guard.check(PIN) == PinResult(PinStatus.NOT_SET)


def test_the_right_pin_opens(guard: PinGuard) -> None:
    assert guard.is_set()
    assert guard.check(PIN) == PinResult(PinStatus.OK)


def test_full_width_digits_and_spaces_around_are_the_same_pin(guard: PinGuard) -> None:
    assert guard.check("２４６８１０").ok
    assert guard.check("\u3000246810 ").ok


def test_each_wrong_pin_says_how_many_attempts_are_left(guard: PinGuard) -> None:
    results = [guard.check(pin) for pin in ("111111", "2468", "24681", "1234567890")]
    assert [r.status for r in results] == [PinStatus.WRONG] * 4
    assert [r.attempts_left for r in results] == [4, 3, 2, 1]


def test_malformed_entries_count_as_wrong_pins(guard: PinGuard) -> None:
    assert guard.check("") == PinResult(PinStatus.WRONG, attempts_left=4)
    assert guard.check("abcd") == PinResult(PinStatus.WRONG, attempts_left=3)


def test_the_fifth_wrong_pin_locks_for_five_minutes(guard: PinGuard, clock: Clock) -> None:
    assert lock_out(guard)[-1] == PinResult(PinStatus.LOCKED, seconds_left=300.0)
    clock.advance(120)
    assert guard.check(PIN) == PinResult(PinStatus.LOCKED, seconds_left=180.0)  # even the right PIN
    assert guard.seconds_locked() == 180.0
    clock.advance(179)
    assert guard.check(PIN) == PinResult(PinStatus.LOCKED, seconds_left=1.0)
    clock.advance(1)
    assert guard.seconds_locked() == 0.0
    assert guard.check(PIN).ok


def test_attempts_while_locked_do_not_extend_the_lock(guard: PinGuard, clock: Clock) -> None:
    lock_out(guard)
    for _ in range(20):
        clock.advance(10)
        guard.check("000000")
    clock.advance(100)
    assert guard.check(PIN).ok


def test_after_the_lock_there_are_five_fresh_attempts(guard: PinGuard, clock: Clock) -> None:
    lock_out(guard)
    clock.advance(300)
    assert guard.check("000000") == PinResult(PinStatus.WRONG, attempts_left=4)


def test_the_lock_survives_a_restart(guard: PinGuard, clock: Clock, tmp_path: Path) -> None:
    lock_out(guard)
    clock.advance(60)
    restarted = PinGuard(tmp_path, now=clock)
    assert restarted.check(PIN) == PinResult(PinStatus.LOCKED, seconds_left=240.0)


def test_wrong_attempts_survive_a_restart(guard: PinGuard, clock: Clock, tmp_path: Path) -> None:
    guard.check("000000")
    guard.check("000000")
    restarted = PinGuard(tmp_path, now=clock)
    assert restarted.check("000000") == PinResult(PinStatus.WRONG, attempts_left=2)


def test_the_right_pin_resets_the_count(guard: PinGuard) -> None:
    for _ in range(4):
        guard.check("000000")
    assert guard.check(PIN).ok
    assert guard.check("000000") == PinResult(PinStatus.WRONG, attempts_left=4)


def test_a_clock_set_back_never_locks_longer_than_five_minutes(guard: PinGuard, clock: Clock) -> None:
    lock_out(guard)
    clock.advance(-86_400)
    assert guard.check(PIN) == PinResult(PinStatus.LOCKED, seconds_left=300.0)
    clock.advance(300)
    assert guard.check(PIN).ok


def test_a_damaged_lock_file_locks_rather_than_granting_fresh_attempts(
    guard: PinGuard, clock: Clock, tmp_path: Path
) -> None:
    (tmp_path / LOCK_FILE).write_text("{not json", encoding="utf-8")
    assert guard.check(PIN) == PinResult(PinStatus.LOCKED, seconds_left=300.0)
    clock.advance(300)
    assert guard.check(PIN).ok


def test_setting_the_pin_again_clears_a_lock(guard: PinGuard) -> None:
    lock_out(guard)
    guard.set_pin("13579", FAST)
    assert guard.check("13579").ok
    assert not guard.check(PIN).ok


@pytest.mark.parametrize(
    "content",
    [
        '{"algorithm": "md5"}',
        "not json",
        '{"algorithm": "scrypt", "n": 1000, "r": 8, "p": 1, "dklen": 32, "salt": "00", "hash": "00"}',
        '{"algorithm": "scrypt", "n": 1073741824, "r": 8, "p": 1, "dklen": 32, "salt": "00", "hash": "00"}',
    ],
)
def test_a_damaged_pin_file_names_the_file_and_the_fix(guard: PinGuard, tmp_path: Path, content: str) -> None:
    (tmp_path / PIN_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(PinFileError) as caught:
        guard.check(PIN)
    assert str(tmp_path / PIN_FILE) in str(caught.value)
    assert "kiosk set-pin" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1234", "1234"), ("１２３４５６", "123456"), (" 0000 ", "0000"), ("\u3000987654321012\t", "987654321012")],
)
def test_a_pin_is_4_to_12_digits(raw: str, expected: str) -> None:
    assert normalize_pin(raw) == expected


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("123", "this one has 3"),
        ("1234567890123", "this one has 13"),
        ("12 34", "nothing else"),
        ("12a4", "nothing else"),
        ("٣٤٥٦", "nothing else"),  # Arabic-Indic digits are not on the kiosk keypad
        ("", "nothing else"),
    ],
)
def test_a_pin_that_is_not_4_to_12_digits_is_refused(raw: str, says: str) -> None:
    with pytest.raises(PinFormatError) as caught:
        normalize_pin(raw)
    assert "4 to 12 digits" in str(caught.value)
    assert says in str(caught.value)


# --- `kiosk set-pin` ---------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "no-such-config.toml"))
    return tmp_path / "xdg" / "jiangsu-card-kiosk"


def test_set_pin_asks_twice_and_says_where_it_stored_the_hash(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["１３５７９", "13579"])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert cli.run(["set-pin"]) == 0
    out, err = capsys.readouterr()
    assert prompts == ["New staff PIN (4-12 digits): ", "The same PIN again: "]
    assert str(data_dir / PIN_FILE) in out
    assert "13579" not in out + err
    assert PinGuard(data_dir).check("13579").ok


def test_set_pin_refuses_two_different_pins(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["13579", "13578"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert cli.run(["set-pin"]) == 2
    assert "the two PINs differ; nothing was changed" in capsys.readouterr().err
    assert not PinGuard(data_dir).is_set()


def test_set_pin_refuses_a_short_pin_before_asking_again(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return "123"

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert cli.run(["set-pin"]) == 2
    assert len(prompts) == 1
    err = capsys.readouterr().err
    assert "a PIN is 4 to 12 digits; this one has 3; nothing was changed" in err
    assert not PinGuard(data_dir).is_set()


def test_set_pin_reads_one_line_from_stdin(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("8642\nignored\n"))
    assert cli.run(["set-pin", "--pin-stdin"]) == 0
    assert str(data_dir / PIN_FILE) in capsys.readouterr().out
    assert PinGuard(data_dir).check("8642").ok


@pytest.mark.parametrize(("stdin", "says"), [("", "no PIN on standard input"), ("12ab\n", "nothing else")])
def test_set_pin_from_stdin_refuses_nothing_or_non_digits(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str, says: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert cli.run(["set-pin", "--pin-stdin"]) == 2
    assert says in capsys.readouterr().err
    assert not PinGuard(data_dir).is_set()


def test_set_pin_uses_the_data_folder_of_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path / "lobby"}"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "set-pin", "--config", str(config), "--pin-stdin"],
        input="97531\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "lobby" / PIN_FILE) in result.stdout
    assert "97531" not in result.stdout + result.stderr
    assert PinGuard(tmp_path / "lobby").check("97531").ok
