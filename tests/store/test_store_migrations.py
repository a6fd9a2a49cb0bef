"""A database written by the first schema version opens, upgrades in place, and keeps its checklists."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta, timezone
from pathlib import Path

import pytest
from store_helpers import Clock, raw_rows, save, utc

from store import Store
from store.schema import APPROVED_COLUMNS

CHINA = timezone(timedelta(hours=8))

# Schema version 1, written out by hand (not imported) so a change to the migrations cannot hide here.
VERSION_1 = """
CREATE TABLE checklists (
    id INTEGER PRIMARY KEY,
    pickup_code TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    procedure TEXT NOT NULL,
    answers TEXT NOT NULL,
    guide_version TEXT NOT NULL,
    lang TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'zh_hant')),
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'handled'))
);
CREATE INDEX checklists_created_at ON checklists (created_at);
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
INSERT INTO _sqlite_migrations (migration_set, name, applied_at)
    VALUES ('jiangsu-card-kiosk-store', '0001_checklists', '2025-01-10 08:00:00.000000+00:00');
INSERT INTO checklists (pickup_code, created_at, procedure, answers, guide_version, lang, status) VALUES
    ('K7MQ4X', '2025-03-01T15:30:00.000000+00:00', 'first_application', '[["age",67]]', '3f9a1c2b', 'zh', 'new'),
    ('ABCDEF', '2025-03-01T16:30:00.000000+00:00', 'lost_card', '[["hukou","jiangsu"]]', '3f9a1c2b', 'en',
     'handled'),
    ('HJKMNP', '2025-03-02T01:00:00.000000+00:00', 'lost_card', '[]', '3f9a1c2b', 'zh_hant', 'new'),
    ('XYZ234', '2025-01-20T01:00:00.000000+00:00', 'lost_card', '[]', '3f9a1c2b', 'zh', 'new');
"""


@pytest.fixture
def version_1_db(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(VERSION_1)
    conn.close()
    return path


def _schema(path: Path) -> list[tuple[object, ...]]:
    """sqlite_master with whitespace in the SQL collapsed (indentation differs, meaning does not)."""
    rows = raw_rows(path, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
    return [(kind, name, table, " ".join(str(sql).split())) for kind, name, table, sql in rows]


@pytest.fixture
def clock() -> Clock:
    return Clock(utc(2025, 3, 5, 9, 0))


def test_version_1_checklists_are_found_after_the_upgrade(version_1_db: Path, clock: Clock) -> None:
    with Store(version_1_db, now=clock, tz=CHINA) as kiosk:
        found = kiosk.find("k7m-q4x")
        assert found is not None
        assert found.created_at == utc(2025, 3, 1, 15, 30)
        assert (found.procedure, found.answers, found.guide_version) == (
            "first_application",
            (("age", 67),),
            "3f9a1c2b",
        )
        assert (found.lang, found.channel, found.status) == ("zh", "kiosk", "new")
        handled = kiosk.find("ABC-DEF")
        assert handled is not None
        assert (handled.lang, handled.status, handled.answers) == ("en", "handled", (("hukou", "jiangsu"),))


def test_upgrade_fills_local_days_so_old_checklists_count(version_1_db: Path, clock: Clock) -> None:
    with Store(version_1_db, now=clock, tz=CHINA) as kiosk:
        save(kiosk, "visit-after-upgrade", procedure="lost_card")
        assert kiosk.counts_per_day(date(2025, 3, 1), date(2025, 3, 5)) == [
            (date(2025, 3, 1), "first_application", 1),
            (date(2025, 3, 2), "lost_card", 2),
            (date(2025, 3, 5), "lost_card", 1),
        ]


def test_upgrade_purges_version_1_checklists_past_retention(version_1_db: Path, clock: Clock) -> None:
    with Store(version_1_db, now=clock, tz=CHINA) as kiosk:
        assert kiosk.find("XYZ-234") is None
        assert kiosk.expired_on("XYZ-234") == date(2025, 1, 20)  # its code is kept as expired, with its day
        assert [c.pickup_code for c in kiosk.recent()] == ["HJK-MNP", "ABC-DEF", "K7M-Q4X"]


def test_upgraded_schema_is_the_same_as_a_new_one(version_1_db: Path, tmp_path: Path, clock: Clock) -> None:
    Store(version_1_db, now=clock).close()
    Store(tmp_path / "new.db", now=clock).close()

    assert _schema(version_1_db) == _schema(tmp_path / "new.db")
    for table, columns in APPROVED_COLUMNS.items():
        assert tuple(str(row[1]) for row in raw_rows(version_1_db, f'PRAGMA table_info("{table}")')) == columns
    assert raw_rows(version_1_db, "SELECT name FROM _sqlite_migrations ORDER BY id") == [
        ("0001_checklists",),
        ("0002_visits_channels_days_abandonments",),
        ("0003_checklist_as_shown",),
        ("0004_terminal_id",),
        ("0005_expired_codes",),
    ]
    assert raw_rows(version_1_db, "PRAGMA integrity_check") == [("ok",)]


def test_opening_an_up_to_date_database_changes_nothing(version_1_db: Path, clock: Clock) -> None:
    Store(version_1_db, now=clock).close()
    before = (_schema(version_1_db), raw_rows(version_1_db, "SELECT * FROM _sqlite_migrations"))
    Store(version_1_db, now=clock).close()
    assert (_schema(version_1_db), raw_rows(version_1_db, "SELECT * FROM _sqlite_migrations")) == before


def test_saving_again_after_the_upgrade_is_idempotent(version_1_db: Path, clock: Clock) -> None:
    with Store(version_1_db, now=clock, tz=CHINA) as kiosk:
        first = save(kiosk, "visit-a")
        again = save(kiosk, "visit-a", lang="en")
        assert again.pickup_code == first.pickup_code
    assert raw_rows(version_1_db, "SELECT count(*) FROM checklists WHERE visit_id = 'visit-a'") == [(1,)]
