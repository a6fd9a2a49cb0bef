"""The SQLite file's side of expired codes (the behaviour both backends share is in tests/store/test_store.py): no
byte of a purged checklist's answers is left, the file forgets old expired codes when opened, and an expired
code is never given to a new checklist."""

from __future__ import annotations

from datetime import date, timedelta, timezone
from pathlib import Path

import pytest
from store_helpers import Clock, raw_rows, save, utc

import store.db
from store import Store

CHINA = timezone(timedelta(hours=8))
SENTINEL_AGE = 137  # an answer to look for in the file's bytes after the purge


def file_bytes(path: Path) -> bytes:
    return b"".join(Path(f"{path}{suffix}").read_bytes() for suffix in ("", "-wal") if Path(f"{path}{suffix}").exists())


@pytest.fixture
def clock() -> Clock:
    return Clock(utc(2026, 1, 10, 2, 0))  # 10:00 on 10 January in China


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "kiosk.db"


def test_a_purged_checklist_leaves_only_its_code_and_day(db: Path, clock: Clock) -> None:
    with Store(db, now=clock, tz=CHINA, retention_days=30) as kiosk:
        saved = save(kiosk, "visit-1", answers=(("age", SENTINEL_AGE), ("hukou", "jiangsu")))
        other = save(kiosk, "visit-2")
        assert kiosk.expired_on(saved.pickup_code) is None  # still here: not expired
        clock.advance(days=30, hours=1)
        assert kiosk.purge() == 2
        later = save(kiosk, "visit-3")
        assert kiosk.find(saved.pickup_code) is None
        assert kiosk.expired_on(saved.pickup_code) == date(2026, 1, 10)
        assert kiosk.expired_on(saved.pickup_code.lower().replace("-", " ")) == date(2026, 1, 10)  # typed loosely
        assert kiosk.expired_on(other.pickup_code) == date(2026, 1, 10)
        assert kiosk.expired_on(later.pickup_code) is None
        assert kiosk.expired_on("ZZZ-ZZZ") is None and kiosk.expired_on("not a code") is None
    rows = raw_rows(db, "SELECT * FROM expired_codes ORDER BY pickup_code")
    assert rows == sorted(
        [(saved.pickup_code.replace("-", ""), "2026-01-10"), (other.pickup_code.replace("-", ""), "2026-01-10")]
    )
    assert raw_rows(db, "SELECT count(*) FROM checklists") == [(1,)]
    assert f'"age", {SENTINEL_AGE}'.encode() not in file_bytes(db) and b'"age",137' not in file_bytes(db)


def test_opening_the_file_forgets_expired_codes_past_expired_code_days(db: Path, clock: Clock) -> None:
    with Store(db, now=clock, tz=CHINA, retention_days=30, expired_code_days=60) as kiosk:
        code = save(kiosk, "visit-1").pickup_code
        clock.advance(days=31)
        kiosk.purge()
        assert kiosk.expired_on(code) == date(2026, 1, 10)
    clock.advance(days=61)
    with Store(db, now=clock, tz=CHINA, retention_days=30, expired_code_days=60) as kiosk:  # no save, no purge()
        assert kiosk.expired_on(code) is None
    assert raw_rows(db, "SELECT count(*) FROM expired_codes") == [(0,)]


def test_an_expired_code_is_not_given_to_a_new_checklist(
    db: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db, now=clock, tz=CHINA, retention_days=1) as kiosk:
        old = save(kiosk, "visit-1").pickup_code.replace("-", "")
        clock.advance(days=2)
        kiosk.purge()
        draws = iter([old, "K7MQ4X"])  # the code generator draws the expired code first
        monkeypatch.setattr(store.db, "new_code", lambda: next(draws))
        fresh = save(kiosk, "visit-2")
        assert fresh.pickup_code == "K7M-Q4X"
        assert kiosk.expired_on(old) == date(2026, 1, 10)
