"""The start screen of counter staff mode: open a checklist by its code, walk a visitor through, statistics."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Static

from kiosk.guide.model import Text
from screens.staff import staff_words
from screens.widgets.numbered_choices import ChoiceScreen, NumberedChoices, choice_prompt
from screens.widgets.wrap import Paragraph

STAFF_CHOICES = ("open", "walk", "stats", "lock", "leave")


class StaffHome(ChoiceScreen[str]):
    """Dismissed with one of STAFF_CHOICES."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../kiosk_screen.tcss", "staff_home.tcss"]
    HAS_BACK: ClassVar[bool] = False
    HAS_START_AGAIN: ClassVar[bool] = False

    def __init__(
        self, lang: str, *, lock_seconds: int, selected: str | None = None, notice: Text | None = None
    ) -> None:
        """`notice`: something staff must be told once (the store was started afresh)."""
        super().__init__(lang, highlighted=selected)
        self.lock_seconds = lock_seconds
        self.notice = notice

    def compose_page(self) -> ComposeResult:
        yield Static(Paragraph(self.t(staff_words.STAFF_TITLE)), id="heading", classes="heading")
        yield Static(Paragraph(self.t(staff_words.STAFF_LEAD)), id="lead")
        if self.notice is not None:
            yield Static(Paragraph(self.t(self.notice), prefix="⚠ "), id="store-notice")
        choices = []
        for n, choice in enumerate(STAFF_CHOICES, start=1):
            label, detail = staff_words.CHOICES[choice]
            choices.append((choice, choice_prompt(n, self.t(label), self.t(detail))))
        yield NumberedChoices(choices, selected=self.highlighted, id="choices")
        hint = f"{self.t(staff_words.HOME_HINT, last=len(STAFF_CHOICES))}  {self.locks_after()}"
        yield Static(Paragraph(hint), id="hint", classes="hint")

    def locks_after(self) -> str:
        return self.t(staff_words.LOCKS_AFTER, seconds=self.lock_seconds)

    def on_mount(self) -> None:
        self.set_focus(self.query_one(NumberedChoices))
