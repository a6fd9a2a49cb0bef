"""Line breaking that suits Chinese: a break may fall between any two Chinese characters, never mid-character.

Textual and Rich break lines only at spaces, so a run of Chinese is one long "word" that jumps to the next
line whole. `Paragraph` wraps text itself (with the usual rule that closing punctuation never starts a line
and opening punctuation never ends one) and keeps a hanging indent, e.g. under a choice's number.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from kiosk.guide.slip import NO_LINE_END, NO_LINE_START


def _tokens(text: str) -> list[str]:
    """Pieces that stay on one line: a wide character alone, or a run of narrow ones up to a space."""
    tokens: list[str] = []
    current = ""
    for ch in text:
        if cell_len(ch) > 1:
            if current:
                tokens.append(current)
                current = ""
            tokens.append(ch)
        elif ch == " ":
            current += ch
            tokens.append(current)
            current = ""
        else:
            if current.endswith(" "):
                tokens.append(current)
                current = ""
            current += ch
    if current:
        tokens.append(current)
    return tokens


def break_offsets(text: str, width: int) -> list[int]:
    """Where to end each line of `text` (character offsets) so that no line is wider than `width`."""
    width = max(width, 2)
    tokens: list[str] = []
    for token in _tokens(text):
        while cell_len(token.rstrip(" ")) > width:  # a word wider than a line is folded by cells
            cut, cells = 0, 0
            while cells + cell_len(token[cut]) <= width:
                cells += cell_len(token[cut])
                cut += 1
            tokens.append(token[:cut])
            token = token[cut:]
        tokens.append(token)
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    offsets: list[int] = []
    first, used, index = 0, 0, 0
    while index < len(tokens):
        if used + cell_len(tokens[index].rstrip(" ")) <= width or index == first:
            used += cell_len(tokens[index])
            index += 1
            continue
        # Keep closing punctuation with what precedes it and opening punctuation with what follows.
        while index > first + 1 and (
            tokens[index][0] in NO_LINE_START or tokens[index - 1].rstrip(" ")[-1:] in NO_LINE_END
        ):
            index -= 1
        offsets.append(starts[index])
        first, used = index, 0
    return offsets


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
        indent = cell_len(self.prefix)
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
        indent = cell_len(self.prefix)
        return indent + max((cell_len(line) for line in self.content.plain.split("\n")), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        tokens = _tokens(self.content.plain.replace("\n", " "))
        return cell_len(self.prefix) + max((cell_len(t.rstrip(" ")) for t in tokens), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self._wrapped(width)[0]) if width > 0 else 0
