"""End to end: the installed kiosk, supervised, in a real terminal (tmux): every ctrl+letter, F-key and escape
sequence leaves it running on its screen; only F12 and the staff PIN lead out, and that exit is final (code 0)."""

from __future__ import annotations

import contextlib
import os
import re
import string
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from parts_helpers import require_program
from tmux_helpers import UNSET, Terminal, kiosk_program, shell_command, visitor_env, with_status
from tmux_helpers import terminal as tmux_terminal

require_program("tmux")  # fails the run under CI=true, skips these tests elsewhere

PIN = "246810"
AGE_QUESTION = "申请人多少周岁？"
# Sent as typed: Backspace, Tab and Enter are what C-h, C-i and C-m send on the wire, so those three are
# checked as the keys the kiosk declares for them, at the end.
CTRL_KEYS = [f"C-{letter}" for letter in string.ascii_lowercase if letter not in "him"]
CTRL_KEYS += ["C-\\", "C-]", "C-^", "C-_", "C-@", "C-Space"]
# F2 language, F3 script, F5 start again, F6 contrast, F7 layout and F12 staff are the kiosk's own.
UNDECLARED_F_KEYS = ["F1", "F4", "F8", "F9", "F10", "F11"]
ALT_KEYS = [f"M-{letter}" for letter in "cqxz"]
# Whole sequences a terminal sends: alt+q, F1 both ways, ctrl+F1, ctrl+F5, alt+F12, F20, focus out and in.
RAW_SEQUENCES = ["\x1bq", "\x1bOP", "\x1b[11~", "\x1b[1;5P", "\x1b[15;5~", "\x1b[24;3~", "\x1b[34~", "\x1b[O", "\x1b[I"]


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Terminal]:
    home = tmp_path / "home"
    home.mkdir()
    env = visitor_env(home)
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    subprocess.run(
        [*kiosk_program(), "set-pin", "--pin-stdin"], input=f"{PIN}\n", env={**clean, **env}, check=True, text=True
    )
    # Textual's developer switches, which would let ctrl+c signal, ctrl+z suspend and screenshots be written:
    # the kiosk must ignore them.
    developer = {"TEXTUAL": "devtools,debug", "TEXTUAL_ALLOW_SIGNALS": "1", "TEXTUAL_SCREENSHOT": "1"}
    command = shell_command([*kiosk_program(), "run", "--supervise", "--db", str(tmp_path / "k.db")], env | developer)
    status_file = tmp_path / "exit-status"
    launch = with_status(command, status_file)
    with tmux_terminal(launch, "lockdown", cwd=tmp_path, status_file=status_file, remain_on_exit=True) as term:
        yield term


def test_no_key_leaves_the_kiosk_and_only_the_staff_pin_exits_it(kiosk: Terminal, tmp_path: Path) -> None:
    kiosk.wait_for("江苏省社会保障卡 办事指引")
    kiosk.keys("Enter", "1", "1", "1", "3", "7")
    kiosk.wait_for(AGE_QUESTION)

    def still_asking_the_age(after: str) -> None:
        assert kiosk.alive(), f"the kiosk died after {after}"
        screen = kiosk.screen()
        assert AGE_QUESTION in screen, f"{after} left the age question:\n{screen}"
        assert re.search(r"[┃▊]  137 ", screen), f"{after} changed the typed age:\n{screen}"

    for key in [*CTRL_KEYS, *UNDECLARED_F_KEYS, *ALT_KEYS]:
        kiosk.keys(key)
        still_asking_the_age(key)
    for sequence in RAW_SEQUENCES:
        kiosk.raw(sequence)
        still_asking_the_age(repr(sequence))
    assert not list(tmp_path.glob("*.svg")), "a screenshot was written"

    # C-h, C-i and C-m are Backspace, Tab and Enter: they edit, move to "next" and press it.
    kiosk.keys("C-h")
    assert "┃  13 " in kiosk.wait_for("┃  13 ")
    kiosk.keys("C-i", "C-m")
    kiosk.wait_for("您想怎样办理？")  # 13 is a minor: on to how to apply
    assert kiosk.alive()

    kiosk.keys("F12")
    kiosk.wait_for("Staff sign-in")
    kiosk.keys(*PIN, "Enter")
    kiosk.wait_for("Exit the kiosk")
    kiosk.keys("1")
    deadline = time.monotonic() + 10
    while kiosk.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not kiosk.alive()
    deadline = time.monotonic() + 5  # the pane can be marked dead a moment before the shell writes the status
    while not kiosk.exit_status() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert kiosk.exit_status() == "0"  # and the supervisor, told "staff exit", did not start it again


def test_back_to_visitor_mode_wipes_the_checklist_and_return_to_the_visitor_keeps_it(kiosk: Terminal) -> None:
    """As a clerk would: "back to visitor mode" must not leave the last visitor's pickup code on the screen."""
    kiosk.wait_for("江苏省社会保障卡 办事指引")
    for _ in range(5):  # a key sent while the first screen is still being set up can be missed: press again
        kiosk.keys("Enter")
        with contextlib.suppress(AssertionError):
            kiosk.wait_for("您要办理什么业务？", timeout=3)
            break
    kiosk.keys("1", "1", "1", "3", "7")
    kiosk.wait_for(AGE_QUESTION)
    kiosk.keys("Enter", "1", "2")
    kiosk.wait_for("请核对您的回答")
    kiosk.keys("Enter")
    found = re.search(r"取件码：([A-Z0-9]{3}-[A-Z0-9]{3})", kiosk.wait_for("取件码："))
    assert found, kiosk.screen()
    code = found.group(1)

    def staff_menu() -> None:
        kiosk.keys("F12")
        kiosk.wait_for("Staff sign-in")
        kiosk.keys(*PIN, "Enter")
        kiosk.wait_for("4  回到办事人刚才的页面  Return to the visitor's screen")

    staff_menu()
    kiosk.keys("4")
    deadline = time.monotonic() + 10
    while "Staff menu" in kiosk.screen() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert f"取件码：{code}" in kiosk.screen()  # returned to the visitor's checklist, as labelled
    staff_menu()
    kiosk.keys("3")
    screen = kiosk.wait_for("Enter  开始 / Start")
    assert code not in screen and "取件码" not in screen and "Staff menu" not in screen
    assert kiosk.alive()
