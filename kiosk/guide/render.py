"""The checklist as plain text (one language) and as JSON (both languages), and back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.guide.model import (
    Because,
    Blocker,
    Checklist,
    Guide,
    Hotline,
    Item,
    Material,
    Note,
    Place,
    Step,
    Text,
)

NOTE_SECTIONS = ("time_limits", "warnings", "info", "guide_silent")
NOTE_KIND = {
    "time_limits": "time_limit",
    "warnings": "warning",
    "info": "info",
    "guide_silent": "guide_silent",
}
# A word or symbol on every warning and blocker line, so colour is never the only signal.
MARKS = {"time_limit": "⏱", "warning": "⚠", "info": "ℹ", "guide_silent": "?", "blocker": "✖"}


def describe_item(item: Item, guide: Guide, lang: str) -> str:
    """One line: whose, what, original or copy, which documents count."""
    whose = guide.whose[item.whose].get(lang)
    name = item.name.get(lang)
    form = guide.forms[item.form].get(lang)
    sep = "" if lang != "en" else " "
    line = f"{whose}{sep}{name}"
    if form:
        line += f"（{form}）" if lang != "en" else f" ({form})"
    if item.accepted and not (len(item.accepted) == 1 and item.accepted[0].id == item.material):
        names = ("、" if lang != "en" else "; ").join(m.name.get(lang) for m in item.accepted)
        line += (
            f"：{guide.headings['any_of'].get(lang)}：{names}"
            if lang != "en"
            else (f": {guide.headings['any_of'].get(lang)}: {names}")
        )
    if item.note:
        line += f"（{item.note.get(lang)}）" if lang != "en" else f" — {item.note.get(lang)}"
    return line


def describe_step(step: Step, lang: str) -> str:
    place = (step.place_note or step.place.name).get(lang)
    return (
        f"{step.number}. {place}：{step.action.get(lang)}"
        if lang != "en"
        else (f"{step.number}. {place}: {step.action.get(lang)}")
    )


def describe_because(because: tuple[Because, ...], guide: Guide, lang: str) -> str:
    if not because:
        return guide.headings["procedure_chosen"].get(lang)
    eq = "：" if lang != "en" else ": "
    return "; ".join(f"{b.question_text.get(lang)}{eq}{b.answer_text.get(lang)}" for b in because)


def describe_why(because: tuple[Because, ...], section: str, guide: Guide, lang: str) -> str:
    """Why a line is on the checklist: the answers behind it and the guide section it comes from."""
    colon = ": " if lang == "en" else "："
    because_text = f"{guide.headings['because'].get(lang)}{colon}{describe_because(because, guide, lang)}"
    return f"{because_text} | {guide.headings['section'].get(lang)} {section}"


def render_text(checklist: Checklist, guide: Guide, lang: str, *, why: bool = False) -> str:
    """The checklist as text in `lang`; `why` adds the answer and guide section behind each line."""
    h = {k: v.get(lang) for k, v in guide.headings.items()}
    colon = ": " if lang == "en" else "："
    ends = colon.rstrip()  # a heading's colon ends its line: no trailing space on screen or slip
    lines: list[str] = [f"{checklist.title.get(lang)} — {h['checklist']}", ""]

    def reason(because: tuple[Because, ...], section: str) -> None:
        if why:
            lines.append(f"     [{describe_why(because, section, guide, lang)}]")

    if checklist.answers:
        lines.append(f"{h['your_answers']}{ends}")
        lines.extend(f"  - {b.question_text.get(lang)} {b.answer_text.get(lang)}" for b in checklist.answers)
        lines.append("")
    if checklist.blockers:
        lines.append(f"{MARKS['blocker']} {h['blockers']}{ends}")
        for b in checklist.blockers:
            lines.append(f"  {MARKS['blocker']} {b.reason.get(lang)}")
            lines.append(f"    {h['instead']}{colon}{b.instead.get(lang)}")
            reason(b.because, b.section)
        lines.append("")
    if checklist.steps or checklist.items:
        lines.append(f"{h['bring']}{ends}")
        if not checklist.items:
            lines.append(f"  - {h['nothing_to_bring']}")
        for item in checklist.items:
            lines.append(f"  [ ] {describe_item(item, guide, lang)}")
            reason(item.because, item.section)
        lines.append("")
    if checklist.steps:
        lines.append(f"{h['steps']}{ends}")
        for step in checklist.steps:
            lines.append(f"  {describe_step(step, lang)}")
            reason(step.because, step.section)
        lines.append("")
    for heading in NOTE_SECTIONS:
        notes = checklist.notes_of(NOTE_KIND[heading])  # type: ignore[arg-type]
        if notes:
            lines.append(f"{h[heading]}{ends}")
            for note in notes:
                lines.append(f"  {MARKS[note.kind]} {note.text.get(lang)}")
                reason(note.because, note.section)
            lines.append("")
    lines.append(f"{h['hotlines']}{ends}")
    lines.extend(f"  ☎ {hl.name.get(lang)}{colon}{hl.number.get(lang)}" for hl in checklist.hotlines)
    lines.append("")
    lines.append(f"{h['guide_version']}{colon}{checklist.guide_version}")
    return "\n".join(lines)


# --- JSON -----------------------------------------------------------------------------------


def _because_json(because: tuple[Because, ...]) -> list[dict[str, Any]]:
    return [
        {
            "question": b.question,
            "question_text": b.question_text.as_dict(),
            "answer": b.answer,
            "answer_text": b.answer_text.as_dict(),
        }
        for b in because
    ]


def to_json(checklist: Checklist) -> dict[str, Any]:
    """The checklist as plain JSON-ready data, with every text in both languages."""
    return {
        "procedure": checklist.procedure,
        "title": checklist.title.as_dict(),
        "guide_version": checklist.guide_version,
        "answers": _because_json(checklist.answers),
        "items": [
            {
                "material": i.material,
                "name": i.name.as_dict(),
                "form": i.form,
                "whose": i.whose,
                "accepted": [{"id": m.id, "name": m.name.as_dict()} for m in i.accepted],
                "note": i.note.as_dict() if i.note else None,
                "section": i.section,
                "because": _because_json(i.because),
            }
            for i in checklist.items
        ],
        "steps": [
            {
                "number": s.number,
                "place": {"id": s.place.id, "name": s.place.name.as_dict()},
                "place_note": s.place_note.as_dict() if s.place_note else None,
                "action": s.action.as_dict(),
                "section": s.section,
                "because": _because_json(s.because),
            }
            for s in checklist.steps
        ],
        "notes": [
            {
                "kind": n.kind,
                "text": n.text.as_dict(),
                "section": n.section,
                "because": _because_json(n.because),
            }
            for n in checklist.notes
        ],
        "blockers": [
            {
                "reason": b.reason.as_dict(),
                "instead": b.instead.as_dict(),
                "instead_procedure": b.instead_procedure,
                "instead_title": b.instead_title.as_dict() if b.instead_title else None,
                "section": b.section,
                "because": _because_json(b.because),
            }
            for b in checklist.blockers
        ],
        "hotlines": [{"id": h.id, "number": h.number.as_dict(), "name": h.name.as_dict()} for h in checklist.hotlines],
    }


def _t(raw: Mapping[str, str]) -> Text:
    return Text(zh=raw["zh"], en=raw["en"])


def _opt_t(raw: Mapping[str, str] | None) -> Text | None:
    return _t(raw) if raw else None


def _because_from(raw: list[dict[str, Any]]) -> tuple[Because, ...]:
    return tuple(Because(b["question"], _t(b["question_text"]), b["answer"], _t(b["answer_text"])) for b in raw)


def from_json(raw: Mapping[str, Any]) -> Checklist:
    """The checklist that `to_json` wrote (as saved, even under an older guide)."""
    return Checklist(
        procedure=raw["procedure"],
        title=_t(raw["title"]),
        guide_version=raw["guide_version"],
        answers=_because_from(raw["answers"]),
        items=tuple(
            Item(
                i["material"],
                _t(i["name"]),
                i["form"],
                i["whose"],
                tuple(Material(m["id"], _t(m["name"])) for m in i["accepted"]),
                _opt_t(i["note"]),
                i["section"],
                _because_from(i["because"]),
            )
            for i in raw["items"]
        ),
        steps=tuple(
            Step(
                s["number"],
                Place(s["place"]["id"], _t(s["place"]["name"])),
                _opt_t(s["place_note"]),
                _t(s["action"]),
                s["section"],
                _because_from(s["because"]),
            )
            for s in raw["steps"]
        ),
        notes=tuple(Note(n["kind"], _t(n["text"]), n["section"], _because_from(n["because"])) for n in raw["notes"]),
        blockers=tuple(
            Blocker(
                _t(b["reason"]),
                _t(b["instead"]),
                b["instead_procedure"],
                _opt_t(b["instead_title"]),
                b["section"],
                _because_from(b["because"]),
            )
            for b in raw["blockers"]
        ),
        hotlines=tuple(Hotline(h["id"], _t(h["number"]), _t(h["name"])) for h in raw["hotlines"]),
    )
