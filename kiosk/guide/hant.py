"""Traditional Chinese, derived from the Simplified text."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any


@cache
def _converter() -> Any:
    from opencc import OpenCC  # imported on first use: converting is rare, start-up is not

    return OpenCC("s2twp")


@lru_cache(maxsize=4096)
def to_traditional(simplified: str) -> str:
    """`simplified` converted to Traditional Chinese (Taiwan standard, with its phrases)."""
    return str(_converter().convert(simplified))
