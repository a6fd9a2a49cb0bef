"""A checklist's lines, drawn by one widget: the visitor's checklist and the one staff open by its code."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

from kiosk.guide.lines import Line, build_lines
from kiosk.guide.model import Checklist, Guide
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

    def parts(self) -> Iterator[tuple[list[str], str, str]]:
        """Each drawn line's kinds, marker (with its space) and text; for staff, a line's "why" follows it."""
        for line in self.checklist_lines:
            yield line.kind.split(), f"{line.marker} " if line.marker else "", line.text
            if line.why:
                yield ["why"], "↳ ", line.why

    def render(self) -> Rows:
        return Rows([self._row(kinds, Paragraph(text, prefix=marker)) for kinds, marker, text in self.parts()])
