"""Helpers for the guide tests: build a checklist from answers, walk every path, read guide section references."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from guide_helpers import default_guide

from kiosk.guide.engine import build_checklist, paths, replay
from kiosk.guide.load import GUIDE_DIR
from kiosk.guide.model import Answers, AnswerValue, Checklist, Item, Procedure

GUIDE = default_guide()
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "jiangsu-social-security-card-guide.md"
GLOSSARY = SHARED / "GLOSSARY.md"

# The official guide's outline: top-level sections, their subsections and the numbered points inside.
# `test_the_outline_matches_the_official_guide` reads the guide itself to keep this table honest.
OUTLINE: dict[str, dict[str, tuple[str, ...]]] = {
    "一": {},
    "二": {"(一)": ("1", "2", "3"), "(二)": (), "(三)": ("1", "2", "3")},
    "三": {"(一)": (), "(二)": (), "(三)": ("1", "2")},
    "四": {"(一)": (), "(二)": (), "(三)": ("(1)", "(2)"), "(四)": ("(1)", "(2)", "(3)")},
    "五": {},
    "六": {"(一)": (), "(二)": ("1", "2"), "(三)": ("1", "2"), "(四)": ()},
    "七": {"(一)": (), "(二)": ()},
    "八": {"(一)": ("1", "2"), "(二)": ("1", "2"), "(三)": ()},
    "九": {},
    "十": {"(一)": (), "(二)": (), "(三)": (), "(四)": ()},
}
_NUM = "[一二三四五六七八九十]"
_REF = re.compile(rf"^({_NUM}+)(?:(\({_NUM}+\))(?:-(\({_NUM}+\)))?)?(\(\d+\)|\d+)?$")


def section_problem(section: str) -> str | None:
    """Why `section` (e.g. "二(一)2; 三(三)") does not point into the guide, or None if it does."""
    if not section.strip():
        return "empty section"
    for ref in section.replace("（", "(").replace("）", ")").split(";"):
        ref = ref.strip()
        match = _REF.match(ref)
        if not match:
            return f"'{ref}' is not a section reference"
        top, sub, sub_end, point = match.groups()
        if top not in OUTLINE:
            return f"'{ref}': the guide has no section {top}"
        for part in (sub, sub_end):
            if part and part not in OUTLINE[top]:
                return f"'{ref}': section {top} has no subsection {part}"
        if point and (not sub or sub_end or point not in OUTLINE[top][sub]):
            return f"'{ref}': {top}{sub or ''} has no point {point}"
    return None


def procedure(procedure_id: str) -> Procedure:
    found = GUIDE.procedure(procedure_id)
    assert found is not None, procedure_id
    return found


def checklist(procedure_id: str, **answers: AnswerValue) -> Checklist:
    """The checklist a visitor gets for these answers (every question must be answered)."""
    return build_checklist(GUIDE, procedure(procedure_id), answers)


def next_question(procedure_id: str, **answers: AnswerValue) -> str | None:
    """The id of the question asked next after these answers, or None when the checklist is ready."""
    question = replay(procedure(procedure_id), answers).next_question
    return question.id if question else None


def path_id(procedure_id: str, answers: Answers) -> str:
    return procedure_id + ":" + ",".join(f"{q}={v}" for q, v in answers)


def every_path() -> Iterator[tuple[str, Answers]]:
    for proc in GUIDE.procedures:
        for answers in paths(proc):
            yield proc.id, answers


EVERY_PATH = list(every_path())
EVERY_CHECKLIST = [
    (path_id(pid, answers), dict(answers), checklist(pid, **dict(answers))) for pid, answers in EVERY_PATH
]


def place_ids(c: Checklist) -> list[str]:
    """The places of the steps, in the order the visitor goes."""
    return [s.place.id for s in c.steps]


def items_of(c: Checklist, material: str, whose: str | None = None) -> list[Item]:
    return [i for i in c.items if i.material == material and (whose is None or i.whose == whose)]


def the_item(c: Checklist, material: str, whose: str) -> Item:
    found = items_of(c, material, whose)
    assert len(found) == 1, f"expected one {whose} {material}, found {[(i.material, i.whose) for i in c.items]}"
    return found[0]


def accepted(item: Item) -> list[str]:
    return [m.id for m in item.accepted]


def notes(c: Checklist, kind: str) -> list[str]:
    """The Simplified Chinese text of the notes of one kind, in order."""
    return [n.text.zh for n in c.notes if n.kind == kind]


def all_text(c: Checklist) -> str:
    """Every Simplified Chinese line the checklist shows, joined (to look for a phrase anywhere)."""
    parts = [i.name.zh + (i.note.zh if i.note else "") for i in c.items]
    parts += [s.place.name.zh + (s.place_note.zh if s.place_note else "") + s.action.zh for s in c.steps]
    parts += [n.text.zh for n in c.notes]
    parts += [b.reason.zh + b.instead.zh for b in c.blockers]
    return "\n".join(parts)


def copy_guide(target: Path) -> Path:
    """A copy of the packaged guide folder (catalogue + procedures) to break in a test."""
    root = target / "guide"
    (root / "procedures").mkdir(parents=True)
    shutil.copy(GUIDE_DIR / "catalogue.yaml", root / "catalogue.yaml")
    shutil.copy(GUIDE_DIR / "sentences.yaml", root / "sentences.yaml")
    for file in (GUIDE_DIR / "procedures").glob("*.yaml"):
        shutil.copy(file, root / "procedures" / file.name)
    return root
