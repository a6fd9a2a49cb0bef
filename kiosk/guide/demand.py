"""The lobby's demand over a period: walkthroughs per procedure per day, and where visitors gave up.

Built from the store's anonymous counts and labelled with the guide's titles and question texts; drawn
as block-character bars for the terminal and written as CSV for a spreadsheet. Pure: no Textual, no SQLite.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.guide.model import Guide, Text

WALKTHROUGHS = Text(zh="每天完成的办事清单（按业务）", en="Walkthroughs per procedure per day")
GAVE_UP = Text(zh="访客在哪一题放弃（未得到清单）", en="Where visitors gave up (no checklist)")
TOTAL = Text(zh="合计", en="total")
NONE_IN_PERIOD = Text(zh="这段时间没有记录。", en="Nothing was recorded in this period.")
PERIOD = Text(zh="{since} 至 {until}（{days} 天）", en="{since} to {until} ({days} days)")
BEFORE_FIRST_QUESTION = Text(zh="（回答第一题之前）", en="(before the first question)")

CSV_COLUMNS = ("figure", "from", "to", "procedure", "question", "count", "procedure_title", "question_text")
_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Walkthroughs:
    """One procedure's saved checklists, one count per day of the period."""

    procedure: str
    title: Text
    per_day: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.per_day)


@dataclass(frozen=True)
class GaveUp:
    """Visits that ended at one question of one procedure without a checklist."""

    procedure: str
    title: Text
    question: str  # "" for visits that left before the first question
    question_text: Text
    count: int


@dataclass(frozen=True)
class Demand:
    since: date
    until: date
    walkthroughs: tuple[Walkthroughs, ...]  # procedures with any walkthrough, in the guide's order
    gave_up: tuple[GaveUp, ...]  # most first

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.since + timedelta(days=n) for n in range((self.until - self.since).days + 1))

    def day_rows(self) -> list[tuple[date, Walkthroughs, int]]:
        """(day, procedure, walkthroughs) for each day and procedure with any, by day then the guide's order."""
        return [
            (day, w, w.per_day[n]) for n, day in enumerate(self.days) for w in self.walkthroughs if w.per_day[n] > 0
        ]


def _title(guide: Guide, procedure_id: str) -> Text:
    procedure = guide.procedure(procedure_id)
    return procedure.title if procedure is not None else Text(zh=procedure_id, en=procedure_id)


def _question_text(guide: Guide, procedure_id: str, question_id: str) -> Text:
    if not question_id:
        return BEFORE_FIRST_QUESTION
    procedure = guide.procedure(procedure_id)
    question = procedure.question(question_id) if procedure is not None else None
    return question.text if question is not None else Text(zh=question_id, en=question_id)


def build_demand(
    guide: Guide,
    since: date,
    until: date,
    counts: Iterable[tuple[date, str, int]],
    abandoned: Iterable[tuple[str, str, int]],
) -> Demand:
    """The figures from the store's `counts_per_day` and `abandonments` rows for `since`..`until`."""
    if until < since:
        raise ValueError(f"the period ends ({until}) before it starts ({since})")
    length = (until - since).days + 1
    per_procedure: dict[str, list[int]] = {}
    for day, procedure, count in counts:
        if since <= day <= until:
            per_procedure.setdefault(procedure, [0] * length)[(day - since).days] += count
    order = {p.id: n for n, p in enumerate(guide.procedures)}
    walkthroughs = tuple(
        Walkthroughs(procedure, _title(guide, procedure), tuple(per_day))
        for procedure, per_day in sorted(per_procedure.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    )
    gave_up = tuple(
        GaveUp(procedure, _title(guide, procedure), question, _question_text(guide, procedure, question), count)
        for procedure, question, count in sorted(abandoned, key=lambda row: (-row[2], row[0], row[1]))
    )
    return Demand(since, until, walkthroughs, gave_up)


def bar(value: int, largest: int, width: int) -> str:
    """A horizontal bar of block characters, `width` cells for `largest`, in eighths of a cell."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value * width * 8 / largest))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def sparkline(values: Iterable[int]) -> str:
    """One cell per value, ▁ to █ scaled to the largest; a day with none is a dot."""
    values = list(values)
    largest = max(values, default=0)
    return "".join(
        "·" if value <= 0 else _SPARKS[min(len(_SPARKS) - 1, (value * len(_SPARKS) - 1) // largest)] for value in values
    )


def cells(text: str) -> int:
    """Terminal cells `text` takes: two for a wide (Chinese) character, one for the rest (bars, dots)."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _pad(text: str, width: int) -> str:
    """`text` cut (ending in …) or padded to `width` terminal cells; Chinese characters take two."""
    if cells(text) > width:
        cut = ""
        for char in text:
            if cells(cut + char) > width - 1:
                break
            cut += char
        return cut + "…" + " " * (width - 1 - cells(cut))
    return text + " " * (width - cells(text))


def where_given_up(gave_up: GaveUp, lang: str) -> str:
    """ "Procedure: question" in `lang`."""
    colon = ": " if lang == "en" else "："
    return f"{gave_up.title.get(lang)}{colon}{gave_up.question_text.get(lang)}"


def _in_brackets(text: str, lang: str) -> str:
    return f" ({text})" if lang == "en" else f"（{text}）"


def render_demand_text(demand: Demand, lang: str, *, width: int = 80) -> str:
    """The figures as text: a bar and a per-day sparkline per procedure, then the questions given up at."""
    days = len(demand.days)
    lines = [PERIOD.get(lang).format(since=demand.since, until=demand.until, days=days), ""]
    total = sum(w.total for w in demand.walkthroughs)
    lines.append(f"{WALKTHROUGHS.get(lang)}{_in_brackets(f'{TOTAL.get(lang)} {total}', lang)}")
    label = 32
    room = max(8, width - label - 6 - min(days, 31) - 4)
    largest = max((w.total for w in demand.walkthroughs), default=0)
    for w in demand.walkthroughs:
        lines.append(
            f"  {_pad(w.title.get(lang), label)} {w.total:>4} {_pad(bar(w.total, largest, room), room)} "
            f"{sparkline(w.per_day)}"
        )
    if not demand.walkthroughs:
        lines.append(f"  {NONE_IN_PERIOD.get(lang)}")
    lines.append("")
    given_up = sum(g.count for g in demand.gave_up)
    lines.append(f"{GAVE_UP.get(lang)}{_in_brackets(f'{TOTAL.get(lang)} {given_up}', lang)}")
    largest = max((g.count for g in demand.gave_up), default=0)
    for g in demand.gave_up:
        lines.append(f"  {_pad(where_given_up(g, lang), width - 24)} {g.count:>4} {bar(g.count, largest, 14)}")
    if not demand.gave_up:
        lines.append(f"  {NONE_IN_PERIOD.get(lang)}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def demand_csv(demand: Demand, lang: str) -> str:
    """The table's figures as CSV with a header (see CSV_COLUMNS); titles and questions in `lang`.

    A "walkthroughs" row counts one procedure's checklists on one day (from = to = that day); a "gave_up"
    row counts the visits over the whole period that ended at one question without a checklist.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for day, w, count in demand.day_rows():
        writer.writerow(["walkthroughs", day, day, w.procedure, "", count, w.title.get(lang), ""])
    for g in demand.gave_up:
        writer.writerow(
            [
                *("gave_up", demand.since, demand.until, g.procedure, g.question, g.count),
                *(g.title.get(lang), g.question_text.get(lang)),
            ]
        )
    return out.getvalue()
