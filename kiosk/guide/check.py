"""Whole-guide checks that need the engine: every option and every line reachable, every path ends."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.guide.engine import build_checklist, paths, replay
from kiosk.guide.model import Guide, Procedure


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
    return problems


def check_guide(guide: Guide) -> list[Problem]:
    """Every problem in the guide's flows; an empty list means the guide is sound."""
    return [p for procedure in guide.procedures for p in check_procedure(guide, procedure)]
