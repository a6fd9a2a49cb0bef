"""Crash logs keep the traceback but never a visitor's answers; Textual's developer switches are removed."""

from __future__ import annotations

import inspect
import logging
import os
import re
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import textual
from log_helpers import close_logging

from kiosk.crashlog import (
    KIOSK_FPS,
    LOG_FILE,
    SAFE_TEXTUAL_VARIABLES,
    install_excepthooks,
    log_crash,
    sanitize_environment,
    scrub_message,
    setup_logging,
)

SENTINEL = "VISITOR-ANSWER-7f3c"


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    setup_logging(folder)
    yield folder
    close_logging()


def read_log(log_dir: Path) -> str:
    return (log_dir / LOG_FILE).read_text(encoding="utf-8")


def check_age(answers: dict[str, str]) -> int:
    typed = answers["age"]
    return validate(typed)


def validate(typed: str) -> int:
    lowered = typed.lower()
    if lowered:
        raise RuntimeError("the age could not be used")
    return 0


def caught(answers: dict[str, str]) -> BaseException:
    try:
        check_age(answers)
    except RuntimeError as err:
        return err
    raise AssertionError("check_age did not raise")


def test_a_crash_is_logged_with_its_frames_but_not_the_local_values(log_dir: Path) -> None:
    exc = caught({"age": SENTINEL})
    tb = exc.__traceback__
    assert tb is not None and tb.tb_next is not None
    assert SENTINEL in tb.tb_next.tb_frame.f_locals.values()  # what Textual's traceback would show
    log_crash(exc, context="AskQuestion handler")
    log = read_log(log_dir)
    assert SENTINEL not in log
    assert "crash in AskQuestion handler: RuntimeError: the age could not be used" in log
    frames = re.findall(r'File "(.+)", line (\d+), in (\w+)', log)
    assert [(Path(f).name, name) for f, _, name in frames] == [
        ("test_crashlog.py", "caught"),
        ("test_crashlog.py", "check_age"),
        ("test_crashlog.py", "validate"),
    ]
    source, first = inspect.getsourcelines(validate)
    raise_line = first + next(n for n, line in enumerate(source) if "raise" in line)
    assert frames[-1][1] == str(raise_line)
    assert 'raise RuntimeError("the age could not be used")' in log  # the source line is code, not a value


def test_values_in_exception_messages_are_scrubbed(log_dir: Path) -> None:
    typed = "１２x" + SENTINEL
    try:
        int(typed)
    except ValueError as err:
        log_crash(err)
    try:
        {"age": 1}[SENTINEL]
    except KeyError as err:
        log_crash(err)
    log = read_log(log_dir)
    assert SENTINEL not in log
    assert "１２" not in log
    assert "ValueError: invalid literal for int() with base #: '…'" in log
    assert "KeyError: '…'" in log


def test_a_missing_module_is_named_in_the_log(log_dir: Path) -> None:
    """The module's name is the cause (a wrong dependency version) and comes from the code, never a visitor."""
    try:
        import sqlite_utils.no_such_part  # type: ignore[import-not-found]  # noqa: F401
    except ImportError as err:
        log_crash(err, context="saving")
    assert "ModuleNotFoundError: No module named '…' [module sqlite_utils.no_such_part]" in read_log(log_dir)


def test_chained_and_grouped_exceptions_are_logged_without_values(log_dir: Path) -> None:
    try:
        try:
            check_age({"age": SENTINEL})
        except RuntimeError as inner:
            raise LookupError(f"no checklist for {SENTINEL!r}") from inner
    except LookupError as outer:
        log_crash(ExceptionGroup("worker failed", [outer]))
    log = read_log(log_dir)
    assert SENTINEL not in log
    assert "ExceptionGroup: worker failed (# sub-exception)" in log
    assert "LookupError: no checklist for '…'" in log
    assert "-- caused by:\nRuntimeError: the age could not be used" in log
    assert "in validate" in log


@pytest.mark.parametrize(
    ("message", "scrubbed"),
    [
        ("age 37 is out of range", "age # is out of range"),
        ("age ３７ is out of range", "age # is out of range"),
        ("unknown option 'instant_outlet'", "unknown option '…'"),
        ('bad code "K7Q-2XM"', "bad code '…'"),
        ("label 即时制卡网点 not found", "label … not found"),
        ("line one\x1b[2Jline two", "line one [#Jline two"),
        ("", ""),
    ],
)
def test_the_scrubber_takes_out_quoted_text_numbers_and_chinese(message: str, scrubbed: str) -> None:
    assert scrub_message(message) == scrubbed


def test_the_scrubber_takes_out_named_words_and_caps_the_length() -> None:
    assert scrub_message("no rule for mainland in instant_outlet", {"mainland", "instant_outlet"}) == (
        "no rule for … in …"
    )
    assert scrub_message("mainlander", {"mainland"}) == "mainlander"
    assert len(scrub_message("x" * 5000)) == 301


def test_the_log_rotates_at_a_bounded_size(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    setup_logging(folder, max_bytes=4000, backup_count=2)
    try:
        for _ in range(200):
            log_crash(caught({"age": SENTINEL}))
    finally:
        close_logging()
    files = sorted(p.name for p in folder.iterdir())
    assert files == [LOG_FILE, f"{LOG_FILE}.1", f"{LOG_FILE}.2"]
    assert all((folder / name).stat().st_size <= 4000 for name in files)
    assert all(SENTINEL not in (folder / name).read_text(encoding="utf-8") for name in files)


def test_logging_twice_to_one_folder_writes_each_entry_once(log_dir: Path) -> None:
    logger = setup_logging(log_dir)
    assert len(logger.handlers) == 1
    log_crash(caught({"age": SENTINEL}))
    assert read_log(log_dir).count("RuntimeError: the age could not be used") == 1


def test_crash_logs_stay_off_the_screen_and_in_a_private_folder(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root_handler = logging.StreamHandler(sys.stderr)  # even with a root handler printing to the screen
    logging.getLogger().addHandler(root_handler)
    try:
        log_crash(caught({"age": SENTINEL}))
    finally:
        logging.getLogger().removeHandler(root_handler)
    assert capsys.readouterr() == ("", "")
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700


def test_uncaught_exceptions_are_logged_with_an_apology_not_a_traceback(
    log_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_excepthooks()
    exc = caught({"age": SENTINEL})
    sys.excepthook(type(exc), exc, exc.__traceback__)
    thread = threading.Thread(target=check_age, args=({"age": SENTINEL},), name="printer")
    thread.start()
    thread.join()
    err = capsys.readouterr().err
    assert err == "kiosk: an unexpected error stopped the kiosk; it has been logged.\n"
    log = read_log(log_dir)
    assert "crash in uncaught: RuntimeError" in log
    assert "crash in thread printer: RuntimeError" in log
    assert SENTINEL not in log


# --- Textual's developer switches -------------------------------------------------------------

DEVELOPER_SWITCHES = {
    "TEXTUAL": "devtools,debug",
    "TEXTUAL_DEBUG": "1",
    "TEXTUAL_LOG": "/tmp/textual.log",
    "TEXTUAL_PRESS": "ctrl+q",
    "TEXTUAL_SCREENSHOT": "0",
    "TEXTUAL_SCREENSHOT_LOCATION": "/tmp",
    "TEXTUAL_SCREENSHOT_FILENAME": "lobby.svg",
    "TEXTUAL_DEVTOOLS_HOST": "10.0.0.9",
    "TEXTUAL_DEVTOOLS_PORT": "9999",
    "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
    "TEXTUAL_ALLOW_SIGNALS": "1",
    "TEXTUAL_SHOW_RETURN": "1",
    "TEXTUAL_FILTERS": "monochrome",
    "TEXTUAL_SLOW_THRESHOLD": "100",
    "TEXTUAL_THEME": "textual-light",
    "TEXTUAL_DIM_FACTOR": "0",
    "TEXTUAL_SOME_FUTURE_SWITCH": "1",
}


def test_developer_switches_are_removed_and_harmless_ones_kept() -> None:
    environ = {
        **DEVELOPER_SWITCHES,
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TEXTUAL_ANIMATIONS": "none",
        "TEXTUALIZE": "kept",
        "TERM": "xterm-256color",
        "PATH": "/usr/bin",
    }
    removed = sanitize_environment(environ)
    assert removed == sorted(DEVELOPER_SWITCHES)
    assert environ == {
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TEXTUAL_ANIMATIONS": "none",
        "TEXTUALIZE": "kept",
        "TERM": "xterm-256color",
        "PATH": "/usr/bin",
        "TEXTUAL_FPS": KIOSK_FPS,
    }


def test_the_kiosk_paints_at_its_own_frame_rate_unless_one_is_given() -> None:
    lobby: dict[str, str] = {}
    assert sanitize_environment(lobby) == [] and lobby == {"TEXTUAL_FPS": "240"}
    operator = {"TEXTUAL_FPS": "30"}  # a terminal's operator may ask for fewer frames (a slow serial line, say)
    assert sanitize_environment(operator) == [] and operator == {"TEXTUAL_FPS": "30"}


def test_it_cleans_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_FPS", "")  # so that monkeypatch takes away the frame rate set below, as it was
    for name in [n for n in os.environ if n.startswith("TEXTUAL")]:
        monkeypatch.delenv(name)  # put back after the test
    monkeypatch.setenv("TEXTUAL_PRESS", "ctrl+q")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    assert sanitize_environment() == ["TEXTUAL_PRESS"]
    assert "TEXTUAL_PRESS" not in os.environ
    assert os.environ["TEXTUAL_ANIMATIONS"] == "none"
    assert os.environ["TEXTUAL_FPS"] == KIOSK_FPS


def test_every_textual_variable_kept_exists_in_the_installed_textual() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(textual.__file__).parent.rglob("*.py"))
    read_by_textual = set(re.findall(r"\"(TEXTUAL(?:_[A-Z_]+)?)\"", source))
    assert SAFE_TEXTUAL_VARIABLES - {"TEXTUAL_SNAPSHOT_TEMPDIR"} <= read_by_textual
    assert set(DEVELOPER_SWITCHES) - {"TEXTUAL_SOME_FUTURE_SWITCH"} <= read_by_textual
    assert {name for name in read_by_textual if name not in SAFE_TEXTUAL_VARIABLES} == set(
        sanitize_environment(dict.fromkeys(read_by_textual, "1"))
    )


def test_the_snapshot_plugin_keeps_its_report_folder() -> None:
    environ = {"TEXTUAL_SNAPSHOT_TEMPDIR": "/tmp/snapshots", "TEXTUAL_DEBUG": "1"}
    assert sanitize_environment(environ) == ["TEXTUAL_DEBUG"]
    assert environ == {"TEXTUAL_SNAPSHOT_TEMPDIR": "/tmp/snapshots", "TEXTUAL_FPS": KIOSK_FPS}


def test_textual_imported_after_sanitizing_has_no_developer_features() -> None:
    program = (
        "from kiosk.crashlog import sanitize_environment\n"
        "sanitize_environment()\n"
        "import os\n"
        "from textual import constants\n"
        "from textual.features import parse_features\n"
        "print(constants.DEBUG, constants.PRESS == '', constants.LOG_FILE, constants.SCREENSHOT_DELAY,\n"
        "      constants.DRIVER, constants.SHOW_RETURN, constants.FILTERS == '', constants.DEVTOOLS_PORT,\n"
        "      sorted(parse_features(os.getenv('TEXTUAL', ''))), os.environ.get('TEXTUAL_ALLOW_SIGNALS'))\n"
    )
    env = {**os.environ, **DEVELOPER_SWITCHES}
    result = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "None", "-1", "None", "False", "True", "8081", "[]", "None"]
