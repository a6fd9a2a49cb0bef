"""The suite's event-driven idle wait (tests/idle_helpers) sees what it must wait for, and only that."""

from __future__ import annotations

import asyncio
import threading

import idle_helpers


async def test_busy_sees_a_ready_callback_a_thread_and_a_timer_due_soon_and_nothing_else() -> None:
    loop = asyncio.get_running_loop()
    await idle_helpers.wait_for_idle()
    assert idle_helpers.busy(loop) is None
    handle = loop.call_soon(lambda: None)
    assert idle_helpers.busy(loop) == "ready"
    handle.cancel()
    await asyncio.sleep(0)
    timer = loop.call_later(0.005, lambda: None)
    assert idle_helpers.busy(loop) == "timer"
    timer.cancel()
    far = loop.call_later(5, lambda: None)
    assert idle_helpers.busy(loop) is None
    far.cancel()
    release = threading.Event()
    work = asyncio.ensure_future(asyncio.to_thread(release.wait, 5))
    await asyncio.sleep(0.01)
    assert idle_helpers.busy(loop) == "thread"
    release.set()
    await work


async def test_wait_for_idle_waits_for_work_in_a_thread() -> None:
    done: list[int] = []

    def slow() -> None:
        threading.Event().wait(0.2)
        done.append(1)

    task = asyncio.ensure_future(asyncio.to_thread(slow))
    await asyncio.sleep(0)
    await idle_helpers.wait_for_idle()
    assert done == [1] and task.done()
