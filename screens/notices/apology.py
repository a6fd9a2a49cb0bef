"""Sorry: something went wrong, the answers are gone, please start again. Shown after a contained error."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kiosk.guide.model import Text
from screens.guard import ContainedModal
from screens.widgets.wrap import Paragraph

SORRY = Text(zh="抱歉，本机出了点问题。", en="Sorry, something went wrong on this kiosk.")
CLEARED = Text(
    zh="您的回答已清除，请重新开始。如需帮助，请到窗口咨询，或拨打 12333。",
    en="Your answers have been cleared: please start again. For help, ask at the counter or call 12333.",
)
CARRY_ON = Text(zh="按任意键继续", en="Press any key to continue")
SHOWN_FOR = 20.0  # seconds, then the welcome screen follows by itself


class Apology(ContainedModal[None]):
    """In both languages (the visitor's choice was wiped); dismissed by any key, a click, or after a while."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["apology.tcss"]

    def __init__(self, shown_for: float = SHOWN_FOR) -> None:
        super().__init__()
        self.shown_for = shown_for

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            for lang in ("zh", "en"):
                yield Static(Paragraph(SORRY.get(lang)), classes="sorry")
                yield Static(Paragraph(CLEARED.get(lang)), classes="cleared")
            yield Static(Paragraph(f"{CARRY_ON.zh} / {CARRY_ON.en}"), id="carry-on")

    def on_mount(self) -> None:
        self.set_timer(self.shown_for, self.carry_on)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.carry_on()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.carry_on()

    def carry_on(self) -> None:
        if self.is_current:
            self.dismiss(None)
