"""The store: save and lookup against raw sqlite3 with the same pragmas, at 10k, 100k and 1M rows.

The raw baseline works on a copy of the store's file (made by `Store()` and filled in bulk: the same
table, the same indexes and the same rows) and sets the store's pragmas; its save is one INSERT in a
BEGIN IMMEDIATE transaction, its lookup one SELECT by pickup code. The store's save does what a kiosk
needs on top: it checks its fields, looks up the visit (saving a visit twice keeps its code) and reads
the saved row back.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from common import Figure, report

from store import Store
from store.codes import ALPHABET, CODE_LENGTH, new_code

ANSWERS = (("identity", "mainland"), ("age", 35), ("applicant", "self"), ("channel", "instant_outlet"))
ANSWERS_JSON = '[["identity","mainland"],["age",35],["applicant","self"],["channel","instant_outlet"]]'
PROCEDURES = ("first_application", "reissue", "replacement", "report_loss", "password_reset")
PRAGMAS = (  # those store.db sets on its connection
    "PRAGMA busy_timeout = 5000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA wal_autocheckpoint = 200",
    f"PRAGMA journal_size_limit = {1024 * 1024}",
)
COLUMNS = "pickup_code, created_at, procedure, answers, guide_version, lang, status, visit_id, channel, day"


def _rows(count: int, now: datetime) -> list[tuple[object, ...]]:
    rng = random.Random(count)
    codes: set[str] = set()
    while len(codes) < count:  # codes of the store's alphabet and length, from a seeded generator (fast)
        codes.add("".join(rng.choices(ALPHABET, k=CODE_LENGTH)))
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
    """`path` (the store's schema, the same table and indexes, and the rows) opened with the store's pragmas."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma).fetchall()
    return conn


def _fill_file(path: Path, rows: list[tuple[object, ...]]) -> None:
    """Bulk-insert `rows` in one transaction, then close (which checkpoints the WAL away), for both sides."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO checklists ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    conn.execute("COMMIT")
    conn.close()


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure(size: int, folder: Path, saves: int, lookups: int) -> tuple[list[Figure], float]:
    """Raw and store side by side, alternating save for save and lookup for lookup, so that a busy
    machine's swings fall on both alike."""
    now = datetime.now(UTC)
    rows = _rows(size, now)
    codes = [str(r[0]) for r in rows]
    rng = random.Random(7)
    taken = set(codes)
    fresh: list[str] = []  # unused codes: at 1M rows a random one (of 31^6) is taken once in ~890
    while len(fresh) < saves:
        code = new_code()
        if code not in taken:
            taken.add(code)
            fresh.append(code)

    path = folder / f"store{size}.db"
    Store(path).close()  # the store's own schema, then filled in bulk, then copied for the raw side
    _fill_file(path, rows)
    shutil.copyfile(path, folder / f"raw{size}.db")
    raw = _raw_db(folder / f"raw{size}.db")
    store = Store(path)

    def raw_save(i: int) -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(
            f"INSERT INTO checklists ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (fresh[i], now.isoformat(), "reissue", ANSWERS_JSON, "0123456789ab", "zh", "new", f"raw{i}", "kiosk", day),
        )
        raw.execute("COMMIT")

    def store_save(i: int) -> None:
        store.save(
            visit_id=f"bench{i}",
            procedure="reissue",
            answers=ANSWERS,
            guide_version="0123456789ab",
            lang="zh",
            channel="kiosk",
        )

    def raw_find(code: str) -> None:
        raw.execute("SELECT * FROM checklists WHERE pickup_code = ?", (code,)).fetchall()

    def store_find(code: str) -> None:
        assert store.find(code) is not None

    day = now.date().isoformat()
    times: dict[str, list[float]] = {"raw_save": [], "store_save": [], "raw_find": [], "store_find": []}
    for i in range(saves):
        for name, save in (("raw_save", raw_save), ("store_save", store_save)):
            start = time.perf_counter()
            save(i)
            times[name].append(time.perf_counter() - start)
    for _ in range(lookups):
        code = rng.choice(codes)
        for name, find in (("raw_find", raw_find), ("store_find", store_find)):
            start = time.perf_counter()
            find(code)
            times[name].append(time.perf_counter() - start)
    raw.close()
    start = time.perf_counter()
    store.counts_per_day(date.today() - timedelta(days=30), date.today())
    stats_ms = (time.perf_counter() - start) * 1000
    store.close()

    s, rs = _median_ms(times["store_save"]), _median_ms(times["raw_save"])
    f, rf = _median_ms(times["store_find"]), _median_ms(times["raw_find"])
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
