"""Read it easily: the high-contrast theme (F6) and the large layout (F7), on every screen and as configured."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Button
from wizard_helpers import click_key, press, shown

from kiosk.app import KioskApp
from kiosk.guide.model import Guide
from kiosk.launch import run_kiosk
from screens.kiosk_screen import KeyBar
from screens.themes import THEME_NAMES
from screens.visitor.checklist import ChecklistScreen

MakeApp = Callable[..., KioskApp]
TO_CHECKLIST = ["enter", "1", "1", "1", "2", "enter", "2", "enter"]
# One press of the keys after each stop reaches the next screen: welcome, procedures, question, ..., checklist.
STOPS = [[], ["enter"], ["1"], ["1"], ["1", "2", "enter"], ["2"], ["enter"], ["f8"]]


def is_high_contrast(app: KioskApp) -> bool:
    return app.theme == THEME_NAMES["high_contrast"]


async def test_f6_switches_high_contrast_on_and_off_on_every_screen(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for keys in STOPS:
            await press(pilot, *keys)
            assert not is_high_contrast(app)
            await press(pilot, "f6")
            assert is_high_contrast(app), type(app.screen).__name__
            assert app.screen.styles.background.hex == "#000000"
            await press(pilot, "f6")
            assert not is_high_contrast(app)


async def test_f7_switches_the_large_layout_on_and_off_on_every_screen(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for keys in STOPS:
            await press(pilot, *keys)
            key_bar = app.screen.query_one("#key-bar")
            rows = key_bar.outer_size.height  # keys that do not fit 80 columns take a second row
            assert rows in (1, 2)
            await press(pilot, "f7")
            assert app.has_class("-large")
            assert key_bar.outer_size.height == 3 * rows, type(app.screen).__name__  # keys three times as tall
            await press(pilot, "f7")
            assert not app.has_class("-large")


async def test_the_large_layout_gives_more_room_and_bigger_targets(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        normal_page = app.screen.query_one("#page").styles.padding
        normal_choices = app.screen.query_one("#choices").virtual_size.height
        await press(pilot, "f7")
        large_page = app.screen.query_one("#page").styles.padding
        assert large_page.left > normal_page.left and large_page.top >= normal_page.top
        # A blank line under each choice: a taller target, further from the next.
        choices = app.screen.query_one("#choices")
        assert choices.virtual_size.height == normal_choices + choices.option_count  # type: ignore[attr-defined]
        await press(pilot, *TO_CHECKLIST[1:])
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.query_one("#print", Button).outer_size.height == 3


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("zh", ["F6 高对比度", "F7 大按钮"]),
        ("en", ["F6 Contrast", "F7 Larger"]),
        ("zh_hant", ["F6 高對比度", "F7 大按鈕"]),
    ],
)
async def test_the_key_bar_shows_both_keys_in_the_visitors_language(
    lang: str, labels: list[str], make_app: MakeApp
) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        for keys in STOPS[:-1]:
            await press(pilot, *keys)
            key_bar = app.screen.query_one("#key-bar", KeyBar)
            bar = [key.label for key in key_bar.keys]
            assert bar[-2:] == labels, type(app.screen).__name__
            # Every key is drawn whole within 80 columns: those that do not fit one row go on a second.
            assert all(end <= 80 for _, _, end in key_bar.blocks()), type(app.screen).__name__
            assert {row for row, _, _ in key_bar.blocks()} <= {0, 1}


async def test_clicking_the_keys_in_the_key_bar_switches_too(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        await click_key(pilot, "key-contrast")
        await click_key(pilot, "key-large")
        await pilot.pause()
        assert is_high_contrast(app) and app.has_class("-large")


async def test_configured_defaults_apply_from_the_start_and_return_for_the_next_visitor(guide: Guide) -> None:
    from conftest import FakeStore

    app = KioskApp(guide, open_store=FakeStore, theme="high_contrast", large=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert is_high_contrast(app) and app.has_class("-large")
        await press(pilot, "f6", "f7", "enter")
        assert not is_high_contrast(app) and not app.has_class("-large")
        await press(pilot, "f5")  # start again: the next visitor gets the kiosk as configured
        assert is_high_contrast(app) and app.has_class("-large")


async def test_a_visitors_choice_does_not_outlive_the_visit(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "f6", "f7", "f5")
        assert not is_high_contrast(app) and not app.has_class("-large")
        assert "F6 高对比度" in shown(app.screen)


def test_the_configuration_file_chooses_the_kiosks_default_look(
    guide: Guide, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'theme = "high_contrast"\nlarge = true\nprinter_command = "lp -d lobby"\ndata_dir = "{tmp_path}"\n',
        encoding="utf-8",
    )
    started: list[KioskApp] = []
    monkeypatch.setattr(KioskApp, "run", lambda self, *args, **kwargs: started.append(self))
    args = argparse.Namespace(config=config, db=tmp_path / "k.db", lang=None)
    run_kiosk(guide, args)
    assert len(started) == 1
    assert is_high_contrast(started[0]) and started[0].has_class("-large")
    assert started[0].takeaway.printer_command == "lp -d lobby"
