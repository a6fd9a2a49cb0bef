"""Staff type a visitor's pickup code; the App looks it up and, if it finds nothing, says why here."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from kiosk.guide.model import Text
from screens.guard import on
from screens.kiosk_screen import KioskScreen, Nav
from screens.staff import staff_words
from screens.widgets.fields import Field
from screens.widgets.wrap import Paragraph


class OpenByCode(KioskScreen[str | Nav]):
    """Dismissed with the code as typed (the store reads it however it was typed), or Nav.BACK."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../kiosk_screen.tcss", "open_by_code.tcss"]
    HAS_START_AGAIN: ClassVar[bool] = False

    def __init__(self, lang: str, *, typed: str = "", problem: Text | None = None) -> None:
        """`problem` says what was wrong with `typed` (the App found no checklist for it) and what to do."""
        super().__init__(lang)
        self.typed = typed
        self.problem = problem

    def compose_page(self) -> ComposeResult:
        yield Static(Paragraph(self.t(staff_words.OPEN_HEADING)), id="heading", classes="heading")
        with Horizontal(id="answer-row"):
            yield Field(
                self.typed,
                placeholder=self.t(staff_words.CODE_PLACEHOLDER),
                max_length=20,
                id="code",
                select_on_focus=False,
            )
            yield Button(f"{self.t(staff_words.OPEN)} ▶", id="open", variant="primary")
        problem = f"⚠ {self.t(self.problem)}" if self.problem is not None else ""
        yield Static(Paragraph(problem), id="problem", classes="problem" if problem else "problem -empty")
        yield Static(Paragraph(self.t(staff_words.CODE_HINT)), id="hint", classes="hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#code", Input))

    def after_redraw(self) -> None:
        self.query_one("#code", Input).cursor_position = len(self.typed)

    @on(Input.Changed, "#code")
    def remember_typing(self, event: Input.Changed) -> None:
        self.typed = event.value

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#open")
    def submit(self) -> None:
        if self.typed.strip():
            self.dismiss(self.typed)
