"""A whole site on a real PostgreSQL server: the lobby's outbox, outages, roles, schema versions, secrets.

Every test runs against the throwaway cluster of tests/pg_helpers (a Unix socket in a temp folder);
the fault tests stop it with `pg_ctl stop -m immediate` and start it again.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from pg_helpers import LOBBY_PASSWORD, OWNER_PASSWORD, Cluster, SiteDatabase
from store_helpers import REPO_ROOT, save
from wizard_helpers import press

from kiosk.app import KioskApp
from kiosk.guide.model import Guide
from screens.visitor.checklist import ChecklistScreen
from store.codes import normalise_code
from store.errors import StoreError
from store.forwarder import Forwarder
from store.outbox import Outbox
from store.pg import PgStore
from store.site import SiteSettings, SiteStore, outbox_depth, site_health
from store.urls import redact


def settings(site_db: SiteDatabase, tmp_path: Path, *, url: str | None = None, **overrides: object) -> SiteSettings:
    values: dict[str, object] = {
        "url": url or site_db.lobby_url,
        "terminal_id": "lobby-1",
        "outbox_path": tmp_path / "outbox.db",
    }
    values.update(overrides)
    return SiteSettings(**values)  # type: ignore[arg-type]


def wait_until(condition: object, timeout: float = 30.0) -> None:
    """Poll `condition()` (a callable) until it is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"not true after {timeout} s")
        time.sleep(0.05)


def rows_by_visit(site_db: SiteDatabase) -> dict[str, str]:
    return {str(v): str(c) for v, c in site_db.sql("SELECT visit_id, pickup_code FROM checklists")}


@pytest.fixture
def counter(site_db: SiteDatabase) -> Iterator[PgStore]:
    opened = PgStore(site_db.counter_url, terminal_id="counter-1")
    yield opened
    opened.close()


@pytest.fixture
def running_cluster(pg_cluster: Cluster) -> Iterator[Cluster]:
    """The cluster, started again after the test whatever it did to it."""
    yield pg_cluster
    if not pg_cluster.is_running():
        pg_cluster.start()


# -- the lobby's outbox ---------------------------------------------------------------------------


def test_a_lobby_save_is_forwarded_and_opens_at_a_counter(
    site_db: SiteDatabase, tmp_path: Path, counter: PgStore
) -> None:
    with SiteStore(settings(site_db, tmp_path)) as lobby:
        wait_until(lambda: not lobby.outbox.needs_code_space())  # the code space is claimed in the background
        saved = save(lobby, "visit-a", lang="en")
        wait_until(lambda: lobby.outbox.depth() == (0, 0))
        found = counter.find(saved.pickup_code)
        assert found == saved
        assert found is not None and found.terminal_id == "lobby-1"
        assert counter.mark_handled(saved.pickup_code)


def test_the_lobby_role_cannot_read_back_checklists(site_db: SiteDatabase, tmp_path: Path, counter: PgStore) -> None:
    saved = save(counter, "visit-a")
    with SiteStore(settings(site_db, tmp_path)) as lobby, pytest.raises(StoreError) as caught:
        lobby.find(saved.pickup_code)
    assert caught.value.kind == "denied"


def test_saving_during_an_outage_never_waits_and_the_code_opens_later(
    site_db: SiteDatabase, tmp_path: Path, running_cluster: Cluster
) -> None:
    with SiteStore(settings(site_db, tmp_path)) as lobby:
        wait_until(lambda: not lobby.outbox.needs_code_space())
        running_cluster.stop("immediate")
        timings, codes = [], []
        for n in range(20):
            started = time.perf_counter()
            codes.append(save(lobby, f"visit-{n}").pickup_code)
            timings.append(time.perf_counter() - started)
        assert max(timings) < 0.5, timings  # a local file: no connect timeout in the visitor's way
        assert lobby.outbox.depth() == (20, 0)
        running_cluster.start()
        lobby.forwarder.wake()
        wait_until(lambda: lobby.outbox.depth() == (0, 0), timeout=60)
    stored = rows_by_visit(site_db)
    assert {f"visit-{n}": normalise_code(code) for n, code in enumerate(codes)} == stored


async def test_a_walk_interrupted_by_an_outage_shows_a_code_that_opens_once_forwarded(
    guide: Guide, site_db: SiteDatabase, tmp_path: Path, running_cluster: Cluster, counter: PgStore
) -> None:
    lobby = SiteStore(settings(site_db, tmp_path))
    wait_until(lambda: not lobby.outbox.needs_code_space())
    app = KioskApp(guide, open_store=lambda: lobby)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "2")  # half-way through the walk the server goes down
        running_cluster.stop("immediate")
        started = time.perf_counter()
        await press(pilot, "1", "2", "enter", "f2", "3", "enter")  # HK, 12, English, partner bank
        assert time.perf_counter() - started < 5
        assert isinstance(app.screen, ChecklistScreen)
        code = app.screen.pickup_code
        assert code is not None
        assert app.screen.save_problem is None  # the visitor sees a code, not "not saved"
    assert lobby.outbox.depth() == (1, 0)
    running_cluster.start()
    lobby.forwarder.wake()
    wait_until(lambda: lobby.outbox.depth() == (0, 0), timeout=60)
    lobby.close()
    found = counter.find(code)
    assert found is not None
    assert (found.procedure, found.answers, found.lang) == (
        "first_application",
        (("identity", "hk_macao"), ("age", 12)),
        "en",
    )
    assert found.checklist is not None  # saved whole, as shown


def test_an_entry_sent_twice_arrives_once(site_db: SiteDatabase, tmp_path: Path, counter: PgStore) -> None:
    outbox = Outbox(tmp_path / "outbox.db", terminal_id="lobby-1")
    server = PgStore(site_db.lobby_url, terminal_id="lobby-1")
    forwarder = Forwarder(outbox, lambda: server)
    forwarder.forward_round()  # claims the code space
    saved = save(outbox, "visit-a")
    entry = outbox.oldest()
    assert entry is not None
    server.forward([entry])  # sent, but the reply was lost: the entry is still in the outbox
    assert forwarder.forward_round() == 1  # so it is sent again
    assert site_db.sql("SELECT count(*), min(pickup_code) FROM checklists") == [(1, normalise_code(saved.pickup_code))]
    outbox.record_abandonment("first_application", "age")
    abandonment = outbox.oldest()
    assert abandonment is not None
    server.forward([abandonment])
    forwarder.forward_round()
    assert site_db.sql("SELECT sum(count) FROM abandonments") == [(1,)]
    assert outbox.depth() == (0, 0)
    server.close()
    outbox.close()


def test_a_visit_saved_again_keeps_its_code_before_and_after_forwarding(
    site_db: SiteDatabase, tmp_path: Path, counter: PgStore
) -> None:
    outbox = Outbox(tmp_path / "outbox.db", terminal_id="lobby-1")
    server = PgStore(site_db.lobby_url, terminal_id="lobby-1")
    forwarder = Forwarder(outbox, lambda: server)
    forwarder.forward_round()
    first = save(outbox, "visit-a", answers=(("age", 30),))
    again = save(outbox, "visit-a", answers=(("age", 31),))  # before forwarding: one entry, the newer
    assert outbox.depth() == (1, 0)
    assert forwarder.forward_round() == 1
    third = save(outbox, "visit-a", answers=(("age", 32),), lang="en")  # after forwarding
    assert forwarder.forward_round() == 1
    assert first.pickup_code == again.pickup_code == third.pickup_code
    found = counter.find(first.pickup_code)
    assert found is not None
    assert (found.answers, found.lang) == ((("age", 32),), "en")
    server.close()
    outbox.close()


def test_an_entry_the_server_refuses_is_set_aside_and_the_rest_go_on(
    site_db: SiteDatabase, tmp_path: Path, counter: PgStore
) -> None:
    taken = save(counter, "visit-of-the-counter")
    outbox = Outbox(tmp_path / "outbox.db", terminal_id="lobby-1")
    server = PgStore(site_db.lobby_url, terminal_id="lobby-1")
    forwarder = Forwarder(outbox, lambda: server)
    forwarder.forward_round()
    before = save(outbox, "visit-a")
    save(outbox, "visit-of-the-counter")  # another terminal's visit id: the server will not take it
    after = save(outbox, "visit-b")
    assert forwarder.forward_round() == 2
    assert outbox.depth() == (0, 1)
    assert [c is not None for c in (counter.find(before.pickup_code), counter.find(after.pickup_code))] == [True, True]
    assert counter.find(taken.pickup_code) == taken
    server.close()
    outbox.close()


def test_the_outbox_is_bounded_and_says_so(site_db: SiteDatabase, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.db", terminal_id="lobby-1", max_entries=3)
    server = PgStore(site_db.lobby_url, terminal_id="lobby-1")
    Forwarder(outbox, lambda: server).forward_round()
    for n in range(3):
        save(outbox, f"visit-{n}")
    with pytest.raises(StoreError) as caught:
        save(outbox, "visit-3")
    assert caught.value.kind == "outbox_full"
    assert outbox.depth() == (3, 0)
    server.close()
    outbox.close()


def test_the_outbox_is_purged_by_the_retention_rule(tmp_path: Path) -> None:
    now = [datetime(2025, 3, 1, 9, tzinfo=UTC)]
    outbox = Outbox(tmp_path / "outbox.db", terminal_id="lobby-1", retention_days=30, now=lambda: now[0])
    outbox.code_space()
    outbox.set_code_space(outbox.code_space(), "AB", 0)
    save(outbox, "visit-old")
    now[0] += timedelta(days=29)
    young = save(outbox, "visit-young")
    now[0] += timedelta(days=1, seconds=1)
    assert outbox.purge() == 1
    entry = outbox.oldest()
    assert entry is not None and entry.visit_id == "visit-young"
    assert entry.pickup_code == normalise_code(young.pickup_code)
    outbox.close()


def test_a_new_terminal_that_never_reached_the_server_says_so_instead_of_inventing_a_code(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.db", terminal_id="lobby-1")
    with pytest.raises(StoreError) as caught:
        save(outbox, "visit-a")
    assert caught.value.kind == "unreachable"
    outbox.close()


def test_outbox_depth_is_read_without_changing_the_file(tmp_path: Path) -> None:
    path = tmp_path / "outbox.db"
    assert outbox_depth(path) is None
    assert not path.exists()
    outbox = Outbox(path, terminal_id="lobby-1")
    outbox.record_abandonment("first_application", None)
    outbox.close()
    before = path.read_bytes()
    assert outbox_depth(path) == (1, 0)
    assert path.read_bytes() == before


# -- least privilege, on the real server --------------------------------------------------------------

LOBBY_REFUSED = [
    "SELECT * FROM checklists",
    "SELECT pickup_code FROM checklists",
    "SELECT * FROM code_spaces",
    "SELECT * FROM abandonments",
    "INSERT INTO checklists (visit_id, pickup_code, terminal_id, created_at, day, procedure, answers, guide_version,"
    " lang, channel) VALUES ('v', 'AB2345', 't', now(), now(), 'p', '[]', 'abcd', 'zh', 'kiosk')",
    "UPDATE checklists SET status = 'handled'",
    "DELETE FROM checklists",
    "UPDATE site_settings SET retention_days = 0",
]
SCHEMA_CHANGES = [
    "CREATE TABLE stolen (x text)",
    "ALTER TABLE checklists ADD COLUMN name text",
    "DROP TABLE checklists",
    "TRUNCATE checklists",
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "CREATE OR REPLACE FUNCTION kiosk_purge(p_now timestamptz, p_retention_days integer) RETURNS integer"
    " LANGUAGE sql AS 'SELECT 0'",
]
COUNTER_REFUSED = [
    "UPDATE checklists SET answers = '[]'",
    "UPDATE checklists SET pickup_code = 'AB2345'",
    "DELETE FROM checklists",
    "INSERT INTO abandonments VALUES (now(), 'p', 'q', 1)",
    "SELECT * FROM code_spaces",
]


def _refused(url: str, statement: str) -> bool:
    with psycopg.connect(url, autocommit=True) as conn:
        try:
            conn.execute(statement)  # type: ignore[call-overload]
        except psycopg.errors.InsufficientPrivilege:
            return True
    return False


@pytest.mark.parametrize("statement", LOBBY_REFUSED + SCHEMA_CHANGES)
def test_the_lobby_role_can_read_nothing_and_change_no_schema(
    site_db: SiteDatabase, counter: PgStore, statement: str
) -> None:
    save(counter, "visit-a")
    assert _refused(site_db.lobby_url, statement)
    assert site_db.sql("SELECT count(*) FROM checklists") == [(1,)]


@pytest.mark.parametrize("statement", COUNTER_REFUSED + SCHEMA_CHANGES)
def test_the_counter_role_reads_and_marks_handled_but_changes_nothing_else(
    site_db: SiteDatabase, counter: PgStore, statement: str
) -> None:
    saved = save(counter, "visit-a")
    assert _refused(site_db.counter_url, statement)
    assert counter.mark_handled(saved.pickup_code)  # what it may do, it can
    assert site_db.sql("SELECT count(*), min(status) FROM checklists") == [(1, "handled")]


def test_the_lobby_role_holds_no_privilege_on_any_table_but_the_schema_version(site_db: SiteDatabase) -> None:
    held = site_db.sql(
        "SELECT table_name, privilege_type FROM information_schema.role_table_grants"
        " WHERE grantee IN ('kiosk_lobby', 'lobby1', 'PUBLIC') AND table_schema = 'public' ORDER BY 1, 2"
    )
    assert held == [("kiosk_schema_migrations", "SELECT")]


def test_a_lobby_cannot_write_into_another_terminals_codes(site_db: SiteDatabase, counter: PgStore) -> None:
    taken = save(counter, "visit-a")
    lobby = PgStore(site_db.lobby_url, terminal_id="lobby-1")
    prefix, _ = lobby.claim_code_space("lobby-space", "lobby-1")
    stolen = normalise_code(taken.pickup_code) or ""
    assert not stolen.startswith(prefix)
    with psycopg.connect(site_db.lobby_url, autocommit=True) as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute(
            "SELECT * FROM kiosk_save_checklist('lobby-space', 1, 'visit-b', %s, 'lobby-1', now(), now()::date,"
            " 'first_application', '[]', 'abcd', 'zh', 'kiosk', NULL)",
            (stolen,),
        )
    # Nor overwrite another terminal's visit by sending its visit id.
    with psycopg.connect(site_db.lobby_url, autocommit=True) as conn:
        code = prefix + stolen[2:]
        rows = conn.execute(
            "SELECT * FROM kiosk_save_checklist('lobby-space', 1, 'visit-a', %s, 'lobby-1', now(), now()::date,"
            " 'reissue', '[]', 'abcd', 'en', 'kiosk', NULL)",
            (code,),
        ).fetchall()
    assert rows == []
    assert counter.find(taken.pickup_code) == taken
    lobby.close()


def test_a_lobby_cannot_make_the_purge_delete_what_the_site_keeps(site_db: SiteDatabase, counter: PgStore) -> None:
    save(counter, "visit-a")
    with psycopg.connect(site_db.lobby_url, autocommit=True) as conn:
        far_future = datetime(2999, 1, 1, tzinfo=UTC)
        assert conn.execute("SELECT kiosk_purge(%s, 0)", (far_future,)).fetchone() == (0,)
    assert site_db.sql("SELECT count(*) FROM checklists") == [(1,)]


def test_retention_purge_on_the_server_removes_a_sentinel(site_db: SiteDatabase) -> None:
    now = [datetime(2025, 3, 1, 9, tzinfo=UTC)]
    counter = PgStore(site_db.counter_url, terminal_id="counter-1", now=lambda: now[0])
    sentinel = save(counter, "sentinel-visit-7f3a")
    now[0] += timedelta(days=20)
    kept = save(counter, "visit-kept")
    now[0] += timedelta(days=10, seconds=1)
    assert counter.purge() == 1
    assert site_db.sql("SELECT count(*) FROM checklists WHERE visit_id LIKE 'sentinel%'") == [(0,)]
    assert site_db.sql(
        f"SELECT count(*) FROM checklists WHERE pickup_code = '{normalise_code(sentinel.pickup_code)}'"
    ) == [(0,)]
    assert counter.find(kept.pickup_code) == kept
    counter.close()


# -- schema versions ------------------------------------------------------------------------------


def test_kiosk_db_upgrade_builds_the_schema_once(empty_db: SiteDatabase, tmp_path: Path) -> None:
    def upgrade() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kiosk", "db", "upgrade", "--db", empty_db.owner_url],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)},
        )

    first = upgrade()
    assert first.returncode == 0, first.stderr
    assert "applied 0001_site_store" in first.stdout
    again = upgrade()
    assert again.returncode == 0, again.stderr
    assert "applied" not in again.stdout and "up to date" in again.stdout
    assert OWNER_PASSWORD not in first.stdout + first.stderr + again.stdout + again.stderr
    assert empty_db.sql("SELECT version, name FROM kiosk_schema_migrations ORDER BY version") == [
        (1, "site_store"),
        (2, "expired_codes"),
    ]


def test_a_store_refuses_a_schema_newer_than_it_knows(site_db: SiteDatabase) -> None:
    site_db.sql("INSERT INTO kiosk_schema_migrations (version, name) VALUES (99, 'from_the_future')")
    with pytest.raises(StoreError) as caught:
        PgStore(site_db.counter_url)
    assert caught.value.kind == "schema"
    assert "version 99, newer than this kiosk knows (2)" in str(caught.value)
    with pytest.raises(StoreError):
        PgStore(site_db.owner_url, upgrade=True)  # nor does it "upgrade" it


def test_a_store_refuses_a_database_without_the_schema(empty_db: SiteDatabase) -> None:
    with pytest.raises(StoreError) as caught:
        PgStore(empty_db.owner_url)
    assert caught.value.kind == "schema"
    assert "run `kiosk db upgrade`" in str(caught.value)


def test_kiosk_db_status_reports_reachability_schema_and_outbox(site_db: SiteDatabase, tmp_path: Path) -> None:
    healthy = site_health(site_db.lobby_url, outbox_path=tmp_path / "outbox.db")
    assert (healthy.reachable, healthy.schema_version, healthy.known_schema_version) == (True, 2, 2)
    assert healthy.ok
    down = site_health(f"postgresql://lobby1:{LOBBY_PASSWORD}@/nowhere?host={tmp_path}")
    assert not down.reachable and not down.ok
    assert down.error is not None and LOBBY_PASSWORD not in down.error


# -- the password is never shown or logged -----------------------------------------------------------


def test_redact_hides_passwords_in_both_places_a_url_can_hold_one() -> None:
    assert redact("postgresql://lobby:s3cret@db.hall:5432/site?sslmode=require") == (
        "postgresql://lobby:***@db.hall:5432/site?sslmode=require"
    )
    assert "s3cret" not in redact("postgresql://db.hall/site?user=lobby&password=s3cret")
    assert redact("postgresql://lobby@/site?host=/run/pg") == "postgresql://lobby@/site?host=/run/pg"


def test_the_password_never_reaches_the_log_or_the_screen(
    site_db: SiteDatabase, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret = LOBBY_PASSWORD
    wrong = site_db.cluster.url(site_db.name, "lobby1", "wrong-" + secret)
    unreachable = f"postgresql://lobby1:{secret}@/site?host={tmp_path}/none"
    caplog.set_level(logging.DEBUG)
    messages = []
    for url in (wrong, unreachable):
        with pytest.raises(StoreError) as caught:
            PgStore(url)
        messages.append(str(caught.value))
        with SiteStore(settings(site_db, tmp_path, url=url, outbox_path=tmp_path / f"o{len(messages)}.db")) as lobby:
            lobby.forwarder.wake()
            time.sleep(1.0)
            messages.append(repr(lobby.settings))
    run = subprocess.run(
        [sys.executable, "-m", "kiosk", "stats", "--db", wrong],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)},
    )
    assert run.returncode == 1
    assert "password authentication failed" in run.stderr  # the reason is there ...
    everything = "\n".join([*messages, caplog.text, run.stdout, run.stderr])
    assert "lobby1:***@" in everything
    assert secret not in everything  # ... the password is not


# -- choosing the store --------------------------------------------------------------------------------


def test_nothing_configured_keeps_the_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from kiosk.config import Config
    from kiosk.site_store import database_url, open_store
    from store import Store

    monkeypatch.delenv("KIOSK_DATABASE_URL", raising=False)
    monkeypatch.setenv("KIOSK_DB", str(tmp_path / "kiosk.db"))
    config = Config(data_dir=tmp_path)
    store = open_store(argparse.Namespace(), config)
    assert isinstance(store, Store)
    store.close()
    assert database_url(argparse.Namespace(db=None), config) is None
    monkeypatch.setenv("KIOSK_DATABASE_URL", "postgresql://lobby@/site")
    assert database_url(argparse.Namespace(db=None), config) == "postgresql://lobby@/site"
    assert database_url(argparse.Namespace(db=tmp_path / "x.db"), config) is None  # --db PATH wins
    monkeypatch.delenv("KIOSK_DATABASE_URL")
    configured = Config(data_dir=tmp_path, database_url="postgresql://lobby@db.hall/site")
    assert database_url(argparse.Namespace(db=None), configured) == "postgresql://lobby@db.hall/site"
    assert database_url(argparse.Namespace(db="postgresql://x@/y"), configured) == "postgresql://x@/y"


def test_kiosk_stats_counts_the_whole_site_and_per_terminal(site_db: SiteDatabase, tmp_path: Path) -> None:
    today = datetime.now(UTC)
    for terminal, visits in (("lobby-1", 3), ("lobby-2", 2)):
        store = PgStore(site_db.counter_url, terminal_id=terminal, now=lambda: today)
        for n in range(visits):
            save(store, f"{terminal}-visit-{n}")
        store.close()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO_ROOT),
        "KIOSK_DATABASE_URL": site_db.counter_url,
    }
    whole = subprocess.run(
        [sys.executable, "-m", "kiosk", "stats", "--csv", "--lang", "en", "--days", "2"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        env=env,
    )
    assert whole.returncode == 0, whole.stderr
    assert ",first_application,,5," in whole.stdout
    per = subprocess.run(
        [sys.executable, "-m", "kiosk", "stats", "--by-terminal", "--csv", "--days", "2"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        env=env,
    )
    assert per.returncode == 0, per.stderr
    rows = [line.split(",") for line in per.stdout.splitlines()[1:]]
    assert [(r[0], r[3], r[4]) for r in rows] == [
        ("lobby-1", "first_application", "3"),
        ("lobby-2", "first_application", "2"),
    ]


async def test_a_site_terminal_claims_its_code_space_at_start_so_its_first_visitor_gets_a_code(
    guide: Guide, site_db: SiteDatabase, tmp_path: Path, running_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from kiosk.config import Config
    from kiosk.site_store import open_store

    monkeypatch.delenv("KIOSK_DATABASE_URL", raising=False)
    config = Config(data_dir=tmp_path, database_url=site_db.lobby_url, terminal_id="lobby-9")
    opened: list[object] = []

    def opener() -> object:
        opened.append(open_store(argparse.Namespace(db=None), config))
        return opened[-1]

    def claimed() -> bool:
        return site_db.sql("SELECT count(*) FROM code_spaces WHERE terminal_id = 'lobby-9'") == [(1,)]

    app = KioskApp(guide, open_store=opener)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:  # as `kiosk run` starts: the welcome screen, no save yet
        deadline = time.monotonic() + 30
        while not claimed():
            assert time.monotonic() < deadline, "the code space was not claimed within 30 s"
            await pilot.pause(0.05)
    running_cluster.stop("immediate")  # and then the server goes away before the first visitor
    store = app.records.store()
    assert len(opened) == 1 and opened[0] is store  # opened once, before any save
    saved = save(store, "visit-first")  # type: ignore[arg-type]
    assert saved.terminal_id == "lobby-9" and normalise_code(saved.pickup_code)
    store.close()


def test_the_outbox_is_purged_even_while_the_server_stays_away(tmp_path: Path) -> None:
    now = [datetime(2025, 3, 1, 9, tzinfo=UTC)]
    outbox = Outbox(tmp_path / "outbox.db", terminal_id="lobby-1", retention_days=30, now=lambda: now[0])
    outbox.set_code_space(outbox.code_space(), "AB", 0)
    save(outbox, "visit-old")
    now[0] += timedelta(days=31)

    def unreachable() -> PgStore:
        raise StoreError("unreachable", "the server is away")

    with pytest.raises(StoreError):
        Forwarder(outbox, unreachable).forward_round()
    assert outbox.depth() == (0, 0)
    outbox.close()
