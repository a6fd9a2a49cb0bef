"""The site store under faults, on the real server: crashes mid-save, eight writers at once, timeouts.

`pg_ctl stop -m immediate` is a crash as far as the server is concerned (no checkpoint, no goodbye to the
clients): every checklist a visitor was shown must still arrive exactly once afterwards.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_helpers import Cluster, SiteDatabase
from store_helpers import save, start_writer

from store.codes import normalise_code
from store.errors import StoreError
from store.pg import PgStore
from store.site import SiteSettings, SiteStore


def wait_until(condition: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"not true after {timeout} s")
        time.sleep(0.05)


@pytest.fixture
def running_cluster(pg_cluster: Cluster) -> Iterator[Cluster]:
    yield pg_cluster
    if not pg_cluster.is_running():
        pg_cluster.start()


def test_crashes_in_the_middle_of_lobby_saves_lose_nothing_and_double_nothing(
    site_db: SiteDatabase, tmp_path: Path, running_cluster: Cluster
) -> None:
    lobby = SiteStore(SiteSettings(url=site_db.lobby_url, terminal_id="lobby-1", outbox_path=tmp_path / "outbox.db"))
    wait_until(lambda: not lobby.outbox.needs_code_space())
    lobby.forwarder._retry_max = 0.5
    shown: dict[str, str] = {}
    done = threading.Event()

    def crash_twice() -> None:
        for _ in range(2):
            time.sleep(0.4)
            running_cluster.stop("immediate")  # while the forwarder is sending
            time.sleep(0.3)
            running_cluster.start()
        done.set()

    crasher = threading.Thread(target=crash_twice)
    crasher.start()
    number = 0
    while not done.is_set() or number < 300:
        visit = f"visit-{number}"
        shown[visit] = normalise_code(save(lobby, visit).pickup_code) or ""
        number += 1
        time.sleep(0.002)
    crasher.join()
    lobby.forwarder.wake()
    wait_until(lambda: lobby.outbox.depth() == (0, 0), timeout=120)
    lobby.close()

    rows = site_db.sql("SELECT visit_id, pickup_code FROM checklists")
    assert len(rows) == len(shown)  # none twice (visit_id is unique, and so is the count)
    assert {str(v): str(c) for v, c in rows} == shown  # none lost, each under the code shown
    assert site_db.sql("SELECT count(DISTINCT pickup_code) FROM checklists") == [(len(shown),)]


def test_a_crash_in_the_middle_of_direct_saves_keeps_every_save_that_returned(
    site_db: SiteDatabase, running_cluster: Cluster
) -> None:
    counter = PgStore(site_db.counter_url, terminal_id="counter-1")
    returned: dict[str, str] = {}
    failed = 0
    crasher = threading.Timer(0.5, lambda: running_cluster.stop("immediate"))
    crasher.start()
    deadline = time.monotonic() + 30
    number = 0
    while time.monotonic() < deadline:
        try:
            saved = save(counter, f"visit-{number}", channel="counter")
            returned[f"visit-{number}"] = normalise_code(saved.pickup_code) or ""
        except StoreError as error:
            assert error.kind == "unreachable"
            failed += 1
            if failed == 3:
                break
        number += 1
    crasher.join()
    running_cluster.start()
    rows = {str(v): str(c) for v, c in site_db.sql("SELECT visit_id, pickup_code FROM checklists")}
    assert returned, "no save finished before the crash"
    assert {visit: rows.get(visit) for visit in returned} == returned  # every save that returned is there
    assert len(rows) <= len(returned) + 1  # at most the one in flight at the crash, and never twice
    saved = save(counter, "visit-after", channel="counter")  # the same store carries on after the restart
    assert counter.find(saved.pickup_code) == saved
    counter.close()


def test_eight_processes_saving_at_once(site_db: SiteDatabase) -> None:
    start_at = time.time() + 3.0  # every writer has imported and connected by then
    writers = [start_writer(site_db.counter_url, 100, f"writer-{n}", start_at=start_at) for n in range(8)]  # type: ignore[arg-type]
    reported: dict[str, str] = {}
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert "StoreError" not in err
        reported.update(line.split() for line in out.splitlines())  # type: ignore[misc]
    assert len(reported) == 800  # 0 errors
    rows = {str(v): str(c) for v, c in site_db.sql("SELECT visit_id, pickup_code FROM checklists")}
    assert {visit: normalise_code(code) for visit, code in reported.items()} == rows  # 0 lost
    assert len(set(rows.values())) == 800  # 0 duplicate codes


def test_a_statement_that_waits_on_a_lock_gives_up_within_the_timeout(site_db: SiteDatabase) -> None:
    import psycopg

    counter = PgStore(site_db.counter_url, terminal_id="counter-1", statement_timeout=1.0)
    saved = save(counter, "visit-a")
    holder = psycopg.connect(site_db.cluster.url(site_db.name))
    holder.execute("SELECT * FROM checklists FOR UPDATE")  # another session holds the row
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            counter.mark_handled(saved.pickup_code)
        took = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert caught.value.kind == "unreachable"
    assert 0.9 <= took < 2.0, took
    assert counter.mark_handled(saved.pickup_code) is True  # the store carries on
    counter.close()


def test_a_server_that_never_answers_is_given_up_on_within_the_connect_timeout(tmp_path: Path) -> None:
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.bind(str(tmp_path / ".s.PGSQL.5432"))
    silent.listen(8)  # accepts (the kernel does), never says a word
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            PgStore(f"postgresql://lobby@/site?host={tmp_path}", connect_timeout=2.0)
        took = time.monotonic() - started
    finally:
        silent.close()
    assert caught.value.kind == "unreachable"
    assert took < 3.5, took
