"""The statistics screen on a database seeded with known rows: the bars, the table cells, and the CSV agree."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from lobby_helpers import Clock
from staff_helpers import press_for_next_screen, seed_demand, staff_app, type_pin
from textual.widgets import DataTable, Static

from kiosk.app import KioskApp
from kiosk.cli import run
from kiosk.guide.model import Guide
from screens.staff.staff_home import StaffHome
from screens.staff.stats import StatsScreen
from store import Store


@pytest.fixture
def seeded_store(tmp_path: Path) -> Store:
    seed_demand(tmp_path / "kiosk.db")
    return Store(tmp_path / "kiosk.db", retention_days=36500)


def table(app: KioskApp, id: str) -> list[list[str]]:
    cells = app.screen.query_one(f"#{id}", DataTable)
    return [[str(cell) for cell in cells.get_row_at(row)] for row in range(cells.row_count)]


def chart(app: KioskApp) -> list[list[str]]:
    """Each bar's row: label, count, bar, and the day-by-day line (walkthroughs only)."""
    return [
        [str(cell.visual) if isinstance(cell, Static) else str(cell.render()) for cell in row.children]
        for row in app.screen.query(".chart-row")
    ]


async def open_stats(app: KioskApp, pilot: object) -> None:
    await type_pin(app, pilot)  # type: ignore[arg-type]
    await press_for_next_screen(app, pilot, "3")  # type: ignore[arg-type]
    assert isinstance(app.screen, StatsScreen)


async def test_seven_days_of_figures_as_bars_and_tables_in_english(
    guide: Guide, seeded_store: Store, tmp_path: Path
) -> None:
    app = staff_app(guide, seeded_store, tmp_path, Clock(), lang="en", wall_clock=lambda: datetime(2026, 3, 7, 18))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app, pilot)
        heading = app.screen.query_one("#heading", Static)
        assert str(heading.visual.plain) == "Statistics: the last 7 days  2026-03-01 to 2026-03-07 (7 days)"  # type: ignore[union-attr]
        assert table(app, "walkthroughs-table") == [
            ["2026-03-01", "First application (individual)", "2"],
            ["2026-03-03", "First application (individual)", "1"],
            ["2026-03-03", "Report a lost card", "1"],
            ["2026-03-07", "Reissue a lost card", "3"],
        ]
        assert table(app, "gave-up-table") == [
            ["First application (individual)", "How old is the applicant (in full years)?", "3"],
            ["Reissue a lost card", "Has your card's formal loss report been made?", "2"],
            ["Report a lost card", "(before the first question)", "1"],
        ]
        rows = chart(app)
        assert [row[:2] for row in rows] == [
            ["First application (individual)", "3"],
            ["Report a lost card", "1"],
            ["Reissue a lost card", "3"],
            ["First application (individual): How old is the applicant (in full years)?", "3"],
            ["Reissue a lost card: Has your card's formal loss report been made?", "2"],
            ["Report a lost card: (before the first question)", "1"],
        ]
        assert [row[3] for row in rows[:3]] == ["█·▄····", "··█····", "······█"]
        first, lost, reissue = (row[2] for row in rows[:3])
        assert first == reissue and set(first) == {"█"} and len(lost) * 3 in range(len(first) - 2, len(first) + 3)
        walkthroughs = str(app.screen.query_one("#walkthroughs-heading", Static).visual.plain)  # type: ignore[union-attr]
        assert walkthroughs == "Walkthroughs per procedure per day (total 7)"


async def test_the_tables_hold_exactly_the_rows_of_kiosk_stats_csv(
    guide: Guide, seeded_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = staff_app(guide, seeded_store, tmp_path, Clock(), wall_clock=lambda: datetime(2026, 3, 7, 18))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app, pilot)
        walkthroughs, gave_up = table(app, "walkthroughs-table"), table(app, "gave-up-table")
    config = tmp_path / "kiosk.toml"
    config.write_text("retention_days = 3650\n", encoding="utf-8")
    db = str(tmp_path / "kiosk.db")
    assert (
        run(["stats", "--db", db, "--config", str(config), "--since", "2026-03-01", "--until", "2026-03-07", "--csv"])
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert walkthroughs == [
        [r["from"], r["procedure_title"], r["count"]] for r in rows if r["figure"] == "walkthroughs"
    ]
    assert gave_up == [[r["procedure_title"], r["question_text"], r["count"]] for r in rows if r["figure"] == "gave_up"]
    assert walkthroughs[0] == ["2026-03-01", "个人首次申领社保卡", "2"]


async def test_thirty_days_and_back_to_seven(guide: Guide, seeded_store: Store, tmp_path: Path) -> None:
    app = staff_app(guide, seeded_store, tmp_path, Clock(), lang="en", wall_clock=lambda: datetime(2026, 3, 7, 18))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app, pilot)
        await press_for_next_screen(app, pilot, "2")
        assert isinstance(app.screen, StatsScreen) and len(app.screen.demand.days) == 30
        rows = table(app, "walkthroughs-table")
        assert rows[0] == ["2026-02-28", "First application (individual)", "1"]  # the day before the 7 days
        assert len(rows) == 5
        assert [row[3] for row in chart(app)[:3]] == [
            "·" * 22 + "▄█·▄····",
            "·" * 22 + "···█····",
            "·" * 22 + "·······█",
        ]
        await press_for_next_screen(app, pilot, "1")
        assert len(app.screen.demand.days) == 7  # type: ignore[attr-defined]
        await press_for_next_screen(app, pilot, "escape")
        assert isinstance(app.screen, StaffHome)


async def test_a_period_with_nothing_says_so(guide: Guide, seeded_store: Store, tmp_path: Path) -> None:
    app = staff_app(guide, seeded_store, tmp_path, Clock(), lang="en", wall_clock=lambda: datetime(2027, 1, 1))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app, pilot)
        nothing = [str(w.visual) for w in app.screen.query(".none").results(Static)]
        assert nothing == ["Nothing was recorded in this period."] * 2
        assert table(app, "walkthroughs-table") == [] and table(app, "gave-up-table") == []
