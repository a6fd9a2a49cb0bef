"""What a visitor sees on each screen at 80x24, in Chinese and in English (SVG snapshots).

Update after a deliberate change with `pytest tests/screens/test_snapshots.py --snapshot-update`, then look at
the changed SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import FakeStore
from textual.pilot import Pilot
from textual.widgets import Input
from wizard_helpers import press

from kiosk.app import KioskApp
from kiosk.guide.model import Guide

# A fixed guide version, so a content change elsewhere in the guide does not change every checklist snapshot.
SNAPSHOT_VERSION = "5a5b5c5d"
FIRST_APPLICATION_CHILD = ["enter", "1", "1", "1", "2", "enter", "2"]  # mainland, 12, instant outlet

SCREENS = {
    "welcome": [],
    "choose_procedure": ["enter"],
    "ask_choice": ["enter", "1", "1", "3", "0", "enter"],  # who is applying: long labels that wrap
    "ask_number_bad_entry": ["enter", "1", "1", "2", "0", "0", "enter"],  # 200: out of range (letters are ignored)
    "check_answers": [*FIRST_APPLICATION_CHILD],
    "checklist": [*FIRST_APPLICATION_CHILD, "enter"],
    "blocked": ["enter", "5", "3", "enter"],  # reissue before any loss report
    "qr_code": [*FIRST_APPLICATION_CHILD, "enter", "f8"],  # too small a window for a code: it says so
}


def kiosk(guide: Guide, lang: str, store: FakeStore | None = None) -> KioskApp:
    fixed = guide._replace(version=SNAPSHOT_VERSION)
    opened = store or FakeStore()
    return KioskApp(fixed, open_store=lambda: opened, lang=lang, new_visit_id=lambda: "snapshot")


def drive(keys: list[str]) -> Callable[[Pilot[object]], object]:
    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()
        await press(pilot, *keys)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the snapshot depend on timing

    return run_before


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(screen: str, lang: str, guide: Guide, snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(kiosk(guide, lang), terminal_size=(80, 24), run_before=drive(SCREENS[screen]))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_checklist_when_saving_failed(lang: str, guide: Guide, snap_compare: Callable[..., bool]) -> None:
    app = kiosk(guide, lang, FakeStore(fail="disk_full"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=drive(SCREENS["checklist"]))


@pytest.mark.parametrize("screen", list(SCREENS))
def test_traditional_chinese(screen: str, guide: Guide, snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(kiosk(guide, "zh_hant"), terminal_size=(80, 24), run_before=drive(SCREENS[screen]))


def test_checklist_fills_a_large_terminal(guide: Guide, snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(kiosk(guide, "zh"), terminal_size=(130, 40), run_before=drive(SCREENS["checklist"]))


def test_too_small_window(guide: Guide, snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(kiosk(guide, "zh"), terminal_size=(50, 16), run_before=drive(["enter"]))
