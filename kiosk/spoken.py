"""Text made for the ear: what a screen shows, rewritten so that a speech engine says what a reader sees.

Every rewriting for speech is here, and only here: phone numbers and codes digit by digit, the screens'
symbols as words, brackets and abbreviations read sensibly, in Chinese (Simplified and Traditional) and
English. Screens build their reading from the values they draw (see `KioskScreen.reading`); the App hands
`for_the_ear(...)` to the speech engine. Pure: no Textual, no engine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.guide.model import Text


@dataclass(frozen=True)
class Spell:
    """Characters said one by one, with a pause between them (a pickup code)."""

    chars: str


Part = str | Spell
# One line of a reading: words, or words and spelled parts; each line is said as one sentence.
Line = str | tuple[Part, ...]

DIGITS = {
    "zh": "零一二三四五六七八九",
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}
# Each screen symbol as the words it stands for: the kinds of checklist line (kiosk.guide.lines.MARKS).
SYMBOLS: dict[str, Text] = {
    "⚠": Text(zh="注意：", en="Warning: "),
    "✖": Text(zh="不能办理：", en="Cannot be done: "),
    "⏱": Text(zh="时限：", en="Time limit: "),
    "ℹ": Text(zh="须知：", en="Good to know: "),
    "?": Text(zh="不确定：", en="Unclear: "),
    "✔": Text(zh="完成：", en="Done: "),
}
# Key names as spoken; the pinyin voice would read Latin words as pinyin.
KEY_NAMES: dict[str, Text] = {
    "Esc": Text(zh="退出键", en="Escape"),
    "Enter": Text(zh="回车键", en="Enter"),
}
OR = Text(zh="或", en=" or ")
TO = Text(zh="到", en=" to ")
BY = Text(zh="乘", en=" by ")
DOT = Text(zh="点", en=" dot ")
SLASH = Text(zh="斜杠", en=" slash ")
SILENT = '☐☎▶◀✎↳•·《》“”"…'  # for the eye only: checkboxes, the phone (its line names it), arrows, quotes

_FULL_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_URL = re.compile(r"https?://[A-Za-z0-9./_\-]+")
_LONG_NUMBER = re.compile(r"\d{5,}(?:-\d+)*|\d+(?:-\d+){2,}|\d{3,4}-\d{5,}")  # phone numbers, 12333, 962026
_RANGE = re.compile(r"(?<=\d)\s*[-–]\s*(?=\d)")
_TIMES = re.compile(r"(?<=\d)\s*×\s*(?=\d)")
_F_KEY = re.compile(r"(?<![A-Za-z0-9])F(\d{1,2})(?![0-9])")
_ABBREVIATION = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")
_LONE_MARK = re.compile(r"(?:(?<=\s)|^)\?(?=\s)")
_KEY_NAME = re.compile(r"(?<![A-Za-z])(" + "|".join(KEY_NAMES) + r")(?![A-Za-z])")


def _lang(lang: str) -> str:
    """The language of digits and punctuation: English, or Chinese in either script."""
    return "en" if lang == "en" else "zh"


def say_digits(digits: str, lang: str) -> str:
    """Digits one by one: 12333 is 一二三三三, or "one two three three three"; a dash is a pause."""
    words = DIGITS[_lang(lang)]
    groups = [g for g in re.split(r"[-\s]+", digits) if g]
    if _lang(lang) == "en":
        return ", ".join(" ".join(words[int(d)] for d in group) for group in groups)
    return "，".join("".join(words[int(d)] for d in group) for group in groups)


def spell(chars: str, lang: str) -> str:
    """Each letter and digit on its own, a pause between them (K7M-Q4X: "K，七，M，Q，四，X")."""
    words = DIGITS[_lang(lang)]
    said = [words[int(c)] if c.isdigit() else c.upper() for c in chars.translate(_FULL_WIDTH) if c.isalnum()]
    return ("，" if _lang(lang) == "zh" else ", ").join(said)


def _say_url(url: str, lang: str) -> str:
    """A web address by its parts: letters a voice cannot say as a word are spelled."""
    parts = re.split(r"([./])", url.split("://", 1)[-1].strip("/"))
    out: list[str] = []
    for part in parts:
        if part == ".":
            out.append(DOT.get(lang))
        elif part == "/":
            out.append(SLASH.get(lang))
        elif part:
            sayable = len(part) > 3 and re.search(r"[aeiou]", part) and re.search(r"[^aeiou]", part)
            out.append(part if sayable else " ".join(part.upper()))
    return "".join(out).strip()


def _brackets(text: str, lang: str) -> str:
    """A bracketed aside is said between pauses: 原件（复印件） as 原件，复印件，"""
    if _lang(lang) == "en":
        return re.sub(r"\s*\(\s*([^()]*?)\s*\)", r", \1,", text)
    text = re.sub(r"（(\w)）", r"\1", text)  # 出国（境）: one character in brackets belongs to its word
    return re.sub(r"[（(]\s*([^（）()]*?)\s*[）)]", r"，\1，", text)


def _strongest(pauses: re.Match[str]) -> str:
    """Of pauses side by side (an aside's comma, then a colon), the one that says most."""
    return next((mark for mark in "：:；;，,、" if mark in pauses.group()), pauses.group()[0])


def _tidy(text: str, lang: str) -> str:
    """One pause where rewriting left several, none at the start, and the line ended as a sentence."""
    if _lang(lang) == "en":
        text = re.sub(r"\s+", " ", text)
        text = re.sub(r"\s+([,.:;!?])", r"\1", text)
        text = re.sub(r"[,:;](?:\s*[,:;])+", _strongest, text)
        text = re.sub(r",\s*([.!?])", r"\1", text)
        text = re.sub(r"([.!?])\s*[,:;]+", r"\1", text)
        text = text.strip(" ,;:")
        return text if not text or text[-1] in ".!?" else text + "."
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([，。：；！？、])\s*", r"\1", text)
    text = re.sub(r"[，：；、]{2,}", _strongest, text)
    text = re.sub(r"[，：；、]([。！？])", r"\1", text)
    text = re.sub(r"([。！？])[，：；、]+", r"\1", text)
    text = text.strip(" ，；：、")
    return text if not text or text[-1] in "。！？" else text + "。"


def for_the_ear_line(text: str, lang: str) -> str:
    """One line of a screen as it should be said in `lang` ("zh", "en" or "zh_hant")."""
    text = re.sub(r"^\s*-\s+", "", text.translate(_FULL_WIDTH))  # a list's dash
    text = _URL.sub(lambda m: _say_url(m.group(), lang), text)
    text = _LONG_NUMBER.sub(lambda m: say_digits(m.group(), lang), text)
    text = _F_KEY.sub(lambda m: "F" + say_digits(m.group(1), lang) if _lang(lang) == "zh" else f"F {m.group(1)}", text)
    text = _KEY_NAME.sub(lambda m: KEY_NAMES[m.group()].get(lang), text)
    text = _RANGE.sub(TO.get(lang), text)
    text = _TIMES.sub(BY.get(lang), text)
    text = _LONE_MARK.sub(SYMBOLS["?"].get(lang), text)
    for symbol, words in SYMBOLS.items():
        if symbol != "?":
            text = text.replace(symbol, words.get(lang))
    text = re.sub(r"\s+/\s+", OR.get(lang), text)
    text = re.sub(r"\s*[—–]+\s*", "，" if _lang(lang) == "zh" else ", ", text)
    text = text.replace("→", "：" if _lang(lang) == "zh" else ": ")
    text = text.translate({ord(c): None for c in SILENT})
    text = _brackets(text, lang)
    text = _ABBREVIATION.sub(lambda m: " ".join(m.group()), text)
    return _tidy(text, lang)


def for_the_ear(lines: Sequence[Line], lang: str) -> str:
    """A screen's reading as the speech engine should say it: one sentence a line, codes spelled."""
    said: list[str] = []
    for line in lines:
        parts = (line,) if isinstance(line, str) else line
        words = "".join(
            (f"，{spell(part.chars, lang)}，" if _lang(lang) == "zh" else f", {spell(part.chars, lang)}, ")
            if isinstance(part, Spell)
            else part
            for part in parts
        )
        sentence = for_the_ear_line(words, lang)
        if sentence:
            said.append(sentence)
    return "\n".join(said)
