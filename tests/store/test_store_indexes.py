"""However many checklists are saved, staff lookups and daily counts read the indexes, never the whole table:
each of the store's queries is checked with SQLite's own plan. How fast they are among a million rows is a
figure of the benchmarks (tests/benchmarks/bench_store.py), not a timed test."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date

import pytest
from store_helpers import Clock, utc

from store import Store
from store.codes import ALPHABET

ROWS = 30_000
SECONDS_APART = 60  # 30,000 checklists over about 21 days, 1,440 a day


# Most significant place first: the codes of rows 0, 1, 2, ... come in the unique index's order.
PLACES = range(5, -1, -1)


def _code_sql(number: str) -> str:
    """SQL turning an integer into a distinct six-character code over the alphabet."""
    return " || ".join(f"substr('{ALPHABET}', ({number} / {31**place}) % 31 + 1, 1)" for place in PLACES)


def _code(number: int) -> str:
    return "".join(ALPHABET[(number // 31**place) % 31] for place in PLACES)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("indexes") / "kiosk.db"
    clock = Clock(utc(2025, 2, 25))
    Store(path, now=clock, tz=UTC).close()
    conn = sqlite3.connect(path, isolation_level=None)
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
    conn.close()
    with Store(path, now=clock, tz=UTC) as store:
        yield store


def plans(store: Store, action: Callable[[], object]) -> list[str]:
    """SQLite's plan for each statement on the checklists table that `action` runs on the store's connection,
    as one line per step (e.g. 'SEARCH checklists USING INDEX ... (pickup_code=?)')."""
    conn = store._conn  # the store's own connection, watched while `action` runs
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    queries = [
        sql for sql in statements if "checklists" in sql and sql.lstrip().upper().startswith(("SELECT", "UPDATE"))
    ]
    assert queries, statements
    return [" ".join(str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()) for sql in queries]


def assert_indexed(plan: str) -> None:
    """Every step reads an index: no plain scan of the table, no sort of all its rows."""
    assert not re.search(r"SCAN checklists(?! USING)", plan), plan
    assert "TEMP B-TREE" not in plan, plan


def test_lookup_by_code_finds_the_right_checklist_through_the_unique_index(filled: Store) -> None:
    numbers = [0, 1, 2, 12_345, ROWS - 1]
    found = [filled.find(_code(n).lower()) for n in numbers]
    assert [c.procedure if c else None for c in found] == [
        ("first_application", "lost_card", "new_password")[n % 3] for n in numbers
    ]
    (plan,) = plans(filled, lambda: filled.find(_code(777)))
    assert plan.startswith("SEARCH checklists USING") and "(pickup_code=?)" in plan, plan


def test_counts_for_a_day_are_exact_and_read_the_day_index(filled: Store) -> None:
    per_day = 24 * 3600 // SECONDS_APART
    assert filled.counts_per_day(date(2025, 2, 3), date(2025, 2, 3)) == [
        (date(2025, 2, 3), "first_application", per_day // 3),
        (date(2025, 2, 3), "lost_card", per_day // 3),
        (date(2025, 2, 3), "new_password", per_day // 3),
    ]
    (plan,) = plans(filled, lambda: filled.counts_per_day(date(2025, 2, 3), date(2025, 2, 4)))
    assert plan.startswith("SEARCH checklists USING COVERING INDEX checklists_day_procedure"), plan
    assert_indexed(plan)


def test_recent_and_mark_handled_read_the_indexes(filled: Store) -> None:
    newest = filled.recent(3)
    assert [c.pickup_code.replace("-", "") for c in newest] == [_code(ROWS - 1), _code(ROWS - 2), _code(ROWS - 3)]
    (plan,) = plans(filled, lambda: filled.recent(20))
    assert "USING INDEX checklists_created_at" in plan, plan
    assert_indexed(plan)
    assert filled.mark_handled(_code(12_345)) is True
    handled = filled.find(_code(12_345))
    assert handled is not None
    assert handled.status == "handled"
    (plan,) = plans(filled, lambda: filled.mark_handled(_code(23_456)))
    assert plan.startswith("SEARCH checklists USING") and "(pickup_code=?)" in plan, plan
