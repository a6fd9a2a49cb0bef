"""What the current guide gives for a saved checklist's answers, against what was saved under an older guide."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.guide.engine import MissingAnswer, build_checklist, replay
from kiosk.guide.lines import build_lines
from kiosk.guide.model import Checklist, Guide, Question, Text


@dataclass(frozen=True)
class GuideChange:
    """How today's checklist for the same answers differs from the saved one."""

    saved_version: str
    current_version: str
    added: tuple[Text, ...] = ()  # lines today's guide gives that the saved checklist lacks
    removed: tuple[Text, ...] = ()  # saved lines today's guide no longer gives
    no_longer_asked: tuple[Text, ...] = ()  # saved answers to questions today's guide does not ask
    now_asks: Question | None = None  # the answers no longer complete a path: this question is open
    procedure_gone: bool = False  # today's guide has no such procedure

    @property
    def same_checklist(self) -> bool:
        """Today's guide gives the very same lines for these answers."""
        return not (self.added or self.removed or self.now_asks or self.procedure_gone)


def _lines_in(checklist: Checklist, guide: Guide, lang: str) -> list[str]:
    lines: list[str] = []
    for line in build_lines(checklist, guide, lang).body:
        what = line.what
        if what in ("item", "step") and line.source:
            # Without a box or a number, so a step put before it does not make every later step look changed.
            lines.append(line.text)
        elif what in ("blocker", "note", "hotline"):
            lines.append(f"{line.marker} {line.text}")
    return lines


def checklist_lines(checklist: Checklist, guide: Guide) -> list[Text]:
    """Every line of the checklist (blockers, items, steps without their number, notes, hotlines)."""
    zh, en = (_lines_in(checklist, guide, lang) for lang in ("zh", "en"))
    return [Text(zh=z, en=e) for z, e in zip(zh, en, strict=True)]


def compare_with_current(saved: Checklist, guide: Guide) -> GuideChange:
    """Rebuild the checklist from the saved answers on `guide` and say what differs from `saved`."""
    procedure = guide.procedure(saved.procedure)
    if procedure is None:
        return GuideChange(saved.guide_version, guide.version, procedure_gone=True)
    answers = {b.question: b.answer for b in saved.answers}
    kept = dict(replay(procedure, answers).answers)
    no_longer_asked = tuple(b.question_text for b in saved.answers if b.question not in kept)
    try:
        current = build_checklist(guide, procedure, answers)
    except MissingAnswer as missing:
        return GuideChange(
            saved.guide_version, guide.version, no_longer_asked=no_longer_asked, now_asks=missing.question
        )
    before = list(dict.fromkeys(checklist_lines(saved, guide)))
    after = list(dict.fromkeys(checklist_lines(current, guide)))
    return GuideChange(
        saved.guide_version,
        guide.version,
        added=tuple(line for line in after if line not in before),
        removed=tuple(line for line in before if line not in after),
        no_longer_asked=no_longer_asked,
    )
