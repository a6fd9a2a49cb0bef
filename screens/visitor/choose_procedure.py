"""Choose what you have come to do: the guide's procedures as large numbered choices."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Static

from kiosk.guide.model import Procedure
from kiosk.spoken import Line
from screens import words
from screens.kiosk_screen import Nav
from screens.widgets.numbered_choices import ChoiceScreen, NumberedChoices, choice_prompt
from screens.widgets.wrap import Paragraph


class ChooseProcedure(ChoiceScreen[str | Nav]):
    """Dismissed with the chosen procedure's id, or Nav.BACK."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../kiosk_screen.tcss", "choose_procedure.tcss"]

    def __init__(self, procedures: tuple[Procedure, ...], lang: str, *, selected: str | None = None) -> None:
        super().__init__(lang, highlighted=selected)
        self.procedures = procedures

    def compose_page(self) -> ComposeResult:
        yield Static(Paragraph(self.t(words.CHOOSE_HEADING)), id="heading", classes="heading")
        choices = [
            (p.id, choice_prompt(n, p.title.get(self.lang), p.summary.get(self.lang)))
            for n, p in enumerate(self.procedures, start=1)
        ]
        yield NumberedChoices(choices, selected=self.highlighted, id="choices")
        yield Static(Paragraph(self.t(words.CHOOSE_HINT)), id="hint", classes="hint")

    def reading_page(self) -> list[Line]:
        return [
            self.t(words.CHOOSE_HEADING),
            *(
                self.say_choice(n, p.title.get(self.lang), p.summary.get(self.lang))
                for n, p in enumerate(self.procedures, start=1)
            ),
        ]
