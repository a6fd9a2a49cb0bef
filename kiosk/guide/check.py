"""Whole-guide checks that need the engine: every option and every line reachable, every path ends, and
each line's wording holds to its cited sentence in zh, en and zh_hant alike."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.guide.engine import build_checklist, paths, replay
from kiosk.guide.model import BLOCKER_KINDS, LANGS, Checklist, Guide, Procedure
from kiosk.guide.render import text_rows
from kiosk.guide.wording import (
    added_restrictions,
    cited_words,
    line_texts,
    meaning_differences,
    question_texts,
)


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.problem}"


def check_procedure(guide: Guide, procedure: Procedure) -> list[Problem]:
    """What is wrong with `procedure`'s flow: unreachable options or lines, dead-end paths."""
    problems: list[Problem] = []
    file = procedure.source_file
    asked: set[str] = set()
    chosen: set[tuple[str, object]] = set()
    lines = procedure.line_conditions()
    fired: dict[str, set[int]] = {kind: set() for kind in lines}
    for answers in paths(procedure):
        as_map = dict(answers)
        stuck = replay(procedure, as_map).next_question
        if stuck is not None:
            qi = procedure.questions.index(stuck)
            problems.append(
                Problem(
                    file,
                    f"questions[{qi}].options",
                    f"after {as_map} no option of '{stuck.id}' is possible: the path does not end",
                )
            )
            continue
        asked.update(as_map)
        chosen.update(answers)
        checklist = build_checklist(guide, procedure, as_map)
        if not (checklist.steps or checklist.blockers or checklist.notes):
            problems.append(
                Problem(
                    file,
                    "",
                    f"the path {dict(answers)} ends in an empty checklist (no step, note or blocker)",
                )
            )
        for kind, conditions in lines.items():
            fired[kind].update(i for i, cond in enumerate(conditions) if cond.holds(as_map))
        if checklist.blockers and checklist.steps:
            problems.append(
                Problem(file, "blockers", f"the path {dict(answers)} has both a blocker and steps to follow")
            )
        chosen_steps = [(i, r) for i, r in enumerate(procedure.steps) if r.when.holds(as_map)]
        if len({r.ordered for _, r in chosen_steps}) > 1:
            where = ", ".join(f"steps[{i}] ordered: {str(r.ordered).lower()}" for i, r in chosen_steps)
            problems.append(
                Problem(file, "steps", f"the path {as_map} mixes ordered and unordered steps ({where}): make one")
            )
        problems.extend(Problem(file, "", f"the path {as_map}: {p}") for p in language_problems(guide, checklist))
    for qi, q in enumerate(procedure.questions):
        if q.id not in asked:
            problems.append(Problem(file, f"questions[{qi}]", f"question '{q.id}' is never asked"))
            continue
        for oi, o in enumerate(q.options):
            if (q.id, o.id) not in chosen:
                problems.append(Problem(file, f"questions[{qi}].options[{oi}]", f"option '{o.id}' can never be chosen"))
    for kind, conditions in lines.items():
        for i in range(len(conditions)):
            if i not in fired[kind]:
                problems.append(Problem(file, f"{kind}[{i}]", "this line is on no checklist: its 'when' never holds"))
    return problems + wording_problems(guide, procedure)


def wording_problems(guide: Guide, procedure: Procedure) -> list[Problem]:
    """Blockers without a kind; wording that bars more than its cited sentence; zh and en that differ."""
    file = procedure.source_file
    problems: list[Problem] = []
    for i, blocker in enumerate(procedure.blockers):
        if blocker.section and blocker.kind is None:
            kinds = ", ".join(BLOCKER_KINDS)
            problems.append(
                Problem(file, f"blockers[{i}]", f"a blocker that cites {blocker.section} must say its kind ({kinds})")
            )
    for path, text, section, reviewed in line_texts(procedure):
        cited = cited_words(guide.sentences, section)
        if cited is None:
            problems.append(Problem(file, path, f"the guide's words for '{section}' are not in sentences.yaml"))
        elif not reviewed:
            for word in added_restrictions(text.zh, cited):
                problems.append(
                    Problem(
                        file,
                        path,
                        f"'{word}' is not in the guide's words for {section}: say only what the guide says, "
                        "or give 'reviewed:' the reason it is the guide's",
                    )
                )
        problems.extend(Problem(file, path, f"zh and en differ: {d}") for d in meaning_differences(text))
    whole = cited_words(guide.sentences, procedure.section, whole=True) or ""
    for path, text in question_texts(procedure):
        for word in added_restrictions(text.zh, whole):
            problems.append(Problem(file, path, f"'{word}' is nowhere in the guide's section {procedure.section}"))
        problems.extend(Problem(file, path, f"zh and en differ: {d}") for d in meaning_differences(text))
    return problems


def language_problems(guide: Guide, checklist: Checklist) -> list[str]:
    """The checklist's lines in zh, en and zh_hant must be the same lines: same kinds, same count, none empty."""
    rows = {lang: text_rows(checklist, guide, lang) for lang in LANGS}
    kinds = {lang: [row.kind for row in lang_rows] for lang, lang_rows in rows.items()}
    problems: list[str] = []
    for lang in LANGS[1:]:
        if kinds[lang] != kinds[LANGS[0]]:
            counts = f"{len(kinds[lang])} lines, zh {len(kinds[LANGS[0]])}"
            problems.append(f"the {lang} checklist has other lines than the zh one ({counts})")
    if problems:
        return problems
    for index, row in enumerate(rows[LANGS[0]]):
        if row.kind == "blank":
            continue
        empty = [lang for lang in LANGS if not rows[lang][index].words.strip() or "\n" in rows[lang][index].text]
        if empty:
            problems.append(f"line {index + 1} ({row.kind}) is empty or broken in {', '.join(empty)}")
    return problems


def check_guide(guide: Guide) -> list[Problem]:
    """Every problem in the guide's flows; an empty list means the guide is sound."""
    return [p for procedure in guide.procedures for p in check_procedure(guide, procedure)]
