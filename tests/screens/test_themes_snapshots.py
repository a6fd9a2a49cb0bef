"""What a visitor sees in the high-contrast theme and the large layout, and the offer of Traditional Chinese
(SVG snapshots at 80x24 unless said). Update with `--snapshot-update`, then look at the changed SVGs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import FakeStore
from test_snapshots import SCREENS, SNAPSHOT_VERSION, drive

from kiosk.app import KioskApp
from kiosk.guide.model import Guide


def kiosk(guide: Guide, lang: str = "zh", *, theme: str = "default", large: bool = False) -> KioskApp:
    fixed = guide._replace(version=SNAPSHOT_VERSION)
    store = FakeStore()
    return KioskApp(
        fixed, open_store=lambda: store, lang=lang, new_visit_id=lambda: "snapshot", theme=theme, large=large
    )


@pytest.mark.parametrize("screen", ["ask_choice", "ask_number_bad_entry", "checklist", "blocked"])
def test_high_contrast(screen: str, guide: Guide, snap_compare: Callable[..., bool]) -> None:
    app = kiosk(guide, theme="high_contrast")
    assert snap_compare(app, terminal_size=(80, 24), run_before=drive(SCREENS[screen]))


@pytest.mark.parametrize("screen", ["choose_procedure", "ask_choice", "checklist"])
def test_large_layout(screen: str, guide: Guide, snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(kiosk(guide, large=True), terminal_size=(80, 24), run_before=drive(SCREENS[screen]))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_high_contrast_and_large_together(lang: str, guide: Guide, snap_compare: Callable[..., bool]) -> None:
    app = kiosk(guide, lang, theme="high_contrast", large=True)
    assert snap_compare(app, terminal_size=(100, 30), run_before=drive(SCREENS["checklist"]))


def test_the_qr_code_in_a_window_large_enough(guide: Guide, snap_compare: Callable[..., bool]) -> None:
    app = kiosk(guide, "zh_hant", theme="high_contrast")
    assert snap_compare(app, terminal_size=(130, 50), run_before=drive(SCREENS["qr_code"]))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_traditional_chinese_offered_after_a_hong_kong_identity(
    lang: str, guide: Guide, snap_compare: Callable[..., bool]
) -> None:
    keys = ["enter", "1", "2"]  # first application, a Hong Kong or Macao resident: the next question
    assert snap_compare(kiosk(guide, lang), terminal_size=(80, 24), run_before=drive(keys))
