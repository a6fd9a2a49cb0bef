"""Wording checks: a line says no more than its cited sentence, and its Chinese and English say the same.

`check` runs these on every procedure. They catch kinds of mistake, not particular lines:

- a bar or a restriction (只能, 不能, 其他…不能, 必须, 只有, 仅) that the guide's sentence for the cited
  section does not make, unless the line carries `reviewed:` saying why it is still the guide's;
- Chinese and English that differ where a machine can tell: the numbers, a "not", an "only", and the
  places and hotlines named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from kiosk.guide.model import BlockerRule, ItemRule, NoteRule, Procedure, StepRule, Text

# Words that make a bar or a restriction, and what each looks like in Chinese.
RESTRICTIVE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("其他…不能", re.compile(r"其他[^，。；]*不能")),
    ("只能", re.compile("只能")),
    ("不能", re.compile("不能")),
    ("必须", re.compile("必须")),
    ("只有", re.compile("只有")),
    ("仅", re.compile("仅")),
)

_NUMBER = re.compile(r"\d+")
ZH_NOT = re.compile("不(?!同|便)|未(?!成年)|无法|没有")  # 不同 different, 不便 hard, 未成年人 minor
EN_NOT = re.compile(r"\b(?:not|cannot|no longer|never|nothing|no|without)\b|n't", re.IGNORECASE)
ZH_ONLY = re.compile("只|仅")
EN_ONLY = re.compile(r"\b(?:only|alone)\b", re.IGNORECASE)
# Places and hotlines a line may name, in Chinese, and how the English names them (GLOSSARY.md).
PLACES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("合作银行", re.compile(r"\b(?:partner )?bank", re.IGNORECASE)),
    ("人社服务网点", re.compile("HRSS service outlet", re.IGNORECASE)),
    ("社保卡服务网点", re.compile("card service outlet", re.IGNORECASE)),
    ("即时制卡网点", re.compile("instant-issue outlet", re.IGNORECASE)),
    ("快速制卡网点", re.compile("express outlet", re.IGNORECASE)),
    ("专窗", re.compile("records-correction window", re.IGNORECASE)),
    ("线上", re.compile("online", re.IGNORECASE)),
    ("苏州银行", re.compile("Bank of Suzhou")),
    ("派出所", re.compile("police station", re.IGNORECASE)),
)


def _refs(section: str) -> Iterator[str]:
    """The single references in `section`: "四(三)(2); 四(四)(3)", a range "十(一)-(三)"."""
    for raw in section.replace("（", "(").replace("）", ")").split(";"):
        ref = raw.strip()
        head, dash, end = ref.partition("-")
        if not dash:
            yield ref
            continue
        top, _, first = head.partition("(")
        numerals = "一二三四五六七八九十"
        start, stop = numerals.index(first.rstrip(")")), numerals.index(end.strip("()"))
        yield from (f"{top}({numerals[i]})" for i in range(start, stop + 1))


def cited_words(sentences: Mapping[str, str], section: str, *, whole: bool = False) -> str | None:
    """The guide's words for `section`, or None if one of its references has none.

    A reference with its own entry means that entry (a top section's opening text); one without means every
    entry under it. `whole`: every entry under each reference, its own included (for a question's options,
    which cite their procedure's whole section)."""
    parts: list[str] = []
    for ref in _refs(section):
        under = [text for key, text in sentences.items() if key.startswith(ref) and key != ref]
        own = sentences.get(ref)
        found = ([own] if own else []) + under if whole or own is None else [own]
        if not found:
            return None
        parts.extend(found)
    return "\n".join(parts).replace(" ", "")


def added_restrictions(text: str, cited: str) -> list[str]:
    """The restrictive words of `text` (Simplified Chinese) that `cited` does not have."""
    return [name for name, pattern in RESTRICTIVE if pattern.search(text) and not pattern.search(cited)]


def meaning_differences(text: Text) -> list[str]:
    """Where `text`'s Chinese and English visibly say different things (numbers, "not", "only", places)."""
    out: list[str] = []
    zh_numbers, en_numbers = sorted(_NUMBER.findall(text.zh)), sorted(_NUMBER.findall(text.en))
    if zh_numbers != en_numbers:
        out.append(f"the numbers differ ({', '.join(zh_numbers) or 'none'} / {', '.join(en_numbers) or 'none'})")
    for what, zh, en in (("a 'not'", ZH_NOT, EN_NOT), ("an 'only'", ZH_ONLY, EN_ONLY)):
        if bool(zh.search(text.zh)) != bool(en.search(text.en)):
            side = "Chinese" if zh.search(text.zh) else "English"
            out.append(f"only the {side} says {what}")
    for name, english in PLACES:
        if name in text.zh and not english.search(text.en):
            out.append(f"the Chinese names {name}, the English does not ({english.pattern})")
    return out


def line_texts(procedure: Procedure) -> Iterator[tuple[str, Text, str, str]]:
    """(path in the file, text, cited section, reviewed) for every piece of wording a checklist line shows."""
    groups: tuple[tuple[str, tuple[ItemRule | StepRule | NoteRule | BlockerRule, ...]], ...] = (
        ("items", procedure.items),
        ("steps", procedure.steps),
        ("notes", procedure.notes),
        ("blockers", procedure.blockers),
    )
    for kind, rules in groups:
        for i, rule in enumerate(rules):
            for field in ("note", "action", "place_note", "text", "reason", "instead"):
                value = getattr(rule, field, None)
                if isinstance(value, Text):
                    yield f"{kind}[{i}].{field}", value, rule.section, rule.reviewed


def question_texts(procedure: Procedure) -> Iterator[tuple[str, Text]]:
    """(path in the file, text) for each question's wording, its help, options and why it is not asked."""
    for qi, question in enumerate(procedure.questions):
        yield f"questions[{qi}].text", question.text
        if question.help:
            yield f"questions[{qi}].help", question.help
        if question.not_asked:
            yield f"questions[{qi}].not_asked", question.not_asked
        for oi, option in enumerate(question.options):
            yield f"questions[{qi}].options[{oi}].label", option.label
