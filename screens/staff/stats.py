"""The lobby's demand: walkthroughs per procedure per day and where visitors gave up, as bars and as tables."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Static

from kiosk.guide import demand as figures
from kiosk.guide.demand import Demand, where_given_up
from kiosk.guide.model import Text
from screens.kiosk_screen import KioskScreen, Nav
from screens.staff import staff_words
from screens.widgets.wrap import Paragraph

PERIODS = (7, 30)  # days, chosen with the keys 1 and 2


class Bar(Widget):
    """A bar of block characters as long as `value` is against `largest`, filling the widget's width."""

    DEFAULT_CSS = "Bar { width: 1fr; height: 1; }"

    def __init__(self, value: int, largest: int, *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.value = value
        self.largest = largest

    def render(self) -> str:
        return figures.bar(self.value, self.largest, max(self.size.width, 1))


class StatsScreen(KioskScreen[int | Nav]):
    """Dismissed with another period (in days) to show, or Nav.BACK."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../kiosk_screen.tcss", "stats.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"period({days})", show=False, id=f"period-{days}") for n, days in enumerate(PERIODS, 1)
    ]
    HAS_START_AGAIN: ClassVar[bool] = False

    def __init__(self, demand: Demand, lang: str) -> None:
        super().__init__(lang)
        self.demand = demand

    def compose_page(self) -> ComposeResult:
        demand, days = self.demand, len(self.demand.days)
        period = self.t(figures.PERIOD, since=demand.since, until=demand.until, days=days)
        heading = f"{self.t(staff_words.STATS_HEADING, days=days)}  {period}"
        yield Static(Paragraph(heading), id="heading", classes="heading")
        yield Static(Paragraph(self.t(staff_words.PERIOD_KEYS)), id="period-keys", classes="hint")
        with VerticalScroll(id="figures"):
            total = sum(w.total for w in demand.walkthroughs)
            yield self.section(figures.WALKTHROUGHS, total, "walkthroughs-heading")
            largest = max((w.total for w in demand.walkthroughs), default=0)
            for w in demand.walkthroughs:
                with Horizontal(classes="chart-row"):
                    yield Static(w.title.get(self.lang), classes="label")
                    yield Static(str(w.total), classes="count")
                    yield Bar(w.total, largest, classes="bar")
                    yield Static(figures.sparkline(w.per_day), classes="spark")
            if not demand.walkthroughs:
                yield Static(self.t(figures.NONE_IN_PERIOD), classes="none")
            yield self.section(figures.GAVE_UP, sum(g.count for g in demand.gave_up), "gave-up-heading")
            largest = max((g.count for g in demand.gave_up), default=0)
            for g in demand.gave_up:
                with Horizontal(classes="chart-row"):
                    yield Static(where_given_up(g, self.lang), classes="label wide")
                    yield Static(str(g.count), classes="count")
                    yield Bar(g.count, largest, classes="bar gave-up")
            if not demand.gave_up:
                yield Static(self.t(figures.NONE_IN_PERIOD), classes="none")
            yield DataTable(id="walkthroughs-table", show_cursor=False, zebra_stripes=True)
            yield DataTable(id="gave-up-table", show_cursor=False, zebra_stripes=True)

    def section(self, heading: Text, total: int, id: str) -> Static:
        total_text = f"{self.t(figures.TOTAL)} {total}"
        bracketed = f" ({total_text})" if self.lang == "en" else f"（{total_text}）"
        return Static(Paragraph(f"{self.t(heading)}{bracketed}"), id=id, classes="section")

    def on_mount(self) -> None:
        self.fill_tables()
        self.set_focus(self.query_one("#figures"))

    def after_redraw(self) -> None:
        self.fill_tables()

    def fill_tables(self) -> None:
        """The figures behind the bars, one row per cell of `kiosk stats --csv`."""
        walkthroughs = self.query_one("#walkthroughs-table", DataTable)
        walkthroughs.add_columns(*(self.t(word) for word in (staff_words.DAY, staff_words.PROCEDURE)))
        walkthroughs.add_column(self.t(staff_words.COUNT), key="count")
        for day, w, count in self.demand.day_rows():
            walkthroughs.add_row(day.isoformat(), w.title.get(self.lang), count)
        gave_up = self.query_one("#gave-up-table", DataTable)
        gave_up.add_columns(*(self.t(word) for word in (staff_words.PROCEDURE, staff_words.QUESTION)))
        gave_up.add_column(self.t(staff_words.VISITS), key="count")
        for g in self.demand.gave_up:
            gave_up.add_row(g.title.get(self.lang), g.question_text.get(self.lang), g.count)

    def action_period(self, days: int) -> None:
        if days != len(self.demand.days):
            self.dismiss(days)
