"""Pilot without the wall clock: "the App is idle" judged from the event loop, not from sleeping.

Textual's Pilot waits after every key and in every `pause()` with `textual._wait.wait_for_idle`, which
sleeps 20 ms at a time until a 20 ms window passed with under 1 ms of CPU used. Over the suite's
thousands of keys that was a third of its time spent asleep. `wait_for_idle` here asks the event loop
instead, and returns once, twice running, the loop has nothing left to do soon:

- no callback is ready to run (a message handler, a task's next step, a thread's result coming back);
- no timer is due within `SOON`: a one-shot timer or sleep, or Textual's screen-update and animation
  timers, which run only while a repaint or an animation is pending. Intervals that the App or a widget set
  (`set_interval`: the lobby's idle tick, which tests run every 10 ms, a cursor's blink) are its steady
  rhythm, never the end of what a key started, and are left out;
- no work handed to a thread (`asyncio.to_thread`, a thread worker) is still running.

It waits for the same things as Textual's, never longer than `max_sleep`, and at least `min_sleep`.
`install()` puts it where Textual's Pilot and `App._press_keys` look it up (tests/conftest.py calls it
once). It reads two private attributes of asyncio's loop (`_ready`, `_scheduled`); `tests/lobby/test_idle_helpers.py`
checks that both still mean what this relies on."""

from __future__ import annotations

import asyncio
import threading
import time
from asyncio import base_events
from typing import Any

SOON = 0.02  # seconds: a timer due sooner than this is part of what the last key started
QUIET_CHECKS = 2  # consecutive quiet looks at the loop before calling it idle
_in_threads = 0  # work handed to a thread by run_in_executor and not yet back on the loop
_lock = threading.Lock()
_run_in_executor = base_events.BaseEventLoop.run_in_executor


def _counted_run_in_executor(self: base_events.BaseEventLoop, executor: Any, func: Any, *args: Any) -> Any:
    global _in_threads
    future = _run_in_executor(self, executor, func, *args)
    with _lock:
        _in_threads += 1

    def back(_: object) -> None:  # runs on the loop once the result is set there, not in the thread
        global _in_threads
        with _lock:
            _in_threads -= 1

    future.add_done_callback(back)
    return future


def busy(loop: asyncio.AbstractEventLoop) -> str | None:
    """What the loop still has to do soon ("ready", "timer", "thread"), or None when it has nothing."""
    if loop._ready:  # type: ignore[attr-defined]
        return "ready"
    if _in_threads:
        return "thread"
    now = loop.time()
    for handle in loop._scheduled:  # type: ignore[attr-defined]
        if not handle.cancelled() and handle.when() - now < SOON and not _an_interval(handle):
            return "timer"
    return None


def _an_interval(handle: asyncio.TimerHandle) -> bool:
    """Whether the task this timer wakes is a `set_interval` Timer (Textual names them "set_interval#N")."""
    future = handle._args[0] if handle._args else None  # type: ignore[attr-defined]  # asyncio.sleep's future
    for callback, _ in getattr(future, "_callbacks", None) or ():
        task = getattr(callback, "__self__", None)
        if isinstance(task, asyncio.Task) and task.get_name().startswith("set_interval#"):
            return True
    return False


async def wait_for_idle(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    """Return once the running loop has been quiet for `QUIET_CHECKS` looks in a row (see the module)."""
    loop = asyncio.get_running_loop()
    start = time.monotonic()
    quiet = 0
    while quiet < QUIET_CHECKS or time.monotonic() - start < min_sleep:
        if time.monotonic() - start >= max_sleep:
            return
        await asyncio.sleep(0)
        waiting = busy(loop)
        if waiting is None:
            quiet += 1
            if quiet >= QUIET_CHECKS and time.monotonic() - start < min_sleep:
                await asyncio.sleep(min_sleep - (time.monotonic() - start))
            continue
        quiet = 0
        if waiting != "ready":  # a timer or a thread: give it the time, without spinning on the loop
            await asyncio.sleep(0.001)


def install() -> None:
    """Make Pilot (`press`, `pause`, ...) and `App._press_keys` use this `wait_for_idle`."""
    import textual.app
    import textual.pilot

    base_events.BaseEventLoop.run_in_executor = _counted_run_in_executor  # type: ignore[method-assign]
    textual.app.wait_for_idle = wait_for_idle  # type: ignore[attr-defined]
    textual.pilot.wait_for_idle = wait_for_idle  # type: ignore[attr-defined]
