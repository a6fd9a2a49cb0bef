"""The command line speaks the visitor's language: --lang takes the usual tags, and its messages follow it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from guide_cases import copy_guide

from kiosk.cli import run
from kiosk.cli_words import lang_tag


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.mark.parametrize(
    ("tag", "lang"),
    [
        ("zh", "zh"),
        ("zh-Hans", "zh"),
        ("zh-CN", "zh"),
        ("zh_hant", "zh_hant"),
        ("zh-Hant", "zh_hant"),
        ("ZH-HANT", "zh_hant"),
        ("zh_TW", "zh_hant"),
        ("zh-HK", "zh_hant"),
        ("en", "en"),
        ("en-GB", "en"),
    ],
)
def test_lang_takes_the_kiosk_s_names_and_the_usual_tags(tag: str, lang: str) -> None:
    assert lang_tag(tag) == lang


@pytest.mark.parametrize(
    ("tag", "title"),
    [("zh-Hans", "补卡 — 办事清单"), ("zh-Hant", "補卡 — 辦事清單"), ("en", "Reissue a lost card — Checklist")],
)
def test_the_checklist_is_in_the_language_tag(capsys: pytest.CaptureFixture[str], tag: str, title: str) -> None:
    code, out, _ = cli(capsys, "checklist", "reissue", "-a", "formal_loss_report=formal_done", "--lang", tag)
    assert code == 0
    assert out.splitlines()[0] == title


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "zh",
            "kiosk: 没有“first_card”这项业务；可选的业务：first_application, batch_application, report_loss, "
            "cancel_loss_report, reissue, replacement, password_reset, cancellation, information\n",
        ),
        (
            "zh-Hant",
            "kiosk: 沒有「first_card」這項業務；可選的業務：first_application, batch_application, report_loss, "
            "cancel_loss_report, reissue, replacement, password_reset, cancellation, information\n",
        ),
        (
            "en",
            "kiosk: unknown procedure 'first_card'; valid procedures: first_application, batch_application, "
            "report_loss, cancel_loss_report, reissue, replacement, password_reset, cancellation, information\n",
        ),
    ],
)
def test_an_unknown_procedure_is_said_in_the_lang(capsys: pytest.CaptureFixture[str], lang: str, message: str) -> None:
    code, out, err = cli(capsys, "checklist", "first_card", "--lang", lang)
    assert (code, out, err) == (2, "", message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["first_application", "-a", "identity=martian"],
            "kiosk: “martian”不是identity的选项；可选：mainland, hk_macao, taiwan, foreign\n",
        ),
        (
            ["first_application", "-a", "identity=mainland", "-a", "age=abc"],
            "kiosk: age：请只输入数字（0到150），例如：35\n",
        ),
        (
            ["reissue", "-a", "formal_loss_report"],
            "kiosk: “formal_loss_report”不是“问题=答案”（QUESTION=VALUE）的写法\n",
        ),
        (
            ["first_application", "-a", "nationality=foreign"],
            "kiosk: “nationality”不是first_application的问题；可用的问题：identity, age, applicant, channel\n",
        ),
        (["information", "-a", "topic=x"], "kiosk: “topic”不是information的问题；可用的问题：（此业务不问任何问题）\n"),
        (
            ["reissue", "-a", "formal_loss_report=formal_done", "--date", "soon"],
            "kiosk: --date “soon”不是日期；请写成 2026-03-05 或 '2026-03-05 09:30'\n",
        ),
        (
            ["reissue", "-a", "formal_loss_report=formal_done", "-a", "formal_loss_report=not_reported"],
            "kiosk: formal_loss_report回答了两次；每个问题只给一个回答\n",
        ),
    ],
)
def test_bad_input_is_said_in_chinese_with_lang_zh(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = cli(capsys, "checklist", *args, "--lang", "zh")
    assert (code, out, err) == (2, "", message)


def test_a_missing_answer_is_said_in_the_lang(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "checklist", "first_application", "-a", "identity=mainland", "--lang", "zh")
    assert code == 2
    assert err == "缺少回答：--answer age=答案（申请人多少周岁？）；答案：0到150的数字\n"


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        (
            "en",
            "note: applicant is not asked for these answers (under 18, the legal guardian applies, so who "
            "applies is not asked) and was ignored\n",
        ),
        ("zh", "注意：按这些回答不问applicant（未满18周岁的，由法定监护人代办，所以不问由谁办理），已忽略这个回答\n"),
        (
            "zh_hant",
            "注意：按這些回答不問applicant（未滿18週歲的，由法定監護人代辦，所以不問由誰辦理），已忽略這個回答\n",
        ),
    ],
)
def test_an_answer_not_asked_says_why(capsys: pytest.CaptureFixture[str], lang: str, note: str) -> None:
    """二(一)2: under 18 the legal guardian applies, so "who is applying" is not asked."""
    answers = ["-a", "identity=mainland", "-a", "age=12", "-a", "applicant=self", "-a", "channel=instant_outlet"]
    code, _, err = cli(capsys, "checklist", "first_application", *answers, "--lang", lang)
    assert (code, err) == (0, note)


def test_without_a_reason_in_the_guide_the_note_says_when_the_question_is_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = copy_guide(tmp_path)
    file = root / "procedures" / "first_application.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    next(q for q in data["questions"] if q["id"] == "applicant").pop("not_asked")
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    answers = ["-a", "identity=mainland", "-a", "age=12", "-a", "applicant=self", "-a", "channel=online"]
    code, _, err = cli(capsys, "--guide", str(root), "checklist", "first_application", *answers, "--lang", "en")
    assert code == 0
    assert err == (
        "note: applicant is not asked for these answers (it is asked only when How old is the applicant "
        "(in full years) is at least 18) and was ignored\n"
    )
    code, _, err = cli(capsys, "--guide", str(root), "checklist", "first_application", *answers, "--lang", "zh")
    assert err == "注意：按这些回答不问applicant（只在申请人多少周岁18以上时询问），已忽略这个回答\n"


def test_a_broken_guide_is_said_in_the_lang(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    (root / "sentences.yaml").unlink()
    code, _, err = cli(capsys, "--guide", str(root), "checklist", "reissue", "--lang", "zh")
    assert code == 1
    assert err.startswith("kiosk: 指南数据有错，自助机不会启动：guide/sentences.yaml: (top): cannot read the file")
