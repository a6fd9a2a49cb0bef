"""Faults get a clear StoreError the kiosk can explain, and nothing already saved is lost."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from store_helpers import Clock, raw_rows, save, utc

from store import Store, StoreError
from store.errors import classify


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@contextmanager
def small_tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A real, tiny filesystem that fills up; needs root (skips the test otherwise)."""
    where.mkdir()
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield where
    finally:
        _run("umount", "-l", str(where))


@contextmanager
def read_only_view(folder: Path, where: Path) -> Iterator[Path]:
    """`folder` seen through a read-only bind mount (root ignores chmod), or chmod-ed when not root."""
    if os.geteuid() != 0:
        for entry in folder.iterdir():
            entry.chmod(0o444)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    where.mkdir()
    if not _run("mount", "--bind", str(folder), str(where)):
        pytest.skip("cannot bind-mount here")
    try:
        if not _run("mount", "-o", "remount,bind,ro", str(where)):
            pytest.skip("cannot remount read-only here")
        yield where
    finally:
        _run("umount", "-l", str(where))


# -- disk full ----------------------------------------------------------------------------------


def test_disk_full_is_reported_and_earlier_saves_survive(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "small", "1m") as disk, Store(disk / "kiosk.db") as kiosk:
        filler = disk / "filler"
        with pytest.raises(OSError) as full, filler.open("wb") as out:
            while True:
                out.write(b"x" * 65536)
                out.flush()
        assert full.value.errno == errno.ENOSPC
        os.truncate(filler, filler.stat().st_size - 96 * 1024)

        codes = []
        with pytest.raises(StoreError) as caught:
            for number in range(1000):
                codes.append(save(kiosk, f"visit-{number}").pickup_code)
        assert caught.value.kind == "disk_full"
        assert 0 < len(codes) < 1000
        assert all(kiosk.find(code) is not None for code in codes)

        filler.unlink()
        after = save(kiosk, "visit-after-cleanup")
        assert kiosk.find(after.pickup_code) == after
        assert raw_rows(disk / "kiosk.db", "PRAGMA integrity_check") == [("ok",)]


def test_sqlite_full_maps_to_disk_full(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "capped.db")
    conn.execute("CREATE TABLE t (b BLOB)")
    conn.execute("PRAGMA max_page_count = 8")
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
    conn.close()
    error = classify(raised.value, tmp_path / "capped.db")
    assert error.kind == "disk_full"
    assert "database or disk is full" in str(error)
    assert classify(OSError(errno.ENOSPC, "No space left"), tmp_path).kind == "disk_full"


# -- read-only ----------------------------------------------------------------------------------


def test_read_only_database_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with Store(folder / "kiosk.db") as kiosk:
        saved = save(kiosk, "visit-a")

    with read_only_view(folder, tmp_path / "ro") as view, pytest.raises(StoreError) as caught:
        Store(view / "kiosk.db")
    assert caught.value.kind == "read_only"
    with Store(folder / "kiosk.db") as writable:
        assert writable.find(saved.pickup_code) == saved


def test_read_only_folder_for_a_new_database_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only_view(folder, tmp_path / "ro") as view, pytest.raises(StoreError) as caught:
        Store(view / "jiangsu-card-kiosk" / "kiosk.db")
    assert caught.value.kind == "read_only"


def test_write_through_a_mode_ro_connection_maps_to_read_only(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    Store(path).close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute("INSERT INTO abandonments VALUES ('2025-03-01', 'lost_card', '', 1)")
    conn.close()
    assert classify(raised.value, path).kind == "read_only"


# -- locked -------------------------------------------------------------------------------------


def test_lock_held_past_the_busy_timeout_is_reported_and_lookups_go_on(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    with Store(path) as kiosk:
        saved = save(kiosk, "visit-a")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, busy_timeout_ms=200) as kiosk:
            started = time.monotonic()
            with pytest.raises(StoreError) as caught:
                save(kiosk, "visit-b")
            waited = time.monotonic() - started
            assert caught.value.kind == "locked"
            assert 0.15 <= waited < 3
            assert kiosk.find(saved.pickup_code) == saved
            with pytest.raises(StoreError) as caught_again:
                kiosk.record_abandonment("lost_card", "hukou")
            assert caught_again.value.kind == "locked"

            holder.execute("COMMIT")
            later = save(kiosk, "visit-b")
            assert kiosk.find(later.pickup_code) == later
    finally:
        holder.close()


# -- not a database -----------------------------------------------------------------------------


def test_garbage_file_is_moved_aside_and_a_fresh_database_made(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "kiosk.db"
    garbage = os.urandom(3000) + b"not a database"
    stale_wal = os.urandom(500)
    path.write_bytes(garbage)
    Path(f"{path}-wal").write_bytes(stale_wal)

    with caplog.at_level(logging.ERROR, logger="store"), Store(path, now=Clock(utc(2025, 3, 1, 9, 15, 7))) as kiosk:
        saved = save(kiosk, "visit-a")
        assert kiosk.find(saved.pickup_code) == saved

    moved = tmp_path / "kiosk.db.corrupt-20250301T091507"
    assert moved.read_bytes() == garbage
    assert Path(f"{moved}-wal").read_bytes() == stale_wal
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kiosk.db",
        "kiosk.db.corrupt-20250301T091507",
        "kiosk.db.corrupt-20250301T091507-wal",
    ]
    assert raw_rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert [r.getMessage() for r in caplog.records if str(moved) in r.getMessage()] != []


def test_database_with_damaged_pages_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    with Store(path) as kiosk:
        for number in range(200):
            save(kiosk, f"visit-{number}")
    original = path.read_bytes()
    page_size = 4096
    damaged = original[: 2 * page_size] + os.urandom(len(original) - 2 * page_size)
    path.write_bytes(damaged)

    clock = Clock(utc(2025, 3, 1, 9, 15, 7))
    with Store(path, now=clock) as kiosk:
        assert kiosk.recent() == []
        fresh = save(kiosk, "visit-new")
        assert kiosk.find(fresh.pickup_code) == fresh
    assert (tmp_path / "kiosk.db.corrupt-20250301T091507").read_bytes() == damaged


def test_two_bad_files_in_the_same_second_are_both_kept(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    clock = Clock(utc(2025, 3, 1, 9, 15, 7))
    path.write_bytes(b"first garbage" * 100)
    Store(path, now=clock).close()
    path.write_bytes(b"second garbage" * 100)
    Store(path, now=clock).close()

    assert (tmp_path / "kiosk.db.corrupt-20250301T091507").read_bytes() == b"first garbage" * 100
    assert (tmp_path / "kiosk.db.corrupt-20250301T091507-2").read_bytes() == b"second garbage" * 100


def test_not_a_database_error_maps_to_its_kind(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"\x07" * 4096)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError) as raised:
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()
    assert classify(raised.value, path).kind == "not_a_database"
