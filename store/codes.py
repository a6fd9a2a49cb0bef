"""Pickup codes: random, short enough to read out at a counter, free of look-alike characters."""

from __future__ import annotations

import re
import secrets
import unicodedata

# Digits and capitals without 0/O and 1/I/L, so a code read aloud or off a slip cannot be misread.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
_SEPARATORS = str.maketrans("", "", " \t-_.·")
_STORED = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")


def new_code() -> str:
    """A fresh random code in stored form, e.g. "K7MQ4X"."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """The stored form of a code as typed ("k7m q4x", "K7M-Q4X"), or None if it cannot be one.

    0/O and 1/I/L are never in a code, so a text holding one is rejected rather than guessed at.
    """
    # NFKC folds full-width input from a Chinese IME ("Ｋ７Ｍ－Ｑ４Ｘ") onto ASCII (which it leaves as it is).
    code = (text if text.isascii() else unicodedata.normalize("NFKC", text)).translate(_SEPARATORS).upper()
    return code if _STORED.fullmatch(code) else None


def format_code(code: str) -> str:
    """The form shown and read out: two groups of three, "K7M-Q4X"."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


# -- codes of a terminal's own code space (the site store) -------------------------------------------
# On a site store every terminal owns a two-character prefix (claimed once from the server), and the rest
# of the code is its own running number, scrambled: codes made at two terminals, online or offline, can
# never be the same, and no terminal has to ask the server before showing one.
PREFIX_LENGTH = 2
SEQUENCE_SPACE = len(ALPHABET) ** (CODE_LENGTH - PREFIX_LENGTH)  # 923,521 codes per prefix
# n -> (n * _SPREAD + _OFFSET) mod SEQUENCE_SPACE is a bijection (_SPREAD is not a multiple of 31), so
# consecutive visits get codes that look unrelated and no one guesses the next from the last.
_SPREAD = 387_433
_OFFSET = 519_257


def sequence_code(prefix: str, sequence: int) -> str:
    """The code numbered `sequence` (1 .. SEQUENCE_SPACE - 1) in the code space `prefix`, in stored form."""
    if len(prefix) != PREFIX_LENGTH or any(char not in ALPHABET for char in prefix):
        raise ValueError(f"a code prefix is {PREFIX_LENGTH} characters of the code alphabet, got {prefix!r}")
    if not 0 < sequence < SEQUENCE_SPACE:
        raise ValueError(f"sequence must be 1-{SEQUENCE_SPACE - 1}, got {sequence}")
    shift = ALPHABET.index(prefix[0]) * len(ALPHABET) + ALPHABET.index(prefix[1])
    value = (sequence * _SPREAD + _OFFSET + shift * 104_729) % SEQUENCE_SPACE
    digits = []
    for _ in range(CODE_LENGTH - PREFIX_LENGTH):
        value, digit = divmod(value, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return prefix + "".join(reversed(digits))
