"""What counter staff see at 80x24, in Chinese and English (SVG snapshots).

Update after a deliberate change with `pytest tests/screens/test_staff_snapshots.py --snapshot-update`, then look
at the changed SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

import pytest
from lobby_helpers import Clock
from staff_helpers import press_for_next_screen, seed_demand, staff_app, type_pin
from store_helpers import Clock as StoreClock
from store_helpers import utc
from textual.pilot import Pilot
from textual.widgets import Input
from wizard_helpers import press

from kiosk.guide.engine import build_checklist
from kiosk.guide.model import Guide, Note, Text
from store import Store

SNAPSHOT_VERSION = "5a5b5c5d"
OLDER_VERSION = "0dd0"
ANSWERS: tuple[tuple[str, str | int], ...] = (("identity", "mainland"), ("age", 12), ("channel", "instant_outlet"))


@pytest.fixture
def fixed_guide(guide: Guide) -> Guide:
    return guide._replace(version=SNAPSHOT_VERSION)


@pytest.fixture
def store(tmp_path: Path, fixed_guide: Guide, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Two saved checklists: K7M-Q4X under today's guide, ABC-DEF under an older one that differs."""
    seed_demand(tmp_path / "kiosk.db")
    codes = iter(["K7MQ4X", "ABCDEF"])
    monkeypatch.setattr("store.db.new_code", lambda: next(codes))
    store = Store(tmp_path / "kiosk.db", now=StoreClock(utc(2026, 3, 5, 1, 30)), retention_days=36500)
    procedure = fixed_guide.procedure("first_application")
    assert procedure is not None
    today = build_checklist(fixed_guide, procedure, dict(ANSWERS))
    old_rule = Note("warning", Text(zh="旧规定：须带两张照片", en="Old rule: bring two photos"), "二(九)", ())
    older = today._replace(guide_version=OLDER_VERSION, items=today.items[1:], notes=(*today.notes, old_rule))
    for visit, checklist in (("visit-today", today), ("visit-older", older)):
        store.save(
            visit_id=visit,
            procedure="first_application",
            answers=ANSWERS,
            guide_version=checklist.guide_version,
            lang="en",
            channel="kiosk",
            checklist=checklist,
        )
    return store


def drive(*steps: tuple[str, ...], sign_in: bool = True) -> Callable[[Pilot[object]], Awaitable[None]]:
    """Sign in, then press each group of keys and wait for the next screen."""

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()
        if sign_in:
            await type_pin(pilot.app, pilot)  # type: ignore[arg-type]
        for keys in steps:
            await press_for_next_screen(pilot.app, pilot, *keys)  # type: ignore[arg-type]
        await press(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the snapshot depend on timing

    return run_before


SCREENS = {
    "staff_home": drive(),
    "open_by_code_unknown": drive(("1",), ("z", "z", "z", "2", "2", "2", "enter")),
    "saved_checklist": drive(("1",), ("k", "7", "m", "q", "4", "x", "enter")),
    "saved_under_an_older_guide": drive(("1",), ("a", "b", "c", "d", "e", "f", "enter")),
    "statistics": drive(("3",)),
    "locked": drive(sign_in=False),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_staff_screen(
    screen: str, lang: str, fixed_guide: Guide, store: Store, tmp_path: Path, snap_compare: Callable[..., bool]
) -> None:
    app = staff_app(fixed_guide, store, tmp_path, Clock(), lang=lang, wall_clock=lambda: datetime(2026, 3, 7, 18))
    assert snap_compare(app, terminal_size=(80, 24), run_before=SCREENS[screen])
