"""Take-away renderings of a checklist: short text for a QR code, and a receipt-width printed slip."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kiosk.guide.breaking import cells, wrap
from kiosk.guide.lines import BOX, LISTED, Short, build_lines, colon
from kiosk.guide.model import Checklist, Guide, Text
from kiosk.guide.render import TextRow, text_rows

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

# Bytes of UTF-8 for the QR code's text: about a version 17 code at level L (85 modules square).
COMPACT_BUDGET = 600
SLIP_WIDTH = 32  # columns of a 58 mm receipt printer


# --- short text for a QR code ----------------------------------------------------------------


@dataclass(frozen=True)
class _Detail(Short):
    """What the short text keeps (of each line, see `Short`, and which lines); each level down drops the part
    a visitor needs least on a phone."""

    info: bool = True
    text_hotlines: bool = True  # hotlines other than 12333 (each partner bank, the transport card's 962026)
    guide_silent: bool = True
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


def _code(pickup_code: str | None, lang: str) -> str:
    return pickup_code if pickup_code is not None else LABELS["not_saved"].get(lang)


def _compact(checklist: Checklist, guide: Guide, lang: str, pickup_code: str | None, detail: _Detail) -> str:
    shown = {"time_limit": True, "warning": detail.warnings, "guide_silent": detail.guide_silent, "info": detail.info}
    built = build_lines(checklist, guide, lang, detail)
    lines = [built.title.text, f"{LABELS['pickup_code'].get(lang)}{colon(lang)}{_code(pickup_code, lang)}"]
    # Of the headings only the blockers' and what to bring's: each other line's mark says what it is. A thing
    # to bring is "- ", as in a phone's plain text.
    for line in built.body:
        what, _, which = line.kind.partition(" ")
        if line.kind == "heading blocker" or (line.kind == "heading bring" and checklist.items):
            lines.append(line.text + colon(lang).rstrip())
        elif what == "instead":
            lines.append(line.text)
        elif what in ("blocker", "step") or line.kind == "item":
            lines.append(f"{LISTED if line.marker == BOX else line.marker} {line.text}")
        elif (what == "note" and shown[which]) or (what == "hotline" and (detail.text_hotlines or which == "hrss")):
            lines.append(f"{line.marker} {line.text}")
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
    c = colon(lang)
    rows = text_rows(checklist, guide, lang)
    version = rows.pop()  # the guide's version goes at the top, with the slip's own details
    while rows[-1].kind == "blank":
        rows.pop()
    lines = [
        rows[0],
        *(
            TextRow("slip", "", text)
            for text in (
                f"{LABELS['pickup_code'].get(lang)}{c}{_code(pickup_code, lang)}",
                f"{LABELS['date'].get(lang)}{c}{printed_at:%Y-%m-%d %H:%M}",
                version.text,
                "=" * width,
            )
        ),
        *rows[1:],
        TextRow("slip", "", "-" * width),
        TextRow("slip", "", LABELS["code_help" if pickup_code is not None else "not_saved_help"].get(lang)),
    ]
    return "".join(
        f"{wrapped}\n"
        for row in lines
        for wrapped in wrap(row.text.rstrip(), width, cells(row.lead, wide_ambiguous=True))
    )
