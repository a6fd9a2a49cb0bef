"""One question with choices, as the engine derived it; the earlier answer is pre-selected."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Static

from kiosk.guide.model import Option, Question
from kiosk.spoken import Line
from screens import words
from screens.kiosk_screen import Nav
from screens.widgets.numbered_choices import NUMBER_KEYS, ChoiceScreen, NumberedChoices, choice_prompt
from screens.widgets.wrap import Paragraph


class AskChoice(ChoiceScreen[str | Nav]):
    """Dismissed with the chosen option's id, or Nav.BACK."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../kiosk_screen.tcss", "ask_question.tcss"]

    def __init__(
        self,
        question: Question,
        options: tuple[Option, ...],
        lang: str,
        *,
        number: int,
        total: int,
        previous: str | None = None,
    ) -> None:
        super().__init__(lang, highlighted=previous)
        self.question = question
        self.options = options
        self.number = number
        self.total = total
        self.previous = previous

    def compose_page(self) -> ComposeResult:
        yield Static(self.t(words.PROGRESS, number=self.number, total=self.total), id="progress", classes="progress")
        yield Static(Paragraph(self.question.text.get(self.lang)), id="question", classes="heading")
        if self.question.help is not None:
            yield Static(Paragraph(self.question.help.get(self.lang)), id="help", classes="help")
        choices = [(o.id, choice_prompt(n, label, "\n".join(detail))) for n, o, label, detail in self.choices()]
        yield NumberedChoices(choices, selected=self.highlighted, id="choices")
        last = min(len(self.options), len(NUMBER_KEYS))
        yield Static(Paragraph(self.t(words.CHOICE_HINT, last=last)), id="hint", classes="hint")

    def choices(self) -> list[tuple[int, Option, str, list[str]]]:
        """Each option's number, the option, its label and the lines under it, in the visitor's language."""
        choices = []
        for n, option in enumerate(self.options, start=1):
            detail = [option.hint.get(self.lang)] if option.hint else []
            if option.id == self.previous:
                detail.append(self.t(words.PREVIOUS_CHOICE))
            choices.append((n, option, option.label.get(self.lang), detail))
        return choices

    def reading_page(self) -> list[Line]:
        help_text = [self.question.help.get(self.lang)] if self.question.help is not None else []
        return [
            self.t(words.PROGRESS, number=self.number, total=self.total),
            self.question.text.get(self.lang),
            *help_text,
            *(self.say_choice(n, label, " ".join(detail)) for n, _, label, detail in self.choices()),
        ]
