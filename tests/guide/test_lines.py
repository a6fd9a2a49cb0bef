"""The one builder of checklist lines (kiosk.guide.lines), and every view drawing the same lines from it:
the checklist screen, the printed slip, the QR code's text and `kiosk checklist` text."""

from __future__ import annotations

import itertools
import re
from datetime import datetime

import pytest
from conftest import FIXED_CODE, FakeStore
from guide_helpers import default_guide
from rich.cells import cell_len
from wizard_helpers import drawn_lines, press

from kiosk.app import KioskApp
from kiosk.guide.breaking import break_offsets, cells
from kiosk.guide.engine import build_checklist, paths
from kiosk.guide.lines import BOX, Line, Short, build_lines, colon, describe_why
from kiosk.guide.model import AnswerValue, Checklist, Guide, Text
from kiosk.guide.render import render_text
from kiosk.guide.slip import LABELS, compact_variants, render_slip
from screens import words
from screens.staff import staff_words
from screens.visitor.checklist import ChecklistScreen
from screens.widgets.line_list import LineList

GUIDE = default_guide()
LANGS = ("zh", "en", "zh_hant")


def checklist(procedure: str, **answers: AnswerValue) -> Checklist:
    proc = GUIDE.procedure(procedure)
    assert proc is not None
    return build_checklist(GUIDE, proc, answers)


MINOR = checklist("first_application", identity="mainland", age=12, channel="instant_outlet")
REISSUED = checklist("cancel_loss_report", loss_kind="formal", reissued="reissued")
NOT_YET = checklist("reissue", formal_loss_report="temporary_only")
BATCH = checklist("batch_application", collection="agent_collects")
ONLINE_BABY = checklist("first_application", identity="mainland", age=0, channel="online")


def kinds(lines: tuple[Line, ...]) -> list[tuple[str, str]]:
    return [(line.kind, line.marker) for line in lines]


# --- the builder --------------------------------------------------------------------------------


def test_a_minor_at_an_instant_outlet_in_english() -> None:
    lines = build_lines(MINOR, GUIDE, "en", why=True)
    assert lines.title == Line("title", "", "First application (individual) — Checklist")
    assert lines.answers[:2] == (
        Line("heading answers", "", "Your answers"),
        Line("answer", "-", "Who is the card for? A mainland Chinese resident"),
    )
    assert kinds(lines.body) == [
        ("heading bring", ""),
        ("item", BOX),
        ("item", BOX),
        ("item", BOX),
        ("heading steps", ""),
        ("step", "-"),  # one step: the guide gives no order
        ("heading notes", ""),
        ("note time_limit", "⏱"),
        ("heading notes", ""),
        ("note warning", "⚠"),
        ("note warning", "⚠"),
        ("heading notes", ""),
        ("note info", "ℹ"),
        ("heading hotlines", ""),
        ("hotline hrss", "☎"),
        ("hotline partner_bank", "☎"),
        ("hotline transport", "☎"),
    ]
    guardian = lines.body[2]
    assert guardian.text.startswith("the legal guardian's valid identity document (original), any one of: ")
    assert guardian.source == "二(一)2; 三(三)"
    assert guardian.why == (
        "because: How do you want to apply?: At an instant-issue outlet (card while you wait); "
        "How old is the applicant (in full years)?: 12 | guide 二(一)2; 三(三)"
    )
    assert lines.body[7] == Line(
        "note time_limit",
        "⏱",
        "At an instant-issue outlet you get the card while you wait",
        "because: How do you want to apply?: At an instant-issue outlet (card while you wait) | guide 二(二)",
        "二(二)",
    )
    assert lines.body[12].why == "because: the chosen procedure | guide 二(三)2"  # no answer put it there
    assert lines.body[-3] == Line("hotline hrss", "☎", "HRSS hotline (social security function): 12333")
    assert lines.version == Line("version", "", f"guide version: {MINOR.guide_version}")


def test_a_minor_at_an_instant_outlet_in_chinese_and_traditional_chinese() -> None:
    zh, hant = build_lines(MINOR, GUIDE, "zh"), build_lines(MINOR, GUIDE, "zh_hant", why=True)
    assert kinds(zh.body) == kinds(hant.body) == kinds(build_lines(MINOR, GUIDE, "en").body)
    assert zh.body[1].text == "申请人本人的有效身份证件（原件），以下任一：二代居民身份证、户口簿（仅限不满16周岁人员）"
    assert (
        hant.body[1].text == "申請人本人的有效身份證件（原件），以下任一：二代居民身份證、戶口簿（僅限不滿16週歲人員）"
    )
    assert zh.body[5].text == "即时制卡网点（立等可取）：提交材料办理申领，当场领卡"
    assert hant.body[3].why == "原因：您想怎樣辦理？：即時製卡網點（立等可取）; 申請人多少週歲？：12 | 指南 二(一)2"
    assert hant.body[3].source == zh.body[3].source == "二(一)2"
    assert hant.title.text == "個人首次申領社保卡 — 辦事清單"
    assert zh.body[-3].text == "人社功能咨询：12333"


@pytest.mark.parametrize("lang", LANGS)
def test_a_final_blocker_under_its_heading_with_what_to_do_instead(lang: str) -> None:
    body = build_lines(REISSUED, GUIDE, lang, why=True).body
    heading, blocker, instead, *_ = body
    assert (heading.kind, heading.marker, heading.why) == ("heading blocker", "✖", "")
    assert (blocker.kind, blocker.marker, blocker.source) == ("blocker final", "✖", "四(四)(2)")
    assert (instead.kind, instead.marker, instead.why, instead.source) == ("instead final", "", "", "")
    assert blocker.why == describe_why(REISSUED.blockers[0].because, "四(四)(2)", GUIDE, lang)
    if lang == "en":
        assert heading.text == "This cannot be done"
        assert instead.text == "What you can do: Call 12333 with any questions"
    if lang == "zh":
        assert (heading.text, instead.text) == ("无法办理", "您可以：如有疑问请拨打12333咨询")


def test_a_blocker_not_yet_says_what_to_do_first() -> None:
    heading, blocker, instead, *_ = build_lines(NOT_YET, GUIDE, "en").body
    assert heading == Line("heading blocker", "✖", "Cannot be done yet")
    assert blocker.kind == "blocker not_yet" and blocker.source == "五"
    assert instead.text.startswith("First: make a formal loss report")


def test_steps_the_guide_orders_are_numbered() -> None:
    steps = [line for line in build_lines(BATCH, GUIDE, "en").body if line.what == "step"]
    assert [line.marker for line in steps] == ["1.", "2."]
    assert steps[0].text.startswith("partner bank outlet: ")
    heading = next(line for line in build_lines(BATCH, GUIDE, "en").body if line.kind == "heading steps")
    assert heading.text == GUIDE.headings["steps"].en


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_to_bring_is_a_line_of_its_own_without_a_source(lang: str) -> None:
    body = build_lines(ONLINE_BABY, GUIDE, lang).body
    nothing = next(line for line in body if line.kind == "item none")
    assert (nothing.marker, nothing.text, nothing.why, nothing.source) == (
        "-",
        GUIDE.headings["nothing_to_bring"].get(lang),
        "",
        "",
    )
    assert any(line.kind == "note guide_silent" and line.marker == "?" for line in body)


def test_the_short_form_for_the_qr_code() -> None:
    guardian = MINOR.items[1]
    full = build_lines(MINOR, GUIDE, "en").body[2].text
    short = build_lines(MINOR, GUIDE, "en", Short(accepted_max=2, step_actions=False)).body
    assert short[2].text == (
        "the legal guardian's valid identity document (original): "
        "Resident Identity Card (2nd generation) / social security card / …"
    )
    assert len(guardian.accepted) > 2 and "any one of" in full
    assert short[5].text == "instant-issue outlet (card while you wait)"  # the place alone
    assert build_lines(MINOR, GUIDE, "zh", Short(accepted_max=2)).body[1].text == (
        "申请人本人的有效身份证件（原件）：二代居民身份证/户口簿（仅限不满16周岁人员）"
    )


def test_every_line_of_every_checklist_has_a_source_exactly_when_it_comes_from_the_guide() -> None:
    for procedure in GUIDE.procedures:
        for answers in paths(procedure):
            c = build_checklist(GUIDE, procedure, dict(answers))
            built = {lang: build_lines(c, GUIDE, lang, why=True) for lang in LANGS}
            assert len({tuple(kinds(b.body)) for b in built.values()}) == 1, (procedure.id, answers)
            for line in built["en"].body:
                from_guide = line.what in ("blocker", "step", "note") or line.kind == "item"
                assert bool(line.source) == bool(line.why) == from_guide, line
                assert line.text.strip() and "\n" not in line.text
            unasked = build_lines(c, GUIDE, "en").body  # why is said only when asked for; the source always
            assert [(line.source, line.why) for line in unasked] == [(line.source, "") for line in built["en"].body]


# --- the one width rule and line breaker --------------------------------------------------------


def test_the_width_rule_is_the_screens_for_every_character_the_kiosk_shows() -> None:
    """The terminal draws what Rich counts; the breaker must count the same, or a line would overflow."""
    shown: set[str] = set()
    for procedure in GUIDE.procedures:
        for answers in paths(procedure):
            c = build_checklist(GUIDE, procedure, dict(answers))
            for lang in LANGS:
                shown |= set(render_text(c, GUIDE, lang, why=True))
    for module in (words, staff_words):
        for value in vars(module).values():
            texts = value.values() if isinstance(value, dict) else [value]
            shown |= {ch for t in texts if isinstance(t, Text) for lang in LANGS for ch in t.get(lang)}
    shown -= {"\n"}
    assert len(shown) > 500
    assert {ch: cells(ch) for ch in shown if cells(ch) != cell_len(ch)} == {}
    assert cells("—“”…☎") == 5 and cells("—“”…☎", wide_ambiguous=True) == 10  # a Chinese printer's rule


def test_closing_punctuation_never_starts_a_line_nor_opening_ends_one() -> None:
    text = "申请人本人的有效身份证件（原件），以下任一：二代居民身份证"
    for width in range(8, 40):
        ends = [0, *break_offsets(text, width), len(text)]
        lines = [text[a:b] for a, b in itertools.pairwise(ends)]
        assert "".join(lines) == text
        assert all(cells(line) <= max(width, 2) for line in lines)
        assert not any(line[0] in "，：）" for line in lines[1:]), (width, lines)
        assert not any(line[-1] == "（" for line in lines[:-1]), (width, lines)


def test_a_long_word_after_an_opening_bracket_is_cut_after_the_bracket() -> None:
    text = "大厅（https://rs.jshrss.jiangsu.gov.cn/index/）、江苏"
    ends = [0, *break_offsets(text, 16), len(text)]
    lines = [text[a:b] for a, b in itertools.pairwise(ends)]
    assert lines[:2] == ["大厅", "（https://rs.jsh"]  # not "（" alone at the end of a line


# --- every view draws the same lines ------------------------------------------------------------

PRINTED_AT = datetime(2026, 3, 5, 9, 30)
TO_CHECKLIST = ["enter", "1", "1", "1", "2", "enter", "2", "enter"]  # first application: mainland, 12, instant


def _words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _in_order(needles: list[str], haystack: str) -> bool:
    """Each of `needles` in `haystack`, one after the other (white space ignored: the slip wraps lines)."""
    at = 0
    hay = _words(haystack)
    for needle in map(_words, needles):
        found = hay.find(needle, at)
        if found < 0:
            return False
        at = found + len(needle)
    return True


@pytest.mark.parametrize("lang", LANGS)
async def test_the_screen_slip_qr_text_and_text_output_draw_the_same_lines(lang: str, guide: Guide) -> None:
    app = KioskApp(guide, open_store=FakeStore, lang=lang, printer_command="false", wall_clock=lambda: PRINTED_AT)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, *TO_CHECKLIST)
        assert isinstance(app.screen, ChecklistScreen)
        drawn = drawn_lines(app.screen.query_one(LineList))
        c = app.screen.checklist
    built = build_lines(c, guide, lang)
    of_guide = [line for line in built.body if line.what != "heading"]
    said = [f"{line.marker} {line.text}" if line.marker else line.text for line in of_guide]
    # The screen: the same lines, markers and words, as drawn.
    assert [text for text in drawn if text in said] == said
    # `kiosk checklist` text and the slip: the same words and markers (a box is "[ ]" where ☐ may not print).
    plain = [s.replace(BOX, "[ ]", 1) for s in said]
    text = render_text(c, guide, lang)
    assert [row.strip() for row in text.split("\n") if row.strip() in plain] == plain
    assert _in_order(plain, render_slip(c, guide, lang, FIXED_CODE, PRINTED_AT))
    # The QR code's text, fullest: the same lines, each thing to bring in its short form.
    short = build_lines(c, guide, lang, Short())
    qr = [
        f"- {line.text}" if line.marker == BOX else (f"{line.marker} {line.text}" if line.marker else line.text)
        for line in short.body
        if line.what != "heading"
    ]
    shown = compact_variants(c, guide, lang, FIXED_CODE)[0].split("\n")
    assert shown[0] == built.title.text
    assert [line for line in shown if line in qr] == qr
    pickup = f"{LABELS['pickup_code'].get(lang)}{colon(lang)}{FIXED_CODE}"
    assert [line for line in shown[1:] if line not in qr] == [pickup, f"{built.body[0].text}{colon(lang).rstrip()}"]
