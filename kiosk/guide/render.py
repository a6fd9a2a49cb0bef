"""The checklist as plain text (one language) and as JSON (both languages), and back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.guide.model import (
    Because,
    Blocker,
    BlockerKind,
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
    """One line: whose, what, original or copy, which documents count (or the guide's examples), a note."""
    en = lang == "en"
    whose = guide.whose[item.whose].get(lang)
    name = item.name.get(lang)
    form = guide.forms[item.form].get(lang)
    line = f"{whose} {name}".strip() if en else f"{whose}{name}"
    if form:
        line += f" ({form})" if en else f"（{form}）"
    accepted = [m.name.get(lang) for m in item.accepted]
    if accepted and not (len(item.accepted) == 1 and item.accepted[0].id == item.material):
        names = ("; " if en else "、").join(accepted)
        if item.examples:
            lead = guide.headings["for_example"].get(lang)
        elif len(accepted) > 1:
            lead = guide.headings["any_of"].get(lang)
        else:  # one document counts: it needs no "any one of"
            lead = ""
        if en:
            line += f", {lead}: {names}" if lead else f": {names}"
        else:
            line += f"，{lead}：{names}" if lead else f"：{names}"
    if item.note:
        line += f" — {item.note.get(lang)}" if en else f"；{item.note.get(lang)}"
    return line


def step_marker(step: Step, ordered: bool) -> str:
    """A step's number when the guide orders the steps, else a list mark."""
    return f"{step.number}." if ordered else "-"


def describe_step(step: Step, lang: str, ordered: bool = True) -> str:
    place = (step.place_note or step.place.name).get(lang)
    colon = ": " if lang == "en" else "："
    return f"{step_marker(step, ordered)} {place}{colon}{step.action.get(lang)}"


def steps_heading(checklist: Checklist) -> str:
    """The heading key over the steps: an order only where the guide gives one."""
    if checklist.steps_ordered:
        return "steps"
    return "step_one" if len(checklist.steps) == 1 else "steps_any_order"


def blocker_groups(checklist: Checklist) -> list[tuple[BlockerKind, list[Blocker]]]:
    """The blockers by kind, in the order they come: each group is shown under its kind's heading."""
    groups: list[tuple[BlockerKind, list[Blocker]]] = []
    for blocker in checklist.blockers:
        if groups and groups[-1][0] == blocker.kind:
            groups[-1][1].append(blocker)
        else:
            groups.append((blocker.kind, [blocker]))
    return groups


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


def text_rows(checklist: Checklist, guide: Guide, lang: str, *, why: bool = False) -> list[tuple[str, str]]:
    """The checklist's text lines in `lang`, each with its kind ("heading", "item", "note warning", ...)."""
    h = {k: v.get(lang) for k, v in guide.headings.items()}
    colon = ": " if lang == "en" else "："
    ends = colon.rstrip()  # a heading's colon ends its line: no trailing space on screen or slip
    rows: list[tuple[str, str]] = [("title", f"{checklist.title.get(lang)} — {h['checklist']}"), ("blank", "")]

    def reason(because: tuple[Because, ...], section: str) -> None:
        if why:
            rows.append(("why", f"     [{describe_why(because, section, guide, lang)}]"))

    if checklist.answers:
        rows.append(("heading", f"{h['your_answers']}{ends}"))
        rows.extend(("answer", f"  - {b.question_text.get(lang)} {b.answer_text.get(lang)}") for b in checklist.answers)
        rows.append(("blank", ""))
    for kind, blockers in blocker_groups(checklist):
        rows.append((f"heading blocker {kind}", f"{MARKS['blocker']} {h['blockers_' + kind]}{ends}"))
        for b in blockers:
            rows.append((f"blocker {kind}", f"  {MARKS['blocker']} {b.reason.get(lang)}"))
            rows.append((f"instead {kind}", f"    {h['instead_' + kind]}{colon}{b.instead.get(lang)}"))
            reason(b.because, b.section)
        rows.append(("blank", ""))
    if checklist.steps or checklist.items:
        rows.append(("heading", f"{h['bring']}{ends}"))
        if not checklist.items:
            rows.append(("item none", f"  - {h['nothing_to_bring']}"))
        for item in checklist.items:
            rows.append(("item", f"  [ ] {describe_item(item, guide, lang)}"))
            reason(item.because, item.section)
        rows.append(("blank", ""))
    if checklist.steps:
        rows.append(("heading", f"{h[steps_heading(checklist)]}{ends}"))
        for step in checklist.steps:
            rows.append(("step", f"  {describe_step(step, lang, checklist.steps_ordered)}"))
            reason(step.because, step.section)
        rows.append(("blank", ""))
    for heading in NOTE_SECTIONS:
        notes = checklist.notes_of(NOTE_KIND[heading])  # type: ignore[arg-type]
        if notes:
            rows.append(("heading", f"{h[heading]}{ends}"))
            for note in notes:
                rows.append((f"note {note.kind}", f"  {MARKS[note.kind]} {note.text.get(lang)}"))
                reason(note.because, note.section)
            rows.append(("blank", ""))
    rows.append(("heading", f"{h['hotlines']}{ends}"))
    rows.extend(("hotline", f"  ☎ {hl.name.get(lang)}{colon}{hl.number.get(lang)}") for hl in checklist.hotlines)
    rows.append(("blank", ""))
    rows.append(("version", f"{h['guide_version']}{colon}{checklist.guide_version}"))
    return rows


def render_text(checklist: Checklist, guide: Guide, lang: str, *, why: bool = False) -> str:
    """The checklist as text in `lang`; `why` adds the answer and guide section behind each line."""
    return "\n".join(text for _, text in text_rows(checklist, guide, lang, why=why))


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
                "examples": i.examples,
                "section": i.section,
                "because": _because_json(i.because),
            }
            for i in checklist.items
        ],
        "steps_ordered": checklist.steps_ordered,
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
                "kind": b.kind,
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
                i.get("examples", False),
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
                b.get("kind", "not_yet"),
            )
            for b in raw["blockers"]
        ),
        hotlines=tuple(Hotline(h["id"], _t(h["number"]), _t(h["name"])) for h in raw["hotlines"]),
        steps_ordered=raw.get("steps_ordered", True),  # saved before steps said whether they are ordered
    )
