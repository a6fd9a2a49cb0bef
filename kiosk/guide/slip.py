"""Take-away renderings of a checklist: short text for a QR code, and a receipt-width printed slip."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from kiosk.guide.model import Checklist, Guide, Item, Text
from kiosk.guide.render import MARKS, blocker_groups, describe_step, render_text, step_marker

# The slip's own words; the checklist's words all come from the guide.
LABELS: dict[str, Text] = {
    "pickup_code": Text(zh="取件码", en="Pickup code"),
    "date": Text(zh="日期", en="Date"),
    "code_help": Text(
        zh="到窗口出示取件码，工作人员可调出本清单。",
        en="Show the pickup code at a counter: staff can open this checklist.",
    ),
    "full_checklist": Text(
        zh="完整清单：到窗口出示取件码",
        en="Full checklist: show the pickup code at a counter",
    ),
    # A checklist the kiosk could not save has no pickup code: this mark stands in its place.
    "not_saved": Text(zh="未保存", en="not saved"),
    "not_saved_help": Text(
        zh="本清单未能保存，窗口无法调出：请保留本打印单。",
        en="This checklist could not be saved, so staff cannot open it: keep this slip.",
    ),
}
HOTLINE_MARK = "☎"

# Bytes of UTF-8 for the QR code's text: about a version 17 code at level L (85 modules square).
COMPACT_BUDGET = 600
SLIP_WIDTH = 32  # columns of a 58 mm receipt printer


def _colon(lang: str) -> str:
    return ": " if lang == "en" else "："


# --- short text for a QR code ----------------------------------------------------------------


@dataclass(frozen=True)
class _Detail:
    """What the short text keeps; each level down drops the part a visitor needs least on a phone."""

    info: bool = True
    text_hotlines: bool = True  # hotlines other than 12333 (each partner bank, the transport card's 962026)
    item_notes: bool = True
    guide_silent: bool = True
    accepted_max: int | None = None  # at most this many of the documents that count, then "…"
    step_actions: bool = True
    warnings: bool = True


_FULL = _Detail()
_NO_INFO = replace(_FULL, info=False)
_NUMBERS_ONLY = replace(_NO_INFO, text_hotlines=False)
_NO_ITEM_NOTES = replace(_NUMBERS_ONLY, item_notes=False)
_NO_SILENT = replace(_NO_ITEM_NOTES, guide_silent=False)
_FEW_ACCEPTED = replace(_NO_SILENT, accepted_max=2)
_PLACES_ONLY = replace(_FEW_ACCEPTED, step_actions=False)
_NO_WARNINGS = replace(_PLACES_ONLY, warnings=False)
_DETAILS = (_FULL, _NO_INFO, _NUMBERS_ONLY, _NO_ITEM_NOTES, _NO_SILENT, _FEW_ACCEPTED, _PLACES_ONLY, _NO_WARNINGS)


def _compact_item(item: Item, guide: Guide, lang: str, detail: _Detail) -> str:
    sep = " " if lang == "en" else ""
    line = f"{guide.whose[item.whose].get(lang)}{sep}{item.name.get(lang)}".strip()
    if item.form in ("original", "copy"):
        form = guide.forms[item.form].get(lang)
        line += f" ({form})" if lang == "en" else f"（{form}）"
    accepted = item.accepted
    if accepted and not (len(accepted) == 1 and accepted[0].id == item.material):
        names = [m.name.get(lang) for m in accepted[: detail.accepted_max]]
        if len(names) < len(accepted):
            names.append("…")
        lead = guide.headings["for_example"].get(lang) if item.examples else ""
        line += (f", {lead}: " if lang == "en" else f"，{lead}：") if lead else _colon(lang)
        line += (" / " if lang == "en" else "/").join(names)
    if detail.item_notes and item.note:
        line += f" — {item.note.get(lang)}" if lang == "en" else f"；{item.note.get(lang)}"
    return line


def _code(pickup_code: str | None, lang: str) -> str:
    return pickup_code if pickup_code is not None else LABELS["not_saved"].get(lang)


def _compact(checklist: Checklist, guide: Guide, lang: str, pickup_code: str | None, detail: _Detail) -> str:
    h = {k: v.get(lang) for k, v in guide.headings.items()}
    colon = _colon(lang)
    lines = [
        f"{checklist.title.get(lang)} — {h['checklist']}",
        f"{LABELS['pickup_code'].get(lang)}{colon}{_code(pickup_code, lang)}",
    ]
    for kind, blockers in blocker_groups(checklist):
        lines.append(f"{h['blockers_' + kind]}{colon}".rstrip())
        for blocker in blockers:
            lines.append(f"{MARKS['blocker']} {blocker.reason.get(lang)}")
            lines.append(f"{h['instead_' + kind]}{colon}{blocker.instead.get(lang)}")
    if checklist.items:
        lines.append(f"{h['bring']}{colon}".rstrip())
        lines.extend(f"- {_compact_item(item, guide, lang, detail)}" for item in checklist.items)
    for step in checklist.steps:  # numbered only where the guide orders them
        if detail.step_actions:
            lines.append(describe_step(step, lang, checklist.steps_ordered))
        else:
            marker = step_marker(step, checklist.steps_ordered)
            lines.append(f"{marker} {(step.place_note or step.place.name).get(lang)}")
    shown = {"time_limit": True, "warning": detail.warnings, "guide_silent": detail.guide_silent, "info": detail.info}
    lines.extend(f"{MARKS[note.kind]} {note.text.get(lang)}" for note in checklist.notes if shown[note.kind])
    for hotline in checklist.hotlines:
        number = hotline.number.get(lang)
        if detail.text_hotlines or hotline.id == "hrss":
            lines.append(f"{HOTLINE_MARK} {hotline.name.get(lang)}{colon}{number}")
    return "\n".join(lines)


def compact_variants(checklist: Checklist, guide: Guide, lang: str, pickup_code: str | None) -> list[str]:
    """The checklist as short texts for a QR code, from the fullest to the shortest, without repeats.

    Every variant keeps the title, the pickup code, blockers, what to bring (whose, original or
    copy), the numbered places, time limits and the 12333 hotline. Shorter ones drop, in turn: good-
    to-know notes, the hotlines other than 12333, item notes, what the guide does not say, all but
    two of a long list of documents that count, what happens at each place, and warnings; all but
    the fullest end with a line saying the full checklist is at the counter under the pickup code
    (unless there is none: `pickup_code` None, a checklist that could not be saved, says "not saved").
    """
    full, *shorter = dict.fromkeys(_compact(checklist, guide, lang, pickup_code, d) for d in _DETAILS)
    if pickup_code is None:
        return [full, *shorter]
    return [full, *(f"{text}\n{LABELS['full_checklist'].get(lang)}" for text in shorter)]


def render_compact(
    checklist: Checklist, guide: Guide, lang: str, pickup_code: str | None, *, budget: int = COMPACT_BUDGET
) -> str:
    """The fullest of `compact_variants` within `budget` bytes of UTF-8 (else the shortest)."""
    variants = compact_variants(checklist, guide, lang, pickup_code)
    return next((v for v in variants if len(v.encode()) <= budget), variants[-1])


# --- the printed slip ------------------------------------------------------------------------


def char_width(char: str) -> int:
    """Columns `char` takes on a terminal or receipt printer.

    Wide, full-width and ambiguous characters (Chinese, （）, “”, —) count 2, since a printer in a
    Chinese locale prints ambiguous ones wide; combining marks count 0.
    """
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 1


def display_width(text: str) -> int:
    """Columns `text` takes (see `char_width`)."""
    return sum(char_width(char) for char in text)


# Closing punctuation never starts a line and opening punctuation never ends one: on the slip, and on the
# screen (screens/wrap.py).
NO_LINE_START = frozenset("，。、；：？！）」』》〉】”’,.;:?!)]}%…—·")
NO_LINE_END = frozenset("（「『《〈【“‘([{")
_WORDS = re.compile(r"\s+|[^\s]")


def _tokens(text: str) -> list[tuple[bool, str]]:
    """(space before, token) for the places a line may break: at spaces and around wide characters."""
    raw: list[tuple[bool, str]] = []
    space = False
    run = ""
    for char in (m.group() for m in _WORDS.finditer(text)):
        if char.isspace() or char_width(char) == 2:
            if run:
                raw.append((space, run))
                space, run = False, ""
            if char.isspace():
                space = True
            else:
                raw.append((space, char))
                space = False
        else:
            run += char
    if run:
        raw.append((space, run))
    glued: list[tuple[bool, str]] = []
    for space, token in raw:
        if glued and not space and (token[0] in NO_LINE_START or glued[-1][1][-1] in NO_LINE_END):
            before, previous = glued.pop()
            glued.append((before, previous + token))
        else:
            glued.append((space, token))
    return glued


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """`text` in lines of at most `width` columns; lines after the first start with `indent` spaces.

    Breaks at spaces and between Chinese characters, keeps punctuation with its word, cuts a word
    wider than a line between characters, and never splits a character.
    """
    if width < 4:
        raise ValueError(f"a line must be at least 4 columns wide, not {width}")
    lead = text[: len(text) - len(text.lstrip(" "))]
    hang = " " * min(indent, width // 2)
    lines: list[str] = []
    line, empty = lead, True
    for space, token in _tokens(text):
        sep = " " if space and not empty else ""
        if display_width(line + sep + token) <= width:
            line, empty = line + sep + token, False
            continue
        if not empty:
            lines.append(line)
            line, empty = hang, True
            if display_width(line + token) <= width:
                line, empty = line + token, False
                continue
        for char in token:
            if not empty and display_width(line + char) > width:
                lines.append(line)
                line = hang
            line, empty = line + char, False
    lines.append(line.rstrip())
    return lines


_MARK_CHARS = "".join(re.escape(m) for m in (*MARKS.values(), HOTLINE_MARK))
# What a line of the checklist text starts with; wrapped lines hang under the text after it.
_LINE_START = re.compile(rf"^( *)(\[ \] |- |\d+\. |[{_MARK_CHARS}] )?")


def _wrap_line(line: str, width: int) -> list[str]:
    start = _LINE_START.match(line)
    indent = display_width(start.group()) if start else 0
    return wrap(line, width, indent)


def render_slip(
    checklist: Checklist,
    guide: Guide,
    lang: str,
    pickup_code: str | None,
    printed_at: datetime,
    width: int = SLIP_WIDTH,
) -> str:
    """The checklist as a receipt: title, pickup code, date and guide version, then the checklist,
    in lines of at most `width` columns (a Chinese character takes two); `pickup_code` None: not saved."""
    colon = _colon(lang)
    body = render_text(checklist, guide, lang).split("\n")
    version_line = f"{guide.headings['guide_version'].get(lang)}{colon}{checklist.guide_version}"
    lines = [
        body[0],
        f"{LABELS['pickup_code'].get(lang)}{colon}{_code(pickup_code, lang)}",
        f"{LABELS['date'].get(lang)}{colon}{printed_at:%Y-%m-%d %H:%M}",
        version_line,
        "=" * width,
        *(line for line in body[1:] if line != version_line),
    ]
    while lines[-1] == "":
        lines.pop()
    lines += ["-" * width, LABELS["code_help" if pickup_code is not None else "not_saved_help"].get(lang)]
    return "\n".join(wrapped for line in lines for wrapped in _wrap_line(line.rstrip(), width)) + "\n"
