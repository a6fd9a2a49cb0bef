"""The one width rule and the one line breaker, for Chinese and Latin text: the screen's and the slip's.

Width: a wide or full-width character (Chinese, （）, ，) takes two cells, a combining mark none, any other
one. An East Asian "ambiguous" character (—, “”, …, ☎) is drawn narrow by a terminal (as Rich counts it,
`rich.cells.cell_len`) but printed wide by a receipt printer in a Chinese locale: `wide_ambiguous` says
which. Breaking: a line may break at a space and on either side of a wide character, never inside a word;
closing punctuation never starts a line and opening punctuation never ends one; a word wider than a line
is cut between characters.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache

# Closing punctuation never starts a line and opening punctuation never ends one.
NO_LINE_START = frozenset("，。、；：？！）」』》〉】”’,.;:?!)]}%…—·")
NO_LINE_END = frozenset("（「『《〈【“‘([{")


@lru_cache(maxsize=8192)
def char_cells(char: str, wide_ambiguous: bool = False) -> int:
    """Cells `char` takes: 2 wide or full-width (and ambiguous, if `wide_ambiguous`), 0 combining, else 1."""
    if unicodedata.combining(char):
        return 0
    wide = ("W", "F", "A") if wide_ambiguous else ("W", "F")
    return 2 if unicodedata.east_asian_width(char) in wide else 1


def cells(text: str, wide_ambiguous: bool = False) -> int:
    """Cells `text` takes (see `char_cells`)."""
    if text.isascii():
        return len(text)
    return sum(char_cells(char, wide_ambiguous) for char in text)


def pieces(text: str, wide_ambiguous: bool = False) -> list[str]:
    """What stays on one line: a wide character alone, or a run of narrow ones with the space after it."""
    out: list[str] = []
    current = ""
    for char in text:
        if char_cells(char, wide_ambiguous) > 1:
            if current:
                out.append(current)
                current = ""
            out.append(char)
        elif char == " ":
            out.append(current + char)
            current = ""
        else:
            if current.endswith(" "):
                out.append(current)
                current = ""
            current += char
    if current:
        out.append(current)
    return out


def break_offsets(text: str, width: int, rest_width: int | None = None, *, wide_ambiguous: bool = False) -> list[int]:
    """Where each line of `text` ends (character offsets): the first line at most `width` cells wide, the
    others at most `rest_width` (default `width`)."""
    widths = (max(width, 2), max(width if rest_width is None else rest_width, 2))
    tokens = pieces(text, wide_ambiguous)
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    offsets: list[int] = []
    first, used, index = 0, 0, 0
    while index < len(tokens):
        line_width = widths[1 if offsets else 0]
        token = tokens[index]
        size = cells(token.rstrip(" "), wide_ambiguous)
        if used + size <= line_width or index == first:
            if size > line_width:  # a word wider than a line: cut it by cells, the rest starts the next line
                cut, taken = 0, 0
                while taken + char_cells(token[cut], wide_ambiguous) <= line_width or cut == 0:
                    taken += char_cells(token[cut], wide_ambiguous)
                    cut += 1
                tokens[index : index + 1] = [token[:cut], token[cut:]]
                starts.insert(index + 1, starts[index] + cut)
                continue
            used += cells(token, wide_ambiguous)
            index += 1
            continue
        # Keep closing punctuation with what precedes it and opening punctuation with what follows.
        back = index
        while back > first + 1 and (
            tokens[back][0] in NO_LINE_START or tokens[back - 1].rstrip(" ")[-1:] in NO_LINE_END
        ):
            back -= 1
        room = line_width - used
        if back == index and tokens[index - 1].rstrip(" ")[-1:] in NO_LINE_END and size > widths[1]:
            # A word too long for any line after an opening bracket (（https://…): cut it here, not after "（".
            cut, taken = 0, 0
            while cut < len(token) and taken + char_cells(token[cut], wide_ambiguous) <= room:
                taken += char_cells(token[cut], wide_ambiguous)
                cut += 1
            if cut:
                tokens[index : index + 1] = [token[:cut], token[cut:]]
                starts.insert(index + 1, starts[index] + cut)
                continue
        index = back
        offsets.append(starts[index])
        first, used = index, 0
    return offsets


def wrap(text: str, width: int, indent: int = 0, *, wide_ambiguous: bool = True) -> list[str]:
    """`text` in lines of at most `width` cells (ambiguous characters wide, as a receipt printer prints
    them); the first keeps its leading spaces, the others start with `indent` spaces (at most half a line)."""
    if width < 4:
        raise ValueError(f"a line must be at least 4 columns wide, not {width}")
    hang = " " * min(indent, width // 2)
    offsets = break_offsets(text, width, width - len(hang), wide_ambiguous=wide_ambiguous)
    ends = [0, *offsets, len(text)]
    parts = [text[start:end] for start, end in itertools.pairwise(ends)]
    return [parts[0].rstrip(), *(hang + part.strip(" ") for part in parts[1:])]
