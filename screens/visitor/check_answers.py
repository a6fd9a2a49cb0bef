"""Check your answers: every answer with a way to change it, and the way on to the checklist."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Button, Static

from kiosk.guide.model import Because, Text
from kiosk.spoken import Line
from screens import words
from screens.guard import on
from screens.kiosk_screen import Nav
from screens.widgets.numbered_choices import ChoiceScreen, NumberedChoices, choice_prompt
from screens.widgets.wrap import Paragraph


class CheckAnswers(ChoiceScreen[str | Nav]):
    """Dismissed with the id of the question to change, Nav.CONFIRM, or Nav.BACK."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../kiosk_screen.tcss", "check_answers.tcss"]

    def __init__(self, title: Text, answers: tuple[Because, ...], lang: str) -> None:
        super().__init__(lang)
        self.procedure_title = title
        self.answers = answers

    def compose_page(self) -> ComposeResult:
        yield Static(Paragraph(self.t(words.REVIEW_HEADING)), id="heading", classes="heading")
        yield Static(Paragraph(self.procedure_title.get(self.lang)), id="procedure", classes="procedure")
        change = f"✎\u00a0{self.t(words.CHANGE)}"  # a no-break space keeps the pencil with its word
        choices = [
            (
                b.question,
                choice_prompt(n, b.question_text.get(self.lang), f"→ {b.answer_text.get(self.lang)}    {change}"),
            )
            for n, b in enumerate(self.answers, start=1)
        ]
        yield NumberedChoices(choices, selected=self.highlighted, id="answers")
        yield Static(Paragraph(self.t(words.REVIEW_HINT)), id="hint", classes="hint")
        yield Button(f"Enter  {self.t(words.CONFIRM)}  ▶", id="confirm", variant="success")

    def reading_page(self) -> list[Line]:
        return [
            self.t(words.REVIEW_HEADING),
            self.procedure_title.get(self.lang),
            *(
                self.t(
                    words.SAY_ANSWER,
                    question=b.question_text.get(self.lang),
                    answer=b.answer_text.get(self.lang),
                    key=n,
                )
                for n, b in enumerate(self.answers, start=1)
            ),
            self.t(words.SAY_CONFIRM),
        ]

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#confirm"))

    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        self.dismiss(Nav.CONFIRM)
