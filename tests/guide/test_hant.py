"""Traditional Chinese: the official names of the glossary and every text of the guide convert right."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from guide_helpers import default_guide

from kiosk.guide.hant import to_traditional
from kiosk.guide.model import Text

GLOSSARY = Path(__file__).resolve().parents[3] / "shared" / "GLOSSARY.md"

# The Chinese column of GLOSSARY.md, for when the shared folder is not beside the checkout.
GLOSSARY_TERMS_COPY = (
    "江苏省社会保障卡 / 社保卡",
    "第三代社会保障卡",
    "人社（人力资源和社会保障）功能",
    "金融账户 / 金融功能",
    "合作银行 / 发卡行",
    "社保卡服务网点",
    "即时制卡网点（立等可取）",
    "快速制卡网点（5个工作日内）",
    "人社服务网点",
    "人社经办机构基础库管理工作专窗",
    "交通应用服务网点",
    "线上渠道",
    "个人首次申领",
    "单位（批量）申领",
    "挂失 / 解挂",
    "临时挂失 / 正式挂失",
    "补卡",
    "换卡",
    "密码管理 / 重置",
    "注销",
    "有效身份证件（原件）",
    "二代居民身份证",
    "户口簿（仅限不满16周岁人员）",
    "台湾居民来往大陆通行证",
    "港澳居民来往内地通行证",
    "港澳台居民居住证",
    "外国人永久居留证",
    "外国人护照",
    "法定监护人 / 监护关系证明",
    "出生医学证明",
    "委托他人代办 / 代办人",
    "法人社会信用代码证",
    "申请单位授权委托书",
    "《江苏省社会保障卡申领登记表》",
    "户籍地派出所出具的身份证变更证明",
    "公安部门相关证明",
    "社会保险关系转移证明",
    "实人实名认证",
    "12333",
    "962026",
    "苏州银行 / 苏州市社会保障·市民卡",
)

# The official Traditional form of every glossary term. A term added to the glossary fails
# `test_every_glossary_term_has_its_official_form` until its form is written here.
OFFICIAL = {
    "江苏省社会保障卡": "江蘇省社會保障卡",
    "社保卡": "社保卡",
    "第三代社会保障卡": "第三代社會保障卡",
    "人社（人力资源和社会保障）功能": "人社（人力資源和社會保障）功能",
    "金融账户": "金融帳戶",  # Taiwan's 帳戶, not the mainland 賬戶 that plain conversion keeps
    "金融功能": "金融功能",
    "合作银行": "合作銀行",
    "发卡行": "發卡行",
    "社保卡服务网点": "社保卡服務網點",
    "即时制卡网点（立等可取）": "即時製卡網點（立等可取）",
    "快速制卡网点（5个工作日内）": "快速製卡網點（5個工作日內）",
    "人社服务网点": "人社服務網點",
    "人社经办机构基础库管理工作专窗": "人社經辦機構基礎庫管理工作專窗",
    "交通应用服务网点": "交通應用服務網點",
    "线上渠道": "線上渠道",
    "个人首次申领": "個人首次申領",
    "单位（批量）申领": "單位（批量）申領",
    "挂失": "掛失",
    "解挂": "解掛",
    "临时挂失": "臨時掛失",
    "正式挂失": "正式掛失",
    "补卡": "補卡",
    "换卡": "換卡",
    "密码管理": "密碼管理",
    "重置": "重置",
    "注销": "註銷",
    "有效身份证件（原件）": "有效身份證件（原件）",
    "二代居民身份证": "二代居民身份證",
    "户口簿（仅限不满16周岁人员）": "戶口簿（僅限不滿16週歲人員）",
    "台湾居民来往大陆通行证": "台灣居民來往大陸通行證",
    "港澳居民来往内地通行证": "港澳居民來往內地通行證",
    "港澳台居民居住证": "港澳台居民居住證",
    "外国人永久居留证": "外國人永久居留證",
    "外国人护照": "外國人護照",
    "法定监护人": "法定監護人",
    "监护关系证明": "監護關係證明",
    "出生医学证明": "出生醫學證明",
    "委托他人代办": "委託他人代辦",
    "代办人": "代辦人",
    "法人社会信用代码证": "法人社會信用代碼證",
    "申请单位授权委托书": "申請單位授權委託書",
    "《江苏省社会保障卡申领登记表》": "《江蘇省社會保障卡申領登記表》",
    "户籍地派出所出具的身份证变更证明": "戶籍地派出所出具的身份證變更證明",
    "公安部门相关证明": "公安部門相關證明",
    "社会保险关系转移证明": "社會保險關係轉移證明",
    "实人实名认证": "實人實名認證",
    "12333": "12333",
    "962026": "962026",
    "苏州银行": "蘇州銀行",
    "苏州市社会保障·市民卡": "蘇州市社會保障·市民卡",
    "人社": "人社",
    "户口簿": "戶口簿",
    "社会保障卡": "社會保障卡",
}

# What a wrong configuration or a misread word produces; none may appear in converted guide text.
WRONG_FORMS = (
    "髮卡",  # 发卡 read as "hairpin"
    "即時制卡",  # 制 (system) for 製 (make)
    "內制卡",
    "天后",  # 7天后 read as the goddess Tianhou
    "臺灣",  # the permits' names keep 台
    "港澳臺",
    "登出",  # s2twp: 注销 as "log out"
    "程式碼",  # s2twp: 代码证 as "program code"
    "視窗",  # s2twp: 窗口 (a service counter) as a computer window
    "批次",  # s2twp: 单位（批量）申领, an official name
    "物件",  # s2twp: 发行对象 as a programming object
    "釋出",  # s2twp: the WeChat account 苏州人社发布
    # mainland words a plain conversion keeps, which a Taiwan or Hong Kong reader does not use
    "賬戶",
    "信息",
    "登錄",
    "激活",
    "“",
    "”",
)


def glossary_terms() -> list[str]:
    """Every Chinese term of the glossary's table (its first column, split at " / ")."""
    if GLOSSARY.exists():
        rows = [line for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
        cells = [row.split("|")[1].strip() for row in rows[2:]]  # after the header and its rule
    else:
        cells = list(GLOSSARY_TERMS_COPY)
    return [term for cell in cells for term in cell.split(" / ")]


def guide_texts() -> Iterator[Text]:
    """Every `Text` the packaged guide holds: names, questions, options, rules and headings."""

    def walk(value: object) -> Iterator[Text]:
        if isinstance(value, Text):
            yield value
        elif isinstance(value, Mapping):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, tuple):  # the guide's values are NamedTuples: their fields, and plain tuples
            for item in value:
                yield from walk(item)

    yield from walk(default_guide())


def is_han(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")


QUOTE_MARKS = {"“": "「", "”": "」", "‘": "『", "’": "』"}


def assert_only_han_changed(simplified: str, traditional: str) -> None:
    """Same length, and every character that is not a Chinese character (digit, ASCII, （）：) unchanged but
    the quotation marks, which become 「」 and 『』."""
    assert len(traditional) == len(simplified), (simplified, traditional)
    for before, after in zip(simplified, traditional, strict=True):
        if is_han(before):
            assert is_han(after), (simplified, traditional)
        else:
            assert after == QUOTE_MARKS.get(before, before), (simplified, traditional)


def test_the_glossary_is_read() -> None:
    terms = glossary_terms()
    assert "二代居民身份证" in terms
    assert "港澳居民来往内地通行证" in terms


def test_the_copy_of_the_glossary_terms_matches_the_glossary() -> None:
    if not GLOSSARY.exists():
        pytest.skip("../shared/GLOSSARY.md is not beside this checkout")
    copied = [term for cell in GLOSSARY_TERMS_COPY for term in cell.split(" / ")]
    assert glossary_terms() == copied


def test_every_glossary_term_has_its_official_form() -> None:
    missing = [term for term in glossary_terms() if term not in OFFICIAL]
    assert missing == [], "write the official Traditional form of these glossary terms in OFFICIAL"


@pytest.mark.parametrize(("simplified", "traditional"), sorted(OFFICIAL.items()))
def test_official_term_converts_to_its_official_form(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional


@pytest.mark.parametrize("term", glossary_terms())
def test_glossary_term_keeps_digits_ascii_and_punctuation(term: str) -> None:
    assert_only_han_changed(term, to_traditional(term))


def test_every_guide_text_keeps_digits_ascii_and_punctuation() -> None:
    texts = list(guide_texts())
    assert len(texts) > 200
    for text in texts:
        assert_only_han_changed(text.zh, text.get("zh_hant"))


def test_no_guide_text_converts_to_a_wrong_form() -> None:
    found = {
        (text.zh, wrong)
        for text in guide_texts()
        for wrong in WRONG_FORMS
        if wrong in text.get("zh_hant") and wrong not in text.zh
    }
    assert found == set()


def test_the_guide_uses_the_official_names_in_traditional_chinese() -> None:
    converted = "\n".join(text.get("zh_hant") for text in guide_texts())
    for name in (
        "社會保障卡",
        "二代居民身份證",
        "港澳居民來往內地通行證",
        "台灣居民來往大陸通行證",
        "港澳台居民居住證",
        "戶口簿",
        "人社",
        "即時製卡網點",
        "法人社會信用代碼證",
    ):
        assert name in converted, name


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        # Taiwan phrases (s2twp) for the mainland words of the guide and the screens
        ("软件", "軟體"),
        ("信息", "資訊"),
        ("短信", "簡訊"),
        ("激活", "啟用"),
        ("登录", "登入"),
        ("金融账户", "金融帳戶"),
        ("打印清单", "列印清單"),
        ("清单就在屏幕上", "清單就在螢幕上"),
        ("“江苏智慧人社”微信小程序", "「江蘇智慧人社」微信小程式"),
        # the reviewed exceptions: the guide's own words and official names that s2twp would rewrite
        ("注销社保卡", "註銷社保卡"),
        ("法人社会信用代码证", "法人社會信用代碼證"),
        ("单位（批量）申领", "單位（批量）申領"),
        ("江苏省社会保障卡发行对象", "江蘇省社會保障卡發行對象"),
        ("苏州人社发布微信公众号", "蘇州人社發佈微信公眾號"),
        ("到窗口出示取件码", "到窗口出示取件碼"),
        ("窗口太小", "視窗太小"),
        ("用鼠标点击", "用滑鼠點擊"),
        # Sentences of the guide that OpenCC alone gets wrong.
        (
            "发卡行为苏州银行的江苏省社会保障卡",
            "發卡行為蘇州銀行的江蘇省社會保障卡",
        ),
        ("临时挂失（电话办理，7天后自动解挂）", "臨時掛失（電話辦理，7天後自動解掛）"),
        (
            "指南未说明合作银行网点是即时制卡还是5个工作日内制卡，请咨询该银行或12333",
            "指南未說明合作銀行網點是即時製卡還是5個工作日內製卡，請諮詢該銀行或12333",
        ),
        (
            "外国人士、港澳台居民暂不支持线上申办社会保障卡，需到合作银行服务网点办理",
            "外國人士、港澳台居民暫不支援線上申辦社會保障卡，需到合作銀行服務網點辦理",  # s2twp: 支援
        ),
        ("", ""),
        ("12333 / 962026 (ABC-123)：（）、。", "12333 / 962026 (ABC-123)：（）、。"),
    ],
)
def test_conversion(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional


def test_text_get_gives_traditional_chinese() -> None:
    text = Text(zh="请携带二代居民身份证", en="Bring your Resident Identity Card")
    assert text.get("zh_hant") == "請攜帶二代居民身份證"
    assert text.get("zh") == "请携带二代居民身份证"


def test_the_converter_is_opencc_itself_with_taiwan_phrases() -> None:
    """The maintained binding of OpenCC's C++ library (PyPI `opencc`), not a pure-Python re-implementation."""
    import opencc

    assert hasattr(opencc, "__version__")
    assert opencc.OpenCC("s2twp.json").convert("信息") == "資訊"


def test_opencc_is_loaded_only_when_first_used() -> None:
    code = (
        "import sys; import kiosk.guide.model, kiosk.guide.hant; loaded = 'opencc' in sys.modules; "
        "from kiosk.guide.hant import to_traditional; to_traditional('卡'); print(loaded, 'opencc' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "False True\n"


def test_letting_go_of_the_converter_gives_its_43_mb_back_and_converting_goes_on() -> None:
    """In a fresh process: OpenCC's dictionaries are resident while converting, gone after `let_go`, and
    what was converted stays converted (no new load for it); new wording loads the converter again."""
    code = """
from kiosk.guide import hant
def rss():
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS")) // 1024
before = rss()
hant.to_traditional("信息")
loaded = rss()
hant.let_go()
after = rss()
print(before, loaded, after, hant.to_traditional("信息"), hant._opencc is None)
print(hant.to_traditional("打印"), hant._opencc is None)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, loaded, after, cached, still_gone, new, gone_now = result.stdout.split()
    assert int(loaded) - int(before) > 30, result.stdout  # the dictionaries, about 43 MB
    assert int(loaded) - int(after) > 30, result.stdout  # handed back
    assert (cached, still_gone) == ("資訊", "True")  # from the cache, without loading OpenCC again
    assert (new, gone_now) == ("列印", "False")  # new wording: converted, the converter loaded again
