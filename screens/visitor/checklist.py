"""The checklist, grouped to be read at a glance, with the pickup code shown large."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Button, Static

from kiosk.guide.lines import Line, build_lines, colon
from kiosk.guide.model import Checklist, Guide
from kiosk.spoken import Line as SaidLine
from kiosk.spoken import Spell
from screens import words
from screens.kiosk_screen import Nav
from screens.takeaway import TakeAwayScreen
from screens.widgets import big_code
from screens.widgets.wrap import Paragraph


def checklist_lines(checklist: Checklist, guide: Guide, lang: str, *, why: bool = False) -> list[Line]:
    """The checklist's lines in the order of the screen: what to do first, then the visitor's answers.

    With `why`, each line of the guide also says why it is there, as `kiosk checklist --why` does."""
    lines = build_lines(checklist, guide, lang, why=why)
    return [*lines.body, *lines.answers, lines.version]


# Each kind of line in a LineList: its indent (cells), and whether a blank line comes before it.
INDENT = {"heading": 0, "version": 0, "why": 4}
BLANK_BEFORE = frozenset({"heading", "version"})


class Rows(Visual):
    """Paragraphs one under another, each with its own style and indent (see LineList)."""

    def __init__(self, rows: Sequence[tuple[Paragraph, Style, int, bool]]) -> None:
        self.rows = tuple(rows)  # (paragraph, style, indent, blank line before)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        blank = Style(background=style.background).rich_style  # as Textual draws padding and margins
        strips: list[Strip] = []
        for paragraph, row_style, indent, blank_before in self.rows:
            if blank_before:
                strips.append(Strip.blank(width, blank))
            for strip in paragraph.render_strips(width - indent, None, style + row_style, options):
                strips.append(Strip.join([Strip.blank(indent, blank), strip]) if indent else strip)
        return strips[:height] if height is not None else strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(
            int(blank_before) + paragraph.get_height(rules, width - indent)
            for paragraph, _, indent, blank_before in self.rows
        )


class LineList(Widget):
    """Every line of a checklist (and, for staff, why each is there), drawn by one widget.

    One widget rather than a Static per line: the checklist was some 40 widgets, and styling and laying
    them out made it the slowest step of a walk. Each kind's colours come from its component class in
    line_list.tcss; its indent and the blank line above a heading from INDENT and BLANK_BEFORE."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--heading",
        "line-list--blocker",
        "line-list--warning",
        "line-list--hotline",
        "line-list--why",
        "line-list--version",
    }
    DEFAULT_CSS = """
    LineList {
        height: auto;
    }
    """

    def __init__(self, lines: Sequence[Line], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.checklist_lines = tuple(lines)

    def _row(self, kinds: list[str], paragraph: Paragraph) -> tuple[Paragraph, Style, int, bool]:
        components = [f"line-list--{kind}" for kind in kinds if f"line-list--{kind}" in self.COMPONENT_CLASSES]
        style = self.get_visual_style(*components, partial=True) if components else Style()
        indent = min((INDENT.get(kind, 2) for kind in kinds), default=2)
        return paragraph, style, indent, not BLANK_BEFORE.isdisjoint(kinds)

    def _parts(self) -> Iterator[tuple[list[str], str, str]]:
        """Each drawn line's kinds, marker (with its space) and text; for staff, a line's "why" follows it."""
        for line in self.checklist_lines:
            yield line.kind.split(), f"{line.marker} " if line.marker else "", line.text
            if line.why:
                yield ["why"], "↳ ", line.why

    def render(self) -> Rows:
        return Rows([self._row(kinds, Paragraph(text, prefix=marker)) for kinds, marker, text in self._parts()])

    @property
    def plain_lines(self) -> list[str]:
        """The words of every line as drawn (markers included), without the line breaks of wrapping."""
        return [marker + text for _, marker, text in self._parts()]


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
        self.query_one("#lines").focus()

    def action_back(self) -> None:
        self.dismiss(Nav.BACK)
