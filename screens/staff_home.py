"""The start screen of counter staff mode: open a checklist by its code, walk a visitor through, statistics."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static

from screens import staff_words
from screens.guard import on
from screens.kiosk_screen import KioskScreen
from screens.numbered_choices import NUMBER_KEYS, NumberedChoices, choice_prompt
from screens.wrap import Paragraph

STAFF_CHOICES = ("open", "walk", "stats", "lock", "leave")


class StaffHome(KioskScreen[str]):
    """Dismissed with one of STAFF_CHOICES."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["kiosk_screen.tcss", "staff_home.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"choose({key})", show=False, id=f"choose-{key}") for key in NUMBER_KEYS
    ]
    HAS_BACK: ClassVar[bool] = False
    HAS_START_AGAIN: ClassVar[bool] = False

    def __init__(self, lang: str, *, lock_seconds: int, selected: str | None = None) -> None:
        super().__init__(lang)
        self.lock_seconds = lock_seconds
        self.selected = selected

    def compose_page(self) -> ComposeResult:
        yield Static(Paragraph(self.t(staff_words.STAFF_TITLE)), id="heading", classes="heading")
        yield Static(Paragraph(self.t(staff_words.STAFF_LEAD)), id="lead")
        choices = []
        for n, choice in enumerate(STAFF_CHOICES, start=1):
            label, detail = staff_words.CHOICES[choice]
            choices.append((choice, choice_prompt(n, self.t(label), self.t(detail))))
        yield NumberedChoices(choices, selected=self.selected, id="choices")
        hint = f"{self.t(staff_words.HOME_HINT, last=len(STAFF_CHOICES))}  {self.locks_after()}"
        yield Static(Paragraph(hint), id="hint", classes="hint")

    def locks_after(self) -> str:
        return self.t(staff_words.LOCKS_AFTER, seconds=self.lock_seconds)

    def on_mount(self) -> None:
        self.query_one(NumberedChoices).focus()

    def action_choose(self, number: int) -> None:
        value = self.query_one(NumberedChoices).value_at(number)
        if value is not None:
            self.dismiss(value)

    @on(OptionList.OptionHighlighted)
    def remember_highlight(self, event: OptionList.OptionHighlighted) -> None:
        self.selected = event.option.id

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(event.option.id)
