"""Upgrading the kiosk never breaks what it saved: each migration is applied once, a checklist saved by an
older release opens as saved, and a database a newer release migrated is refused, saying why."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.guide.engine import build_checklist
from kiosk.guide.model import Checklist, Guide
from store import Store, StoreError
from store.records import encode_answers, encode_checklist
from store.schema import LOCAL_DAY_FUNCTION, known_migrations, migrations

ANSWERS: tuple[tuple[str, str | int], ...] = (("identity", "mainland"), ("age", 12), ("channel", "instant_outlet"))
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checklist(guide: Guide) -> Checklist:
    procedure = guide.procedure("first_application")
    assert procedure is not None
    return build_checklist(guide, procedure, dict(ANSWERS))


def applied(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [name for (name,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def older_release_database(path: Path, checklist: Checklist, last: str) -> None:
    """A file as release 0.1.0 left it: its schema stops at migration `last`, one checklist saved in it."""
    names = known_migrations()
    db = Database(path)
    db.conn.create_function(LOCAL_DAY_FUNCTION, 1, lambda created_at: created_at[:10])  # as Store registers it
    later = names[names.index(last) + 1 :]
    migrations.apply(db, stop_before=later[0] if later else None)
    db.execute(
        "INSERT INTO checklists (pickup_code, created_at, day, procedure, answers, guide_version, lang, status,"
        " visit_id, channel, checklist_json) VALUES ('K7MQ4X', '2026-11-30T09:30:00.000000+00:00', '2026-11-30',"
        " ?, ?, ?, 'zh', 'new', 'visit-0.1.0', 'kiosk', ?)",
        [
            checklist.procedure,
            encode_answers(ANSWERS),
            checklist.guide_version,
            encode_checklist(
                checklist, procedure=checklist.procedure, answers=ANSWERS, guide_version=checklist.guide_version
            ),
        ],
    )
    db.conn.commit()
    db.close()


def test_a_new_database_gets_every_migration_once_and_reopening_applies_none(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    with Store(path) as kiosk:
        assert kiosk.schema_version() == (len(known_migrations()), len(known_migrations()))
    assert applied(path) == known_migrations()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    Store(path).close()
    assert applied(path) == known_migrations()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_checklist_saved_by_release_0_1_0_opens_as_saved_after_the_upgrade(
    tmp_path: Path, checklist: Checklist
) -> None:
    path = tmp_path / "kiosk.db"
    older_release_database(path, checklist, "0003_checklist_as_shown")
    assert applied(path) == known_migrations()[:3]
    with Store(path, retention_days=3660) as kiosk:
        found = kiosk.find("K7M-Q4X")
        assert kiosk.schema_version() == (len(known_migrations()), len(known_migrations()))
    assert found is not None and found.checklist == checklist  # whole, as the visitor saw it
    assert applied(path) == known_migrations()  # the newer migrations, each once
    Store(path, retention_days=3660).close()
    assert applied(path) == known_migrations()


def test_a_database_a_newer_release_migrated_is_refused_and_kept(tmp_path: Path, checklist: Checklist) -> None:
    path = tmp_path / "kiosk.db"
    older_release_database(path, checklist, known_migrations()[-1])
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, '0099_from_the_future', '')",
            [migrations.name],
        )
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError) as refused:
            Store(path, read_only=read_only)
        assert refused.value.kind == "schema"
        assert "upgraded by a newer release of the kiosk (schema 0099_from_the_future)" in str(refused.value)
    assert path.read_bytes() == before  # not moved aside, not migrated: the newer release can still use it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.db"]
    # What a hall's IT person sees from the command line.
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "stats", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1
    assert "upgraded by a newer release of the kiosk" in done.stderr and "Traceback" not in done.stderr
