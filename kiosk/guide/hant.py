"""Traditional Chinese, derived from the Simplified text.

OpenCC's "s2tw" converts character by character to the Taiwan standard forms (為, 裡, 著, 眾) and
never swaps vocabulary: "s2twp" would turn 注销 (cancel) into 登出 (log out), 代码证 into 程式碼證 and
窗口 into 視窗, which rewrites official names. "s2t" uses forms readers rarely see (爲, 裏, 衆), and
"s2hk" keeps 户 where the Traditional official names write 戶.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

# Words OpenCC gets wrong in this guide, with their right Traditional form; converted as a whole.
FIXED_TERMS: dict[str, str] = {
    "发卡": "發卡",  # to issue a card; OpenCC writes 髮卡 (hairpin)
    "制卡": "製卡",  # to make a card (製, manufacture); OpenCC keeps 制 (system) in 即时制卡
    "天后": "天後",  # "7 days later"; OpenCC reads the goddess 天后
    "台湾": "台灣",  # the permits' own names keep 台, as the Traditional names 台灣居民來往大陸通行證 do
    "港澳台": "港澳台",  # 港澳台居民居住證, not 港澳臺
}
_FIXED = re.compile("|".join(sorted(map(re.escape, FIXED_TERMS), key=len, reverse=True)))


@cache
def _converter() -> Any:
    from opencc import OpenCC  # imported on first use: converting is rare, start-up is not

    return OpenCC("s2tw")


@lru_cache(maxsize=4096)
def to_traditional(simplified: str) -> str:
    """`simplified` converted to Traditional Chinese (Taiwan standard characters, no vocabulary swaps)."""
    out: list[str] = []
    start = 0
    for match in _FIXED.finditer(simplified):
        out.append(str(_converter().convert(simplified[start : match.start()])))
        out.append(FIXED_TERMS[match.group()])
        start = match.end()
    out.append(str(_converter().convert(simplified[start:])))
    return "".join(out)
