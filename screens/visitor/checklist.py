"""The checklist, grouped to be read at a glance, with the pickup code shown large."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from kiosk.guide.lines import build_lines, colon
from kiosk.guide.model import Checklist, Guide
from kiosk.spoken import Line as SaidLine
from kiosk.spoken import Spell
from screens import words
from screens.kiosk_screen import Nav
from screens.takeaway import TakeAwayScreen
from screens.widgets import big_code
from screens.widgets.line_list import LineList, checklist_lines
from screens.widgets.wrap import Paragraph


class ChecklistScreen(TakeAwayScreen[Nav]):
    """Dismissed with Nav.BACK (to change an answer); "start again" is the App's action; F8 QR code, F9 print."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "../kiosk_screen.tcss",
        "../takeaway.tcss",
        "../widgets/line_list.tcss",
        "checklist.tcss",
    ]
    LONG_READ: ClassVar[bool] = True

    def __init__(
        self,
        checklist: Checklist,
        guide: Guide,
        lang: str,
        *,
        pickup_code: str | None,
        save_problem: str | None = None,
        why: bool = False,
    ) -> None:
        """`why`: under each line, the answers that put it there and its guide section (for staff)."""
        super().__init__(checklist, guide, lang, pickup_code=pickup_code)
        self.save_problem = save_problem
        self.why = why

    def compose_page(self) -> ComposeResult:
        title = build_lines(self.checklist, self.guide, self.lang).title.text
        with Horizontal(id="top"):
            with Vertical(id="summary"):
                yield Static(Paragraph(title), id="title", classes="heading")
                if self.pickup_code is not None:
                    code_line = f"{self.t(words.PICKUP_CODE)}{colon(self.lang)}{self.pickup_code}"
                    yield Static(Paragraph(code_line), id="code")
                    yield Static(Paragraph(self.t(words.PICKUP_HINT)), id="code-hint", classes="hint")
                else:
                    problem = words.SAVE_PROBLEMS.get(self.save_problem or "io", words.SAVE_PROBLEMS["io"])
                    yield Static(Paragraph(f"⚠ {self.t(problem)}"), id="save-problem")
                yield from self.compose_takeaway()
            if self.pickup_code is not None and big_code.can_draw(self.pickup_code):
                yield Static(big_code.draw(self.pickup_code), id="big-code")
        with VerticalScroll(id="lines"):
            yield LineList(checklist_lines(self.checklist, self.guide, self.lang, why=self.why))
            yield Button(f"F5  {self.t(words.DONE_START_AGAIN)}", id="done", action="app.start_again")

    def reading_page(self) -> list[SaidLine]:
        """The title, the pickup code character by character, then the checklist line by line."""
        lines: list[SaidLine] = [build_lines(self.checklist, self.guide, self.lang).title.text]
        if self.pickup_code is not None:
            lines += [
                (f"{self.t(words.PICKUP_CODE)}{colon(self.lang)}", Spell(self.pickup_code)),
                self.t(words.PICKUP_HINT),
            ]
        else:
            problem = words.SAVE_PROBLEMS.get(self.save_problem or "io", words.SAVE_PROBLEMS["io"])
            lines.append(f"⚠ {self.t(problem)}")
        for line in checklist_lines(self.checklist, self.guide, self.lang):
            if line.what == "version":
                continue  # a hash, for staff: no use to the ear
            if line.what == "step" and line.marker[:1].isdigit():  # the guide orders these steps
                lines.append(self.t(words.SAY_STEP, number=line.marker.rstrip(".")) + line.text)
            elif line.what == "step":
                lines.append(line.text)
            elif line.what == "heading":
                lines.append(line.text)  # a heading's mark says what the heading says
            else:
                lines.append(f"{line.marker} {line.text}" if line.marker else line.text)
        return lines

    def reading_keys(self) -> list[SaidLine]:
        return [self.t(words.SAY_TAKE_AWAY), *super().reading_keys()]

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#lines"))

    def action_back(self) -> None:
        self.dismiss(Nav.BACK)
