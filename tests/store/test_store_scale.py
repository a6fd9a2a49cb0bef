"""With a million saved checklists, staff lookups and daily counts stay fast (they use the indexes)."""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date

import pytest
from store_helpers import Clock, utc

from store import Store
from store.codes import ALPHABET

# One worker builds the million rows once for all three tests (pyproject's --dist loadgroup).
pytestmark = pytest.mark.xdist_group("store_scale")

ROWS = 1_000_000
SECONDS_APART = 2  # a million checklists over about 23 days


# Most significant place first: the codes of rows 0, 1, 2, ... come in the unique index's order, so the bulk
# load appends to it instead of inserting all over it (a third faster); a lookup walks the same depth of index.
PLACES = range(5, -1, -1)


def _code_sql(number: str) -> str:
    """SQL turning an integer into a distinct six-character code over the alphabet."""
    return " || ".join(f"substr('{ALPHABET}', ({number} / {31**place}) % 31 + 1, 1)" for place in PLACES)


def _code(number: int) -> str:
    return "".join(ALPHABET[(number // 31**place) % 31] for place in PLACES)


@pytest.fixture(scope="module")
def million(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("scale") / "kiosk.db"
    clock = Clock(utc(2025, 2, 25))
    Store(path, now=clock, tz=UTC).close()
    conn = sqlite3.connect(path, isolation_level=None)
    # Bulk load without the WAL's double write; the Store below opens it in WAL mode again.
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144"):
        conn.execute(f"PRAGMA {pragma}").fetchall()
    conn.execute("BEGIN")
    conn.execute(
        f"""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS - 1}),
        t(i, at) AS (SELECT i, datetime('2025-02-01', '+' || (i * {SECONDS_APART}) || ' seconds') FROM n)
        INSERT INTO checklists (pickup_code, created_at, day, procedure, answers, guide_version, lang, status,
                                visit_id, channel)
        SELECT {_code_sql("i")}, strftime('%Y-%m-%dT%H:%M:%f000+00:00', at), date(at),
               CASE i % 3 WHEN 0 THEN 'first_application' WHEN 1 THEN 'lost_card' ELSE 'new_password' END,
               '[["age",34]]', '3f9a1c2b', 'zh', 'new', 'visit-' || i, 'kiosk'
        FROM t
        """
    )
    conn.execute("COMMIT")
    conn.close()
    with Store(path, now=clock, tz=UTC) as kiosk:
        yield kiosk


def _median_seconds(action: Callable[[], object], times: int) -> float:
    durations = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def test_lookup_by_code_among_a_million_is_fast(million: Store) -> None:
    rng = random.Random(7)
    numbers = [rng.randrange(ROWS) for _ in range(200)]
    found = [million.find(_code(n).lower()) for n in numbers]
    assert all(
        c is not None and c.procedure == ("first_application", "lost_card", "new_password")[n % 3]
        for c, n in zip(found, numbers, strict=True)
    )
    # A full scan of a million rows takes hundreds of milliseconds; the unique index takes microseconds.
    assert _median_seconds(lambda: million.find(_code(rng.randrange(ROWS))), 200) < 0.005


def test_counts_for_a_day_among_a_million_are_exact_and_fast(million: Store) -> None:
    per_day = 24 * 3600 // SECONDS_APART
    assert million.counts_per_day(date(2025, 2, 3), date(2025, 2, 3)) == [
        (date(2025, 2, 3), "first_application", per_day // 3),
        (date(2025, 2, 3), "lost_card", per_day // 3),
        (date(2025, 2, 3), "new_password", per_day // 3),
    ]
    assert _median_seconds(lambda: million.counts_per_day(date(2025, 2, 3), date(2025, 2, 3)), 5) < 0.1


def test_recent_and_mark_handled_among_a_million_are_fast(million: Store) -> None:
    rng = random.Random(11)
    newest = million.recent(3)
    assert [c.pickup_code.replace("-", "") for c in newest] == [_code(ROWS - 1), _code(ROWS - 2), _code(ROWS - 3)]
    assert _median_seconds(lambda: million.recent(20), 20) < 0.005
    assert million.mark_handled(_code(123_456)) is True
    handled = million.find(_code(123_456))
    assert handled is not None
    assert handled.status == "handled"
    assert _median_seconds(lambda: million.mark_handled(_code(rng.randrange(ROWS))), 50) < 0.02
