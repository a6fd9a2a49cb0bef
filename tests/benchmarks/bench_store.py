"""The store: save and lookup against raw sqlite3 with the same pragmas, at 10k, 100k and 1M rows."""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from common import Figure, report

from store import Store
from store.codes import new_code

ANSWERS = (("identity", "mainland"), ("age", 35), ("applicant", "self"), ("channel", "instant_outlet"))
ANSWERS_JSON = '[["identity","mainland"],["age",35],["applicant","self"],["channel","instant_outlet"]]'
PROCEDURES = ("first_application", "reissue", "replacement", "report_loss", "password_reset")
PRAGMAS = ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 5000")
COLUMNS = "pickup_code, created_at, procedure, answers, guide_version, lang, status, visit_id, channel, day"


def _rows(count: int, now: datetime) -> list[tuple[object, ...]]:
    rng = random.Random(count)
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(new_code())
    rows = []
    for i, code in enumerate(codes):
        made = now - timedelta(seconds=rng.randrange(25 * 86400))
        rows.append(
            (
                code,
                made.isoformat(timespec="microseconds"),
                PROCEDURES[i % 5],
                ANSWERS_JSON,
                "0123456789ab",
                "zh",
                "new",
                f"visit{i}",
                "kiosk",
                made.date().isoformat(),
            )
        )
    return rows


def _raw_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma).fetchall()
    conn.execute(
        "CREATE TABLE checklists (id INTEGER PRIMARY KEY, pickup_code TEXT NOT NULL UNIQUE, created_at TEXT, "
        "procedure TEXT, answers TEXT, guide_version TEXT, lang TEXT, status TEXT, visit_id TEXT UNIQUE, "
        "channel TEXT, day TEXT)"
    )
    return conn


def _fill(conn: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO checklists ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    conn.execute("COMMIT")


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure(size: int, folder: Path, saves: int, lookups: int) -> tuple[list[Figure], float]:
    now = datetime.now(UTC)
    rows = _rows(size, now)
    codes = [str(r[0]) for r in rows]
    rng = random.Random(7)

    raw = _raw_db(folder / f"raw{size}.db")
    _fill(raw, rows)
    raw_save, raw_find = [], []
    for i in range(saves):
        start = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(
            f"INSERT INTO checklists ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                new_code(),
                now.isoformat(),
                "reissue",
                ANSWERS_JSON,
                "0123456789ab",
                "zh",
                "new",
                f"raw{i}",
                "kiosk",
                now.date().isoformat(),
            ),
        )
        raw.execute("COMMIT")
        raw_save.append(time.perf_counter() - start)
    for _ in range(lookups):
        code = rng.choice(codes)
        start = time.perf_counter()
        raw.execute("SELECT * FROM checklists WHERE pickup_code = ?", (code,)).fetchall()
        raw_find.append(time.perf_counter() - start)
    raw.close()

    path = folder / f"store{size}.db"
    Store(path).close()  # the store's own schema, then filled in bulk
    conn = sqlite3.connect(path, isolation_level=None)
    _fill(conn, rows)
    conn.close()
    store = Store(path)
    store_save, store_find = [], []
    for i in range(saves):
        start = time.perf_counter()
        store.save(
            visit_id=f"bench{i}",
            procedure="reissue",
            answers=ANSWERS,
            guide_version="0123456789ab",
            lang="zh",
            channel="kiosk",
        )
        store_save.append(time.perf_counter() - start)
    for _ in range(lookups):
        code = rng.choice(codes)
        start = time.perf_counter()
        found = store.find(code)
        store_find.append(time.perf_counter() - start)
        assert found is not None
    start = time.perf_counter()
    store.counts_per_day(date.today() - timedelta(days=30), date.today())
    stats_ms = (time.perf_counter() - start) * 1000
    store.close()

    s, rs = _median_ms(store_save), _median_ms(raw_save)
    f, rf = _median_ms(store_find), _median_ms(raw_find)
    label = f"{size:,} rows"
    figures = [
        Figure(f"store: save, {label}", s, "ms", rs, "raw sqlite3 insert", "<= 1.5x raw", s <= 1.5 * rs),
        Figure(f"store: find by code, {label}", f, "ms", rf, "raw sqlite3 PK lookup", "<= 2x raw", f <= 2 * rf),
    ]
    return figures, stats_ms


def run(sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)) -> list[Figure]:
    figures: list[Figure] = []
    lookup_by_size: list[float] = []
    stats_ms = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            size_figures, stats_ms = measure(size, Path(tmp), saves=300, lookups=3000)
            figures += size_figures
            lookup_by_size.append(size_figures[1].value)
    flat = lookup_by_size[-1] / lookup_by_size[0]
    figures.append(
        Figure(
            f"store: lookup growth {sizes[0]:,} -> {sizes[-1]:,} rows",
            flat,
            "x",
            1.0,
            "flat",
            "< 2x (flat)",
            flat < 2.0,
        )
    )
    figures.append(
        Figure(f"store: per-day counts, {sizes[-1]:,} rows", stats_ms, "ms", None, "", "< 200 ms", stats_ms < 200)
    )
    report("The store", figures)
    return figures


if __name__ == "__main__":
    run()
