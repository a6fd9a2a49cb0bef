"""This cannot be done (at all, yet, or by this person): why, what to do instead, and the procedure to do first."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from kiosk.guide.lines import Line, build_lines
from kiosk.guide.model import Checklist, Guide
from kiosk.spoken import Line as SaidLine
from screens import words
from screens.guard import on
from screens.kiosk_screen import KioskScreen, Nav
from screens.widgets.wrap import Paragraph


class Blocked(KioskScreen[str | Nav]):
    """Dismissed with the id of the procedure to do first, or Nav.BACK to change an answer."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../kiosk_screen.tcss", "blocked.tcss"]

    def __init__(self, checklist: Checklist, guide: Guide, lang: str) -> None:
        super().__init__(lang)
        self.checklist = checklist
        self.guide = guide

    def shown_lines(self) -> tuple[list[Line], list[Line]]:
        """The checklist's blockers under their headings, each with what to do instead; and the hotlines."""
        body = build_lines(self.checklist, self.guide, self.lang).body
        blockers = [line for line in body if line.kind == "heading blocker" or line.what in ("blocker", "instead")]
        hotlines = [line for line in body if line.kind == "heading hotlines" or line.what == "hotline"]
        return blockers, hotlines

    def compose_page(self) -> ComposeResult:
        yield Static(Paragraph(self.checklist.title.get(self.lang)), id="procedure", classes="procedure")
        (heading, *lines), hotlines = self.shown_lines()
        yield Static(Paragraph(heading.text, prefix=f"{heading.marker} "), id="heading", classes="heading")
        with VerticalScroll(id="why"):
            for line in lines:  # a second kind of bar gets its own heading
                yield Static(Paragraph(line.text, prefix=_prefix(line)), classes=f"line {line.what}")
            for blocker in self.checklist.blockers:
                if blocker.instead_procedure is not None and blocker.instead_title is not None:
                    label = self.t(words.DO_FIRST, title=blocker.instead_title.get(self.lang))
                    yield Button(f"{label}  ▶", id=f"do-{blocker.instead_procedure}", variant="primary")
            yield Button(f"Esc  {self.t(words.CHANGE_ANSWERS)}", id="change-answers")
            for line in hotlines:
                yield Static(Paragraph(line.text, prefix=_prefix(line)), classes=f"line {line.what}")

    def reading_page(self) -> list[SaidLine]:
        blockers, hotlines = self.shown_lines()
        lines: list[SaidLine] = [self.checklist.title.get(self.lang)]
        lines += [line.text if line.what == "heading" else _prefix(line) + line.text for line in blockers]
        first = next((b for b in self.checklist.blockers if b.instead_procedure and b.instead_title), None)
        if first is not None and first.instead_title is not None:  # the focused button: Enter presses it
            label = self.t(words.DO_FIRST, title=first.instead_title.get(self.lang))
            lines.append(self.t(words.SAY_DO_FIRST, label=label))
        lines.append(self.t(words.SAY_CHANGE_ANSWERS))
        lines += [line.text if line.what == "heading" else _prefix(line) + line.text for line in hotlines]
        return lines

    def reading_keys(self) -> list[SaidLine]:
        return [self.t(words.SAY_AGAIN)]  # Esc is said with what it does here: change the answers

    def on_mount(self) -> None:
        self.set_focus(self.query("Button").first())

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id.startswith("do-"):
            self.dismiss(button_id.removeprefix("do-"))
        elif button_id == "change-answers":
            self.dismiss(Nav.BACK)


def _prefix(line: Line) -> str:
    return f"{line.marker} " if line.marker else ""
