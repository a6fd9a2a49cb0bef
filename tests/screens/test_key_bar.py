"""The key bar: one widget drawing every key as a block that runs the App's action when clicked."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from wizard_helpers import click_key, key_offset, press

from kiosk.app import KioskApp
from screens.kiosk_screen import KeyBar
from screens.visitor.ask_choice import AskChoice
from screens.visitor.choose_procedure import ChooseProcedure
from screens.visitor.welcome import Welcome

MakeApp = Callable[..., KioskApp]


def bar_of(app: KioskApp) -> KeyBar:
    return app.screen.query_one("#key-bar", KeyBar)


def rows(bar: KeyBar) -> list[str]:
    return [strip.text for strip in bar.render_lines(bar.region.reset_offset)]


def cells(line: str, start: int, end: int) -> str:
    """The characters drawn in columns start..end-1 (a Chinese character takes two columns)."""
    columns: list[str] = []
    for char in line:
        columns += [char, ""] if cell_len(char) == 2 else [char]
    return "".join(columns[start:end])


async def test_each_key_is_drawn_where_a_click_finds_it(make_app: MakeApp) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        bar = bar_of(app)
        line = rows(bar)[0]
        assert line.startswith("  Esc Back   F2 中文")
        for key, (start, end) in zip(bar.keys, bar.spans(), strict=True):
            assert cells(line, start, end) == f" {key.label} "
            assert bar.key_at(start) == key and bar.key_at(end - 1) == key
        assert bar.key_at(0) is None  # the gap before the first key
        assert bar.key_at(bar.spans()[-1][1] + 5) is None  # past the last key


async def test_clicking_back_in_the_bar_goes_back_and_a_gap_does_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "1")
        assert isinstance(app.screen, AskChoice)
        await pilot.click("#key-bar", offset=(0, 0))  # the blank column before the first key
        await pilot.pause()
        assert isinstance(app.screen, AskChoice)
        await click_key(pilot, "key-back")
        await pilot.pause()
        assert isinstance(app.screen, ChooseProcedure)


async def test_the_key_under_the_pointer_is_highlighted(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        bar = bar_of(app)
        await pilot.hover("#key-bar", offset=key_offset(bar, "key-language"))
        await pilot.pause()
        assert bar.keys[bar.hovered or 0].id == "key-language" and bar.hovered is not None
        await pilot.hover("#page", offset=(1, 1))
        await pilot.pause()
        assert bar.hovered is None


async def test_in_the_large_layout_every_row_of_a_key_block_is_a_target(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f7", "enter", "1")
        bar = bar_of(app)
        assert bar.size.height == 3
        top, middle, bottom = rows(bar)
        assert "F2 English" in middle and "F2" not in top and "F2" not in bottom
        start, end = bar.spans()[0]
        assert cells(top, start, end) == " " * (end - start)  # the block's own background, above the label
        await pilot.click("#key-bar", offset=(start + 1, 0))  # the top row of "Esc 返回"
        await pilot.pause()
        assert isinstance(app.screen, ChooseProcedure)
        await press(pilot, "escape")
        assert isinstance(app.screen, Welcome)


async def test_keys_that_do_not_fit_go_on_a_second_row_where_a_click_finds_them(make_app: MakeApp) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        bar = bar_of(app)
        drawn = rows(bar)
        assert len(drawn) == 2 and "F7 Larger" in drawn[1] and "F7" not in drawn[0]
        for key, (row, start, end) in zip(bar.keys, bar.blocks(), strict=True):
            assert end <= 80
            assert cells(drawn[row], start, end) == f" {key.label} "
        await click_key(pilot, "key-large")  # on the second row
        await pilot.pause()
        assert app.has_class("-large")
        assert len(rows(bar_of(app))) == 6  # two rows of keys three rows tall
