"""Crashes contained: an error in a handler or the walk shows an apology and a fresh start, never a traceback;
the log keeps the frames but not the answers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import ClassVar

import pytest
from conftest import FakeStore
from lobby_helpers import PIN, SENTINEL_AGE, Clock, all_text, lobby_app, pin_guard, until, walk_to
from log_helpers import close_logging
from wizard_helpers import press, shown

import screens.guard
import screens.notices.apology
import screens.staff.staff_menu
import screens.visitor.ask_number
from kiosk import walk as walk_module
from kiosk.app import KioskApp
from kiosk.crashlog import LOG_FILE, setup_logging
from kiosk.guide.model import Guide
from kiosk.launch import run_until_exit
from screens.notices.apology import Apology
from screens.visitor.ask_choice import AskChoice
from screens.visitor.ask_number import AskNumber
from screens.visitor.choose_procedure import ChooseProcedure
from screens.visitor.welcome import Welcome

SECRET = "instant_outlet"  # an option id: a visitor's answer, which a message must not carry into the log


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    setup_logging(folder)
    yield folder
    close_logging()


def read_log(log_dir: Path) -> str:
    return (log_dir / LOG_FILE).read_text(encoding="utf-8")


RECORD_HEADER = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ kiosk \d+: ", re.MULTILINE)
FRAME_PLACE = re.compile(r'^ *File ".*", line \d+, in \S+$', re.MULTILINE)


def without_places(log: str) -> str:
    """The log without the digits the logger and the traceback write by themselves: each record's time and
    process id, and each frame's file and line. A visitor's age can turn up in them by chance (process 13729
    holds "137"); what is left is the messages and the source lines, where it must not be."""
    text = FRAME_PLACE.sub("", RECORD_HEADER.sub("", log))
    assert text.count("crash in ") == log.count("crash in ") and "Traceback" in text  # only the places went
    return text


def test_only_the_loggers_own_digits_are_taken_out_of_the_log() -> None:
    age = SENTINEL_AGE
    message = f"crash in the walk: ArithmeticError: age {age}\n"
    log = (
        f"2026-11-30 07:15:01,{age} ERROR kiosk 2{age}9: {message}"
        "Traceback (most recent call last):\n"
        f'  File "/tmp/{age}/kiosk/app.py", line {age}, in _review\n'
        "    answered = build_checklist(self.guide, procedure, dict(self.visit.answers)).answers\n"
    )
    text = without_places(log)
    assert text.count(age) == 1 and text.startswith(message)
    assert "answered = build_checklist" in text


@pytest.fixture
def app(guide: Guide, fake_store: FakeStore, tmp_path: Path) -> KioskApp:
    clock = Clock()
    return lobby_app(guide, fake_store, clock=clock, guard=pin_guard(tmp_path, clock, pin=None))


async def assert_apology_then_a_fresh_welcome(app: KioskApp, pilot: object) -> None:
    assert isinstance(app.screen, Apology)
    text = shown(app.screen)
    assert "抱歉，本机出了点问题。" in text and "Sorry, something went wrong on this kiosk." in text
    assert "Your answers have been cleared: please start again." in text
    assert SENTINEL_AGE not in all_text(app)
    assert (app.visit.procedure, app.visit.answers) == (None, ())
    await press(pilot, "space")  # type: ignore[arg-type]
    assert isinstance(app.screen, Welcome)
    assert [type(screen) for screen in app.screen_stack[1:]] == [Welcome]
    assert app.is_running and app.return_code is None


async def test_an_error_in_a_screens_handler_apologises_and_starts_afresh(
    app: KioskApp, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_parse(question: object, typed: str) -> int:
        raise ValueError(f"cannot read {typed!r} as {SECRET} {SENTINEL_AGE}")

    monkeypatch.setattr(screens.visitor.ask_number, "parse_number", broken_parse)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        await press(pilot, "enter")  # Input.Submitted -> AskNumber.submit raises
        await assert_apology_then_a_fresh_welcome(app, pilot)
    log = read_log(log_dir)
    assert "crash in AskNumber.submit: ValueError: cannot read '…' as … #" in log
    assert 'ask_number.py", line' in log and "in submit" in log and "in broken_parse" in log
    assert SENTINEL_AGE not in without_places(log) and SECRET not in log


async def test_an_error_in_an_action_apologises_and_starts_afresh(
    app: KioskApp, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_choose(self: AskChoice, number: int) -> None:
        raise KeyError(SECRET)

    monkeypatch.setattr(AskChoice, "action_choose", broken_choose)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_choice")
        await press(pilot, "1")
        await assert_apology_then_a_fresh_welcome(app, pilot)
    log = read_log(log_dir)
    assert "crash in action choose: KeyError: '…'" in log
    assert "in broken_choose" in log and SECRET not in log


async def test_an_error_in_an_event_handler_apologises_and_starts_afresh(
    app: KioskApp, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_mount(self: ChooseProcedure) -> None:
        raise RuntimeError("the procedures could not be shown")

    monkeypatch.setattr(ChooseProcedure, "on_mount", broken_mount, raising=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "choose")
        await assert_apology_then_a_fresh_welcome(app, pilot)
    assert "crash in ChooseProcedure on Mount: RuntimeError: the procedures could not be shown" in read_log(log_dir)


async def test_an_error_in_the_walk_apologises_and_starts_afresh(
    app: KioskApp, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_checklist(*args: object) -> None:
        raise ArithmeticError(f"no checklist for age {SENTINEL_AGE} and {SECRET}")

    monkeypatch.setattr(walk_module, "build_checklist", broken_checklist)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        await press(pilot, "enter", "1", "2")  # the answers are complete: the walk builds the checklist
        await assert_apology_then_a_fresh_welcome(app, pilot)
    log = read_log(log_dir)
    assert "crash in the walk: ArithmeticError: no checklist for age # and …" in log
    assert "in _review" in log and "in broken_checklist" in log
    assert SENTINEL_AGE not in without_places(log) and SECRET not in log


async def test_an_error_while_redrawing_in_another_language_apologises(
    app: KioskApp, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")

        def broken_page(self: AskNumber) -> object:
            raise LookupError("no English wording")

        monkeypatch.setattr(AskNumber, "compose_page", broken_page)
        await press(pilot, "f2")
        await assert_apology_then_a_fresh_welcome(app, pilot)
    assert "crash in AskNumber.compose_page: LookupError: no English wording" in read_log(log_dir)


async def test_an_error_while_building_a_staff_screen_apologises(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_prompt(*args: object, **kwargs: object) -> object:
        raise UnicodeError("the menu cannot be drawn")

    monkeypatch.setattr(screens.staff.staff_menu, "choice_prompt", broken_prompt)
    clock = Clock()
    app = lobby_app(guide, fake_store, clock=clock, guard=pin_guard(tmp_path, clock))
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        await press(pilot, "f12", *PIN, "enter")
        await until(pilot, lambda: isinstance(app.screen, Apology))
        await assert_apology_then_a_fresh_welcome(app, pilot)
    assert "crash in StaffMenu.compose: UnicodeError: the menu cannot be drawn" in read_log(log_dir)


async def test_the_apology_gives_way_to_the_welcome_screen_by_itself(
    app: KioskApp, monkeypatch: pytest.MonkeyPatch, log_dir: Path
) -> None:
    class QuickApology(Apology):
        CSS_PATH: ClassVar[list[str | PurePath]] = [Path(screens.notices.apology.__file__).with_suffix(".tcss")]

        def __init__(self) -> None:
            super().__init__(shown_for=0.3)

    monkeypatch.setattr(screens.notices.apology, "Apology", QuickApology)  # the App imports it when it apologises
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "choose")
        app.post_message(screens.guard.HandlerFailed(RuntimeError("boom"), "a test"))
        await press(pilot)
        assert isinstance(app.screen, Apology)
        await pilot.pause(0.5)
        assert isinstance(app.screen, Welcome)


async def test_errors_in_a_loop_never_stop_the_kiosk(
    app: KioskApp, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No count of contained errors stops the kiosk (it used to stop at the fifth in a minute, which fast
    typing could reach): each one is logged and apologised for, and the next visitor gets a fresh start."""
    original = Welcome.compose_page

    def broken_page(self: Welcome) -> object:
        raise RuntimeError("the welcome screen is broken")

    monkeypatch.setattr(Welcome, "compose_page", broken_page)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(8):
            await until(pilot, lambda: isinstance(app.screen, Apology))
            await press(pilot, "space")
        await until(pilot, lambda: isinstance(app.screen, Apology))
        monkeypatch.setattr(Welcome, "compose_page", original)  # mended: the next fresh start works
        await press(pilot, "space")
        await until(pilot, lambda: isinstance(app.screen, Welcome))
        assert app.is_running and app.return_code is None
    log = read_log(log_dir)
    assert log.count("crash in Welcome.compose_page: RuntimeError: the welcome screen is broken") == 9
    assert "the kiosk stops" not in log


def test_only_staff_exit_is_a_clean_exit(app: KioskApp, log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    class StaffExits(KioskApp):
        def on_ready(self) -> None:
            self.staff_exits()

    class StopsByItself(KioskApp):
        def on_ready(self) -> None:
            self.exit(return_code=0)

    def build(cls: type[KioskApp]) -> KioskApp:
        clock = Clock()
        return cls(app.guide, open_store=FakeStore, clock=clock, pin_guard=app.pin_guard)  # type: ignore[arg-type]

    assert run_until_exit(build(StaffExits), headless=True) == 0
    assert run_until_exit(build(StopsByItself), headless=True, log_path=log_dir / LOG_FILE) == 1
    assert capsys.readouterr().err == f"kiosk: the kiosk stopped unexpectedly; see {log_dir / LOG_FILE}\n"
    log = read_log(log_dir)
    assert "staff exited the kiosk" in log and "the kiosk stopped unexpectedly (Textual's return code 0)" in log


def test_an_error_textual_catches_itself_ends_the_kiosk_without_a_traceback_on_screen(
    app: KioskApp, log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    class BrokenInsideTextual(KioskApp):
        def on_ready(self) -> None:  # the App's own handler: outside every screen's guard
            visitor_answer = SENTINEL_AGE  # a local value, which Textual's report would show
            raise RuntimeError(f"broken after {len(visitor_answer)} characters")

    broken = BrokenInsideTextual(app.guide, open_store=FakeStore, pin_guard=app.pin_guard)  # type: ignore[arg-type]
    assert run_until_exit(broken, headless=True) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert SENTINEL_AGE not in captured.err + captured.out
    assert captured.err == "kiosk: the kiosk stopped unexpectedly\n"
    assert "the kiosk stopped unexpectedly (Textual's return code 1)" in read_log(log_dir)


SANITIZED_RUN = textwrap.dedent(
    """
    import os, sys, types
    os.environ.update(TEXTUAL="devtools,debug", TEXTUAL_ALLOW_SIGNALS="1")
    os.environ.update(TEXTUAL_PRESS="ctrl+q", TEXTUAL_SCREENSHOT="1")
    from kiosk import cli
    assert "textual" not in sys.modules
    fake_launch = types.ModuleType("kiosk.launch")
    def run_kiosk(guide, args):
        import textual.constants as constants
        left = sorted(name for name in os.environ if name.startswith("TEXTUAL"))
        print(left, repr(constants.PRESS), constants.DEBUG, constants.SCREENSHOT_DELAY, constants.MAX_FPS)
        return 0
    fake_launch.run_kiosk = run_kiosk
    sys.modules["kiosk.launch"] = fake_launch
    sys.exit(cli.run(["run"]))
    """
)


def test_kiosk_run_imports_textual_only_after_removing_its_developer_switches_and_setting_its_frame_rate() -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("TEXTUAL")}
    result = subprocess.run(
        [sys.executable, "-c", SANITIZED_RUN], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    # No switch left, none read (no key presses, debug, screenshots); the kiosk's frame rate read (crashlog.KIOSK_FPS).
    assert result.stdout == "['TEXTUAL_FPS'] '' False -1 240\n"


VISITOR_SCREENS = [
    "visitor/welcome",
    "visitor/choose_procedure",
    "visitor/ask_choice",
    "visitor/ask_number",
    "visitor/check_answers",
    "visitor/blocked",
    "visitor/checklist",
    "notices/apology",
    "notices/still_there",
    "staff/pin_prompt",
    "staff/staff_menu",
]


@pytest.mark.parametrize("module", VISITOR_SCREENS)
def test_visitor_screens_declare_handlers_with_the_guarded_on(module: str) -> None:
    source = (Path(screens.guard.__file__).parent / f"{module}.py").read_text(encoding="utf-8")
    # Textual's own `on` would let an error in the handler end the kiosk instead of being contained.
    assert not re.search(r"^from textual import .*\bon\b", source, re.MULTILINE)
    assert not re.search(r"^from textual\._on import", source, re.MULTILINE)
