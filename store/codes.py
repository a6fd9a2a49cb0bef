"""Pickup codes: random, short enough to read out at a counter, free of look-alike characters."""

from __future__ import annotations

import secrets
import unicodedata

# Digits and capitals without 0/O and 1/I/L, so a code read aloud or off a slip cannot be misread.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
_SEPARATORS = str.maketrans("", "", " \t-_.·")


def new_code() -> str:
    """A fresh random code in stored form, e.g. "K7MQ4X"."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """The stored form of a code as typed ("k7m q4x", "K7M-Q4X"), or None if it cannot be one.

    0/O and 1/I/L are never in a code, so a text holding one is rejected rather than guessed at.
    """
    # NFKC folds full-width input from a Chinese IME ("Ｋ７Ｍ－Ｑ４Ｘ") onto ASCII.
    code = unicodedata.normalize("NFKC", text).translate(_SEPARATORS).upper()
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def format_code(code: str) -> str:
    """The form shown and read out: two groups of three, "K7M-Q4X"."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"
