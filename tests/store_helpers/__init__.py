"""Helpers shared by the store tests: a settable clock, a one-line save, raw access to the file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from store import SavedChecklist, Store

REPO_ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("writer.py")
GUIDE_VERSION = "3f9a1c2b"


class Clock:
    """A `now` for Store that stays where a test puts it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def save(
    store: Store,
    visit_id: str,
    procedure: str = "first_application",
    answers: tuple[tuple[str, str | int], ...] = (("age", 34), ("hukou", "jiangsu")),
    lang: str = "zh",
    channel: str = "kiosk",
) -> SavedChecklist:
    return store.save(
        visit_id=visit_id,
        procedure=procedure,
        answers=answers,
        guide_version=GUIDE_VERSION,
        lang=lang,
        channel=channel,
    )


def raw_rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Read the file with a plain sqlite3 connection, as an auditor would."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def start_writer(db: Path, count: int, prefix: str, start_at: float = 0.0, pause: float = 0.0) -> subprocess.Popen[str]:
    """A separate Python process that saves `count` checklists, printing "<visit> <code>" after each.

    With `start_at` (a time.time() value) it opens the store only then, so writers can start together;
    `pause` is seconds between saves.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(db), str(count), prefix, str(start_at), str(pause)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
