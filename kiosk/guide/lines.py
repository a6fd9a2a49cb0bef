"""The checklist as lines: the one builder that every view draws (the checklist screen and the staff's saved
checklist, the blocked screen, the printed slip, the QR code's text, `kiosk checklist` and the changes view).

Each line is a `Line`: its kind, its marker, its words, and for a line of the guide why it is there and the
guide section it comes from. A view chooses which lines it shows and how it lays them out; the words, the
markers and each language's punctuation are decided here only.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.guide.model import Because, Checklist, Guide, Item, Step

# A word or symbol on every warning and blocker line, so colour is never the only signal.
MARKS = {"time_limit": "⏱", "warning": "⚠", "info": "ℹ", "guide_silent": "?", "blocker": "✖"}
BOX = "☐"  # a thing to bring, to tick off
HOTLINE = "☎"
LISTED = "-"  # an answer, a step the guide does not order, "nothing to bring"
# The notes' headings (keys of guide.headings) in the order they are shown, and the kind of note under each.
NOTE_SECTIONS = ("time_limits", "warnings", "info", "guide_silent")
NOTE_KIND = {"time_limits": "time_limit", "warnings": "warning", "info": "info", "guide_silent": "guide_silent"}


@dataclass(frozen=True)
class Punctuation:
    """How a language joins the parts of a line."""

    colon: str  # a label and what it labels
    comma: str  # before "any one of" or "for example"
    names: str  # between the documents that count
    short_names: str  # the same, in the QR code's short text
    note: str  # before an item's note
    space: str  # between whose and what ("the applicant's ID card", 申请人本人的身份证)
    open: str  # around an item's form: original or copy
    close: str


PUNCTUATION = {
    "en": Punctuation(
        colon=": ", comma=", ", names="; ", short_names=" / ", note=" — ", space=" ", open=" (", close=")"
    ),
    "zh": Punctuation(colon="：", comma="，", names="、", short_names="/", note="；", space="", open="（", close="）"),
}


def punctuation(lang: str) -> Punctuation:
    """The punctuation of `lang`: English, or Chinese in either script."""
    return PUNCTUATION["en" if lang == "en" else "zh"]


def colon(lang: str) -> str:
    """A label's colon in `lang`: "：" in Chinese, ": " in English."""
    return punctuation(lang).colon


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a checklist.

    `kind` is words: the first says what the line is (title, heading, answer, blocker, instead, item, step,
    note, hotline, version), the next which one: a heading's group (answers, blocker, bring, steps, notes,
    hotlines), a blocker's kind (final, not_yet, not_this_person), a note's kind, "none" for the item that says
    there is nothing to bring, a hotline's id. `source` is the guide section a line of the guide comes from
    ("四(三)(2)"), `why` (when asked for) the answers behind it and that section in words; both are empty on
    the other lines.
    """

    kind: str
    marker: str
    text: str
    why: str = ""
    source: str = ""

    @property
    def what(self) -> str:
        """What the line is: the first word of its kind."""
        return self.kind.split(" ", 1)[0]


@dataclass(frozen=True)
class Short:
    """How much of each line the QR code's short text keeps (None everywhere else: every word)."""

    accepted_max: int | None = None  # at most this many of the documents that count, then "…"
    item_notes: bool = True
    step_actions: bool = True


@dataclass(frozen=True)
class ChecklistLines:
    """A checklist's lines in one language: `body` is each heading followed by its lines."""

    title: Line
    answers: tuple[Line, ...]  # the heading and the visitor's answers; none if nothing was asked
    body: tuple[Line, ...]  # blockers by kind, what to bring, the steps, the notes by kind, the hotlines
    version: Line


def item_text(item: Item, guide: Guide, lang: str, short: Short | None = None) -> str:
    """Whose, what, original or copy, which documents count (or the guide's examples), a note.

    `short`: only "original" or "copy" as the form, no "any one of", at most `accepted_max` documents."""
    p = punctuation(lang)
    text = f"{guide.whose[item.whose].get(lang)}{p.space}{item.name.get(lang)}".strip()
    form = guide.forms[item.form].get(lang) if short is None or item.form in ("original", "copy") else ""
    if form:
        text += f"{p.open}{form}{p.close}"
    accepted = item.accepted
    if accepted and not (len(accepted) == 1 and accepted[0].id == item.material):
        names = [m.name.get(lang) for m in accepted[: short.accepted_max if short else None]]
        if len(names) < len(accepted):
            names.append("…")
        if item.examples:
            lead = guide.headings["for_example"].get(lang)
        elif short is None and len(accepted) > 1:
            lead = guide.headings["any_of"].get(lang)
        else:  # one document counts: it needs no "any one of"
            lead = ""
        text += f"{p.comma}{lead}{p.colon}" if lead else p.colon
        text += (p.short_names if short else p.names).join(names)
    if item.note and (short is None or short.item_notes):
        text += f"{p.note}{item.note.get(lang)}"
    return text


def step_marker(step: Step, ordered: bool) -> str:
    """A step's number when the guide orders the steps, else a list mark."""
    return f"{step.number}." if ordered else LISTED


def step_text(step: Step, lang: str, short: Short | None = None) -> str:
    """Where, and what happens there (`short` without the action: the place alone)."""
    place = (step.place_note or step.place.name).get(lang)
    if short is not None and not short.step_actions:
        return place
    return f"{place}{colon(lang)}{step.action.get(lang)}"


def steps_heading(checklist: Checklist) -> str:
    """The heading key over the steps: an order only where the guide gives one."""
    if checklist.steps_ordered:
        return "steps"
    return "step_one" if len(checklist.steps) == 1 else "steps_any_order"


def describe_because(because: tuple[Because, ...], guide: Guide, lang: str) -> str:
    """The answers behind a line, or that choosing the procedure put it there."""
    if not because:
        return guide.headings["procedure_chosen"].get(lang)
    return "; ".join(f"{b.question_text.get(lang)}{colon(lang)}{b.answer_text.get(lang)}" for b in because)


def describe_why(because: tuple[Because, ...], section: str, guide: Guide, lang: str) -> str:
    """Why a line is on the checklist: the answers behind it and the guide section it comes from."""
    h = guide.headings
    because_text = f"{h['because'].get(lang)}{colon(lang)}{describe_because(because, guide, lang)}"
    return f"{because_text} | {h['section'].get(lang)} {section}"


def build_lines(
    checklist: Checklist, guide: Guide, lang: str, short: Short | None = None, *, why: bool = False
) -> ChecklistLines:
    """The checklist's lines in `lang` ("zh", "en" or "zh_hant"); `short` for the QR code's short text; `why`
    says on each line of the guide why it is there (for staff and `kiosk checklist --why`)."""
    h = {key: text.get(lang) for key, text in guide.headings.items()}
    c = colon(lang)
    steps_ordered = checklist.steps_ordered

    def line(kind: str, marker: str, text: str, because: tuple[Because, ...], section: str) -> Line:
        return Line(kind, marker, text, describe_why(because, section, guide, lang) if why else "", section)

    answers: list[Line] = []
    if checklist.answers:
        answers.append(Line("heading answers", "", h["your_answers"]))
        answers.extend(
            Line("answer", LISTED, f"{b.question_text.get(lang)} {b.answer_text.get(lang)}") for b in checklist.answers
        )
    body: list[Line] = []
    previous = None  # each run of blockers of one kind goes under that kind's heading
    for blocker in checklist.blockers:
        kind = blocker.kind
        if kind != previous:
            body.append(Line("heading blocker", MARKS["blocker"], h[f"blockers_{kind}"]))
            previous = kind
        body.append(
            line(f"blocker {kind}", MARKS["blocker"], blocker.reason.get(lang), blocker.because, blocker.section)
        )
        body.append(Line(f"instead {kind}", "", f"{h[f'instead_{kind}']}{c}{blocker.instead.get(lang)}"))
    if checklist.steps or checklist.items:
        body.append(Line("heading bring", "", h["bring"]))
        if not checklist.items:
            body.append(Line("item none", LISTED, h["nothing_to_bring"]))
        for item in checklist.items:
            body.append(line("item", BOX, item_text(item, guide, lang, short), item.because, item.section))
    if checklist.steps:
        body.append(Line("heading steps", "", h[steps_heading(checklist)]))
        for step in checklist.steps:
            marker = step_marker(step, steps_ordered)
            body.append(line("step", marker, step_text(step, lang, short), step.because, step.section))
    for section in NOTE_SECTIONS:
        notes = [note for note in checklist.notes if note.kind == NOTE_KIND[section]]
        if notes:
            body.append(Line("heading notes", "", h[section]))
            for note in notes:
                body.append(
                    line(f"note {note.kind}", MARKS[note.kind], note.text.get(lang), note.because, note.section)
                )
    body.append(Line("heading hotlines", "", h["hotlines"]))
    body.extend(
        Line(f"hotline {hl.id}", HOTLINE, f"{hl.name.get(lang)}{c}{hl.number.get(lang)}") for hl in checklist.hotlines
    )
    return ChecklistLines(
        title=Line("title", "", f"{checklist.title.get(lang)} — {h['checklist']}"),
        answers=tuple(answers),
        body=tuple(body),
        version=Line("version", "", f"{h['guide_version']}{c}{checklist.guide_version}"),
    )
