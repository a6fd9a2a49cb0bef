"""Reports open the store read-only and never change it; store events reach the kiosk's one log."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from log_helpers import close_logging
from store_helpers import Clock, save, utc

from kiosk.cli import run
from kiosk.crashlog import LOG_FILE, setup_logging
from store import Store, StoreError

EVERY_DAY = (date(2000, 1, 1), date(2099, 12, 31))


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in `folder` by name, with its content's hash."""
    return {entry.name: hashlib.sha256(entry.read_bytes()).hexdigest() for entry in sorted(folder.iterdir())}


def healthy(path: Path) -> Path:
    with Store(path, now=Clock(utc(2026, 3, 5, 9))) as kiosk:
        save(kiosk, "visit-a")
        kiosk.record_abandonment("reissue", "formal_loss_report")
    return path


def damaged_pages(path: Path) -> Path:
    with Store(path) as kiosk:
        for number in range(200):
            save(kiosk, f"visit-{number}")
    original = path.read_bytes()
    path.write_bytes(original[: 2 * 4096] + os.urandom(len(original) - 2 * 4096))
    return path


def garbage(path: Path) -> Path:
    path.write_bytes(os.urandom(3000) + b"not a database")
    return path


def test_a_read_only_store_reads_the_figures_and_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = healthy(tmp_path / "kiosk.db")
    before = path.read_bytes()
    with Store(path, read_only=True, retention_days=0) as report:
        assert report.counts_per_day(*EVERY_DAY) == [(date(2026, 3, 5), "first_application", 1)]
        assert report.abandonments(*EVERY_DAY)[0][:2] == ("reissue", "formal_loss_report")
        with pytest.raises(StoreError) as refused:
            report.record_abandonment("reissue", None)
        assert refused.value.kind == "read_only"
        with pytest.raises(StoreError):
            report.purge()
    # retention 0 would have purged everything on a read-write open: nothing was deleted
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage", [damaged_pages, garbage], ids=["damaged pages", "not a database"])
def test_a_damaged_file_opened_read_only_fails_clearly_and_is_left_byte_identical(
    tmp_path: Path, damage: Callable[[Path], Path]
) -> None:
    path = damage(tmp_path / "kiosk.db")
    before = snapshot(tmp_path)
    with pytest.raises(StoreError) as raised:
        Store(path, read_only=True)
    assert raised.value.kind == "not_a_database"
    assert str(path) in str(raised.value)
    assert snapshot(tmp_path) == before  # not moved aside, no fresh file, no -wal or -shm


def test_a_missing_file_opened_read_only_is_an_error_and_nothing_is_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database file"):
        Store(tmp_path / "missing.db", read_only=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("damage", [damaged_pages, garbage], ids=["damaged pages", "not a database"])
def test_kiosk_stats_on_a_damaged_file_exits_1_with_a_message_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: Callable[[Path], Path]
) -> None:
    path = damage(tmp_path / "kiosk.db")
    before = snapshot(tmp_path)
    code = run(["stats", "--db", str(path)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert "cannot read the statistics" in err and "left as it is" in err and str(path) in err
    assert snapshot(tmp_path) == before


def test_the_moved_aside_file_is_named_in_the_kiosk_log(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    setup_logging(logs)
    try:
        path = garbage(tmp_path / "kiosk.db")
        with Store(path, now=Clock(utc(2025, 3, 1, 9, 15, 7))) as kiosk:
            moved = kiosk.moved_aside
    finally:
        close_logging()
    assert moved == tmp_path / "kiosk.db.corrupt-20250301T091507"
    assert moved.exists()
    log = (logs / LOG_FILE).read_text(encoding="utf-8")
    assert f"moved it to {moved} and started afresh" in log
    assert " store.db " in log  # the store's own logger, through the kiosk's handler


def test_every_project_logger_writes_to_the_one_log(tmp_path: Path) -> None:
    setup_logging(tmp_path)
    try:
        for name in ("kiosk.app", "store.db", "screens.anything"):
            logging.getLogger(name).warning("hello from %s", name)
    finally:
        close_logging()
    log = (tmp_path / LOG_FILE).read_text(encoding="utf-8")
    assert [f"hello from {name}" in log for name in ("kiosk.app", "store.db", "screens.anything")] == [True] * 3


def test_a_store_that_opened_cleanly_has_moved_nothing_aside(tmp_path: Path) -> None:
    with Store(healthy(tmp_path / "kiosk.db")) as kiosk:
        assert kiosk.moved_aside is None
