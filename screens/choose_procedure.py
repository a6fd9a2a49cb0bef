"""Choose what you have come to do: the guide's procedures as large numbered choices."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static

from kiosk.guide.model import Procedure
from screens import words
from screens.guard import on
from screens.kiosk_screen import KioskScreen, Nav
from screens.numbered_choices import NUMBER_KEYS, NumberedChoices, choice_prompt
from screens.wrap import Paragraph


class ChooseProcedure(KioskScreen[str | Nav]):
    """Dismissed with the chosen procedure's id, or Nav.BACK."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["kiosk_screen.tcss", "choose_procedure.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"choose({key})", show=False, id=f"choose-{key}") for key in NUMBER_KEYS
    ]

    def __init__(self, procedures: tuple[Procedure, ...], lang: str, *, selected: str | None = None) -> None:
        super().__init__(lang)
        self.procedures = procedures
        self.selected = selected

    def compose_page(self) -> ComposeResult:
        yield Static(Paragraph(self.t(words.CHOOSE_HEADING)), id="heading", classes="heading")
        choices = [
            (p.id, choice_prompt(n, p.title.get(self.lang), p.summary.get(self.lang)))
            for n, p in enumerate(self.procedures, start=1)
        ]
        yield NumberedChoices(choices, selected=self.selected, id="choices")
        yield Static(Paragraph(self.t(words.CHOOSE_HINT)), id="hint", classes="hint")

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
