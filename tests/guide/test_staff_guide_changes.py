"""A checklist saved under an older guide: what today's guide gives differently for the same answers."""

from __future__ import annotations

import pytest

from kiosk.guide.changes import checklist_lines, compare_with_current
from kiosk.guide.engine import build_checklist
from kiosk.guide.model import Because, Checklist, Guide, Note, Question, Text

CHILD_AT_INSTANT_OUTLET = {"identity": "mainland", "age": 12, "channel": "instant_outlet"}


@pytest.fixture
def today(guide: Guide) -> Checklist:
    procedure = guide.procedure("first_application")
    assert procedure is not None
    return build_checklist(guide, procedure, CHILD_AT_INSTANT_OUTLET)


def test_the_same_checklist_under_another_version_has_no_differences(guide: Guide, today: Checklist) -> None:
    change = compare_with_current(today._replace(guide_version="0ld0"), guide)
    assert change.same_checklist
    assert (change.saved_version, change.current_version) == ("0ld0", guide.version)
    assert (change.added, change.removed, change.no_longer_asked, change.now_asks) == ((), (), (), None)


def test_a_line_the_old_guide_lacked_is_added_and_one_it_had_is_removed(guide: Guide, today: Checklist) -> None:
    old_note = Note("warning", Text(zh="旧规定", en="An old rule"), "二(九)", ())
    saved = today._replace(guide_version="0ld0", items=today.items[1:], notes=(*today.notes, old_note))

    change = compare_with_current(saved, guide)

    guardian_document = checklist_lines(today._replace(items=today.items[:1], steps=(), notes=(), hotlines=()), guide)
    assert change.added == tuple(guardian_document)
    assert change.added[0].en.startswith("the applicant's valid identity document (original)")
    assert change.removed == (Text(zh="⚠ 旧规定", en="⚠ An old rule"),)
    assert not change.same_checklist


def test_steps_are_compared_without_their_numbers(guide: Guide, today: Checklist) -> None:
    renumbered = tuple(step._replace(number=step.number + 1) for step in today.steps)
    assert compare_with_current(today._replace(steps=renumbered, guide_version="0ld0"), guide).same_checklist


def test_answers_that_no_longer_complete_a_path_name_the_question_now_asked(guide: Guide, today: Checklist) -> None:
    procedure = guide.procedure("first_application")
    assert procedure is not None
    new_question = Question("school", "choice", Text(zh="是否在校？", en="Is the applicant at school?"))
    newer = guide._replace(
        version="9e9e",
        procedures=tuple(
            p._replace(questions=(*p.questions, new_question)) if p.id == procedure.id else p for p in guide.procedures
        ),
    )
    change = compare_with_current(today, newer)
    assert change.now_asks == new_question
    assert not change.same_checklist


def test_an_answer_to_a_question_no_longer_asked_is_named(guide: Guide, today: Checklist) -> None:
    dropped = Because(
        "hukou", Text(zh="户籍在江苏吗？", en="Is your hukou in Jiangsu?"), "yes", Text(zh="是", en="Yes")
    )
    change = compare_with_current(today._replace(answers=(*today.answers, dropped), guide_version="0ld0"), guide)
    assert change.no_longer_asked == (dropped.question_text,)
    assert change.same_checklist


def test_a_procedure_the_guide_no_longer_has_says_so(guide: Guide, today: Checklist) -> None:
    change = compare_with_current(today._replace(procedure="abolished", guide_version="0ld0"), guide)
    assert change.procedure_gone and not change.same_checklist
