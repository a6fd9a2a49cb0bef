"""What staff can do once the PIN is right: exit the kiosk, switch to counter mode, start a fresh visit for
the next visitor, or return to the visitor's screen as it was."""

from __future__ import annotations

from enum import Enum
from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from kiosk.guide.model import Text
from screens.guard import ContainedModal
from screens.widgets.numbered_choices import AnsweredByChoice, NumberedChoices, choice_prompt
from screens.widgets.wrap import Paragraph


class StaffChoice(Enum):
    EXIT = "exit"
    COUNTER = "counter"
    VISITOR = "visitor"  # a fresh visit: the same wipe as the idle timeout
    RESUME = "resume"  # the visitor's screen as it was, for staff who stepped in to help


HEADING = Text(zh="工作人员菜单", en="Staff menu")
CHOICES: tuple[tuple[StaffChoice, Text, Text], ...] = (
    (
        StaffChoice.EXIT,
        Text(zh="退出自助机程序", en="Exit the kiosk"),
        Text(zh="程序结束，看管程序不会再重启它", en="The program ends; the supervisor does not restart it"),
    ),
    (
        StaffChoice.COUNTER,
        Text(zh="窗口（工作人员）模式", en="Counter (staff) mode"),
        Text(zh="按取件码调出清单，带办事人逐步办理", en="Open checklists by code, walk a visitor through"),
    ),
    (
        StaffChoice.VISITOR,
        Text(zh="返回访客模式", en="Back to visitor mode"),
        Text(
            zh="清除这次办理的回答和清单，首页等待下一位办事人",
            en="Wipes this visit: the welcome screen waits for the next visitor",
        ),
    ),
    (
        StaffChoice.RESUME,
        Text(zh="回到办事人刚才的页面", en="Return to the visitor's screen"),
        Text(
            zh="不清除：办事人的回答、清单和取件码仍在屏幕上",
            en="Nothing is wiped: the checklist and its code stay on the screen",
        ),
    ),
)
HINT = Text(
    zh="按数字键选择；Esc 返回访客模式（清除）", en="Press a number to choose; Esc: back to visitor mode (wiped)"
)


class StaffMenu(ContainedModal[StaffChoice], AnsweredByChoice[StaffChoice]):
    """Dismissed with the staff member's choice; Esc is "back to visitor mode" (a fresh visit), never "return
    to the visitor's screen", which leaves the last visitor's checklist showing."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["staff_menu.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose(3)", show=False, id="staff-menu-back"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Paragraph(f"{HEADING.zh}  {HEADING.en}"), id="heading")
            choices = [
                (choice.value, choice_prompt(n, f"{label.zh}  {label.en}", f"{detail.zh}\n{detail.en}"))
                for n, (choice, label, detail) in enumerate(CHOICES, start=1)
            ]
            yield NumberedChoices(choices, selected=StaffChoice.VISITOR.value, id="choices")
            yield Static(Paragraph(f"{HINT.zh}\n{HINT.en}"), id="hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(NumberedChoices))

    def answer(self, value: str) -> StaffChoice:
        return StaffChoice(value)
