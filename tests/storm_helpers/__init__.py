"""Keys at full speed: posted to the running App back to back, the way a burst reaches it from a terminal,
without Pilot's pause after each key (which is what hid the crashes of keys faster than screens)."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from kiosk.app import KioskApp

TIMEOUT = 20.0  # seconds a test waits for the kiosk to settle before it fails (a loaded CI machine is slow)
CHARACTERS = {"enter": "\r", "tab": "\t", "escape": "\x1b", "space": " ", "backspace": "\x7f"}
# What a visitor's hands can send: the number keys most, then Enter and Esc, the arrows and page keys, the
# F-keys of the key bar, letters, full-width digits from an input method, and the keys the lobby swallows.
VISITOR_KEYS: Sequence[tuple[str, int]] = (
    *((digit, 6) for digit in "123456789"),
    ("0", 3),
    ("enter", 20),
    ("escape", 3),
    *((key, 3) for key in ("up", "down", "tab", "shift+tab", "pageup", "pagedown", "home", "end")),
    *((key, 2) for key in ("left", "right", "backspace", "delete", "space")),
    *((key, 2) for key in ("f2", "f3", "f4", "f6", "f7", "f8", "f9")),
    ("f5", 1),
    ("f12", 1),
    *((key, 1) for key in ("a", "z", "Q", "#", "１", "２", "ctrl+v", "ctrl+c", "alt+1", "ctrl+a", "alt+x")),
)


def key_event(key: str) -> events.Key:
    """The Key event a terminal burst gives for `key` (with its character, as Textual's driver makes it)."""
    character = CHARACTERS.get(key, key if len(key) == 1 else None)
    return events.Key(key, character)


def post_keys(app: KioskApp, keys: Sequence[str]) -> None:
    """Post `keys` to the App back to back: they are all queued before it handles the first."""
    for key in keys:
        app.post_message(key_event(key))


async def settled(app: KioskApp, pilot: Pilot[Any], timeout: float = TIMEOUT) -> None:
    """Wait until no key is held and the current screen is ready for input (screens.gate), or the kiosk has
    ended the one clean way (staff chose "leave": a key in flight may do so while this waits)."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while (app.input_gate.holding or not app.input_gate.ready()) and not app.staff_exit:
        if time.monotonic() > deadline:
            raise AssertionError(f"the kiosk did not settle within {timeout:g} s (on {type(app.screen).__name__})")
        await pilot.pause(0.01)
    await pilot.pause()


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"the kiosk never got there: {what}")
        await pilot.pause(0.01)


async def storm(
    app: KioskApp, pilot: Pilot[Any], rng: random.Random, count: int, keys: Sequence[tuple[str, int]]
) -> tuple[set[str], int]:
    """Post `count` keys drawn from `keys` (with their weights), in bursts of 1 to 8, each burst queued
    back to back; between bursts the kiosk gets zero to a few turns of the event loop, and more often than
    not the time to hand on what it holds (then the next burst comes while the screen it led to is built).
    Returns the names of the screens that became ready for input meanwhile, and the keys sent (fewer than
    `count` if the storm made staff leave `kiosk staff`, its one clean way out)."""
    names = [key for key, _ in keys]
    weights = [weight for _, weight in keys]
    seen: set[str] = set()
    gate = app.input_gate
    admit = gate.admit

    def admit_and_note(screen: Screen[Any]) -> None:  # a probe: every screen that became ready for input
        seen.add(type(screen).__name__)
        admit(screen)

    gate.admit = admit_and_note  # type: ignore[method-assign]
    sent = 0
    while sent < count and app.is_running and not app.staff_exit:
        tokens = rng.choices(names, weights, k=rng.randint(1, 8))
        burst = [key for token in tokens for key in token.split("|")][: count - sent]  # "a|b": keys typed together
        post_keys(app, burst)
        sent += len(burst)
        for _ in range(rng.randint(0, 3)):
            await asyncio.sleep(0)
        if rng.random() < 0.6:  # often, the next burst comes once this one is handled; else on top of it
            deadline = time.monotonic() + 2.0
            while gate.holding and time.monotonic() < deadline:
                await asyncio.sleep(0.001)
    gate.admit = admit  # type: ignore[method-assign]
    return seen, sent


def errors_logged(caplog_records: Sequence[logging.LogRecord]) -> list[str]:
    """The error records of the run (a contained crash logs one), as their messages."""
    return [record.getMessage() for record in caplog_records if record.levelno >= logging.ERROR]
