"""The site store on PostgreSQL: save and lookup against raw psycopg running the same SQL, at 10k and 1M rows;
eight writers at once; and the outbox's forward rate after an outage of 1,000 saves.

A throwaway cluster (tests/pg_helpers: initdb, a Unix socket in a temp folder, fsync on) holds one site
database, filled in bulk with COPY. The raw baseline is a plain psycopg connection with the store's session
settings, running exactly the statements the store runs: for a save `kiosk_next_sequence` then
`kiosk_save_checklist` in one transaction (the store adds checking its fields, encoding the answers and
making the code), for a lookup the SELECT by pickup code; raw and store alternate, call for call, so load
swings fall on both. The outbox's baseline sends as many rows with the same statement, one commit each;
the forwarder sends them 100 to a transaction.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from common import Figure, percentile, report
from pg_helpers import Cluster, SiteDatabase, throwaway_cluster

from store.codes import ALPHABET, SEQUENCE_SPACE, sequence_code
from store.forwarder import Forwarder
from store.outbox import Outbox
from store.pg import PgStore, connect

ANSWERS = (("identity", "mainland"), ("age", 35), ("applicant", "self"), ("channel", "instant_outlet"))
ANSWERS_JSON = '[["identity","mainland"],["age",35],["applicant","self"],["channel","instant_outlet"]]'
PROCEDURES = ("first_application", "reissue", "replacement", "report_loss", "password_reset")
FILL_PREFIXES = [a + b for a in reversed(ALPHABET) for b in reversed(ALPHABET)]  # far from the claimed ones
WRITER = Path(__file__).resolve().parents[1] / "store_helpers" / "writer.py"
SAVE_SQL = (
    "SELECT pickup_code, created_at, status FROM kiosk_save_checklist("
    "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
FIND_SQL = (
    "SELECT pickup_code, created_at, procedure, answers, guide_version, lang, channel, status, checklist_json,"
    " terminal_id FROM checklists WHERE pickup_code = %s"
)


def _fill(site: SiteDatabase, size: int, now: datetime) -> list[str]:
    """`size` rows by COPY (as the owner), with codes of two far-away prefixes; the codes, for lookups."""
    rng = random.Random(size)
    codes = []
    conn = connect(site.owner_url, statement_timeout=600)
    try:
        with conn.cursor() as cursor:
            cols = (
                "visit_id, pickup_code, terminal_id, created_at, day, procedure, answers, guide_version, lang, channel"
            )
            with cursor.copy(f"COPY checklists ({cols}) FROM STDIN") as copy:
                for i in range(size):
                    prefix = FILL_PREFIXES[i // (SEQUENCE_SPACE - 1)]
                    code = sequence_code(prefix, i % (SEQUENCE_SPACE - 1) + 1)
                    made = now - timedelta(seconds=rng.randrange(25 * 86400))
                    copy.write_row(
                        (
                            f"fill{i}",
                            code,
                            f"lobby-{i % 8}",
                            made,
                            made.date(),
                            PROCEDURES[i % 5],
                            ANSWERS_JSON,
                            "0123456789ab",
                            "zh",
                            "kiosk",
                        )
                    )
                    codes.append(code)
        conn.execute("VACUUM ANALYZE checklists")
    finally:
        conn.close()
    return codes


def _ms(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples) * 1000, percentile(samples, 95) * 1000


def measure(site: SiteDatabase, size: int, saves: int, lookups: int) -> list[Figure]:
    now = datetime.now(UTC)
    codes = _fill(site, size, now)
    store = PgStore(site.counter_url, terminal_id="bench-store")
    raw = connect(site.counter_url)
    raw.execute("SELECT * FROM kiosk_claim_code_space('bench-raw', 'bench-raw')")
    day = now.date()

    def raw_save(i: int) -> None:
        with raw.transaction():  # as the store: the code's number and the checklist in one commit
            prefix, sequence = raw.execute("SELECT * FROM kiosk_next_sequence('bench-raw')").fetchone()
            raw.execute(
                SAVE_SQL,
                (
                    "bench-raw",
                    sequence,
                    f"raw{size}-{i}",
                    sequence_code(prefix, sequence),
                    "bench-raw",
                    now,
                    day,
                    "reissue",
                    ANSWERS_JSON,
                    "0123456789ab",
                    "zh",
                    "kiosk",
                    None,
                ),
            ).fetchone()

    def store_save(i: int) -> None:
        store.save(
            visit_id=f"store{size}-{i}",
            procedure="reissue",
            answers=ANSWERS,
            guide_version="0123456789ab",
            lang="zh",
            channel="kiosk",
        )

    def raw_find(code: str) -> None:
        assert raw.execute(FIND_SQL, (code,)).fetchone() is not None

    def store_find(code: str) -> None:
        assert store.find(code) is not None

    store_save(-1)  # the store claims its code space once, as a terminal does at its first save
    times: dict[str, list[float]] = {"raw_save": [], "store_save": [], "raw_find": [], "store_find": []}
    for i in range(saves):
        for name, save in (("raw_save", raw_save), ("store_save", store_save)):
            start = time.perf_counter()
            save(i)
            times[name].append(time.perf_counter() - start)
    rng = random.Random(7)
    for _ in range(lookups):
        code = rng.choice(codes)
        for name, find in (("raw_find", raw_find), ("store_find", store_find)):
            start = time.perf_counter()
            find(code)
            times[name].append(time.perf_counter() - start)
    start = time.perf_counter()
    store.counts_per_day(date.today() - timedelta(days=30), date.today())
    stats_ms = (time.perf_counter() - start) * 1000
    raw.close()
    store.close()
    (s50, s95), (r50, r95) = _ms(times["store_save"]), _ms(times["raw_save"])
    (f50, f95), (q50, q95) = _ms(times["store_find"]), _ms(times["raw_find"])
    label = f"{size:,} rows"
    return [
        Figure(f"site: save p50, {label}", s50, "ms", r50, "raw psycopg, same SQL", "<= 1.5x raw", s50 <= 1.5 * r50),
        Figure(f"site: save p95, {label}", s95, "ms", r95, "raw psycopg, same SQL", "<= 1.5x raw", s95 <= 1.5 * r95),
        Figure(
            f"site: find by code p50, {label}", f50, "ms", q50, "raw psycopg, same SQL", "<= 2x raw", f50 <= 2 * q50
        ),
        Figure(
            f"site: find by code p95, {label}", f95, "ms", q95, "raw psycopg, same SQL", "<= 2x raw", f95 <= 2 * q95
        ),
        Figure(f"site: per-day counts, {label}", stats_ms, "ms", None, "", "< 500 ms", stats_ms < 500),
    ]


def writers(site: SiteDatabase, count: int, each: int) -> float:
    """Saves per second of `count` processes saving `each` checklists at once (PgStore, one connection each)."""
    start_at = time.time() + 3.0
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), site.counter_url, str(each), f"w{count}-{n}", str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(count)
    ]
    lines = 0
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"a writer failed: {err}")
        lines += len(out.splitlines())
    took = time.time() - start_at
    if lines != count * each:
        raise RuntimeError(f"{lines} saves reported of {count * each}")
    return lines / took


def outbox_after_outage(site: SiteDatabase, folder: Path, cluster: Cluster, saves: int = 1000) -> list[Figure]:
    """The server stops; `saves` visitors save (to the outbox); it starts; the forwarder catches up."""
    outbox = Outbox(folder / "outbox.db", terminal_id="bench-lobby")
    server = PgStore(site.lobby_url, terminal_id="bench-lobby")
    forwarder = Forwarder(outbox, lambda: server)
    forwarder.forward_round()  # the code space, claimed while the server is up
    server.close()
    cluster.stop("immediate")
    waits = []
    for i in range(saves):
        start = time.perf_counter()
        outbox.save(
            visit_id=f"outage{i}",
            procedure="reissue",
            answers=ANSWERS,
            guide_version="0123456789ab",
            lang="zh",
            channel="kiosk",
        )
        waits.append(time.perf_counter() - start)
    cluster.start()
    server = PgStore(site.lobby_url, terminal_id="bench-lobby")
    forwarder = Forwarder(outbox, lambda: server)
    start = time.perf_counter()
    sent = forwarder.forward_round()
    took = time.perf_counter() - start
    assert sent == saves and outbox.depth() == (0, 0), (sent, outbox.depth())
    # The baseline: raw psycopg sending as many rows with the same statement, one commit each.
    raw = connect(site.lobby_url)
    row = raw.execute("SELECT * FROM kiosk_claim_code_space('bench-raw-outbox', 'bench-raw')").fetchone()
    now = datetime.now(UTC)
    start = time.perf_counter()
    for i in range(saves):
        raw.execute(
            SAVE_SQL,
            (
                "bench-raw-outbox",
                i + 1,
                f"rawout{i}",
                sequence_code(row[0], i + 1),
                "bench-raw",
                now,
                now.date(),
                "reissue",
                ANSWERS_JSON,
                "0123456789ab",
                "zh",
                "kiosk",
                None,
            ),
        ).fetchone()
    raw_took = time.perf_counter() - start
    raw.close()
    server.close()
    outbox.close()
    rate, raw_rate = saves / took, saves / raw_took
    w50, w95 = _ms(waits)
    return [
        Figure(f"outbox: visitor's save during an outage, p50 of {saves:,}", w50, "ms", None, "", "< 50 ms", w50 < 50),
        Figure(
            f"outbox: visitor's save during an outage, p95 of {saves:,}", w95, "ms", None, "", "< 100 ms", w95 < 100
        ),
        Figure(
            f"outbox: forward rate after an outage of {saves:,} saves",
            rate,
            "/s",
            raw_rate,
            "raw psycopg, same SQL",
            ">= 0.5x raw",
            rate >= 0.5 * raw_rate,
        ),
    ]


def run(sizes: tuple[int, ...] = (10_000, 1_000_000), saves: int = 300, lookups: int = 3000) -> list[Figure]:
    figures: list[Figure] = []
    lookup_p50: list[float] = []
    with throwaway_cluster() as cluster:
        for size in sizes:
            site = SiteDatabase(cluster, cluster.new_database("bench"))
            site.upgrade()
            size_figures = measure(site, size, saves, lookups)
            figures += size_figures
            lookup_p50.append(size_figures[2].value)
        flat = lookup_p50[-1] / lookup_p50[0]
        figures.append(
            Figure(
                f"site: lookup growth {sizes[0]:,} -> {sizes[-1]:,} rows",
                flat,
                "x",
                1.0,
                "flat",
                "< 2x (flat)",
                flat < 2.0,
            )
        )
        site = SiteDatabase(cluster, cluster.new_database("bench"))
        site.upgrade()
        one = writers(site, 1, 400)
        eight = writers(site, 8, 100)
        figures.append(Figure("site: saves per second, 8 writer processes", eight, "/s", one, "1 writer", "-"))
        figures += outbox_after_outage(site, Path(cluster.folder), cluster)
    report("The site store (PostgreSQL)", figures)
    return figures


if __name__ == "__main__":
    run()
