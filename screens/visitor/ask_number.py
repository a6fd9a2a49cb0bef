"""One question answered with a number (the age): ASCII or full-width digits, a bad entry explained."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from kiosk.guide.engine import AnswerError, parse_number
from kiosk.guide.model import Question, Text
from kiosk.spoken import Line
from screens import words
from screens.guard import on
from screens.kiosk_screen import KioskScreen, Nav
from screens.widgets.fields import DIGITS, Field
from screens.widgets.wrap import Paragraph


class AskNumber(KioskScreen[int | Nav]):
    """Dismissed with the number, or Nav.BACK."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../kiosk_screen.tcss", "ask_question.tcss"]

    def __init__(self, question: Question, lang: str, *, number: int, total: int, previous: int | None = None) -> None:
        super().__init__(lang)
        self.question = question
        self.number = number
        self.total = total
        self.typed = "" if previous is None else str(previous)
        self.problem: Text | None = None

    def compose_page(self) -> ComposeResult:
        yield Static(self.t(words.PROGRESS, number=self.number, total=self.total), id="progress", classes="progress")
        yield Static(Paragraph(self.question.text.get(self.lang)), id="question", classes="heading")
        if self.question.help is not None:
            yield Static(Paragraph(self.question.help.get(self.lang)), id="help", classes="help")
        example = self.question.example if self.question.example is not None else self.question.minimum
        with Horizontal(id="answer-row"):
            yield Field(
                self.typed,
                allowed=DIGITS,
                placeholder=self.t(words.NUMBER_PLACEHOLDER, example=example),
                max_length=12,
                id="number",
                select_on_focus=False,
            )
            yield Button(f"{self.t(words.NEXT)} ▶", id="next", variant="primary")
        problem = f"⚠ {self.problem.get(self.lang)}" if self.problem is not None else ""
        yield Static(Paragraph(problem), id="problem", classes="problem" if problem else "problem -empty")
        yield Static(Paragraph(self.t(words.NUMBER_HINT)), id="hint", classes="hint")

    def reading_page(self) -> list[Line]:
        help_text = [self.question.help.get(self.lang)] if self.question.help is not None else []
        problem = [f"⚠ {self.problem.get(self.lang)}"] if self.problem is not None else []
        typed = [self.t(words.SAY_TYPED, typed=self.typed)] if self.typed else []
        return [
            self.t(words.PROGRESS, number=self.number, total=self.total),
            self.question.text.get(self.lang),
            *help_text,
            *problem,
            *typed,
            self.t(words.SAY_TYPE_NUMBER),
        ]

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#number", Input))

    def after_redraw(self) -> None:
        self.query_one("#number", Input).cursor_position = len(self.typed)

    @on(Input.Changed, "#number")
    def remember_typing(self, event: Input.Changed) -> None:
        self.typed = event.value

    @on(Input.Submitted, "#number")
    @on(Button.Pressed, "#next")
    def submit(self) -> None:
        try:
            value = parse_number(self.question, self.typed)
        except AnswerError as error:
            self.problem = error.message
            self.announce(f"⚠ {error.message.get(self.lang)}")
            self.query_one("#problem", Static).update(Paragraph(f"⚠ {error.message.get(self.lang)}"))
            self.query_one("#problem").remove_class("-empty")
            self.query_one("#number", Input).focus()
            return
        self.dismiss(value)
