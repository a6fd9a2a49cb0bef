"""Answers in, next question or checklist out.

The next question is never stored: it is derived by replaying the answers through the procedure's
questions in order (as GOV.UK Smart Answers does). An answer that is no longer reachable, or no longer
a valid choice, is dropped by the replay.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kiosk.guide.model import (
    Answers,
    AnswerValue,
    Because,
    Blocker,
    Checklist,
    Condition,
    Guide,
    Item,
    Note,
    Option,
    Procedure,
    Question,
    Step,
    Text,
)


class AnswerError(ValueError):
    """A visitor's answer that cannot be used, with a message in their language."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


class MissingAnswer(LookupError):
    """The checklist needs an answer to `question` first."""

    def __init__(self, question: Question) -> None:
        super().__init__(f"missing answer to '{question.id}'")
        self.question = question


@dataclass(frozen=True)
class Progress:
    """Where a walkthrough stands after replaying its answers."""

    procedure: Procedure
    answers: Answers
    next_question: Question | None
    estimated_total: int

    @property
    def done(self) -> bool:
        return self.next_question is None

    @property
    def number(self) -> int:
        """The 1-based number of the next question (or of the last one, when done)."""
        return len(self.answers) + (0 if self.done else 1)


def available_options(question: Question, answers: Mapping[str, AnswerValue]) -> tuple[Option, ...]:
    """The options of `question` that the earlier answers allow."""
    return tuple(o for o in question.options if o.when.holds(answers))


def _valid(question: Question, value: AnswerValue, kept: Mapping[str, AnswerValue]) -> bool:
    if question.kind == "number":
        return (
            isinstance(value, int) and not isinstance(value, bool) and (question.minimum <= value <= question.maximum)
        )
    return any(o.id == value for o in available_options(question, kept))


def _possible(cond: Condition, kept: Mapping[str, AnswerValue], settled: set[str]) -> bool:
    """False only if `cond` already fails on answers that can no longer change."""
    return all(any(c.question not in settled or c.holds(kept) for c in group) for group in cond.groups)


def replay(procedure: Procedure, answers: Mapping[str, AnswerValue]) -> Progress:
    """Replay `answers` through `procedure`: keep the reachable ones, find the next question."""
    kept: dict[str, AnswerValue] = {}
    for index, question in enumerate(procedure.questions):
        if not question.when.holds(kept):
            continue
        value = answers.get(question.id)
        if value is None or not _valid(question, value, kept):
            settled = {q.id for q in procedure.questions[:index]}
            later = procedure.questions[index + 1 :]
            maybe = sum(1 for q in later if _possible(q.when, kept, settled))
            return Progress(procedure, tuple(kept.items()), question, len(kept) + 1 + maybe)
        kept[question.id] = value
    return Progress(procedure, tuple(kept.items()), None, len(kept))


def answer(procedure: Procedure, answers: Answers, question_id: str, value: AnswerValue) -> Answers:
    """The answers after setting `question_id` to `value`; answers no longer reachable are dropped."""
    merged = dict(answers)
    merged[question_id] = value
    return replay(procedure, merged).answers


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_number(question: Question, raw: str) -> int:
    """Read a number typed by a visitor: ASCII or full-width digits, spaces (also U+3000) around."""
    text = unicodedata.normalize("NFC", raw).strip().translate(_FULL_WIDTH_DIGITS)
    low, high, example = question.minimum, question.maximum, question.example or question.minimum
    problem = Text(
        zh=f"请只输入数字（{low}到{high}），例如：{example}",
        en=f"Please type a number from {low} to {high}, for example {example}",
    )
    if not text or len(text) > 6 or not all("0" <= ch <= "9" for ch in text):
        raise AnswerError(problem)
    value = int(text)
    if not low <= value <= high:
        raise AnswerError(problem)
    return value


def _answer_text(question: Question, value: AnswerValue) -> Text:
    if question.kind == "number":
        return Text(zh=str(value), en=str(value))
    option = question.option(str(value))
    return option.label if option else Text(zh=str(value), en=str(value))


def _because(procedure: Procedure, cond: Condition, answers: Mapping[str, AnswerValue]) -> tuple[Because, ...]:
    out: list[Because] = []
    for question_id in cond.questions():
        value = answers.get(question_id)
        question = procedure.question(question_id)
        if value is not None and question is not None:
            out.append(Because(question_id, question.text, value, _answer_text(question, value)))
    return tuple(out)


def build_checklist(guide: Guide, procedure: Procedure, answers: Mapping[str, AnswerValue]) -> Checklist:
    """The checklist for a finished walkthrough; raises `MissingAnswer` if a question is still open."""
    progress = replay(procedure, answers)
    if progress.next_question is not None:
        raise MissingAnswer(progress.next_question)
    kept = dict(progress.answers)
    blockers = tuple(
        Blocker(
            b.reason,
            b.instead,
            b.instead_procedure,
            p.title if b.instead_procedure and (p := guide.procedure(b.instead_procedure)) else None,
            b.section,
            _because(procedure, b.when, kept),
            b.kind or "not_yet",
        )
        for b in procedure.blockers
        if b.when.holds(kept)
    )
    items = tuple(
        Item(
            r.material,
            guide.materials[r.material].name,
            r.form,
            r.whose,
            tuple(guide.materials[m] for m in r.accepted),
            r.note,
            r.section,
            _because(procedure, r.when, kept),
            r.examples,
        )
        for r in procedure.items
        if r.when.holds(kept)
    )
    chosen_steps = [r for r in procedure.steps if r.when.holds(kept)]
    steps = tuple(
        Step(n, guide.places[r.place], r.place_note, r.action, r.section, _because(procedure, r.when, kept))
        for n, r in enumerate(chosen_steps, start=1)
    )
    notes = tuple(
        Note(r.kind, r.text, r.section, _because(procedure, r.when, kept))
        for r in procedure.notes
        if r.when.holds(kept)
    )
    return Checklist(
        procedure=procedure.id,
        title=procedure.title,
        guide_version=guide.version,
        answers=tuple(
            Because(q.id, q.text, kept[q.id], _answer_text(q, kept[q.id])) for q in procedure.questions if q.id in kept
        ),
        items=items,
        steps=steps,
        notes=notes,
        blockers=blockers,
        hotlines=tuple(guide.hotlines[h] for h in procedure.hotlines),
        # `check` makes every path's steps agree; a lone step has no order to claim
        steps_ordered=len(chosen_steps) > 1 and all(r.ordered for r in chosen_steps),
    )


def number_values(procedure: Procedure, question: Question) -> tuple[int, ...]:
    """One representative age per band that any rule of the procedure tells apart."""
    cuts = {question.minimum}
    conditions = [q.when for q in procedure.questions] + [o.when for q in procedure.questions for o in q.options]
    conditions += [c for group in procedure.line_conditions().values() for c in group]
    for cond in conditions:
        for c in cond.clauses():
            if c.question == question.id:
                cuts.update(v for v in (c.at_least, c.below) if v is not None)
    return tuple(sorted(v for v in cuts if question.minimum <= v <= question.maximum))


def paths(procedure: Procedure) -> Iterator[Answers]:
    """Every distinct walkthrough of `procedure` (numbers by representative band).

    A walkthrough that reaches a choice with no option left is yielded unfinished, so that
    `check` can report the dead end instead of the path silently vanishing.
    """

    def walk(answers: dict[str, AnswerValue]) -> Iterator[Answers]:
        progress = replay(procedure, answers)
        question = progress.next_question
        if question is None:
            yield progress.answers
            return
        values: tuple[AnswerValue, ...]
        if question.kind == "number":
            values = number_values(procedure, question)
        else:
            values = tuple(o.id for o in available_options(question, dict(progress.answers)))
        if not values:
            yield progress.answers
            return
        for value in values:
            yield from walk({**dict(progress.answers), question.id: value})

    yield from walk({})
