"""The input gate: a key never reaches a screen that is not ready, or no longer current.

Textual hands a key to the current screen the moment it arrives, and a screen handles it when its turn in
the screen's queue comes. Keys typed faster than screens are built (a chord, `Enter 1 1` in one burst, a
child mashing keys) then reach a screen whose choices are not mounted yet, or one that has already given
its answer and is on its way out. So every input event enters through the App (`KioskApp.on_event`) into
one `InputGate`, which hands them on one at a time:

- A screen is **ready** once it has been drawn after it became current (`admit`: after its first refresh
  following ScreenResume), and stops being ready the moment it answers (`withdraw` in `dismiss`) or starts
  redrawing itself in another language. Between two screens of the walk the current screen is the App's
  empty default one, which is never ready.
- **Keys are held**, in order, while the current screen is not ready, and each one is handed on only once
  the one before it has been handled (every message it caused has been processed). They are typed ahead,
  as at any terminal: `Enter 1 1` on the welcome screen opens procedure 1 and answers its first question
  with 1. Paste (staff only: `KioskApp` drops it in visitor mode) is held the same way.
- **Keys are dropped** when they waited longer than `HOLD_SECONDS` (typed at a screen the visitor never
  saw), beyond `HOLD_LIMIT` held at once (a hand on the keyboard), and while the screen shows the "window
  too small" notice (the page behind it is not seen).
- **Pointer input is never held**: a click means the place the visitor saw, and on the next screen that
  place is something else. A click, press or scroll that arrives while the screen is not ready, or while
  a key is being handled, is dropped; mouse movement goes straight through when the screen is ready.
- A screen's **answer counts once**: `answer_once` ignores a second `dismiss` and one from a screen that is
  no longer the current one (an Enter already on its way when a number key answered, say).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from textual import events
from textual.await_complete import AwaitComplete
from textual.message_pump import MessagePump
from textual.screen import Screen

logger = logging.getLogger(__name__)
HOLD_SECONDS = 2.0  # a key held longer than this was typed at a screen the visitor never saw
HOLD_LIMIT = 32  # keys held at once; more is a hand on the keyboard, not a visitor typing ahead
SETTLE_ROUNDS = 8  # rounds of "has every node handled what it had?" before a key is handed on anyway
ROUND_SECONDS = 0.25  # the longest one round waits (a node removed meanwhile never answers)
TOO_SMALL = ("-too-narrow", "-too-short")  # a screen with either class shows only the "too small" notice
HELD = (events.Key, events.Paste)
POINTER = (events.MouseDown, events.MouseUp, events.Click, events.MouseScrollDown, events.MouseScrollUp)


class GateHost(Protocol):
    """What the gate needs of the App: its current screen, and a way to hand an event back to it."""

    @property
    def screen(self) -> Screen[Any]: ...

    def post_message(self, message: Any) -> bool: ...


def gate_of(node: MessagePump) -> InputGate | None:
    """The App's input gate (None in an App without one, e.g. a test harness)."""
    gate = getattr(node.app, "input_gate", None)
    return gate if isinstance(gate, InputGate) else None


class InputGate:
    """Hands input events to the App's current screen only when it is ready, one key at a time."""

    def __init__(
        self,
        host: GateHost,
        *,
        nodes: Callable[[], list[MessagePump]],
        hold_seconds: float = HOLD_SECONDS,
    ) -> None:
        """`nodes()` are the message pumps a key can reach (the App and the current screen's widgets)."""
        self.host = host
        self.nodes = nodes
        self.hold_seconds = hold_seconds
        self._held: deque[tuple[float, events.Event]] = deque()
        self._released: events.Event | None = None  # the one key handed on now (one at a time)
        self._admitted: weakref.ref[Screen[Any]] | None = None
        self._ready = asyncio.Event()
        self._draining: asyncio.Task[None] | None = None
        self.dropped = 0  # keys dropped so far (held too long, too many, or behind the "too small" notice)

    # -- the screens say when they are ready -----------------------------------------------------

    def admit(self, screen: Screen[Any]) -> None:
        """`screen` is drawn and may take input (if it is still the current screen)."""
        if self._current() is screen:
            self._admitted = weakref.ref(screen)
            self._ready.set()

    def withdraw(self, screen: Screen[Any]) -> None:
        """`screen` takes no more input: it has answered, or it is being redrawn."""
        if self._admitted is not None and self._admitted() is screen:
            self._admitted = None

    def ready(self) -> bool:
        """The current screen is drawn and has not answered."""
        screen = self._current()
        return screen is not None and self._admitted is not None and self._admitted() is screen

    @property
    def holding(self) -> int:
        """How many keys are waiting for a screen to be ready."""
        return len(self._held)

    def _current(self) -> Screen[Any] | None:
        try:
            return self.host.screen
        except Exception:  # no screen yet, or the App is closing
            return None

    # -- input -----------------------------------------------------------------------------------

    def released(self, event: events.Event) -> bool:
        """True for the event the gate hands on now: the App delivers it as Textual would."""
        if event is not self._released:
            return False
        self._released = None
        return True

    def receive(self, event: events.Event) -> bool:
        """Take an input event as it arrives; True if the App may deliver it at once (mouse movement on a
        ready screen), False if the gate holds it or dropped it."""
        if isinstance(event, HELD):
            if len(self._held) >= HOLD_LIMIT:
                self._drop("more than %d keys at once", HOLD_LIMIT)
                return False
            self._held.append((time.monotonic(), event))
            if self._draining is None or self._draining.done():
                self._draining = asyncio.get_running_loop().create_task(self._drain(), name="input gate")
            return False
        if isinstance(event, POINTER):
            return self.ready() and not self._held and not self._busy()
        return self.ready()

    def _busy(self) -> bool:
        return self._draining is not None and not self._draining.done()

    def _drop(self, why: str, *values: object) -> None:
        self.dropped += 1
        logger.debug("input gate: a key dropped: " + why, *values)

    async def _drain(self) -> None:
        """Hand the held keys on, in order, each once the screen is ready and the one before is handled."""
        while self._held:
            arrived, event = self._held[0]
            while not self.ready() and (left := arrived + self.hold_seconds - time.monotonic()) > 0:
                self._ready.clear()
                try:
                    await asyncio.wait_for(self._ready.wait(), timeout=left)
                except TimeoutError:
                    break
            self._held.popleft()
            screen = self._current()
            if time.monotonic() - arrived > self.hold_seconds:
                self._drop("it waited over %g s", self.hold_seconds)
                continue
            if not self.ready():
                self._drop("its screen was not ready within %g s", self.hold_seconds)
                continue
            if screen is not None and any(screen.has_class(name) for name in TOO_SMALL):  # either one
                self._drop("the window is too small")
                continue
            self._released = event
            self.host.post_message(event)
            await self.settle()

    async def settle(self) -> None:
        """Wait until every node a key can reach has handled what it had (the way Textual's Pilot waits for
        a screen): each gets a callback queued behind its messages; a round ends when all have run, and
        the last round is one after which no node has a message waiting."""
        for _ in range(SETTLE_ROUNDS):
            await self._one_round()
            if not any(node.message_queue_size for node in self.nodes()):
                return

    async def _one_round(self) -> None:
        """Queue a callback behind each node's messages and wait until all have run, or ROUND_SECONDS: a node
        removed meanwhile (the visit was wiped) never runs its callback. The nodes themselves are not kept
        while waiting, so a wiped visit's widgets can go at once."""
        handled = asyncio.Event()
        waiting = 0

        def one_done() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting == 0:
                handled.set()

        waiting = sum(1 for node in self.nodes() if node.call_later(one_done))  # no name left bound to a node
        if waiting:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(handled.wait(), timeout=ROUND_SECONDS)


def answer_once(screen: Screen[Any], dismiss: Callable[[], AwaitComplete]) -> AwaitComplete:
    """A screen's `dismiss`: the first answer of the current screen counts, any other is ignored."""
    if not screen.is_active or getattr(screen, "_answered", False):
        logger.debug("input gate: an answer from %s ignored (it answered already, or is gone)", type(screen).__name__)
        return AwaitComplete(asyncio.sleep(0))
    screen._answered = True  # type: ignore[attr-defined]
    gate = gate_of(screen)
    if gate is not None:
        gate.withdraw(screen)
    return dismiss()


def on_screen_event(screen: Screen[Any], event: events.Event) -> None:
    """Tell the gate what a screen's own event means for its input (called after the screen handled it)."""
    gate = gate_of(screen)
    if gate is None:
        return
    if isinstance(event, events.ScreenResume):
        screen._answered = False  # type: ignore[attr-defined]  # current again (a modal over it was closed)
        screen.call_after_refresh(gate.admit, screen)
    elif isinstance(event, events.ScreenSuspend):
        gate.withdraw(screen)


def redrawing(screen: Screen[Any]) -> None:
    """`screen` is being recomposed: no input until it is drawn again."""
    gate = gate_of(screen)
    if gate is not None:
        gate.withdraw(screen)


def redrawn(screen: Screen[Any]) -> None:
    """`screen` is recomposed: input again after its next refresh."""
    gate = gate_of(screen)
    if gate is not None and not getattr(screen, "_answered", False):
        screen.call_after_refresh(gate.admit, screen)
