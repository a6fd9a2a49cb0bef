"""Line breaking that suits Chinese: a break may fall between any two Chinese characters, never mid-character.

Textual and Rich break lines only at spaces, so a run of Chinese is one long "word" that jumps to the next
line whole. `Paragraph` wraps text with the kiosk's one line breaker (kiosk.guide.breaking: closing
punctuation never starts a line, opening punctuation never ends one) and keeps a hanging indent, e.g. under
a choice's number.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from kiosk.guide.breaking import break_offsets, cells, pieces


class Paragraph(Visual):
    """Styled text wrapped for Chinese and English, with an optional prefix and a hanging indent."""

    def __init__(self, *spans: str | tuple[str, str], prefix: str = "", prefix_style: str = "") -> None:
        self.content = Content.assemble(*spans)
        self.prefix = prefix
        self.prefix_style = prefix_style
        self._cache: tuple[int, list[Content], Content] | None = None  # width, its lines, and them joined

    @property
    def plain(self) -> str:
        """The words as a visitor reads them, without line breaks."""
        return f"{self.prefix}{self.content.plain}"

    def lines(self, width: int) -> list[Content]:
        """The lines as shown in `width` cells: the prefix on the first, the same indent on the others."""
        indent = cells(self.prefix)
        out: list[Content] = []
        for paragraph in self.content.split("\n", allow_blank=True):
            parts = paragraph.divide(break_offsets(paragraph.plain, width - indent)) if paragraph.plain else []
            for part in parts or [Content("")]:
                if out:
                    lead = Content(" " * indent)
                else:
                    lead = Content.styled(self.prefix, self.prefix_style) if self.prefix_style else Content(self.prefix)
                body = part.rstrip()
                out.append(lead + body[len(body.plain) - len(body.plain.lstrip(" ")) :])
        return out

    def _wrapped(self, width: int) -> tuple[list[Content], Content]:
        """The lines in `width` cells, and them joined; kept for the last width (Textual asks the height
        and then renders, at the same width)."""
        if self._cache is None or self._cache[0] != width:
            lines = self.lines(width)
            self._cache = (width, lines, Content("\n").join(lines))
        return self._cache[1], self._cache[2]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self._wrapped(width)[1].render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        indent = cells(self.prefix)
        return indent + max((cells(line) for line in self.content.plain.split("\n")), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        tokens = pieces(self.content.plain.replace("\n", " "))
        return cells(self.prefix) + max((cells(t.rstrip(" ")) for t in tokens), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self._wrapped(width)[0]) if width > 0 else 0
