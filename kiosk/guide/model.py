"""The guide as frozen values: procedures, questions, conditions, and the checklist they produce.

Each value is a NamedTuple: immutable, equal and hashed by its fields, pickled into the guide's cache; a changed
copy is `value._replace(field=...)`. Frozen dataclasses would do the same, but building these twenty classes took
11 ms of every start, against 5 ms (tests/benchmarks/bench_startup.py). As with any tuples, values of two classes
with the same fields are equal: compare values of one class.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple, get_args

LANGS: tuple[str, ...] = ("zh", "en", "zh_hant")
AnswerValue = str | int
Answers = tuple[tuple[str, AnswerValue], ...]
# The guide's enums, as types: their values, and what each means, are guide.schema.json's `$defs` of the same
# name (tests/guide/test_guide_schema.py holds the two equal).
QuestionKind = Literal["choice", "number"]
Whose = Literal["applicant", "guardian", "agent", "employer", "employee", "family_member", "cardholder", "unnamed"]
Form = Literal["original", "copy", "unspecified", "not_applicable"]
NoteKind = Literal["time_limit", "warning", "info", "guide_silent"]
BlockerKind = Literal["final", "not_yet", "not_by_this_person"]  # each is worded by its own heading
BLOCKER_KINDS: tuple[BlockerKind, ...] = get_args(BlockerKind)


class Text(NamedTuple):
    """One piece of wording in Simplified Chinese and English; Traditional Chinese is derived."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The wording in `lang` ("zh", "en" or "zh_hant")."""
        if lang == "en":
            return self.en
        if lang == "zh_hant":
            from kiosk.guide.hant import to_traditional

            return to_traditional(self.zh)
        return self.zh

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


class Clause(NamedTuple):
    """One test on an earlier answer: an option among `any_of`/not among `none_of`, or a number range."""

    question: str
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    at_least: int | None = None
    below: int | None = None

    def holds(self, answers: Mapping[str, AnswerValue]) -> bool:
        value = answers.get(self.question)
        if self.none_of:
            # An unasked question has none of the options, so `none_of` holds for it.
            return value is None or value not in self.none_of
        if value is None:
            return False
        if self.any_of:
            return value in self.any_of
        if not isinstance(value, int):
            return False
        if self.at_least is not None and value < self.at_least:
            return False
        return not (self.below is not None and value >= self.below)


class Condition(NamedTuple):
    """All groups must hold; a group holds when any of its clauses does."""

    groups: tuple[tuple[Clause, ...], ...] = ()

    def holds(self, answers: Mapping[str, AnswerValue]) -> bool:
        return all(any(c.holds(answers) for c in group) for group in self.groups)

    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for group in self.groups for c in group)

    def questions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.question for c in self.clauses()))


ALWAYS = Condition()


class Option(NamedTuple):
    """One answer a choice question offers; `when` hides it where the guide rules it out."""

    id: str
    label: Text
    hint: Text | None = None
    when: Condition = ALWAYS


class Question(NamedTuple):
    """One question of a procedure, asked only `when` earlier answers make it matter."""

    id: str
    kind: QuestionKind
    text: Text
    help: Text | None = None
    options: tuple[Option, ...] = ()
    minimum: int = 0
    maximum: int = 150
    example: int | None = None
    when: Condition = ALWAYS
    not_asked: Text | None = None  # why the guide makes this question not matter when `when` fails

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class Material(NamedTuple):
    """Something a visitor can bring: a document, a form, the card itself."""

    id: str
    name: Text


class Place(NamedTuple):
    """Where a step happens: an outlet type, a window, a phone line or an online channel."""

    id: str
    name: Text


class Hotline(NamedTuple):
    """A telephone number the checklist gives, e.g. 12333."""

    id: str
    number: Text
    name: Text


class ItemRule(NamedTuple):
    """A document the visitor brings `when` the answers match: original or copy (`form`), and whose."""

    material: str
    form: Form
    whose: Whose
    accepted: tuple[str, ...] = ()
    note: Text | None = None
    section: str = ""
    when: Condition = ALWAYS
    examples: bool = False  # `accepted` are the guide's examples ("如：…等"), not a closed list
    reviewed: str = ""  # why wording the cited sentence lacks (只能, 不能, ...) is still the guide's


class StepRule(NamedTuple):
    """Where to go and what is done there, `when` the answers match.

    `ordered`: the guide gives the steps of this group in this order (numbered); False: the guide gives
    them side by side (a list under a heading that claims no order)."""

    place: str
    action: Text
    place_note: Text | None = None
    section: str = ""
    when: Condition = ALWAYS
    ordered: bool = True
    reviewed: str = ""


class NoteRule(NamedTuple):
    """Something the visitor should know, `when` it applies: a time limit, a warning, information, or guide silence."""

    kind: NoteKind
    text: Text
    section: str = ""
    when: Condition = ALWAYS
    reviewed: str = ""


class BlockerRule(NamedTuple):
    """What cannot be done `when` the answers match, why, and what to do instead; `kind` says which bar it is."""

    reason: Text
    instead: Text
    instead_procedure: str | None = None
    section: str = ""
    when: Condition = ALWAYS
    kind: BlockerKind | None = None  # None only in a broken guide: `check` says a cited blocker needs one
    reviewed: str = ""


class Procedure(NamedTuple):
    """One thing a visitor comes for (first card, reissue, ...): its questions and the rules for its checklist."""

    id: str
    title: Text
    summary: Text
    section: str
    questions: tuple[Question, ...]
    items: tuple[ItemRule, ...] = ()
    steps: tuple[StepRule, ...] = ()
    notes: tuple[NoteRule, ...] = ()
    blockers: tuple[BlockerRule, ...] = ()
    hotlines: tuple[str, ...] = ()
    source_file: str = ""

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def line_conditions(self) -> dict[str, tuple[Condition, ...]]:
        """The `when` of every checklist line, by the data file's key."""
        return {
            "items": tuple(r.when for r in self.items),
            "steps": tuple(r.when for r in self.steps),
            "notes": tuple(r.when for r in self.notes),
            "blockers": tuple(r.when for r in self.blockers),
        }


class Guide(NamedTuple):
    """The whole official guide as data: every procedure and the names its rules refer to."""

    version: str
    procedures: tuple[Procedure, ...]
    materials: Mapping[str, Material]
    places: Mapping[str, Place]
    hotlines: Mapping[str, Hotline]
    whose: Mapping[str, Text]
    forms: Mapping[str, Text]
    headings: Mapping[str, Text]
    sentences: Mapping[str, str]  # section -> the guide's own words

    def procedure(self, procedure_id: str) -> Procedure | None:
        return next((p for p in self.procedures if p.id == procedure_id), None)


# --- the checklist: the one value every front end renders -----------------------------------


class Because(NamedTuple):
    """The answer that put a line on the checklist."""

    question: str
    question_text: Text
    answer: AnswerValue
    answer_text: Text


class Item(NamedTuple):
    """A checklist line: one document to bring, with its form, whose it is and the answers that put it there."""

    material: str
    name: Text
    form: Form
    whose: Whose
    accepted: tuple[Material, ...]
    note: Text | None
    section: str
    because: tuple[Because, ...]
    examples: bool = False  # `accepted` are examples the guide gives, not a closed list


class Step(NamedTuple):
    """A checklist line: where to go, in which order, and what is done there."""

    number: int
    place: Place
    place_note: Text | None
    action: Text
    section: str
    because: tuple[Because, ...]


class Note(NamedTuple):
    """A checklist line: a time limit, a warning, information, or what the guide does not say."""

    kind: NoteKind
    text: Text
    section: str
    because: tuple[Because, ...]


class Blocker(NamedTuple):
    """A checklist line: what cannot be done, why, and what to do instead."""

    reason: Text
    instead: Text
    instead_procedure: str | None
    instead_title: Text | None
    section: str
    because: tuple[Because, ...]
    kind: BlockerKind = "not_yet"  # checklists saved before blockers had kinds were all "not yet"


class Checklist(NamedTuple):
    """What a visitor needs for one procedure and their answers: the one value every front end renders."""

    procedure: str
    title: Text
    guide_version: str
    answers: tuple[Because, ...]
    items: tuple[Item, ...] = ()
    steps: tuple[Step, ...] = ()
    notes: tuple[Note, ...] = ()
    blockers: tuple[Blocker, ...] = ()
    hotlines: tuple[Hotline, ...] = ()
    steps_ordered: bool = True  # the guide orders the steps (numbered); False: a list in no order
