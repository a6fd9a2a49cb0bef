"""A database seeded with known walkthroughs and abandonments, for the statistics tests."""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

from store_helpers import Clock, utc

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
