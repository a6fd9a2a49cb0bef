"""A QR code drawn with terminal half-block characters, for a phone to read off the kiosk's screen.

Each character is one module wide and two modules tall (▀ top dark, ▄ bottom dark, █ both, space
neither), so the code is square in a terminal whose cells are twice as tall as wide. Dark modules are
the *ink* of the characters: the screen must draw the lines dark on light, in `QR_FOREGROUND` on
`QR_BACKGROUND`, whatever the theme (phones do not all read inverted codes). The quiet zone is
spaces, so the widget's whole area must have that background. ▀ ▄ █ are East Asian "ambiguous" width:
the terminal must show ambiguous characters narrow (the default of most terminals), or the code
is stretched and cannot be read.
"""

from __future__ import annotations

from collections.abc import Sequence

import segno

QR_FOREGROUND = "#000000"  # dark modules
QR_BACKGROUND = "#ffffff"  # light modules and the quiet zone
QUIET_ZONE = 2  # modules of light border on every side (the standard's 4 costs too much screen)

_HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_lines(text: str, *, border: int = QUIET_ZONE) -> list[str]:
    """`text` (UTF-8, error correction L or better) as a QR code in lines of equal length."""
    code = segno.make_qr(text, error="l", encoding="utf-8")
    rows = [[bool(module) for module in row] for row in code.matrix_iter(border=border)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))  # a light half row: more quiet zone
    return [
        "".join(_HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    ]


def qr_size(text: str, *, border: int = QUIET_ZONE) -> tuple[int, int]:
    """(columns, rows) of `qr_lines(text)`. The size is the version's, whatever the mask: a fixed mask spares
    segno scoring all eight (a checklist's six variants: 370 ms -> 64 ms here, before its QR view is shown)."""
    modules = int(segno.make_qr(text, error="l", encoding="utf-8", mask=0).symbol_size(border=border)[0])
    return modules, (modules + 1) // 2


def fitting(sizes: Sequence[tuple[int, int]], columns: int, rows: int) -> int:
    """The index of the first of `sizes` (each a code's (columns, rows)) that fits in `columns` x `rows` cells,
    or -1 if none does: with the sizes of `kiosk.guide.slip.compact_variants(...)`, the fullest checklist the
    screen has room for."""
    return next((i for i, (width, height) in enumerate(sizes) if width <= columns and height <= rows), -1)
