"""Key storms: keys posted at full speed to the running kiosk, over every visitor screen in three
languages and three window sizes, and in staff mode: 3,060 keys in the suite, 10,200 with
`KIOSK_STORM_KEYS=1000` (a storm's keys are handled one after another, about 20 ms each, so the full
count costs the suite some three CPU-minutes; run it by hand after touching the gate or a screen's keys).
Nothing may be logged as an error, the kiosk must never apologise or stop, and it must answer at the end
(screens.gate holds, or drops, what comes faster than screens are built)."""

from __future__ import annotations

import logging
import os
import random
from pathlib import Path
from typing import Any

import pytest
from lobby_helpers import PIN, Clock, pin_guard
from staff_helpers import staff_app, type_pin
from storm_helpers import VISITOR_KEYS, errors_logged, post_keys, settled, storm, until
from textual.pilot import Pilot

from kiosk.app import KioskApp
from kiosk.guide.model import Guide
from kiosk.speech import Speaker
from screens.notices.apology import Apology
from screens.staff.staff_home import StaffHome
from screens.visitor.choose_procedure import ChooseProcedure
from screens.visitor.welcome import Welcome
from store import Store

SEED = 20261203
VISITOR_STORM = int(os.environ.get("KIOSK_STORM_KEYS", "300"))  # keys for each language and size, nine in all
STAFF_STORM = VISITOR_STORM * 6 // 5
SIZES = [(40, 12), (100, 30), (200, 60)]
LANGS = ["zh", "en", "zh_hant"]
# Screens the storm must have reached at a size where they show (the walk is really exercised): the first
# two, and at least one further on.
FIRST = {"ChooseProcedure", "AskChoice"}
FURTHER = {"AskNumber", "CheckAnswers", "ChecklistScreen", "Blocked", "QrView"}
STAFF_KEYS = (
    *((digit, 6) for digit in "13"),
    ("2", 2),  # walk a visitor through: the visitor's screens, which the other storms cover
    ("4", 1),  # lock: the desk waits for the PIN, which the storm types now and then
    ("|".join([*PIN, "enter"]), 3),
    ("enter", 12),
    ("escape", 6),
    *((key, 2) for key in ("up", "down", "tab", "pageup", "pagedown", "backspace", "f2", "f3", "f5", "f8", "f9")),
    *((letter, 2) for letter in "KMQX7"),
    *((key, 1) for key in ("l", "f12", "ctrl+v", "alt+2", "１")),
)


def lobby_kiosk(guide: Guide, tmp_path: Path, lang: str) -> KioskApp:
    clock = Clock()
    store = Store(tmp_path / "kiosk.db")
    return KioskApp(
        guide,
        open_store=lambda: store,
        lang=lang,
        clock=clock,
        pin_guard=pin_guard(tmp_path, clock),
        printer_command="true",
        speaker=Speaker("cat", {}),  # a real command that takes the text and says nothing
    )


async def answers_at_the_end(app: KioskApp, pilot: Pilot[Any]) -> None:
    """After the storm: F5 brings the welcome screen, and Enter on it the choice of procedures (in a window
    large enough: behind the "too small" notice keys do nothing)."""
    await settled(app, pilot)
    await pilot.resize_terminal(100, 30)
    post_keys(app, ["escape", "escape", "f5"])
    await until(pilot, lambda: isinstance(app.screen, Welcome) and app.input_gate.ready(), "the welcome screen")
    post_keys(app, ["enter"])
    await until(pilot, lambda: isinstance(app.screen, ChooseProcedure), "the choice of procedures")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", LANGS)
async def test_a_visitor_key_storm_leaves_no_error_and_a_kiosk_that_answers(
    guide: Guide, tmp_path: Path, caplog: pytest.LogCaptureFixture, lang: str, size: tuple[int, int]
) -> None:
    caplog.set_level(logging.DEBUG)
    app = lobby_kiosk(guide, tmp_path, lang)
    rng = random.Random(f"{SEED}-{lang}-{size}")
    async with app.run_test(size=size) as pilot:
        await settled(app, pilot)
        seen, sent = await storm(app, pilot, rng, VISITOR_STORM, VISITOR_KEYS)
        assert sent == VISITOR_STORM
        await answers_at_the_end(app, pilot)
        assert app.return_code is None and app.is_running
    assert errors_logged(caplog.records) == []
    assert Apology.__name__ not in seen
    if size != (40, 12):
        assert seen >= FIRST and FURTHER & seen, f"the storm reached only {seen}"
    else:  # the "window too small" notice: no key reaches the walk behind it
        assert seen <= {Welcome.__name__}, f"keys reached {seen} behind the notice"
        assert app.input_gate.dropped > 0


async def test_a_staff_key_storm_leaves_no_error_and_a_desk_that_answers(
    guide: Guide, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """`kiosk staff` under a storm; when the storm picks "leave" (its one clean way out, exit code 0), the
    desk is started again and the storm goes on, until all its keys are sent. Which screens random keys reach
    depends on timing (a key held through a screen change lands on the next one), so a storm that has not
    yet opened a code and the statistics goes on, in quarters, up to four times its keys (1,440 in the
    suite, about the 1,200 it sent before the suite's storms were cut)."""
    caplog.set_level(logging.DEBUG)
    store = Store(tmp_path / "kiosk.db")
    store.save(
        visit_id="v1", procedure="first_application", answers=(), guide_version="5a5b5c5d", lang="zh", channel="kiosk"
    )
    rng = random.Random(f"{SEED}-staff")
    seen: set[str] = set()
    sent = starts = 0
    desk = {"StaffHome", "OpenByCode", "StatsScreen"}  # the screens a storm of the desk must have reached
    while sent < STAFF_STORM or (not desk <= seen and sent < 4 * STAFF_STORM):
        app = staff_app(guide, store, tmp_path, Clock(), printer_command="true")
        starts += 1
        async with app.run_test(size=(100, 30)) as pilot:
            await settled(app, pilot)
            await type_pin(app, pilot)
            await until(pilot, lambda app=app: isinstance(app.screen, StaffHome), "the staff home")
            count = STAFF_STORM - sent if sent < STAFF_STORM else STAFF_STORM // 4
            screens, keys = await storm(app, pilot, rng, count, STAFF_KEYS)
            seen |= screens
            sent += keys
            if not app.staff_exit:
                await settled(app, pilot)
            # still at the desk, or ended the one clean way (a key in flight may have chosen "leave")
            assert (app.is_running and app.return_code is None) or app.staff_exit
    assert errors_logged(caplog.records) == []
    assert Apology.__name__ not in seen
    assert desk <= seen, seen
    assert starts < 10, f"the storm left the desk {starts - 1} times: it is not exercising the desk"
