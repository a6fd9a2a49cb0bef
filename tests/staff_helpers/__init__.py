"""Counter staff tests: a database seeded with known figures, and the kiosk started as `kiosk staff`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from lobby_helpers import PIN, TICK, pin_guard
from lobby_helpers import Clock as LobbyClock
from store_helpers import Clock, utc
from textual.pilot import Pilot
from wizard_helpers import press

from kiosk.app import KioskApp
from kiosk.config import IdleSettings, StaffSettings
from kiosk.guide.model import Guide
from kiosk.mode import Mode
from store import Store

CHINA = timezone(timedelta(hours=8))

# (UTC time, procedure, channel): local days in China, 2026-02-28 to 2026-03-08.
WALKTHROUGHS = [
    (utc(2026, 2, 28, 3), "first_application", "kiosk"),  # the day before the period
    (utc(2026, 3, 1, 1), "first_application", "kiosk"),
    (utc(2026, 3, 1, 8), "first_application", "kiosk"),
    (utc(2026, 3, 2, 20), "first_application", "counter"),  # 04:00 on 3 March in China
    (utc(2026, 3, 3, 2), "report_loss", "kiosk"),
    (utc(2026, 3, 7, 1), "reissue", "kiosk"),
    (utc(2026, 3, 7, 2), "reissue", "counter"),
    (utc(2026, 3, 7, 3), "reissue", "kiosk"),
    (utc(2026, 3, 8, 1), "reissue", "kiosk"),  # the day after the period
]
# (UTC time, procedure, question the visit ended at; None: before the first)
ABANDONMENTS = [
    (utc(2026, 3, 2, 1), "first_application", "age"),
    (utc(2026, 3, 2, 2), "first_application", "age"),
    (utc(2026, 3, 5, 2), "first_application", "age"),
    (utc(2026, 3, 4, 2), "report_loss", None),
    (utc(2026, 3, 6, 2), "reissue", "formal_loss_report"),
    (utc(2026, 3, 6, 3), "reissue", "formal_loss_report"),
    (utc(2026, 3, 9, 3), "reissue", "formal_loss_report"),  # after the period
]


def seed_demand(path: Path) -> None:
    """Save WALKTHROUGHS and count ABANDONMENTS at their times, with days counted in China."""
    clock = Clock(utc(2026, 2, 28))
    with Store(path, now=clock, tz=CHINA, retention_days=36500) as store:
        for n, (when, procedure, channel) in enumerate(WALKTHROUGHS):
            clock.now = when
            store.save(
                visit_id=f"visit-{n}",
                procedure=procedure,
                answers=(),
                guide_version="5a5b5c5d",
                lang="zh",
                channel=channel,
            )
        for when, procedure, question in ABANDONMENTS:
            clock.now = when
            store.record_abandonment(procedure, question)


# -- a kiosk App started as `kiosk staff` ------------------------------------------------------------


def staff_app(
    guide: Guide,
    store: object,
    folder: Path,
    clock: LobbyClock,
    *,
    lang: str = "zh",
    idle: IdleSettings | None = None,
    wall_clock: Callable[[], datetime] = lambda: datetime(2026, 3, 7, 10, 0),
    printer_command: str = "false",
) -> KioskApp:
    """`kiosk staff` on `store`, with the PIN (lobby_helpers.PIN) set in `folder` and times shown in China."""
    return KioskApp(
        guide,
        open_store=lambda: store,  # type: ignore[arg-type,return-value]
        lang=lang,
        mode=Mode.STAFF_ONLY,
        staff_settings=StaffSettings(retention_days=30, tz=CHINA),
        clock=clock,
        pin_guard=pin_guard(folder, clock),
        idle=idle,
        tick_seconds=TICK,
        wall_clock=wall_clock,
        printer_command=printer_command,
    )


async def type_pin(app: KioskApp, pilot: Pilot[object], pin: str = PIN) -> None:
    """Type a PIN and Enter, and wait for the check (a thread) to answer."""
    await pilot.press(*pin, "enter")  # typed at once: the field takes keys without waiting for a redraw
    checks = [w for w in app.workers if w.group == "pin"]
    if checks:  # (an empty list would mean every worker, the walk too, which never ends)
        await app.workers.wait_for_complete(checks)
    await press(pilot)


async def press_for_next_screen(app: KioskApp, pilot: Pilot[object], *keys: str) -> None:
    """Press keys, then wait until another screen shows (the staff desk reads the store in a thread first)."""
    before = app.screen
    await pilot.press(*keys)
    for _ in range(100):
        if app.screen is not before:
            break
        await pilot.pause(0.01)
    await pilot.pause()
