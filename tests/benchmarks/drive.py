"""Driving a running Textual App by keys, and knowing precisely when the next screen has been painted.

Pilot's `press()` is made for tests: after each key it sleeps until the process looks idle (at least
2 x 20 ms), which would swamp what is measured here. These helpers send the same `Key` event through
the App's driver, as Pilot and a real terminal do, and then wait on events only, never on a sleep:

- `screen_change(app, accept)`: the App's `screen_change_signal` names a screen that `accept`s;
- `settled(app)`: every widget on the current screen (and the App) has handled the messages that were
  queued when it was asked, repeated until composing stops adding widgets; then the screen's
  `call_after_refresh` callback has run, which Textual runs only once the screen has no layout, repaint
  or recompose pending, i.e. after its compositor update has been rendered.

"Key to next screen painted" is then: `Key` event sent -> the next screen is current -> settled.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable

from textual import events
from textual.app import App
from textual.screen import Screen

CHARS = {"enter": "\r", "escape": "\x1b", "backspace": "\x7f", "tab": "\t", "space": " "}
TIMEOUT = 30.0


def send_key(app: App[object], key: str) -> None:
    """Post `key` to the App through its driver, exactly as Pilot does (and as a terminal's input thread)."""
    driver = app._driver
    assert driver is not None, "the App is not running"
    char = key if len(key) == 1 else CHARS.get(key)
    event = events.Key(key, char)
    event.set_sender(app)
    driver.send_message(event)


async def _processed(app: App[object]) -> int:
    """Wait until the App and every widget on the current screen have handled what is queued for them."""
    nodes = [app, *app.screen.walk_children(with_self=True)]
    pending = 0
    done = asyncio.Event()

    def one_done() -> None:
        nonlocal pending
        pending -= 1
        if pending == 0:
            done.set()

    for node in nodes:
        if node.call_later(one_done):
            pending += 1
    if pending:
        await asyncio.wait_for(done.wait(), TIMEOUT)
    return len(nodes)


async def settled(app: App[object]) -> None:
    """The current screen is composed, mounted, and its compositor refresh has been done (see above)."""
    before = -1
    count = await _processed(app)
    while count != before:  # composing or mounting added widgets: let those run too
        before, count = count, await _processed(app)
    painted = asyncio.Event()
    app.screen.call_after_refresh(painted.set)
    await asyncio.wait_for(painted.wait(), TIMEOUT)


async def wait_for_screen(
    app: App[object], accept: Callable[[Screen[object]], bool], start: Callable[[], object]
) -> Screen[object]:
    """Call `start`, then wait until a screen that `accept`s is the current one, and return it."""
    arrived = asyncio.Event()

    def changed(screen: Screen[object]) -> None:
        if accept(screen):
            arrived.set()

    app.screen_change_signal.subscribe(app, changed, immediate=True)
    try:
        start()
        if not accept(app.screen):
            await asyncio.wait_for(arrived.wait(), TIMEOUT)
    finally:
        app.screen_change_signal.unsubscribe(app)
    return app.screen


async def screen_change(
    app: App[object], keys: Iterable[str], accept: Callable[[Screen[object]], bool]
) -> Screen[object]:
    """Send `keys`, then wait until a screen that `accept`s is the current one, and return it."""

    def press() -> None:
        for key in keys:
            send_key(app, key)

    return await wait_for_screen(app, accept, press)


async def timed_screen_change(
    app: App[object], keys: Iterable[str], accept: Callable[[Screen[object]], bool]
) -> tuple[Screen[object], float]:
    """Send `keys` and time it until the accepted next screen is current and painted; seconds."""
    start = time.perf_counter()
    screen = await screen_change(app, keys, accept)
    await settled(app)
    return screen, time.perf_counter() - start


async def timed_repaint(app: App[object], key: str) -> float:
    """Send `key` (one that stays on the screen, e.g. a typed digit) and time it until the screen is repainted."""
    start = time.perf_counter()
    send_key(app, key)
    await settled(app)
    return time.perf_counter() - start


def other_than(old: Screen[object], kind: type[Screen[object]] = Screen) -> Callable[[Screen[object]], bool]:
    """Accept a screen of `kind` that is not `old`."""
    return lambda screen: screen is not old and isinstance(screen, kind)
