"""Traditional Chinese, derived from the Simplified text.

OpenCC's "s2twp" (its own C++ library, through the `opencc` binding on PyPI): Taiwan standard characters
and Taiwan phrases, so a reader from Hong Kong, Macao or Taiwan reads 資訊, 登入, 啟用, 簡訊, 列印 and 螢幕
instead of the mainland's 信息, 登錄, 激活, 短信, 打印 and 屏幕. "s2hk" converts characters only: it keeps
every mainland word and writes 户 where the official Traditional names write 戶; "s2tw" also keeps the
mainland words. Phrase conversion rewrites some of the guide's own words, so the reviewed EXCEPTIONS below
come first, keeping the official PRC names (GLOSSARY.md) as they are; quotation marks become 「」 and 『』.
"""

from __future__ import annotations

import contextlib
import re
from functools import lru_cache
from typing import Any

# Words s2twp gets wrong here, with their right Traditional form; each is converted as a whole, longest first.
EXCEPTIONS: dict[str, str] = {
    "注销": "註銷",  # cancel (a card); s2twp: 登出, "log out"
    "代码证": "代碼證",  # 法人社會信用代碼證, an official name; s2twp: 程式碼證, "program code"
    "批量": "批量",  # 單位（批量）申領, an official name; s2twp: 批次
    "对象": "對象",  # 發行對象, whom the card is issued to; s2twp: 物件, an object in programming
    "苏州人社发布": "蘇州人社發佈",  # the WeChat account's name; s2twp: 釋出
    "窗口太小": "視窗太小",  # the kiosk's window on the screen
    "把窗口放大": "把視窗放大",
    "窗口": "窗口",  # a service counter (到窗口出示取件碼); s2twp: 視窗, a window on a screen
    "点击": "點擊",  # click; s2twp: 選按
    "账户": "帳戶",  # account: Taiwan writes 帳戶; OpenCC keeps the mainland 賬戶
    "发卡": "發卡",  # to issue a card; OpenCC writes 髮卡 (hairpin)
    "制卡": "製卡",  # to make a card (製, manufacture); OpenCC keeps 制 (system) in 即时制卡
    "天后": "天後",  # "7 days later"; OpenCC reads the goddess 天后
    "台湾": "台灣",  # the permits' own names keep 台, as the Traditional names 台灣居民來往大陸通行證 do
    "港澳台": "港澳台",  # 港澳台居民居住證, not 港澳臺
}
_EXCEPTION = re.compile("|".join(sorted(map(re.escape, EXCEPTIONS), key=len, reverse=True)))
QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
CONFIG = "s2twp"


_opencc: Any = None  # OpenCC's converter, while the kiosk is converting (see let_go)


def _converter() -> Any:
    global _opencc
    if _opencc is None:
        from opencc import OpenCC  # imported on first use: converting is rare, start-up is not

        _opencc = OpenCC(f"{CONFIG}.json")
    return _opencc


def let_go() -> None:
    """Drop OpenCC's converter and hand its memory back to the system. Its dictionaries take about 43 MB, which
    stayed for good after the guide's check or a first Traditional visitor (a kiosk's RSS 116 MB instead of 73);
    what was converted stays in `to_traditional`'s cache, and a new conversion loads them again (about 0.1 s)."""
    global _opencc
    if _opencc is None:
        return
    _opencc = None
    import ctypes  # here, not at the top: 2 ms of every start (tests/benchmarks/run.py --only startup)

    # glibc keeps freed memory for the process; malloc_trim returns it (elsewhere the process reuses it).
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@lru_cache(maxsize=4096)
def to_traditional(simplified: str) -> str:
    """`simplified` in Traditional Chinese: Taiwan characters and phrases, the official names kept."""
    out: list[str] = []
    start = 0
    for match in _EXCEPTION.finditer(simplified):
        out.append(str(_converter().convert(simplified[start : match.start()])))
        out.append(EXCEPTIONS[match.group()])
        start = match.end()
    out.append(str(_converter().convert(simplified[start:])))
    return "".join(out).translate(QUOTES)
