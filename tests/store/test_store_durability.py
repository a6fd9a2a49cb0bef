"""Real files, real processes: kills mid-save, concurrent writers, WAL growth, and purged bytes."""

from __future__ import annotations

import random
import signal
import subprocess
import threading
import time
from pathlib import Path

from store_helpers import Clock, raw_rows, save, start_writer, utc

from store import Store

SENTINEL = b"SENTINEL_zq81"


def _collect_lines(writer: subprocess.Popen[str], into: list[str]) -> threading.Thread:
    """Read the writer's stdout as it comes, so a full pipe never decides when it stops."""

    def read() -> None:
        assert writer.stdout is not None
        into.extend(writer.stdout)

    reader = threading.Thread(target=read)
    reader.start()
    return reader


def _reported(lines: list[str]) -> dict[str, str]:
    """visit id -> code for every line the writer finished printing (a torn last line is ignored)."""
    return dict(line.split() for line in lines if line.endswith("\n"))  # type: ignore[misc]


def test_writer_killed_at_random_moments_loses_no_reported_save(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    reported: dict[str, str] = {}
    for round_number in range(12):
        writer = start_writer(path, 1_000_000, f"round{round_number}")
        lines: list[str] = []
        reader = _collect_lines(writer, lines)
        if round_number < 2:
            # Still importing or opening the file (it may already have made its first saves).
            time.sleep(rng.uniform(0.05, 0.5))
        else:
            # Deep in the save loop: up to 1.1 s after its first save (a loaded machine takes a second or more
            # just to start Python, so a fixed time from the start could fall before the first save every time).
            deadline = time.monotonic() + 60
            while not lines and writer.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 1.1))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        reader.join()
        assert writer.stderr is not None
        stderr = writer.stderr.read()
        writer.stderr.close()
        assert writer.returncode == -signal.SIGKILL, f"seed {seed}: {stderr}"
        assert "StoreError" not in stderr, f"seed {seed}"
        reported.update(_reported(lines))

    assert len(reported) > 500, f"seed {seed}"
    assert raw_rows(path, "PRAGMA integrity_check") == [("ok",)], f"seed {seed}"
    with Store(path) as kiosk:
        missing = [visit for visit, code in reported.items() if kiosk.find(code) is None]
        assert missing == [], f"seed {seed}"
    rows = dict(raw_rows(path, "SELECT visit_id, pickup_code FROM checklists"))
    assert all(rows[visit] == code.replace("-", "") for visit, code in reported.items())


def test_four_processes_writing_at_once_never_see_a_lock(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    # All four create and migrate the fresh file at the same moment, then save side by side, a save
    # every millisecond or so each (SQLite's busy wait is not fair, so flat-out writers can starve one).
    start_at = time.time() + 1.0
    writers = [start_writer(path, 1000, f"writer{n}", start_at, pause=0.001) for n in range(4)]
    outputs = [writer.communicate(timeout=120) for writer in writers]

    for writer, (_, stderr) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, stderr
        assert "locked" not in stderr
    reported: dict[str, str] = {}
    for stdout, _ in outputs:
        reported.update(_reported(stdout.splitlines(keepends=True)))
    assert len(reported) == 4000
    assert len(set(reported.values())) == 4000
    assert raw_rows(path, "SELECT count(*) FROM checklists") == [(4000,)]
    spans = raw_rows(
        path, "SELECT substr(visit_id, 1, 7), min(id), max(id) FROM checklists GROUP BY substr(visit_id, 1, 7)"
    )
    assert len(spans) == 4
    # Each writer saved its first checklist before any other saved its last: they really overlapped.
    assert max(int(str(first)) for _, first, _ in spans) < min(int(str(last)) for _, _, last in spans)
    assert raw_rows(path, "PRAGMA integrity_check") == [("ok",)]
    with Store(path) as kiosk:
        assert all(kiosk.find(code) is not None for code in reported.values())


def test_wal_stays_small_over_thousands_of_saves_with_lookups_between(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    wal = Path(f"{path}-wal")
    largest = 0
    with Store(path) as kiosk, Store(path) as counter:
        for number in range(4000):
            saved = save(kiosk, f"visit-{number}")
            assert counter.find(saved.pickup_code) == saved
            if number % 100 == 0:
                assert len(counter.recent(20)) == min(number + 1, 20)
            largest = max(largest, wal.stat().st_size)
    # Unchecked, 4000 saves (five pages each) would leave a WAL of about 4 MB.
    assert 0 < largest < 1_500_000


def _file_bytes(path: Path) -> bytes:
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_purged_checklist_is_gone_from_the_file_and_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    clock = Clock(utc(2025, 3, 1, 9, 15))
    with Store(path, now=clock) as kiosk:
        for number in range(50):
            save(kiosk, f"visit-old-{number}", procedure=SENTINEL.decode(), answers=(("hukou", "SENTINEL_ans7"),))
        kiosk.purge()  # folded into the database file as well as written to the WAL
        save(kiosk, "visit-old-last", procedure=SENTINEL.decode())
        assert SENTINEL in path.read_bytes()
        assert SENTINEL in Path(f"{path}-wal").read_bytes()

        clock.advance(days=20)
        kept = save(kiosk, "visit-young", procedure="lost_card")
        clock.advance(days=10, seconds=1)
        assert kiosk.purge() == 51

        on_disk = _file_bytes(path)
        assert SENTINEL not in on_disk
        assert b"SENTINEL_ans7" not in on_disk
        assert kiosk.find(kept.pickup_code) == kept
    assert raw_rows(path, "PRAGMA integrity_check") == [("ok",)]
