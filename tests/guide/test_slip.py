"""The printed slip and the short QR text: exact text, width limits, and printing through a command."""

from __future__ import annotations

import re
import shlex
import stat
import time
from datetime import datetime
from pathlib import Path

import pytest
from guide_helpers import default_guide

from kiosk.cli import run
from kiosk.guide.breaking import cells, wrap
from kiosk.guide.engine import build_checklist, paths
from kiosk.guide.model import AnswerValue, Checklist
from kiosk.guide.render import render_text
from kiosk.guide.slip import COMPACT_BUDGET, compact_variants, render_compact, render_slip
from kiosk.printer import PRINT_FAILED, PRINTED, PrintResult, print_slip

GUIDE = default_guide()
LANGS = ("zh", "en", "zh_hant")
PRINTED_AT = datetime(2026, 3, 5, 9, 30)
# The longest short text in English, over every path (in bytes of UTF-8): items alone go past the budget.
EN_COMPACT_MAX = 720


def checklist(procedure: str, **answers: AnswerValue) -> Checklist:
    """The checklist for `answers`, with a fixed guide version so a guide edit elsewhere keeps these texts."""
    proc = GUIDE.procedure(procedure)
    assert proc is not None
    return build_checklist(GUIDE, proc, answers)._replace(guide_version="test")


def every_checklist() -> list[Checklist]:
    return [build_checklist(GUIDE, p, dict(answers)) for p in GUIDE.procedures for answers in paths(p)]


MINOR_AT_INSTANT_OUTLET = checklist("first_application", identity="mainland", age=12, channel="instant_outlet")
CANCEL_AFTER_REISSUE = checklist("cancel_loss_report", loss_kind="formal", reissued="reissued")
TEMPORARY_LOSS = checklist("report_loss", loss_kind="temporary")

SLIP_ZH = (
    "个人首次申领社保卡 — 办事清单\n"
    "取件码：K7M-Q4X\n"
    "日期：2026-03-05 09:30\n"
    "指南版本：test\n"
    "================================\n"
    "\n"
    "您的回答：\n"
    "  - 申请人是哪类人员？ 中国大陆\n"
    "    居民\n"
    "  - 申请人多少周岁？ 12\n"
    "  - 您想怎样办理？ 即时制卡网点\n"
    "    （立等可取）\n"
    "\n"
    "请携带：\n"
    "  [ ] 申请人本人的有效身份证件\n"
    "      （原件），以下任一：二代居\n"
    "      民身份证、户口簿（仅限不满\n"
    "      16周岁人员）\n"
    "  [ ] 法定监护人的有效身份证件\n"
    "      （原件），以下任一：二代居\n"
    "      民身份证、社会保障卡、台湾\n"
    "      居民来往大陆通行证、港澳居\n"
    "      民来往内地通行证、港澳台居\n"
    "      民居住证、外国人永久居留\n"
    "      证、外国人护照\n"
    "  [ ] 法定监护人的可证明法定监护\n"
    "      关系的材料（指南未说明原件\n"
    "      或复印件），例如：可直接体\n"
    "      现父子、母子关系的户口簿、\n"
    "      出生医学证明\n"
    "\n"
    "去哪里办：\n"
    "  - 即时制卡网点（立等可取）：提\n"
    "    交材料办理申领，当场领卡\n"
    "\n"
    "办理时限：\n"
    "  ⏱ 即时制卡网点立等可取\n"
    "\n"
    "注意：\n"
    "  ⚠ 未成年人由法定监护人代办\n"
    "  ⚠ 7周岁以上人员需采集照片信息\n"
    "\n"
    "须知：\n"
    "  ℹ 发卡行为苏州银行的江苏省社会\n"
    "    保障卡（第三代社会保障卡）可\n"
    "    通过激活苏州银行金融账户，同\n"
    "    步注销原苏州市社会保障·市民\n"
    "    卡人社功能和金融功能\n"
    "\n"
    "咨询电话：\n"
    "  ☎ 人社功能咨询：12333\n"
    "  ☎ 金融功能咨询：各家合作银行\n"
    "  ☎ 交通一卡通功能咨询：962026\n"
    "--------------------------------\n"
    "到窗口出示取件码，工作人员可调出\n"
    "本清单。\n"
)

SLIP_EN = (
    "Cancel a loss report —\n"
    "Checklist\n"
    "Pickup code: K7M-Q4X\n"
    "Date: 2026-03-05 09:30\n"
    "guide version: test\n"
    "================================\n"
    "\n"
    "Your answers:\n"
    "  - Which loss report did you\n"
    "    make? Formal\n"
    "  - Have you already had a new\n"
    "    card reissued after the\n"
    "    formal loss report? Yes, a\n"
    "    new card was reissued\n"
    "\n"
    "✖ This cannot be done:\n"
    "  ✖ Once a new card has been\n"
    "    reissued after a formal loss\n"
    "    report, the formal loss\n"
    "    report can no longer be\n"
    "    cancelled\n"
    "    What you can do: Call 12333\n"
    "    with any questions\n"
    "\n"
    "Hotlines:\n"
    "  ☎ HRSS hotline (social\n"
    "     security function): 12333\n"
    "  ☎ bank account questions:\n"
    "     each partner bank\n"
    "  ☎ transport card hotline:\n"
    "     962026\n"
    "--------------------------------\n"
    "Show the pickup code at a\n"
    "counter: staff can open this\n"
    "checklist.\n"
)

COMPACT_ZH = (
    "个人首次申领社保卡 — 办事清单\n"
    "取件码：K7M-Q4X\n"
    "请携带：\n"
    "- 申请人本人的有效身份证件（原件）：二代居民身份证/户口簿（仅限不满16周岁人员）\n"
    "- 法定监护人的有效身份证件（原件）：二代居民身份证/社会保障卡/…\n"
    "- 法定监护人的可证明法定监护关系的材料，例如：可直接体现父子、母子关系的户口簿/出生医学证明\n"
    "- 即时制卡网点（立等可取）\n"
    "⏱ 即时制卡网点立等可取\n"
    "☎ 人社功能咨询：12333\n"
    "完整清单：到窗口出示取件码"
)

COMPACT_ZH_HANT = (
    "個人首次申領社保卡 — 辦事清單\n"
    "取件碼：K7M-Q4X\n"
    "請攜帶：\n"
    "- 申請人本人的有效身份證件（原件）：二代居民身份證/戶口簿（僅限不滿16週歲人員）\n"
    "- 法定監護人的有效身份證件（原件）：二代居民身份證/社會保障卡/…\n"
    "- 法定監護人的可證明法定監護關係的材料，例如：可直接體現父子、母子關係的戶口簿/出生醫學證明\n"
    "- 即時製卡網點（立等可取）\n"
    "⏱ 即時製卡網點立等可取\n"
    "☎ 人社功能諮詢：12333\n"
    "完整清單：到窗口出示取件碼"
)

COMPACT_EN = (
    "Cancel a loss report — Checklist\n"
    "Pickup code: K7M-Q4X\n"
    "This cannot be done:\n"
    "✖ Once a new card has been reissued after a formal loss report, "
    "the formal loss report can no longer be cancelled\n"
    "What you can do: Call 12333 with any questions\n"
    "☎ HRSS hotline (social security function): 12333\n"
    "☎ bank account questions: each partner bank\n"
    "☎ transport card hotline: 962026"
)

COMPACT_EN_LOSS = (
    "Report a lost card — Checklist\n"
    "Pickup code: K7M-Q4X\n"
    "- HRSS hotline 12333 (phone): Call 12333 to report the HRSS function as lost (temporary)\n"
    "- partner bank (by its own rules): Report the bank account as lost (temporary) by your partner bank's rules\n"
    "⏱ A temporary loss report of the HRSS function lasts 7 days, then ends by itself\n"
    "⚠ The HRSS function and the bank account are each reported as lost, separately\n"
    "ℹ To get a new card (reissue), you must first make a formal loss report\n"
    "? The guide does not say what to bring or provide for a loss report: ask 12333 or your partner bank\n"
    "☎ HRSS hotline (social security function): 12333\n"
    "☎ bank account questions: each partner bank\n"
    "☎ transport card hotline: 962026"
)


# --- the printed slip ------------------------------------------------------------------------


def test_slip_for_a_minor_at_an_instant_outlet_in_chinese() -> None:
    slip = render_slip(MINOR_AT_INSTANT_OUTLET, GUIDE, "zh", "K7M-Q4X", PRINTED_AT)
    assert slip == SLIP_ZH


def test_slip_for_a_loss_report_that_can_no_longer_be_cancelled_in_english() -> None:
    slip = render_slip(CANCEL_AFTER_REISSUE, GUIDE, "en", "K7M-Q4X", PRINTED_AT)
    assert slip == SLIP_EN


def test_slip_in_traditional_chinese_is_the_converted_chinese_slip_with_its_own_labels() -> None:
    slip = render_slip(TEMPORARY_LOSS, GUIDE, "zh_hant", "K7M-Q4X", PRINTED_AT).split("\n")
    assert slip[:4] == ["掛失 — 辦事清單", "取件碼：K7M-Q4X", "日期：2026-03-05 09:30", "指南版本：test"]
    assert slip[-3:] == ["到窗口出示取件碼，工作人員可調出", "本清單。", ""]


@pytest.mark.parametrize("width", [24, 32, 42])
def test_no_slip_line_is_wider_than_the_paper(width: int) -> None:
    widest = {
        lang: max(
            cells(line, wide_ambiguous=True)
            for c in every_checklist()
            for line in render_slip(c, GUIDE, lang, "K7M-Q4X", PRINTED_AT, width).split("\n")
        )
        for lang in LANGS
    }
    assert widest == {"zh": width, "en": width, "zh_hant": width}


def test_wrapping_the_slip_loses_no_character() -> None:
    for c in every_checklist():
        for lang in LANGS:
            for line in render_text(c, GUIDE, lang).split("\n"):
                assert "".join(wrap(line, 32, 6)).replace(" ", "") == line.replace(" ", "")


@pytest.mark.parametrize(
    ("text", "width", "indent", "lines"),
    [
        ("Hello world again", 11, 0, ["Hello world", "again"]),
        ("  - aaa bbb ccc", 9, 4, ["  - aaa", "    bbb", "    ccc"]),
        ("申请人本人的有效身份证件", 10, 0, ["申请人本人", "的有效身份", "证件"]),
        ("申请人本人的有效身份证件", 11, 0, ["申请人本人", "的有效身份", "证件"]),
        # Closing punctuation stays with the character before it; opening with the one after.
        ("一二三四，五六", 8, 0, ["一二三", "四，五六"]),
        ("一二（原件）", 6, 0, ["一二", "（原", "件）"]),
        ("12333咨询", 6, 0, ["12333", "咨询"]),
        ("abcdefghij", 4, 0, ["abcd", "efgh", "ij"]),
        ("", 10, 0, [""]),
    ],
)
def test_wrap(text: str, width: int, indent: int, lines: list[str]) -> None:
    assert wrap(text, width, indent) == lines


def test_a_wrapped_line_is_never_wider_than_asked_even_for_one_long_word() -> None:
    assert wrap("x 社会保障卡社会保障卡", 5) == ["x 社", "会保", "障卡", "社会", "保障", "卡"]
    with pytest.raises(ValueError, match="at least 4 columns"):
        wrap("卡", 3)


@pytest.mark.parametrize(
    ("text", "width"),
    [("社保卡", 6), ("abc", 3), ("（原件）", 8), ("—", 2), ("⚠", 1), ("e\u0301", 1)],
)
def test_display_width(text: str, width: int) -> None:
    assert cells(text, wide_ambiguous=True) == width


# --- the short text for a QR code ------------------------------------------------------------


def test_short_text_for_a_minor_in_chinese_keeps_what_to_bring_and_where() -> None:
    assert render_compact(MINOR_AT_INSTANT_OUTLET, GUIDE, "zh", "K7M-Q4X") == COMPACT_ZH


def test_short_text_in_traditional_chinese() -> None:
    assert render_compact(MINOR_AT_INSTANT_OUTLET, GUIDE, "zh_hant", "K7M-Q4X") == COMPACT_ZH_HANT


def test_short_text_of_a_final_blocker_in_english() -> None:
    assert render_compact(CANCEL_AFTER_REISSUE, GUIDE, "en", "K7M-Q4X") == COMPACT_EN


def test_short_text_within_the_budget_is_the_whole_checklist() -> None:
    variants = compact_variants(TEMPORARY_LOSS, GUIDE, "en", "K7M-Q4X")
    assert variants[0] == COMPACT_EN_LOSS
    assert [len(v.encode()) for v in variants] == [720, 696, 615, 515, 381, 300]
    assert render_compact(TEMPORARY_LOSS, GUIDE, "en", "K7M-Q4X", budget=720) == COMPACT_EN_LOSS
    assert render_compact(TEMPORARY_LOSS, GUIDE, "en", "K7M-Q4X", budget=719) == variants[1]
    assert render_compact(TEMPORARY_LOSS, GUIDE, "en", "K7M-Q4X", budget=0) == variants[-1]


def test_every_short_text_keeps_the_title_the_code_and_12333() -> None:
    for c in every_checklist():
        for lang in LANGS:
            for text in compact_variants(c, GUIDE, lang, "K7M-Q4X"):
                lines = text.split("\n")
                assert lines[0].startswith(c.title.get(lang))
                assert lines[1].endswith("K7M-Q4X")
                assert "12333" in text
                for step in c.steps:  # numbered where the guide orders them, else a list
                    marker = rf"{step.number}\." if c.steps_ordered else "-"
                    assert re.search(rf"^{marker} ", text, re.M)


def test_the_short_text_fits_the_budget_in_chinese_and_nearly_in_english() -> None:
    longest = {
        lang: max(len(render_compact(c, GUIDE, lang, "K7M-Q4X").encode()) for c in every_checklist()) for lang in LANGS
    }
    assert longest["zh"] <= COMPACT_BUDGET
    assert longest["zh_hant"] <= COMPACT_BUDGET
    assert longest["en"] <= EN_COMPACT_MAX


# --- printing --------------------------------------------------------------------------------


def fake_printer(folder: Path) -> tuple[str, Path]:
    """A printer command that writes what it is given to a file; its path has a space, as paths may."""
    script = folder / "fake printer"
    script.write_text('#!/bin/sh\ncat > "$1"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    paper = folder / "paper.txt"
    return shlex.join([str(script), str(paper)]), paper


def test_printing_sends_the_exact_slip_to_the_printer_command(tmp_path: Path) -> None:
    command, paper = fake_printer(tmp_path)
    slip = render_slip(MINOR_AT_INSTANT_OUTLET, GUIDE, "zh", "K7M-Q4X", PRINTED_AT)
    result = print_slip(slip, command)
    assert result == PrintResult(ok=True)
    assert result.message == PRINTED
    assert paper.read_bytes() == SLIP_ZH.encode("utf-8")


def test_printing_in_a_printers_own_encoding(tmp_path: Path) -> None:
    command, paper = fake_printer(tmp_path)
    assert print_slip("取件码：K7M-Q4X ⏱\n", command, encoding="gb18030").ok
    assert paper.read_bytes() == "取件码：K7M-Q4X ⏱\n".encode("gb18030")


def test_a_failing_printer_says_why_and_tells_the_visitor_what_to_do_instead() -> None:
    result = print_slip(SLIP_EN, "sh -c 'cat > /dev/null; echo out of paper >&2; exit 3'")
    assert result == PrintResult(ok=False, reason="the printer command exited with status 3: out of paper")
    assert result.message == PRINT_FAILED
    assert result.message.en == (
        "Printing failed: photograph the checklist on the screen, or scan the QR code with your phone."
    )


def test_a_printer_that_reads_nothing_and_fails_is_a_failure() -> None:
    assert print_slip(SLIP_EN, "false") == PrintResult(
        ok=False, reason="the printer command exited with status 1: false"
    )


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("/nonexistent/lp -d lobby", "the printer command was not found: /nonexistent/lp"),
        ("", "no printer command is configured"),
        ("lp -d 'lobby", "the printer command cannot be read (No closing quotation): lp -d 'lobby"),
    ],
)
def test_a_missing_or_unreadable_printer_command_is_a_failure(command: str, reason: str) -> None:
    assert print_slip(SLIP_EN, command) == PrintResult(ok=False, reason=reason)


def test_a_printer_that_hangs_is_stopped_after_the_timeout() -> None:
    started = time.monotonic()
    result = print_slip(SLIP_EN, "sh -c 'sleep 30 & sleep 30'", timeout=0.5)
    assert result == PrintResult(ok=False, reason="the printer command did not finish within 0.5 seconds: sh")
    assert time.monotonic() - started < 5


# --- the command line ------------------------------------------------------------------------


def test_the_command_line_prints_the_same_slip(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["checklist", "report_loss", "-a", "loss_kind=temporary", "--lang", "en", "--format", "slip"]
    assert run([*argv, "--code", "K7M-Q4X", "--date", "2026-03-05 09:30"]) == 0
    proc = GUIDE.procedure("report_loss")
    assert proc is not None
    expected = render_slip(build_checklist(GUIDE, proc, {"loss_kind": "temporary"}), GUIDE, "en", "K7M-Q4X", PRINTED_AT)
    assert capsys.readouterr().out == expected


def test_the_command_line_slip_without_a_code_shows_a_placeholder(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(["checklist", "report_loss", "-a", "loss_kind=formal", "-a", "loss_channel=online", "--format", "slip"])
        == 0
    )
    assert capsys.readouterr().out.split("\n")[1] == "取件码：------"


def test_format_json_is_the_same_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["checklist", "report_loss", "-a", "loss_kind=temporary", "--json"]) == 0
    with_json = capsys.readouterr().out
    assert run(["checklist", "report_loss", "-a", "loss_kind=temporary", "--format", "json"]) == 0
    assert capsys.readouterr().out == with_json


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--json", "--format", "slip"], "kiosk: --json and --format slip ask for different output; use one\n"),
        (
            ["--format", "slip", "--date", "tomorrow"],
            "kiosk: --date 'tomorrow' is not a date; write e.g. 2026-03-05 or '2026-03-05 09:30'\n",
        ),
    ],
)
def test_the_command_line_says_what_to_type_instead(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["checklist", "report_loss", "-a", "loss_kind=temporary", *extra]) == 2
    assert capsys.readouterr().err == message
