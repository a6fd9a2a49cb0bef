"""The store's behaviour as counter staff and the kiosk see it: codes, saving, finding, statistics, schema.

One contract suite: every test that takes `kiosk_store` (or `backend`) runs against both backends, the
embedded SQLite file and the site store on a real PostgreSQL server (tests/pg_helpers). The tests of the
SQLite file's own settings (WAL, pragmas, file modes) take `sqlite_store`.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import string
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pg_helpers import SiteDatabase
from store_helpers import GUIDE_VERSION, Clock, raw_rows, save, utc

import store.db
from store import Store, StoreError
from store.codes import ALPHABET, CODE_LENGTH, format_code, new_code, normalise_code
from store.contract import StoreContract
from store.pg import PgStore
from store.pg_schema import APPROVED_COLUMNS as PG_APPROVED_COLUMNS
from store.schema import APPROVED_COLUMNS

CHINA = timezone(timedelta(hours=8))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kiosk.db"


@pytest.fixture
def clock() -> Clock:
    return Clock(utc(2025, 3, 1, 9, 15))


class Backend:
    """One of the two backends: opens stores on the same data, and reads it raw (SQL both understand)."""

    def __init__(self, name: str, db_path: Path, site: SiteDatabase | None) -> None:
        self.name = name
        self.db_path = db_path
        self.site = site

    def open(self, clock: Clock, *, retention_days: int = 30, terminal_id: str = "lobby-1") -> StoreContract:
        if self.site is None:
            return Store(self.db_path, now=clock, tz=CHINA, retention_days=retention_days, terminal_id=terminal_id)
        # The counter's role: it may save (through the functions), read and mark handled.
        return PgStore(
            self.site.counter_url, now=clock, tz=CHINA, retention_days=retention_days, terminal_id=terminal_id
        )

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        return raw_rows(self.db_path, sql) if self.site is None else self.site.sql(sql)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, db_path: Path) -> Backend:
    if request.param == "sqlite":
        return Backend("sqlite", db_path, None)
    return Backend("postgresql", db_path, request.getfixturevalue("site_db"))


@pytest.fixture
def kiosk_store(backend: Backend, clock: Clock) -> Iterator[StoreContract]:
    opened = backend.open(clock)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(db_path: Path, clock: Clock) -> Iterator[Store]:
    with Store(db_path, now=clock, tz=CHINA) as opened:
        yield opened


# -- pickup codes -------------------------------------------------------------------------------


def test_code_alphabet_has_no_look_alikes() -> None:
    assert set(ALPHABET) == set(string.digits + string.ascii_uppercase) - set("0O1IL")
    assert len(ALPHABET) == 31


def test_new_codes_use_every_alphabet_character_and_nothing_else() -> None:
    codes = [new_code() for _ in range(3000)]
    assert all(len(code) == CODE_LENGTH for code in codes)
    assert set("".join(codes)) == set(ALPHABET)


def test_code_is_shown_as_two_groups_of_three() -> None:
    assert format_code("K7MQ4X") == "K7M-Q4X"


@pytest.mark.parametrize(
    "typed",
    ["K7M-Q4X", "k7m-q4x", "K7MQ4X", " k7m q4x ", "k7m_q4x", "Ｋ７Ｍ－Ｑ４Ｘ", "K7M.Q4X"],
)
def test_typed_code_variants_normalise_to_the_stored_form(typed: str) -> None:
    assert normalise_code(typed) == "K7MQ4X"


@pytest.mark.parametrize("typed", ["K7M-Q4O", "K7M-Q40", "K1M-Q4X", "KIM-Q4X", "KLM-Q4X", "K7M-Q4", "K7M-Q4XX", ""])
def test_codes_with_look_alikes_or_wrong_length_are_rejected(typed: str) -> None:
    assert normalise_code(typed) is None


@given(st.text(alphabet=ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH))
def test_any_code_survives_display_and_retyping_in_lowercase(code: str) -> None:
    assert normalise_code(format_code(code).lower()) == code


# -- saving and finding -------------------------------------------------------------------------


def test_saved_checklist_is_found_by_its_code(kiosk_store: StoreContract) -> None:
    saved = save(kiosk_store, "visit-a", answers=(("age", 67), ("hukou", "other_province")), lang="en")

    assert saved.pickup_code[3] == "-"
    assert normalise_code(saved.pickup_code) == saved.pickup_code.replace("-", "")
    found = kiosk_store.find(saved.pickup_code)
    assert found == saved
    assert found is not None
    assert found.created_at == utc(2025, 3, 1, 9, 15)
    assert found.created_at.tzinfo is not None
    assert found.procedure == "first_application"
    assert found.answers == (("age", 67), ("hukou", "other_province"))
    assert found.guide_version == GUIDE_VERSION
    assert (found.lang, found.channel, found.status) == ("en", "kiosk", "new")


def test_find_is_case_insensitive_and_tolerates_spaces(kiosk_store: StoreContract) -> None:
    saved = save(kiosk_store, "visit-a")
    plain = saved.pickup_code.replace("-", "")

    assert kiosk_store.find(plain.lower()) == saved
    assert kiosk_store.find(f" {plain[:3].lower()} {plain[3:]} ") == saved


def test_find_unknown_or_impossible_code_returns_none(kiosk_store: StoreContract) -> None:
    saved = save(kiosk_store, "visit-a")
    other = next(code for code in iter(new_code, None) if format_code(code) != saved.pickup_code)

    assert kiosk_store.find(other) is None
    assert kiosk_store.find("OOO-III") is None
    assert kiosk_store.find("") is None


def test_every_saved_checklist_gets_its_own_code(kiosk_store: StoreContract) -> None:
    codes = {save(kiosk_store, f"visit-{n}").pickup_code for n in range(300)}
    assert len(codes) == 300


def test_code_already_taken_is_drawn_again(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter(["AAAAAA", "AAAAAA", "AAAAAA", "BBBBBB"])
    monkeypatch.setattr(store.db, "new_code", lambda: next(draws))

    first = save(sqlite_store, "visit-a")
    second = save(sqlite_store, "visit-b")

    assert (first.pickup_code, second.pickup_code) == ("AAA-AAA", "BBB-BBB")
    assert sqlite_store.find("AAAAAA") == first
    assert sqlite_store.find("BBBBBB") == second


def test_saving_the_same_visit_again_keeps_one_row_and_its_code(
    kiosk_store: StoreContract, backend: Backend, clock: Clock
) -> None:
    first = save(kiosk_store, "visit-a", answers=(("age", 34),), lang="zh")
    clock.advance(minutes=2)
    again = save(kiosk_store, "visit-a", answers=(("age", 34), ("hukou", "jiangsu")), lang="en")

    assert again.pickup_code == first.pickup_code
    assert again.created_at == first.created_at
    assert again.answers == (("age", 34), ("hukou", "jiangsu"))
    assert again.lang == "en"
    assert kiosk_store.find(first.pickup_code) == again
    assert backend.rows("SELECT count(*) FROM checklists") == [(1,)]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("answers", (("name", "Zhang San"),)),
        ("answers", (("phone", "+86 139 0000 0000"),)),
        ("answers", (("age", 200),)),
        ("answers", (("age", True),)),
        ("procedure", "first application"),
        ("lang", "fr"),
        ("channel", "web"),
        ("guide_version", "not-a-hash"),
        ("visit_id", ""),
    ],
)
def test_free_text_and_unknown_values_are_refused(
    kiosk_store: StoreContract, backend: Backend, field: str, value: object
) -> None:
    arguments: dict[str, object] = {
        "visit_id": "visit-a",
        "procedure": "first_application",
        "answers": (("age", 34),),
        "guide_version": GUIDE_VERSION,
        "lang": "zh",
        "channel": "kiosk",
        field: value,
    }
    with pytest.raises(ValueError):
        kiosk_store.save(**arguments)  # type: ignore[arg-type]
    assert backend.rows("SELECT count(*) FROM checklists") == [(0,)]


def test_recent_lists_newest_first_up_to_the_limit(kiosk_store: StoreContract, clock: Clock) -> None:
    codes = []
    for n in range(5):
        codes.append(save(kiosk_store, f"visit-{n}").pickup_code)
        clock.advance(minutes=1)

    assert [c.pickup_code for c in kiosk_store.recent(3)] == codes[::-1][:3]
    assert [c.pickup_code for c in kiosk_store.recent()] == codes[::-1]
    assert kiosk_store.recent(0) == []


def test_staff_mark_a_checklist_handled(kiosk_store: StoreContract) -> None:
    saved = save(kiosk_store, "visit-a")
    untouched = save(kiosk_store, "visit-b")

    assert kiosk_store.mark_handled(saved.pickup_code.lower()) is True
    found = kiosk_store.find(saved.pickup_code)
    assert found is not None
    assert found.status == "handled"
    assert kiosk_store.find(untouched.pickup_code) == untouched
    assert kiosk_store.mark_handled("OOO-III") is False
    assert kiosk_store.mark_handled(next(c for c in iter(new_code, None) if c not in saved.pickup_code)) is False


# -- statistics ---------------------------------------------------------------------------------


def test_counts_per_day_use_local_calendar_days(kiosk_store: StoreContract, clock: Clock) -> None:
    visits = [
        (utc(2025, 2, 28, 15, 0), "first_application"),  # 23:00 on 28 Feb in Nanjing: outside the range
        (utc(2025, 3, 1, 15, 59), "first_application"),  # 23:59 on 1 Mar
        (utc(2025, 3, 1, 16, 0), "first_application"),  # midnight: 2 Mar
        (utc(2025, 3, 1, 17, 0), "lost_card"),
        (utc(2025, 3, 2, 2, 0), "lost_card"),
        (utc(2025, 3, 2, 16, 30), "lost_card"),  # 3 Mar: outside the range
    ]
    for number, (moment, procedure) in enumerate(visits):
        clock.now = moment
        save(kiosk_store, f"visit-{number}", procedure=procedure)
    save(kiosk_store, "visit-1", procedure="first_application")  # saved again: still one

    assert kiosk_store.counts_per_day(date(2025, 3, 1), date(2025, 3, 2)) == [
        (date(2025, 3, 1), "first_application", 1),
        (date(2025, 3, 2), "first_application", 1),
        (date(2025, 3, 2), "lost_card", 2),
    ]
    assert kiosk_store.counts_per_day(date(2025, 3, 3), date(2025, 3, 3)) == [(date(2025, 3, 3), "lost_card", 1)]
    assert kiosk_store.counts_per_day(date(2025, 4, 1), date(2025, 4, 30)) == []


def test_abandonments_are_counted_per_question_without_answers(
    kiosk_store: StoreContract, clock: Clock, backend: Backend
) -> None:
    for question in ["hukou", "hukou", "age", None]:
        kiosk_store.record_abandonment("first_application", question)
    kiosk_store.record_abandonment("lost_card", "hukou")
    clock.advance(days=1)
    kiosk_store.record_abandonment("first_application", "hukou")
    clock.advance(days=1)
    kiosk_store.record_abandonment("first_application", "age")

    assert kiosk_store.abandonments(date(2025, 3, 1), date(2025, 3, 2)) == [
        ("first_application", "hukou", 3),
        ("first_application", "", 1),
        ("first_application", "age", 1),
        ("lost_card", "hukou", 1),
    ]
    assert kiosk_store.abandonments(date(2025, 3, 3), date(2025, 3, 3)) == [("first_application", "age", 1)]
    assert backend.rows("SELECT count(*) FROM checklists") == [(0,)]


# -- retention ----------------------------------------------------------------------------------


def test_checklists_past_retention_are_purged_at_start_up(backend: Backend, clock: Clock) -> None:
    first = backend.open(clock, retention_days=30)
    old = save(first, "visit-old")
    clock.advance(days=20)
    young = save(first, "visit-young")
    first.close()

    clock.advance(days=10, seconds=1)
    reopened = backend.open(clock, retention_days=30)
    try:
        assert reopened.find(old.pickup_code) is None
        assert reopened.find(young.pickup_code) == young
        assert backend.rows("SELECT count(*) FROM checklists") == [(1,)]
    finally:
        reopened.close()


def test_purge_deletes_only_expired_checklists(kiosk_store: StoreContract, clock: Clock) -> None:
    old = [save(kiosk_store, f"visit-old-{n}") for n in range(3)]
    clock.advance(days=29)
    young = save(kiosk_store, "visit-young")
    clock.advance(days=1, seconds=1)

    assert kiosk_store.purge() == 3
    assert [kiosk_store.find(c.pickup_code) for c in old] == [None, None, None]
    assert kiosk_store.find(young.pickup_code) == young
    assert kiosk_store.purge() == 0


def test_a_kiosk_left_running_purges_while_saving(kiosk_store: StoreContract, clock: Clock) -> None:
    old = save(kiosk_store, "visit-old")
    clock.advance(days=31)

    save(kiosk_store, "visit-new")

    assert kiosk_store.find(old.pickup_code) is None


def expired_rows(backend: Backend) -> list[tuple[str, str]]:
    return sorted((str(code), str(day)) for code, day in backend.rows("SELECT pickup_code, day FROM expired_codes"))


def test_a_purged_checklist_leaves_only_its_code_and_the_day_it_was_saved(
    backend: Backend, kiosk_store: StoreContract, clock: Clock
) -> None:
    old = [save(kiosk_store, f"visit-old-{n}") for n in range(2)]
    assert kiosk_store.expired_on(old[0].pickup_code) is None  # still here, so not expired
    clock.advance(days=30, seconds=1)
    assert kiosk_store.purge() == 2
    young = save(kiosk_store, "visit-young")
    assert kiosk_store.find(old[0].pickup_code) is None
    assert [kiosk_store.expired_on(c.pickup_code) for c in old] == [date(2025, 3, 1)] * 2
    assert kiosk_store.expired_on(old[0].pickup_code.lower().replace("-", " ")) == date(2025, 3, 1)
    assert kiosk_store.expired_on(young.pickup_code) is None
    assert kiosk_store.expired_on("ZZZ-ZZZ") is None and kiosk_store.expired_on("not a code") is None
    assert expired_rows(backend) == sorted((c.pickup_code.replace("-", ""), "2025-03-01") for c in old)


def test_an_expired_code_is_forgotten_expired_code_days_after_its_purge(
    kiosk_store: StoreContract, clock: Clock
) -> None:
    code = save(kiosk_store, "visit-old").pickup_code
    clock.advance(days=31)
    kiosk_store.purge()
    assert kiosk_store.expired_on(code) == date(2025, 3, 1)
    clock.advance(days=30 + 90 - 2 - 31)  # 90 days (the default) after the checklist passed retention, less 2
    kiosk_store.purge()
    assert kiosk_store.expired_on(code) == date(2025, 3, 1)
    clock.advance(days=3)
    kiosk_store.purge()
    assert kiosk_store.expired_on(code) is None


def test_the_purge_while_saving_keeps_expired_codes_too(kiosk_store: StoreContract, clock: Clock) -> None:
    old = save(kiosk_store, "visit-old")
    clock.advance(days=31)
    save(kiosk_store, "visit-new")
    assert kiosk_store.find(old.pickup_code) is None
    assert kiosk_store.expired_on(old.pickup_code) == date(2025, 3, 1)


# -- the file and its settings ------------------------------------------------------------------


def test_schema_columns_are_exactly_the_approved_list(sqlite_store: Store, db_path: Path) -> None:
    tables = [name for (name,) in raw_rows(db_path, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert sorted(tables) == sorted(APPROVED_COLUMNS)
    for table in tables:
        columns = tuple(str(row[1]) for row in raw_rows(db_path, f'PRAGMA table_info("{table}")'))
        assert columns == APPROVED_COLUMNS[table], table


def test_site_schema_columns_are_exactly_the_approved_list(site_db: SiteDatabase) -> None:
    tables = site_db.sql(
        "SELECT table_name, array_agg(column_name::text ORDER BY ordinal_position) FROM information_schema.columns"
        " WHERE table_schema = 'public' GROUP BY table_name"
    )
    assert {str(name): tuple(columns) for name, columns in tables} == PG_APPROVED_COLUMNS  # type: ignore[arg-type]


@pytest.mark.parametrize("approved", [APPROVED_COLUMNS, PG_APPROVED_COLUMNS], ids=["sqlite", "postgresql"])
def test_approved_columns_name_nothing_personal(approved: dict[str, tuple[str, ...]]) -> None:
    personal = ("name", "phone", "mobile", "address", "birth", "dob", "id_number", "idcard", "note", "text")
    columns = {column for columns in approved.values() for column in columns} - {"name"}
    assert [c for c in columns if any(word in c for word in personal)] == []
    # "name" is allowed only as the migration's own name, never in a table about visits.
    assert "name" not in approved["checklists"] + approved["abandonments"]


def test_every_connection_gets_durable_settings(sqlite_store: Store, db_path: Path) -> None:
    assert sqlite_store.settings() == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "busy_timeout": 5000,
        "foreign_keys": 1,
        "secure_delete": 1,
    }
    assert raw_rows(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_a_short_lock_is_waited_out_not_reported(sqlite_store: Store, db_path: Path) -> None:
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    try:
        saved = save(sqlite_store, "visit-a")
    finally:
        release.join()
        other.close()
    assert time.monotonic() - started >= 0.4
    assert sqlite_store.find(saved.pickup_code) == saved


def test_lookups_use_the_indexes(sqlite_store: Store, db_path: Path) -> None:
    def plan(sql: str) -> str:
        return " ".join(str(row[-1]) for row in raw_rows(db_path, f"EXPLAIN QUERY PLAN {sql}"))

    assert "USING INDEX sqlite_autoindex_checklists_1 (pickup_code=?)" in plan(
        "SELECT * FROM checklists WHERE pickup_code = 'AAAAAA'"
    )
    assert "USING COVERING INDEX checklists_day_procedure (day>? AND day<?)" in plan(
        "SELECT day, procedure, count(*) FROM checklists WHERE day BETWEEN '2025-03-01' AND '2025-03-02'"
        " GROUP BY day, procedure"
    )
    assert "USING COVERING INDEX checklists_created_at (created_at<?)" in plan(
        "SELECT 1 FROM checklists WHERE created_at < '2025-03-01'"
    )
    assert plan("SELECT * FROM checklists ORDER BY created_at DESC, id DESC LIMIT 20") == (
        "SCAN checklists USING INDEX checklists_created_at"
    )
    assert "USING COVERING INDEX checklists_visit_id (visit_id=?)" in plan(
        "SELECT id FROM checklists WHERE visit_id = 'visit-a'"
    )


def test_database_is_created_with_its_folders_and_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "jiangsu-card-kiosk" / "kiosk.db"
    with Store(path) as created:
        save(created, "visit-a")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(Path(f"{path}-wal").stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_closed_store_raises_store_error(backend: Backend, clock: Clock) -> None:
    closed = backend.open(clock)
    closed.close()
    with pytest.raises(StoreError) as caught:
        closed.find("K7M-Q4X")
    assert caught.value.kind == "io"


def test_opening_creates_nothing_but_the_database(tmp_path: Path) -> None:
    Store(tmp_path / "kiosk.db").close()
    # The last connection out folds the WAL back in: only the database file is left.
    assert sorted(os.listdir(tmp_path)) == ["kiosk.db"]


def test_created_at_is_utc(kiosk_store: StoreContract, clock: Clock) -> None:
    clock.now = datetime(2025, 3, 1, 23, 30, tzinfo=CHINA)
    saved = save(kiosk_store, "visit-a")
    assert saved.created_at == datetime(2025, 3, 1, 15, 30, tzinfo=UTC)
    assert saved.created_at.utcoffset() == timedelta(0)


def test_no_call_leaves_a_transaction_or_a_reader_pinning_the_wal(sqlite_store: Store, db_path: Path) -> None:
    codes = [save(sqlite_store, f"visit-{n}").pickup_code for n in range(30)]
    calls = {
        "save": lambda: save(sqlite_store, "visit-again"),
        "find": lambda: sqlite_store.find(codes[3]),
        "recent": lambda: sqlite_store.recent(25),
        "mark_handled": lambda: sqlite_store.mark_handled(codes[4]),
        "counts_per_day": lambda: sqlite_store.counts_per_day(date(2025, 1, 1), date(2025, 12, 31)),
        "record_abandonment": lambda: sqlite_store.record_abandonment("lost_card", "hukou"),
        "abandonments": lambda: sqlite_store.abandonments(date(2025, 1, 1), date(2025, 12, 31)),
        "settings": sqlite_store.settings,
    }
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        for name, call in calls.items():
            save(sqlite_store, f"visit-before-{name}")  # something in the WAL to fold back
            call()
            other.execute("BEGIN IMMEDIATE")  # fails at once if the store kept the write lock
            other.execute("COMMIT")
            busy, _, _ = other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            assert busy == 0, f"{name} left a reader pinning the WAL"
            assert Path(f"{db_path}-wal").stat().st_size == 0, name

        # The check does catch a pinned WAL: a half-read cursor on a third connection.
        reader = sqlite3.connect(db_path, isolation_level=None)
        cursor = reader.execute("SELECT pickup_code FROM checklists")
        cursor.fetchone()
        save(sqlite_store, "visit-while-pinned")
        assert other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 1
        reader.close()
    finally:
        other.close()


# -- terminals: one site, many terminals ----------------------------------------------------------


def test_each_checklist_names_the_terminal_that_saved_it(backend: Backend, clock: Clock) -> None:
    lobby, counter = backend.open(clock, terminal_id="lobby-1"), backend.open(clock, terminal_id="counter-3")
    try:
        first = save(lobby, "visit-a")
        second = save(counter, "visit-b", channel="counter")
        save(lobby, "visit-c", procedure="reissue")
        assert (first.terminal_id, second.terminal_id) == ("lobby-1", "counter-3")
        found = counter.find(first.pickup_code)
        assert found is not None
        assert found.terminal_id == "lobby-1"
        assert lobby.counts_per_terminal(date(2025, 3, 1), date(2025, 3, 1)) == [
            ("counter-3", "first_application", 1),
            ("lobby-1", "first_application", 1),
            ("lobby-1", "reissue", 1),
        ]
    finally:
        lobby.close()
        counter.close()


def test_a_code_made_at_one_terminal_opens_and_is_marked_handled_at_another(backend: Backend, clock: Clock) -> None:
    lobby, counter_a, counter_b = (backend.open(clock, terminal_id=t) for t in ("lobby-1", "counter-1", "counter-2"))
    try:
        saved = save(lobby, "visit-a")
        assert counter_a.find(saved.pickup_code) == saved
        assert counter_a.mark_handled(saved.pickup_code) is True
        seen = counter_b.find(saved.pickup_code)
        assert seen is not None
        assert seen.status == "handled"
    finally:
        for opened in (lobby, counter_a, counter_b):
            opened.close()


def test_codes_from_many_terminals_never_collide(backend: Backend, clock: Clock) -> None:
    terminals = [backend.open(clock, terminal_id=f"lobby-{n}") for n in range(4)]
    try:
        codes = [save(store, f"visit-{n}-{i}").pickup_code for i in range(50) for n, store in enumerate(terminals)]
    finally:
        for opened in terminals:
            opened.close()
    assert len(set(codes)) == len(codes) == 200
    assert backend.rows("SELECT count(DISTINCT pickup_code) FROM checklists") == [(200,)]


def test_a_terminal_id_must_be_an_id(backend: Backend, clock: Clock) -> None:
    with pytest.raises(ValueError):
        backend.open(clock, terminal_id="lobby 1; drop table")
