"""Text made for the ear: what the speech engine is given, exactly, in each language."""

from __future__ import annotations

import pytest

from kiosk.spoken import Spell, for_the_ear, for_the_ear_line, say_digits, spell


@pytest.mark.parametrize(
    ("digits", "lang", "said"),
    [
        ("12333", "zh", "一二三三三"),
        ("12333", "zh_hant", "一二三三三"),
        ("12333", "en", "one two three three three"),
        ("962026", "zh", "九六二零二六"),
        ("962026", "en", "nine six two zero two six"),
        ("025-12345678", "zh", "零二五，一二三四五六七八"),
        ("025-12345678", "en", "zero two five, one two three four five six seven eight"),
    ],
)
def test_phone_numbers_are_said_digit_by_digit(digits: str, lang: str, said: str) -> None:
    assert say_digits(digits, lang) == said


@pytest.mark.parametrize(
    ("line", "lang", "said"),
    [
        ("咨询电话：12333", "zh", "咨询电话：一二三三三。"),
        ("諮詢電話：12333", "zh_hant", "諮詢電話：一二三三三。"),
        (
            "Questions? Call the HRSS hotline 12333",
            "en",
            "Questions? Call the H R S S hotline one two three three three.",
        ),
        ("交通一卡通功能咨询：962026", "zh", "交通一卡通功能咨询：九六二零二六。"),
        ("全角号码：１２３３３", "zh", "全角号码：一二三三三。"),
    ],
)
def test_a_hotline_in_a_sentence_is_said_digit_by_digit(line: str, lang: str, said: str) -> None:
    assert for_the_ear_line(line, lang) == said


@pytest.mark.parametrize(
    ("line", "lang", "said"),
    [
        ("年满16周岁", "zh", "年满16周岁。"),
        ("第2题，共约5题", "zh", "第2题，共约5题。"),
        ("Question 2 of about 5", "en", "Question 2 of about 5."),
        ("A batch application takes up to 30 days", "en", "A batch application takes up to 30 days."),
    ],
)
def test_ages_counts_and_days_stay_numbers(line: str, lang: str, said: str) -> None:
    assert for_the_ear_line(line, lang) == said


@pytest.mark.parametrize(
    ("line", "lang", "said"),
    [
        ("⚠ 7周岁以上人员需采集照片信息", "zh", "注意：7周岁以上人员需采集照片信息。"),
        ("⚠ 7周歲以上人員需採集照片信息", "zh_hant", "注意：7周歲以上人員需採集照片信息。"),
        (
            "⚠ Applicants aged 7 or over must have their photo taken",
            "en",
            "Warning: Applicants aged 7 or over must have their photo taken.",
        ),
        ("✖ 申请人未满16周岁", "zh", "不能办理：申请人未满16周岁。"),
        ("✖ 申請人未滿16周歲", "zh_hant", "不能辦理：申請人未滿16周歲。"),
        ("✖ The applicant is under 16", "en", "Cannot be done: The applicant is under 16."),
        ("⏱ 线上申请15个工作日内办结", "zh", "时限：线上申请15个工作日内办结。"),
        ("⏱ 線上申請15個工作日內辦結", "zh_hant", "時限：線上申請15個工作日內辦結。"),
        ("⏱ Done within 15 working days", "en", "Time limit: Done within 15 working days."),
        ("ℹ 发卡行为苏州银行", "zh", "须知：发卡行为苏州银行。"),
        ("ℹ Issued by the Bank of Suzhou", "en", "Good to know: Issued by the Bank of Suzhou."),
        ("? 指南未说明邮费由谁承担", "zh", "不确定：指南未说明邮费由谁承担。"),
        ("? 指南未說明郵費由誰承擔", "zh_hant", "不確定：指南未說明郵費由誰承擔。"),
        ("? The guide does not say who pays", "en", "Unclear: The guide does not say who pays."),
        ("☎ 人社功能咨询：12333", "zh", "人社功能咨询：一二三三三。"),
        ("✔ 清单已打印", "zh", "完成：清单已打印。"),
        ("✔ The checklist is printed", "en", "Done: The checklist is printed."),
        ("☐ 申请人本人的有效身份证件", "zh", "申请人本人的有效身份证件。"),
    ],
)
def test_the_screens_symbols_are_said_as_words(line: str, lang: str, said: str) -> None:
    assert for_the_ear_line(line, lang) == said


def test_a_question_mark_ending_a_question_is_not_a_symbol() -> None:
    assert for_the_ear_line("申请人多少周岁？", "zh") == "申请人多少周岁？"
    assert for_the_ear_line("How old is the applicant?", "en") == "How old is the applicant?"


@pytest.mark.parametrize(
    ("line", "lang", "said"),
    [
        ("户口簿（仅限不满16周岁人员）", "zh", "户口簿，仅限不满16周岁人员。"),
        ("戶口簿（僅限不滿16周歲人員）", "zh_hant", "戶口簿，僅限不滿16周歲人員。"),
        (
            "household register (hukou booklet; under 16 only)",
            "en",
            "household register, hukou booklet; under 16 only.",
        ),
        ("即时制卡网点（立等可取）：办理", "zh", "即时制卡网点，立等可取：办理。"),
        (
            "instant-issue outlet (card while you wait): apply",
            "en",
            "instant-issue outlet, card while you wait: apply.",
        ),
        ("持卡人死亡、出国（境）定居", "zh", "持卡人死亡、出国境定居。"),
        ("《江苏省社会保障卡申领登记表》", "zh", "江苏省社会保障卡申领登记表。"),
        ("指南未说明领卡的“规定时限”是多久", "zh", "指南未说明领卡的规定时限是多久。"),
    ],
)
def test_brackets_are_said_as_pauses_and_quotation_marks_are_silent(line: str, lang: str, said: str) -> None:
    assert for_the_ear_line(line, lang) == said


@pytest.mark.parametrize(
    ("line", "lang", "said"),
    [
        ("江苏智慧人社APP", "zh", "江苏智慧人社A P P。"),
        ("the Jiangsu Smart HRSS app", "en", "the Jiangsu Smart H R S S app."),
        ("No name, ID number or phone number is needed", "en", "No name, I D number or phone number is needed."),
        ("按F4再听一遍", "zh", "按F四再听一遍。"),
        ("Press F4 to hear this again", "en", "Press F 4 to hear this again."),
        ("按Esc返回上一步", "zh", "按退出键返回上一步。"),
        ("按Enter开始", "zh", "按回车键开始。"),
        ("Press Esc to go back", "en", "Press Escape to go back."),
        ("按数字键 1-9 选择", "zh", "按数字键 1到9 选择。"),
        ("Press 1-9 to choose", "en", "Press 1 to 9 to choose."),
        ("至少 60×20", "zh", "至少 60乘20。"),
        ("at least 60×20", "en", "at least 60 by 20."),
        ("开始 / Start", "zh", "开始或Start。"),
        ("个人首次申领 — 办事清单", "zh", "个人首次申领，办事清单。"),
        ("First application — Checklist", "en", "First application, Checklist."),
        ("- 您想怎样办理？线上办理", "zh", "您想怎样办理？线上办理。"),
        ("正在打印……", "zh", "正在打印。"),
    ],
)
def test_abbreviations_keys_ranges_and_dashes_are_said_sensibly(line: str, lang: str, said: str) -> None:
    assert for_the_ear_line(line, lang) == said


def test_a_web_address_is_said_by_its_parts() -> None:
    address = "https://rs.jshrss.jiangsu.gov.cn/index/"
    assert for_the_ear_line(address, "zh") == "R S点J S H R S S点jiangsu点G O V点C N斜杠index。"
    assert for_the_ear_line(address, "en") == "R S dot J S H R S S dot jiangsu dot G O V dot C N slash index."


@pytest.mark.parametrize(
    ("code", "lang", "said"),
    [
        ("K7M-Q4X", "zh", "K，七，M，Q，四，X"),
        ("K7M-Q4X", "zh_hant", "K，七，M，Q，四，X"),
        ("K7M-Q4X", "en", "K, seven, M, Q, four, X"),
        ("ｋ７ｍｑ４ｘ", "en", "K, seven, M, Q, four, X"),
    ],
)
def test_a_pickup_code_is_spelled_character_by_character(code: str, lang: str, said: str) -> None:
    assert spell(code, lang) == said


def test_a_reading_is_one_sentence_a_line_with_the_code_spelled() -> None:
    reading = ["个人首次申领社保卡 — 办事清单", ("取件码：", Spell("K7M-Q4X")), "请携带", ""]
    assert for_the_ear(reading, "zh") == "个人首次申领社保卡，办事清单。\n取件码：K，七，M，Q，四，X。\n请携带。"
    english = ["First application — Checklist", ("Pickup code: ", Spell("K7M-Q4X")), "Bring these"]
    assert (
        for_the_ear(english, "en")
        == "First application, Checklist.\nPickup code: K, seven, M, Q, four, X.\nBring these."
    )


def test_numbered_choices_are_said_with_their_key() -> None:
    reading = ["由谁来办理？", "按1，申请人本人", "按2，法定监护人代办（申请人不具备完全民事行为能力）"]
    assert (
        for_the_ear(reading, "zh")
        == "由谁来办理？\n按1，申请人本人。\n按2，法定监护人代办，申请人不具备完全民事行为能力。"
    )
    english = [
        "Who is applying?",
        "Press 1: The applicant in person",
        "Press 2: A legal guardian (the applicant cannot act alone)",
    ]
    assert for_the_ear(english, "en").splitlines() == [
        "Who is applying?",
        "Press 1: The applicant in person.",
        "Press 2: A legal guardian, the applicant cannot act alone.",
    ]
