"""Resizing to any size, down to 1x1, never crashes a screen, and the screen is whole again at a usable size."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeStore
from lobby_helpers import PIN, ROUTES, Clock, lobby_app, pin_guard, ticks, until, walk_to
from wizard_helpers import press, shown

from kiosk.app import KioskApp
from kiosk.guide.model import Guide
from screens.guard import HandlerFailed
from screens.notices.apology import Apology
from screens.notices.still_there import StillThere
from screens.staff.pin_prompt import PinPrompt
from screens.staff.staff_menu import StaffMenu
from screens.visitor.welcome import Welcome

SIZES = [(1, 1), (2, 2), (10, 3), (80, 24), (300, 100), (1, 1), (59, 19), (60, 20)]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock) -> KioskApp:
    return lobby_app(guide, fake_store, clock=clock, guard=pin_guard(tmp_path, clock))


async def resize_through_every_size(app: KioskApp, pilot: object) -> None:
    screen = app.screen
    text = shown(screen)
    for width, height in SIZES:
        await pilot.resize_terminal(width, height)  # type: ignore[attr-defined]
        await until(pilot, lambda: app.screen.size == (width, height))  # type: ignore[arg-type]  # noqa: B023
        await pilot.pause(0.02)  # type: ignore[attr-defined]  # laid out and painted at that size
        assert app.is_running and app.return_code is None, (width, height)
        assert app.screen is screen, (width, height)
    await pilot.resize_terminal(80, 24)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert shown(screen) == text


@pytest.mark.parametrize("place", list(ROUTES))
async def test_every_walk_screen_survives_any_size(app: KioskApp, place: str) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, place)
        await resize_through_every_size(app, pilot)


async def test_the_countdown_survives_any_size(app: KioskApp, clock: Clock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        clock.advance(90)
        await ticks(pilot)
        assert isinstance(app.screen, StillThere)
        await resize_through_every_size(app, pilot)


async def test_the_pin_prompt_and_staff_menu_survive_any_size(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "choose")
        await press(pilot, "f12")
        assert isinstance(app.screen, PinPrompt)
        await resize_through_every_size(app, pilot)
        await press(pilot, *PIN, "enter")
        await until(pilot, lambda: isinstance(app.screen, StaffMenu))
        await resize_through_every_size(app, pilot)


async def test_the_apology_survives_any_size(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(HandlerFailed(RuntimeError("a test"), "a test"))
        await until(pilot, lambda: isinstance(app.screen, Apology))
        await resize_through_every_size(app, pilot)


@pytest.mark.parametrize("size", [(1, 1), (2, 2), (10, 3)])
async def test_a_kiosk_started_in_a_tiny_window_can_still_be_walked(app: KioskApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await walk_to(pilot, "checklist")
        assert app.is_running
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "办事清单" in shown(app.screen)
        await press(pilot, "f5")
        assert isinstance(app.screen, Welcome)
