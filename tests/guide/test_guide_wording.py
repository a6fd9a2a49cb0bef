"""`kiosk guide check` catches kinds of wording mistake, not only the lines the review found.

Each test breaks a copy of the packaged guide the way the review found it broken (a bar the guide does not
make, a blocker with no kind, Chinese and English that say different things, ...) and reads the error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from guide_cases import GUIDE, SEED, copy_guide

from kiosk.guide.check import check_guide
from kiosk.guide.load import GUIDE_DIR, GuideError, load_guide
from kiosk.guide.model import Text
from kiosk.guide.wording import added_restrictions, cited_words, meaning_differences

Data = dict[str, Any]
CANCELLATION = "procedures/cancellation.yaml"
CANCEL_LOSS = "procedures/cancel_loss_report.yaml"
REPORT_LOSS = "procedures/report_loss.yaml"
REISSUE = "procedures/reissue.yaml"


def edit(root: Path, name: str, change: Callable[[Data], object]) -> None:
    file = root / name
    data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    change(data)
    file.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems_after(tmp_path: Path, name: str, change: Callable[[Data], object]) -> list[str]:
    """The problem the load finds first in a copy of the guide after `change`, as "path: problem"."""
    root = copy_guide(tmp_path)
    edit(root, name, change)
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    first = f"{caught.value.path}: {caught.value.problem}"
    return [first]


def note(data: Data, section: str) -> Data:
    return next(n for n in data["notes"] if n["section"] == section)


# --- the guide's own sentences ----------------------------------------------------------------


def plain(markdown: str) -> str:
    """The guide's text without markdown marks and spaces, as sentences.yaml quotes it."""
    return re.sub(r"[*#\s]|^- ", "", markdown, flags=re.M)


@pytest.mark.skipif(not SEED.exists(), reason="the official guide is not beside the project")
def test_every_sentence_the_check_holds_lines_to_is_the_guide_s_own() -> None:
    guide = plain(SEED.read_text(encoding="utf-8"))
    quoted = yaml.safe_load((GUIDE_DIR / "sentences.yaml").read_text(encoding="utf-8"))
    assert len(quoted) >= 45
    for section, text in quoted.items():
        for line in text.split("\n"):
            assert plain(line) in guide, (section, line)


def test_a_section_means_its_own_entry_or_everything_under_it() -> None:
    sentences = GUIDE.sentences
    assert cited_words(sentences, "四(四)(2)") == "正式挂失后已办理补卡手续的，不能再办理解除正式挂失业务。"
    assert cited_words(sentences, "四") == "社会保障卡遗失，持卡人应分别办理人社功能挂失和金融账户挂失。"
    under = cited_words(sentences, "四(四)")
    assert under is not None and under.count("\n") == 2 and "不能再" in under
    assert cited_words(sentences, "十(一)-(三)") == "人社服务网点\n合作银行服务网点\n交通应用服务网点"
    assert cited_words(sentences, "十一") is None


@pytest.mark.parametrize(
    ("text", "section", "added"),
    [
        # the review's lines, as they were
        ("死亡人员的卡只能由持卡人监护人或户籍内家庭成员办理注销", "八(一)1", ["只能"]),
        ("须到原挂失受理的合作银行服务网点办理，其他网点不能办理", "四(四)(3)", ["其他…不能", "不能"]),
        ("未成年人不能自己申领，须由法定监护人代办", "二(一)2", ["不能"]),
        ("正式挂失（补卡前必须办理）", "五", ["必须"]),
        # the guide's own bars pass
        ("正式挂失后已办理补卡手续的，不能再解除正式挂失", "四(四)(2)", []),
        ("户口簿（仅限不满16周岁人员）", "三(三)", []),
    ],
)
def test_a_bar_the_cited_sentence_does_not_make_is_found(text: str, section: str, added: list[str]) -> None:
    cited = cited_words(GUIDE.sentences, section)
    assert cited is not None
    assert added_restrictions(text, cited) == added


# --- the check, on a broken copy of the guide ---------------------------------------------------


def test_only_in_a_line_is_refused_unless_reviewed(tmp_path: Path) -> None:
    """八(一)1 says who cancels a deceased person's card; it says no "only"."""

    def only(data: Data) -> None:
        note(data, "八(一)1")["text"]["zh"] = "死亡人员的卡只能由持卡人监护人或户籍内家庭成员办理注销"

    assert problems_after(tmp_path / "a", CANCELLATION, only) == [
        "notes[0].text: '只能' is not in the guide's words for 八(一)1: say only what the guide says, "
        "or give 'reviewed:' the reason it is the guide's"
    ]

    def only_reviewed(data: Data) -> None:
        only(data)
        note(data, "八(一)1")["reviewed"] = "a test: a reviewer says this is the guide's"
        note(data, "八(一)1")["text"]["en"] = "A deceased person's card can only be cancelled by the guardian"

    root = copy_guide(tmp_path / "b")
    edit(root, CANCELLATION, only_reviewed)
    assert load_guide(root).procedure("cancellation") is not None


def test_other_outlets_cannot_is_refused_even_where_the_guide_says_cannot(tmp_path: Path) -> None:
    """四(四)(2) has 不能再; citing it beside 四(四)(3) does not let "其他网点不能办理" through."""

    def other_outlets(data: Data) -> None:
        rule = note(data, "四(四)(3)")
        rule["section"] = "四(四)(2); 四(四)(3)"
        rule["text"] = {"zh": "须到原挂失受理的网点办理，其他网点不能办理", "en": "Other outlets cannot do it"}

    assert problems_after(tmp_path, CANCEL_LOSS, other_outlets) == [
        "notes[2].text: '其他…不能' is not in the guide's words for 四(四)(2); 四(四)(3): say only what the guide "
        "says, or give 'reviewed:' the reason it is the guide's"
    ]


def test_a_blocker_that_cites_a_section_must_say_its_kind(tmp_path: Path) -> None:
    assert problems_after(tmp_path, REISSUE, lambda d: d["blockers"][0].pop("kind")) == [
        "blockers[0]: a blocker that cites 五 must say its kind (final, not_yet, not_by_this_person)"
    ]


def test_a_blocker_kind_is_one_of_three(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    edit(root, REISSUE, lambda d: d["blockers"][0].update(kind="soon"))
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    assert caught.value.path == "blockers[0].kind"


def test_a_line_citing_a_section_the_guide_does_not_have_is_refused(tmp_path: Path) -> None:
    def cite(data: Data) -> None:
        note(data, "四")["section"] = "四(五)"

    assert problems_after(tmp_path, REPORT_LOSS, cite) == [
        "notes[0].text: the guide's words for '四(五)' are not in sentences.yaml"
    ]


def test_english_that_drops_the_chinese_not_is_refused(tmp_path: Path) -> None:
    """The 解挂 warning was zh "其他网点不能办理" and en without it: a difference in meaning."""

    def drop(data: Data) -> None:
        note(data, "四(四)(2)")["text"]["en"] = "After a reissue, cancel the formal loss report at the outlet"

    assert problems_after(tmp_path, REPORT_LOSS, drop) == [
        "notes[6].text: zh and en differ: only the Chinese says a 'not'"
    ]


@pytest.mark.parametrize(
    ("zh", "en", "differences"),
    [
        (
            "须到原挂失受理的合作银行服务网点办理，其他网点不能办理",
            "You must go to the partner bank outlet",
            ["only the Chinese says a 'not'"],
        ),
        ("人社功能临时挂失有效期为7天", "It lasts 30 days", ["the numbers differ (7 / 30)"]),
        (
            "到合作银行服务网点办理",
            "Go to an HRSS service outlet",
            ["the Chinese names 合作银行, the English does not ((?:partner )?bank)"],
        ),
        (
            "只打过12333电话属于临时挂失",
            "A call to 12333 is a temporary loss report",
            ["only the Chinese says an 'only'"],
        ),
        ("拨打12333", "Call 12333", []),
        ("未成年人由法定监护人代办", "For a minor, the legal guardian applies", []),
        ("两个密码分别在不同网点重置", "The two passwords are reset at different places", []),
    ],
)
def test_zh_en_differences_a_machine_can_see(zh: str, en: str, differences: list[str]) -> None:
    found = meaning_differences(Text(zh=zh, en=en))
    assert [d.replace("\\b", "") for d in found] == [d.replace("\\b", "") for d in differences]


def test_steps_of_one_checklist_either_all_ordered_or_all_not(tmp_path: Path) -> None:
    """七(一) and 七(二) are side by side: one ordered and one not would claim half an order."""

    def mix(data: Data) -> None:
        data["steps"][0]["ordered"] = True

    assert problems_after(tmp_path, "procedures/password_reset.yaml", mix) == [
        "steps: the path {'password': 'both'} mixes ordered and unordered steps "
        "(steps[0] ordered: true, steps[1] ordered: false): make one"
    ]


def test_a_step_must_say_whether_the_guide_orders_it(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    edit(root, REISSUE, lambda d: d["steps"][0].pop("ordered"))
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    assert (caught.value.path, caught.value.problem) == ("steps[0]", "'ordered' is a required property")


def test_a_line_empty_in_english_is_not_the_same_line_in_every_language(tmp_path: Path) -> None:
    def empty(data: Data) -> None:
        data["notes"][-1]["text"]["en"] = ""

    found = problems_after(tmp_path, REISSUE, empty)
    assert len(found) == 1
    assert found[0].startswith(": the path {'formal_loss_report': 'formal_done'}: line ")
    assert found[0].endswith("(note guide_silent) is empty or broken in en")


def test_the_packaged_guide_has_no_wording_problem() -> None:
    assert check_guide(GUIDE) == []
