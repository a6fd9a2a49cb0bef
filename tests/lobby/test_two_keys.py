"""Two keys at once on every numbered screen (a chord, a hand on the keyboard): the kiosk does exactly what
the same two keys pressed one after the other do, with no error; and `Enter 1 1` in one burst on the
welcome screen, the burst that crashed it (screens.gate)."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeStore
from lobby_helpers import PIN, ROUTES, Clock, pin_guard
from staff_helpers import staff_app, type_pin
from storm_helpers import errors_logged, post_keys, settled
from textual.pilot import Pilot
from wizard_helpers import press

from kiosk.app import KioskApp
from kiosk.guide.model import Guide
from screens.notices.apology import Apology
from store import Store

# The numbered screens a visitor reaches, and the key pairs tried on each (first choice twice, and two
# different ones: the second key answers the screen the first one led to).
VISITOR_SCREENS = ["choose", "ask_choice", "check_answers", "blocked"]
PAIRS = [("1", "1"), ("2", "1"), ("3", "2")]


def where(app: KioskApp) -> tuple[object, ...]:
    """Where the kiosk is: its screen, the visit's procedure and answers, and what is highlighted."""
    screen = app.screen
    return (type(screen).__name__, app.visit.procedure, app.visit.answers, getattr(screen, "highlighted", None))


def visitor_kiosk(guide: Guide, tmp_path: Path) -> KioskApp:
    clock = Clock()
    return KioskApp(guide, open_store=lambda: FakeStore(), clock=clock, pin_guard=pin_guard(tmp_path, clock))


async def after_keys(
    app: KioskApp, pilot: Pilot[Any], route: list[str], keys: tuple[str, ...], *, together: bool
) -> tuple[object, ...]:
    await settled(app, pilot)
    await press(pilot, *route)
    await settled(app, pilot)
    if together:
        post_keys(app, keys)
    else:
        for key in keys:
            post_keys(app, [key])
            await settled(app, pilot)
    await settled(app, pilot)
    assert not isinstance(app.screen, Apology)
    return where(app)


@pytest.mark.parametrize("keys", PAIRS, ids=["+".join(pair) for pair in PAIRS])
@pytest.mark.parametrize("place", VISITOR_SCREENS)
async def test_two_keys_at_once_do_what_the_same_keys_one_by_one_do(
    guide: Guide, tmp_path: Path, caplog: pytest.LogCaptureFixture, place: str, keys: tuple[str, str]
) -> None:
    caplog.set_level(logging.WARNING)
    one_by_one = visitor_kiosk(guide, tmp_path / "a")
    async with one_by_one.run_test(size=(100, 30)) as pilot:
        expected = await after_keys(one_by_one, pilot, ROUTES[place], keys, together=False)
    together = visitor_kiosk(guide, tmp_path / "b")
    async with together.run_test(size=(100, 30)) as pilot:
        reached = await after_keys(together, pilot, ROUTES[place], keys, together=True)
    assert reached == expected
    assert errors_logged(caplog.records) == []


@pytest.mark.parametrize("burst", [["enter", "1", "1"], ["enter", "1", "1", "1", "enter"], ["1", "enter", "2", "3"]])
async def test_a_burst_on_the_welcome_screen_is_typed_ahead(
    guide: Guide, tmp_path: Path, caplog: pytest.LogCaptureFixture, burst: list[str]
) -> None:
    """The issue's `tmux send-keys Enter 1 1`: one burst, every key for the screen it was typed ahead for."""
    caplog.set_level(logging.WARNING)
    one_by_one = visitor_kiosk(guide, tmp_path / "a")
    async with one_by_one.run_test(size=(100, 30)) as pilot:
        expected = await after_keys(one_by_one, pilot, [], tuple(burst), together=False)
    together = visitor_kiosk(guide, tmp_path / "b")
    async with together.run_test(size=(100, 30)) as pilot:
        reached = await after_keys(together, pilot, [], tuple(burst), together=True)
    assert reached == expected
    assert reached[0] != "Welcome"  # the burst went somewhere: the keys were not dropped
    assert errors_logged(caplog.records) == []


STAFF_SCREENS = {"home": [], "stats": ["3"], "menu": None}


@pytest.mark.parametrize("keys", [("1", "1"), ("3", "2"), ("2", "1")], ids=["1+1", "3+2", "2+1"])
@pytest.mark.parametrize("place", ["home", "stats"])
async def test_two_keys_at_once_at_the_staff_desk(
    guide: Guide, tmp_path: Path, caplog: pytest.LogCaptureFixture, place: str, keys: tuple[str, str]
) -> None:
    caplog.set_level(logging.WARNING)
    results = []
    for together in (False, True):
        folder = tmp_path / str(together)
        folder.mkdir()
        app = staff_app(guide, Store(folder / "kiosk.db"), folder, Clock())
        async with app.run_test(size=(100, 30)) as pilot:
            await settled(app, pilot)
            await type_pin(app, pilot)
            results.append(await after_keys(app, pilot, STAFF_SCREENS[place] or [], keys, together=together))
    assert results[1] == results[0]
    assert errors_logged(caplog.records) == []


async def test_two_keys_at_once_on_the_staff_menu(
    guide: Guide, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """F12 and the PIN at a lobby kiosk bring the staff menu (a modal over the visit); 1 and 1 at once."""
    caplog.set_level(logging.WARNING)
    results = []
    for together in (False, True):
        app = visitor_kiosk(guide, tmp_path / str(together))
        async with app.run_test(size=(100, 30)) as pilot:
            await settled(app, pilot)
            await press(pilot, "f12", *PIN, "enter")
            checks = [w for w in app.workers if w.group == "pin"]
            if checks:
                await app.workers.wait_for_complete(checks)
            await settled(app, pilot)
            assert type(app.screen).__name__ == "StaffMenu"
            results.append(await after_keys(app, pilot, [], ("1", "1"), together=together))
    assert results[1] == results[0]
    assert errors_logged(caplog.records) == []


async def test_f5_and_enter_at_once_start_again_and_open_the_choices_without_a_stall(
    guide: Guide, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """F5 wipes the visit (its screens go at once); the Enter typed with it reaches the fresh welcome
    screen, promptly: the gate does not wait on the wiped screens' widgets, which will never answer."""
    caplog.set_level(logging.WARNING)
    app = visitor_kiosk(guide, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        await press(pilot, *ROUTES["check_answers"])
        await settled(app, pilot)
        started = time.monotonic()
        post_keys(app, ["f5", "enter"])
        await settled(app, pilot)
        took = time.monotonic() - started
        assert where(app)[:3] == ("ChooseProcedure", None, ())
        assert took < 1.5, f"the Enter after F5 waited {took:.2f} s"
        assert app.input_gate.dropped == 0
    assert errors_logged(caplog.records) == []


@pytest.mark.parametrize("size", [(50, 30), (100, 15), (40, 12)], ids=["too-narrow", "too-short", "both"])
async def test_no_key_reaches_the_walk_behind_the_too_small_notice(
    guide: Guide, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Too narrow, too short, or both: the notice shows and every key is dropped; made larger, keys work."""
    app = visitor_kiosk(guide, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settled(app, pilot)
        post_keys(app, ["enter", "1", "f2"])
        await settled(app, pilot)
        assert where(app)[:2] == ("Welcome", None) and app.visit.lang == "zh"
        assert app.input_gate.dropped == 3
        await pilot.resize_terminal(100, 30)
        post_keys(app, ["enter"])
        await settled(app, pilot)
        assert where(app)[0] == "ChooseProcedure"
