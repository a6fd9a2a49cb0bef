"""The checklist as plain text (one language) and as JSON (both languages), and back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from kiosk.guide.lines import BOX, build_lines, colon
from kiosk.guide.model import Because, Blocker, Checklist, Guide, Hotline, Item, Material, Note, Place, Step, Text

# The plain text draws a thing to bring as "[ ]": a terminal or a receipt printer may have no ☐.
TEXT_MARKERS = {BOX: "[ ]"}


class TextRow(NamedTuple):
    """One line of the plain text: its kind ("heading bring", "item", "note warning", "why", "blank", ...),
    what comes before its words (indent and marker: a wrapped line hangs under the words), and its words."""

    kind: str
    lead: str
    words: str

    @property
    def text(self) -> str:
        return self.lead + self.words


def text_rows(checklist: Checklist, guide: Guide, lang: str, *, why: bool = False) -> list[TextRow]:
    """The checklist's lines as plain text in `lang`: `why` adds, under each line of the guide, why it is there."""
    lines = build_lines(checklist, guide, lang, why=why)
    ends = colon(lang).rstrip()  # a heading's colon ends its line: no trailing space on screen or slip
    rows = [TextRow("title", "", lines.title.text)]
    held: TextRow | None = None
    for line in (*lines.answers, *lines.body):
        if line.what == "heading":
            rows += [
                TextRow("blank", "", ""),
                TextRow(line.kind, f"{line.marker} " * bool(line.marker), line.text + ends),
            ]
            continue
        indent = "    " if line.what == "instead" else "  "
        marker = TEXT_MARKERS.get(line.marker, line.marker)
        rows.append(TextRow(line.kind, f"{indent}{marker} " if marker else indent, line.text))
        if line.why:
            held = TextRow("why", "     ", f"[{line.why}]")
        if held and line.what != "blocker":  # a blocker's reason comes after its "instead" line
            rows.append(held)
            held = None
    return [*rows, TextRow("blank", "", ""), TextRow("version", "", lines.version.text)]


def render_text(checklist: Checklist, guide: Guide, lang: str, *, why: bool = False) -> str:
    """The checklist as text in `lang`; `why` adds the answer and guide section behind each line."""
    return "\n".join(row.text for row in text_rows(checklist, guide, lang, why=why))


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
