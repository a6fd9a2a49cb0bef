"""The packaged guide, loaded once per test process (a load checks the whole guide: about a second)."""

from __future__ import annotations

from functools import cache

from kiosk.guide.load import load_guide
from kiosk.guide.model import Guide


@cache
def default_guide() -> Guide:
    """The packaged guide, loaded once and shared (a Guide is frozen)."""
    return load_guide()
