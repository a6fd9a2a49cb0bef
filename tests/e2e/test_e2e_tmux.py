"""End to end: the installed `kiosk` in a real terminal (tmux), walked with keys as a visitor would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from parts_helpers import require_program
from tmux_helpers import Terminal, kiosk_program, shell_command, visitor_env
from tmux_helpers import terminal as tmux_terminal

from kiosk.guide.engine import build_checklist
from kiosk.guide.model import Guide
from kiosk.guide.render import render_text
from store import Store

require_program("tmux")  # fails the run under CI=true, skips these tests elsewhere


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    home = tmp_path / "home"
    home.mkdir()
    launch = shell_command([*kiosk_program(), "run", "--db", str(tmp_path / "k.db")], visitor_env(home))
    with tmux_terminal(launch, "kiosk") as term:
        yield term


def test_a_visitor_walks_a_first_application_and_leaves_with_a_saved_checklist(
    terminal: Terminal, guide: Guide, tmp_path: Path
) -> None:
    terminal.wait_for("江苏省社会保障卡 办事指引")
    assert "Jiangsu Social Security Card: what to bring" in terminal.screen()
    terminal.keys("Enter")
    terminal.wait_for("您要办理什么业务？")
    terminal.keys("1")
    terminal.wait_for("申请人是哪类人员？")
    terminal.keys("1")
    terminal.wait_for("申请人多少周岁？")
    terminal.keys("３", "4", "Enter")  # a full-width digit, as a Chinese input method types it
    terminal.wait_for("由谁来办理？")
    terminal.keys("1")
    terminal.wait_for("您想怎样办理？")
    terminal.keys("2")
    review = terminal.wait_for("请核对您的回答")
    assert "→ 34" in review and "→ 即时制卡网点（立等可取）" in review
    answers = {"identity": "mainland", "age": 34, "applicant": "self", "channel": "instant_outlet"}
    procedure = guide.procedure("first_application")
    assert procedure is not None
    checklist = build_checklist(guide, procedure, answers)
    cli = [line.strip() for line in render_text(checklist, guide, "zh").splitlines()]
    terminal.keys("Enter")
    # The checklist's own title: the review screen's key also says 办事清单, and under load it is still showing.
    shown = terminal.wait_for(cli[0])
    for line in ("请携带：", "- 即时制卡网点（立等可取）：提交材料办理申领，当场领卡", "⏱ 即时制卡网点立等可取"):
        assert line in cli, line  # the line comes from the guide, as `kiosk checklist` prints it
        assert line.removesuffix("：") in shown, line
    assert "☐ 申请人本人的有效身份证件（原件）：二代居民身份证" in shown  # one document: no "any one of"

    match = re.search(r"取件码：([A-Z0-9]{3}-[A-Z0-9]{3})", shown)
    assert match is not None, shown
    with Store(tmp_path / "k.db") as store:
        saved = store.find(match.group(1))
    assert saved is not None
    assert (saved.procedure, dict(saved.answers), saved.lang, saved.channel) == (
        "first_application",
        answers,
        "zh",
        "kiosk",
    )

    terminal.keys("F2")
    english = terminal.wait_for("First application (individual) — Checklist")
    assert "Pickup code: " + match.group(1) in english
    assert "Bring these" in english
    terminal.keys("End")
    english = terminal.wait_for("guide version: " + guide.version)  # the end of the checklist
    assert "☎ HRSS hotline (social security function): 12333" in english

    terminal.keys("F5")
    terminal.wait_for("江苏省社会保障卡 办事指引")
