"""A kiosk App for the lobby tests: a clock the test moves, a PIN in a temporary folder, quick idle ticks."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static
from wizard_helpers import drawn_lines, press

from kiosk.app import KioskApp
from kiosk.config import IdleSettings
from kiosk.guide.model import Guide
from kiosk.pin import PinGuard, ScryptParams
from screens.kiosk_screen import KeyBar
from screens.widgets.line_list import LineList

PIN = "246810"
FAST = ScryptParams(n=2**4, r=1, p=1)  # cheap scrypt keeps the PIN tests fast; it is stored with the hash
TICK = 0.01  # seconds between the App's idle checks in tests
SENTINEL_AGE = "137"  # an age a visitor types, distinctive enough to look for after a wipe

# The keys that reach each screen of the walk from the welcome screen (first application, or a reissue
# before any loss report for the blocked screen); the age screen is left with the sentinel typed in.
ROUTES: dict[str, list[str]] = {
    "welcome": [],
    "choose": ["enter"],
    "ask_choice": ["enter", "1"],
    "ask_number": ["enter", "1", "1", *SENTINEL_AGE],
    "check_answers": ["enter", "1", "1", *SENTINEL_AGE, "enter", "1", "2"],
    "checklist": ["enter", "1", "1", *SENTINEL_AGE, "enter", "1", "2", "enter"],
    "blocked": ["enter", "5", "3", "enter"],
}


class Clock:
    """A clock the test moves by hand (the App's monotonic clock, or the PIN lock's wall clock)."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.time = start

    def __call__(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += seconds


def pin_guard(folder: Path, clock: Clock, *, pin: str | None = PIN) -> PinGuard:
    guard = PinGuard(folder, now=clock)
    if pin is not None:
        guard.set_pin(pin, FAST)
    return guard


def lobby_app(
    guide: Guide,
    store: object,
    *,
    clock: Clock,
    guard: PinGuard,
    idle: IdleSettings | None = None,
    lang: str = "zh",
    tick_seconds: float = TICK,
) -> KioskApp:
    return KioskApp(
        guide,
        open_store=lambda: store,  # type: ignore[arg-type,return-value]
        lang=lang,
        clock=clock,
        pin_guard=guard,
        idle=idle,
        tick_seconds=tick_seconds,
    )


async def walk_to(pilot: Pilot[object], place: str) -> None:
    await pilot.pause()
    await press(pilot, *ROUTES[place])


async def ticks(pilot: Pilot[object], count: int = 3) -> None:
    """Let the App's idle check run a few times (it ticks every TICK seconds)."""
    for _ in range(count):
        await pilot.pause(TICK * 2)


def widget_text(widget: Widget) -> str:
    """Every piece of text a widget holds, shown or not: its content, label, options or typed value."""
    if isinstance(widget, Button):
        return widget.label.plain
    if isinstance(widget, Input):
        return f"{widget.value}\n{widget.placeholder}"
    if isinstance(widget, OptionList):
        return "\n".join(str(getattr(option.prompt, "plain", option.prompt)) for option in widget.options)
    if isinstance(widget, LineList):  # a checklist's lines, "your answers" among them
        return "\n".join(drawn_lines(widget))
    if isinstance(widget, KeyBar):
        return "\n".join(key.label for key in widget.keys)
    if isinstance(widget, Static):
        visual = widget.visual
        return str(getattr(visual, "plain", visual))
    return ""


def all_text(app: KioskApp) -> str:
    """The text of every widget (shown or hidden) on every screen in the App's stack."""
    return "\n".join(widget_text(widget) for screen in app.screen_stack for widget in screen.query("*"))


async def until(pilot: Pilot[object], condition: Callable[[], bool], timeout: float = 3.0) -> None:
    """Wait (briefly pausing) until `condition()` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the kiosk never got there")
        await pilot.pause(0.02)
