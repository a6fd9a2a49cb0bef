"""Check your answers: every answer with a way to change it, and the way on to the checklist."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, OptionList, Static

from kiosk.guide.model import Because, Text
from screens import words
from screens.guard import on
from screens.kiosk_screen import KioskScreen, Nav
from screens.numbered_choices import NUMBER_KEYS, NumberedChoices, choice_prompt
from screens.wrap import Paragraph


class CheckAnswers(KioskScreen[str | Nav]):
    """Dismissed with the id of the question to change, Nav.CONFIRM, or Nav.BACK."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["kiosk_screen.tcss", "check_answers.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"change({key})", show=False, id=f"change-{key}") for key in NUMBER_KEYS
    ]

    def __init__(self, title: Text, answers: tuple[Because, ...], lang: str) -> None:
        super().__init__(lang)
        self.procedure_title = title
        self.answers = answers
        self.highlighted: str | None = None

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

    def on_mount(self) -> None:
        self.query_one("#confirm").focus()

    def action_change(self, number: int) -> None:
        value = self.query_one(NumberedChoices).value_at(number)
        if value is not None:
            self.dismiss(value)

    @on(OptionList.OptionHighlighted)
    def remember_highlight(self, event: OptionList.OptionHighlighted) -> None:
        self.highlighted = event.option.id

    @on(OptionList.OptionSelected)
    def change_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(event.option.id)

    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        self.dismiss(Nav.CONFIRM)
