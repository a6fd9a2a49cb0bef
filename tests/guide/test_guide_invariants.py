"""Rules that hold on every path through every procedure (each path enumerated by `engine.paths`)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from guide_cases import (
    EVERY_CHECKLIST,
    EVERY_PATH,
    GUIDE,
    OUTLINE,
    SEED,
    accepted,
    items_of,
    place_ids,
    section_problem,
)

from kiosk.guide.engine import replay
from kiosk.guide.hant import to_traditional
from kiosk.guide.model import AnswerValue, Checklist, Note, NoteKind
from kiosk.guide.render import from_json, render_text, to_json

PATHS_PER_PROCEDURE = {
    # 4 identities; mainland: ages 0, 7, 16 (3 channels each) and 18 (3 who x 3 channels) = 18;
    # each of the other 3 identities: ages 0, 7, 16 and 18 (3 who) = 6
    "first_application": 36,
    "batch_application": 2,
    "report_loss": 3,
    "cancel_loss_report": 4,
    "reissue": 3,
    "replacement": 3,
    "password_reset": 3,
    "cancellation": 6,  # death (3 who), settling abroad, a move to another province, another reason
    "information": 1,
}


def notes_of(checklist: Checklist, kind: NoteKind) -> list[Note]:
    return [note for note in checklist.notes if note.kind == kind]


def paths_of(procedure_id: str) -> list[tuple[str, dict[str, AnswerValue], Checklist]]:
    return [case for case in EVERY_CHECKLIST if case[0].startswith(procedure_id + ":")]


def each(procedure_id: str) -> pytest.MarkDecorator:
    cases = paths_of(procedure_id)
    return pytest.mark.parametrize(("answers", "checklist"), [c[1:] for c in cases], ids=[c[0] for c in cases])


ALL = pytest.mark.parametrize(
    ("answers", "checklist"), [c[1:] for c in EVERY_CHECKLIST], ids=[c[0] for c in EVERY_CHECKLIST]
)


def test_the_number_of_paths_is_known() -> None:
    """A data change that silently drops (or adds) a way through the guide fails here."""
    assert Counter(pid for pid, _ in EVERY_PATH) == PATHS_PER_PROCEDURE
    assert len(EVERY_PATH) == 61


def test_every_procedure_of_the_guide_is_there_in_order() -> None:
    assert [p.id for p in GUIDE.procedures] == list(PATHS_PER_PROCEDURE)


@ALL
def test_every_path_ends_in_a_checklist_with_something_to_do(
    answers: dict[str, AnswerValue], checklist: Checklist
) -> None:
    procedure = GUIDE.procedure(checklist.procedure)
    assert procedure is not None
    assert replay(procedure, answers).done
    assert checklist.steps or checklist.blockers or checklist.notes
    assert [b.question for b in checklist.answers] == list(answers)


# --- 三 employer batch application --------------------------------------------------------


@each("batch_application")
def test_batch_application_never_offers_instant_cards(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    assert "instant_outlet" not in place_ids(checklist)
    assert "express_outlet" not in place_ids(checklist)
    assert "单位申领不支持即时制卡" in [n.text.zh for n in notes_of(checklist, "warning")]


@each("batch_application")
def test_batch_application_has_the_30_day_limit_and_collect_together_warning(
    answers: dict[str, AnswerValue], checklist: Checklist
) -> None:
    assert [n.text.zh for n in notes_of(checklist, "time_limit")] == ["单位申领办理时限为30天内"]
    assert "单位批量申请办卡须由单位代理人统一领卡" in [n.text.zh for n in notes_of(checklist, "warning")]


# --- 二 first application ----------------------------------------------------------------

FIRST = paths_of("first_application")
MINORS = [c for c in FIRST if int(c[1]["age"]) < 18]
NOT_MAINLAND = [c for c in FIRST if c[1]["identity"] != "mainland"]


@pytest.mark.parametrize(("answers", "checklist"), [c[1:] for c in MINORS], ids=[c[0] for c in MINORS])
def test_minor_needs_guardian_documents_and_never_applies_alone(
    answers: dict[str, AnswerValue], checklist: Checklist
) -> None:
    assert "applicant" not in answers  # the "who applies" question is never asked under 18
    # online the guide names no documents (十(四)); at an outlet the guardian brings the three of 二(一)2
    at_outlet = answers.get("channel") != "online"
    assert len(items_of(checklist, "identity_document", "guardian")) == at_outlet
    assert len(items_of(checklist, "guardianship_proof", "guardian")) == at_outlet
    assert len(items_of(checklist, "identity_document", "applicant")) == at_outlet
    assert not items_of(checklist, "identity_document", "agent")
    assert "未成年人由法定监护人代办" in [n.text.zh for n in notes_of(checklist, "warning")]


def test_there_are_minor_paths_for_every_identity_and_channel() -> None:
    assert {(c[1]["identity"], c[1].get("channel")) for c in MINORS} == {
        ("mainland", "online"),
        ("mainland", "instant_outlet"),
        ("mainland", "express_outlet"),
        ("hk_macao", None),
        ("taiwan", None),
        ("foreign", None),
    }


@pytest.mark.parametrize(("answers", "checklist"), [c[1:] for c in NOT_MAINLAND], ids=[c[0] for c in NOT_MAINLAND])
def test_foreigner_or_hk_macao_taiwan_resident_cannot_apply_online(
    answers: dict[str, AnswerValue], checklist: Checklist
) -> None:
    assert "channel" not in answers
    assert place_ids(checklist) == ["partner_bank_outlet"]
    assert "外国人士、港澳台居民暂不支持线上申办社会保障卡，需到合作银行服务网点办理" in [
        n.text.zh for n in notes_of(checklist, "warning")
    ]
    assert not [n for n in notes_of(checklist, "time_limit") if "15个工作日" in n.text.zh]


def test_online_is_only_ever_chosen_by_mainland_residents() -> None:
    online = [c[1] for c in FIRST if c[1].get("channel") == "online"]
    assert online and {a["identity"] for a in online} == {"mainland"}


@each("first_application")
def test_household_register_counts_only_under_16(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    own = items_of(checklist, "identity_document", "applicant")
    takes_register = any("household_register" in accepted(i) for i in own)
    at_outlet = answers.get("channel") != "online"  # online the guide names no documents
    assert takes_register == (answers["identity"] == "mainland" and int(answers["age"]) < 16 and at_outlet)
    for item in checklist.items:
        if item.whose != "applicant":
            assert "household_register" not in accepted(item)


@ALL
def test_a_household_register_always_says_it_is_for_under_16s(
    answers: dict[str, AnswerValue], checklist: Checklist
) -> None:
    for item in checklist.items:
        for material in item.accepted:
            if material.id == "household_register":
                assert "仅限不满16周岁" in material.name.zh
                assert "under 16 only" in material.name.en


@each("first_application")
def test_photo_is_taken_from_age_7(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    photo = [n for n in checklist.notes if "照片" in n.text.zh]
    assert len(photo) == (1 if int(answers["age"]) >= 7 else 0)


# --- everywhere ---------------------------------------------------------------------------


@ALL
def test_every_checklist_has_the_12333_hotline(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    numbers = [h.number.zh for h in checklist.hotlines]
    assert numbers and numbers[0] == "12333"
    assert "hrss" in [h.id for h in checklist.hotlines]


@ALL
def test_a_blocker_never_comes_with_steps_or_things_to_bring(
    answers: dict[str, AnswerValue], checklist: Checklist
) -> None:
    if checklist.blockers:
        assert checklist.steps == ()
        assert checklist.items == ()
        for blocker in checklist.blockers:
            assert blocker.reason.zh and blocker.instead.zh
            assert blocker.because  # a blocker always names the answer behind it


@ALL
def test_every_line_points_to_a_section_of_the_guide(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    lines = [*checklist.items, *checklist.steps, *checklist.notes, *checklist.blockers]
    assert lines
    for line in lines:
        assert section_problem(line.section) is None, (line, section_problem(line.section))


def test_every_rule_and_procedure_points_to_a_section_of_the_guide() -> None:
    for proc in GUIDE.procedures:
        assert section_problem(proc.section) is None, proc.id
        for rule in (*proc.items, *proc.steps, *proc.notes, *proc.blockers):
            assert section_problem(rule.section) is None, (proc.id, rule.section, section_problem(rule.section))


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ("二(一)2", None),
        ("四(三)(1)", None),
        ("十(一)-(三)", None),
        ("八(一)1; 八(二)1; 八(三)", None),
        ("二（三）3", None),
        ("", "empty section"),
        ("十一", "the guide has no section 十一"),
        ("五(一)", "section 五 has no subsection (一)"),
        ("二(一)4", "has no point 4"),
        ("四(三)1", "has no point 1"),
        ("section two", "is not a section reference"),
    ],
)
def test_section_references_are_read_as_the_guide_numbers_them(section: str, problem: str | None) -> None:
    found = section_problem(section)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


@pytest.mark.skipif(not SEED.exists(), reason="the official guide is not beside the project")
def test_the_outline_matches_the_official_guide() -> None:
    text = SEED.read_text(encoding="utf-8").replace("（", "(").replace("）", ")")
    tops: dict[str, dict[str, list[str]]] = {}
    top = sub = ""
    for raw in text.splitlines():
        line = raw.strip().lstrip("#").strip().strip("*").lstrip("- ").strip()
        numbers = "一二三四五六七八九十"
        if raw.startswith("## ") and line[:2].rstrip("、") and line[1:2] in ("、", "") and line[0] in numbers:
            top = line.split("、")[0]
            tops[top] = {}
            sub = ""
        elif line.startswith("(") and line[1:2] in numbers:
            sub = line[: line.index(")") + 1]
            tops[top][sub] = []
        elif sub and line[:1].isdigit() and line[1:2] == "、":
            tops[top][sub].append(line[0])
        elif sub and line.startswith("(") and line[1:2].isdigit():
            tops[top][sub].append(line[:3])
    assert {t: {s: tuple(p) for s, p in subs.items()} for t, subs in tops.items()} == OUTLINE


# --- 四、五 loss reports and reissue --------------------------------------------------------


@each("reissue")
def test_reissue_without_formal_loss_report_is_blocked(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    if answers["formal_loss_report"] == "formal_done":
        assert checklist.blockers == ()
        assert place_ids(checklist) == ["card_outlet"]
    else:
        assert [b.instead_procedure for b in checklist.blockers] == ["report_loss"]
        assert checklist.blockers[0].instead_title == GUIDE.procedure("report_loss").title  # type: ignore[union-attr]


@each("cancel_loss_report")
def test_formal_loss_report_cannot_be_cancelled_after_a_reissue(
    answers: dict[str, AnswerValue], checklist: Checklist
) -> None:
    blocked = answers.get("reissued") == "reissued"
    assert bool(checklist.blockers) == blocked
    if blocked:
        assert checklist.blockers[0].section == "四(四)(2)"


# --- what every front end renders -------------------------------------------------------


@ALL
def test_traditional_chinese_renders_every_path(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    simplified = render_text(checklist, GUIDE, "zh", why=True)
    traditional = render_text(checklist, GUIDE, "zh_hant", why=True)
    assert traditional.count("\n") == simplified.count("\n")
    assert traditional != simplified
    # no Simplified character is left (台 stays: the permits' Traditional names write 台灣, 港澳台)
    assert {ch for ch in traditional if to_traditional(ch) != ch} <= {"台"}
    assert "辦事清單" in traditional and "12333" in traditional
    for wrong in ("髮卡", "登出", "程式碼", "视窗", "天后"):
        assert wrong not in traditional


@ALL
def test_every_language_shows_every_line(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    for lang in ("zh", "en", "zh_hant"):
        text = render_text(checklist, GUIDE, lang)
        for line in (*checklist.notes, *checklist.blockers):
            wording = line.text if hasattr(line, "text") else line.reason  # type: ignore[union-attr]
            assert wording.get(lang) in text
        for step in checklist.steps:
            assert step.action.get(lang) in text
    english = render_text(checklist, GUIDE, "en")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english)


@ALL
def test_json_round_trip_gives_the_same_checklist(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    data = json.loads(json.dumps(to_json(checklist), ensure_ascii=False))
    assert from_json(data) == checklist


@ALL
def test_every_line_says_which_answer_put_it_there(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    procedure = GUIDE.procedure(checklist.procedure)
    assert procedure is not None
    rules = {
        "items": procedure.items,
        "steps": procedure.steps,
        "notes": procedure.notes,
        "blockers": procedure.blockers,
    }
    for kind, lines in (
        ("items", checklist.items),
        ("steps", checklist.steps),
        ("notes", checklist.notes),
        ("blockers", checklist.blockers),
    ):
        assert len(lines) == sum(1 for r in rules[kind] if r.when.holds(answers))
        for line in lines:
            for because in line.because:
                assert answers[because.question] == because.answer


@ALL
def test_steps_are_numbered_from_1_in_order(answers: dict[str, AnswerValue], checklist: Checklist) -> None:
    assert [s.number for s in checklist.steps] == list(range(1, len(checklist.steps) + 1))
