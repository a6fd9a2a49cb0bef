"""The kiosk's text field: it takes only what it means, silently.

Whatever reaches a field (a typed key, a paste at a counter, an input method's text) loses its control
characters first: C0 and C1 controls (an ESC from a bracketed paste, a tab, a carriage return), and the
invisible format characters that reorder or hide text (bidi overrides, zero-width spaces). A field that
takes only some characters (`allowed`, a regex of the whole value) ignores any other without a bell or
an error: the age field takes ASCII and full-width digits, so `¡™£` from alt+digit or a letter do nothing.
"""

from __future__ import annotations

import re
from typing import Any

from textual.widgets import Input

CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
DIGITS = "[0-9０-９]*"  # full-width digits from a Chinese input method are digits


def without_controls(text: str) -> str:
    """`text` with every control and invisible format character taken out."""
    return CONTROLS.sub("", text)


class Field(Input):
    """An Input that strips control characters from what comes in and ignores what `allowed` refuses."""

    def __init__(self, value: str | None = None, *, allowed: str | None = None, **options: Any) -> None:
        super().__init__(without_controls(value or ""), restrict=allowed, **options)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(without_controls(text), start, end)

    def restricted(self) -> None:
        """A character the field does not take: ignored, without the bell (Textual's default)."""
