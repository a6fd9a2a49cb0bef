"""Saving and finding checklists in one SQLite file: durable, private, and safe to share between processes."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

from kiosk.guide.model import Checklist
from store.codes import new_code, normalise_code
from store.errors import StoreError, classify
from store.records import (
    Answer,
    SavedChecklist,
    check_fields,
    check_identifier,
    default_terminal_id,
    encode_answers,
    encode_checklist,
    row_to_checklist,
)

logger = logging.getLogger(__name__)

_CODE_ATTEMPTS = 20
# Purge from save() too, so a kiosk left running for weeks never keeps a checklist past retention.
_PURGE_INTERVAL = timedelta(hours=1)
# A checkpoint every ~800 KB of WAL, and the file cut back to 1 MiB after it, keep the WAL small.
_WAL_AUTOCHECKPOINT_PAGES = 200
_JOURNAL_SIZE_LIMIT = 1024 * 1024
_SQLITE_HEADER = b"SQLite format 3\x00"

_COLUMNS = (
    "pickup_code, created_at, procedure, answers, guide_version, lang, channel, status, checklist_json, terminal_id"
)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _fetch(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
    """Run one statement and read every row, so no cursor is left pinning the WAL."""
    return conn.execute(sql, params).fetchall()


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """A write transaction holding the write lock from the start, so a read-then-write never meets SQLITE_BUSY."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


class Store:
    """The kiosk's saved checklists and anonymous statistics, in one SQLite file."""

    def __init__(
        self,
        path: str | Path,
        *,
        retention_days: int = 30,
        expired_code_days: int = 90,
        now: Callable[[], datetime] = _utc_now,
        tz: tzinfo | None = None,
        busy_timeout_ms: int = 5000,
        read_only: bool = False,
        terminal_id: str | None = None,
    ) -> None:
        """Open (creating if needed) and migrate the database, then purge expired checklists.

        `tz` is the zone whose calendar days the statistics count in (default: the machine's);
        `terminal_id` is saved with each checklist (default: the host name).
        `expired_code_days`: how long the code of a purged checklist is still known as expired (its code and
        the day it was saved, nothing else), counted from when the checklist itself was purged.
        `read_only` (reports such as `kiosk stats`): open the file as it is and never change it; a missing,
        damaged or not yet migrated file raises StoreError instead of being created, moved aside or migrated.
        After a damaged file was moved aside (never in read-only mode), `moved_aside` names where it went.
        """
        if retention_days < 0:
            raise ValueError(f"retention_days must be >= 0, got {retention_days}")
        self.terminal_id = terminal_id or default_terminal_id()
        check_identifier("terminal_id", self.terminal_id)
        self._path = Path(path)
        if expired_code_days < 0:
            raise ValueError(f"expired_code_days must be >= 0, got {expired_code_days}")
        self._retention = timedelta(days=retention_days)
        self._expired_code_time = timedelta(days=expired_code_days)
        self._now = now
        self._tz = tz
        self._busy_timeout_ms = busy_timeout_ms
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self.read_only = read_only
        self.moved_aside: Path | None = None
        try:
            self._conn = self._open_read_only() if read_only else self._open()
        except (sqlite3.Error, OSError) as error:
            raise classify(error, self._path) from error
        self._last_purge = self._utc_now()
        if read_only:  # expired checklists stay until the kiosk itself purges them
            return
        try:
            with self._guard() as conn:
                if _fetch(conn, "SELECT 1 FROM checklists WHERE created_at < ? LIMIT 1", (self._cutoff(),)) or _fetch(
                    conn, "SELECT 1 FROM expired_codes WHERE day < ? LIMIT 1", (self._forget_expired_before(),)
                ):
                    self._purge(conn)
        except StoreError:
            self.close()
            raise

    # -- opening -------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """Connect, set up and migrate; a file that is not a database is moved aside and replaced."""
        self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Checked before SQLite opens it, which could otherwise discard the -wal beside a foreign file.
        if self._has_foreign_header():
            self._move_aside("it does not start with the SQLite header")
            return self._connect_and_migrate()
        try:
            return self._connect_and_migrate()
        except (sqlite3.DatabaseError, StoreError) as error:
            if classify(error, self._path).kind != "not_a_database":
                raise
            self._move_aside(str(error))
            return self._connect_and_migrate()

    def _open_read_only(self) -> sqlite3.Connection:
        """Connect without write access, so nothing of the file (nor a -wal or -shm beside it) changes."""
        if not self._path.is_file():
            raise StoreError("io", f"{self._path}: there is no database file there")
        if self._has_foreign_header():
            raise StoreError("not_a_database", f"{self._path}: not a database (no SQLite header at its start)")
        from sqlite_utils import Database

        from store.schema import LOCAL_DAY_FUNCTION, pending_migrations, refuse_newer_schema

        # A file in use has its -wal and -shm beside it, and SQLite reads them read-only. One not in use has
        # none, and a read-only connection would still create both: it is read as immutable instead.
        in_use = any(Path(f"{self._path}{suffix}").exists() for suffix in ("-wal", "-shm"))
        conn = sqlite3.connect(
            f"{self._path.resolve().as_uri()}?{'mode=ro' if in_use else 'immutable=1'}",
            uri=True,
            timeout=self._busy_timeout_ms / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.create_function(LOCAL_DAY_FUNCTION, 1, self._local_day_of, deterministic=True)
            _fetch(conn, f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
            _fetch(conn, "PRAGMA query_only = ON")
            try:
                problems = _fetch(conn, "PRAGMA quick_check")
            except sqlite3.DatabaseError as error:
                raise StoreError("not_a_database", f"{self._path}: not a usable database ({error})") from error
            if problems != [("ok",)]:
                raise StoreError("not_a_database", f"{self._path}: damaged, quick_check found {problems[:5]}")
            refuse_newer_schema(Database(conn, execute_plugins=False), self._path)
            if pending_migrations(Database(conn, execute_plugins=False)):
                raise StoreError("io", f"{self._path}: made by an older kiosk; start the kiosk once to update it")
        except BaseException:
            conn.close()
            raise
        return conn

    def _has_foreign_header(self) -> bool:
        try:
            with self._path.open("rb") as file:
                header = file.read(len(_SQLITE_HEADER))
        except FileNotFoundError:
            return False
        return header not in (b"", _SQLITE_HEADER)

    def _connect_and_migrate(self) -> sqlite3.Connection:
        if not self._path.exists():
            # Created by hand so the file (and the -wal/-shm SQLite copies its mode to) is private.
            os.close(os.open(self._path, os.O_CREAT | os.O_WRONLY, 0o600))
        # Imported here, not at the top: sqlite-utils brings numpy (when installed), click and pluggy, about
        # 100 ms that every `import store` (the kiosk's start-up) would pay before its first screen.
        from sqlite_utils import Database

        from store.schema import LOCAL_DAY_FUNCTION, apply_migrations, pending_migrations, refuse_newer_schema

        conn = sqlite3.connect(
            self._path,
            timeout=self._busy_timeout_ms / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.create_function(LOCAL_DAY_FUNCTION, 1, self._local_day_of, deterministic=True)
            _fetch(conn, f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
            # Before anything writes, not even the switch to WAL: a newer release must find its file as it left it.
            refuse_newer_schema(Database(conn, execute_plugins=False), self._path)
            mode = self._switch_to_wal(conn)
            if mode != [("wal",)]:
                raise StoreError("io", f"{self._path}: could not switch to WAL, journal mode is {mode}")
            _fetch(conn, "PRAGMA synchronous = FULL")
            _fetch(conn, "PRAGMA foreign_keys = ON")
            _fetch(conn, "PRAGMA secure_delete = ON")
            _fetch(conn, f"PRAGMA wal_autocheckpoint = {_WAL_AUTOCHECKPOINT_PAGES}")
            _fetch(conn, f"PRAGMA journal_size_limit = {_JOURNAL_SIZE_LIMIT}")
            # A damaged page found now costs a fresh file at start-up, not a failed save mid-visit.
            problems = _fetch(conn, "PRAGMA quick_check")
            if problems != [("ok",)]:
                raise StoreError("not_a_database", f"{self._path}: quick_check found {problems[:5]}")
            db = Database(conn, execute_plugins=False)
            if pending_migrations(db):
                with _immediate(conn):
                    apply_migrations(db)
        except BaseException:
            conn.close()
            raise
        return conn

    def _switch_to_wal(self, conn: sqlite3.Connection) -> list[tuple[object, ...]]:
        """Set WAL mode, retrying: SQLite reports a lock at once here instead of calling the busy handler."""
        deadline = time.monotonic() + self._busy_timeout_ms / 1000
        while True:
            try:
                return _fetch(conn, "PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as error:
                if classify(error, self._path).kind != "locked" or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def _move_aside(self, reason: str) -> None:
        """Rename the file (and any -wal/-shm) to "<name>.corrupt-YYYYmmddTHHMMSS"; never delete it."""
        stamp = self._utc_now().strftime("%Y%m%dT%H%M%S")
        target = self._path.with_name(f"{self._path.name}.corrupt-{stamp}")
        attempt = 1
        while target.exists():
            attempt += 1
            target = self._path.with_name(f"{self._path.name}.corrupt-{stamp}-{attempt}")
        for suffix in ("-wal", "-shm", ""):
            source = Path(f"{self._path}{suffix}")
            if source.exists():
                source.rename(f"{target}{suffix}")
        self.moved_aside = target
        logger.error("%s is not a usable database (%s); moved it to %s and started afresh", self._path, reason, target)

    # -- plumbing ------------------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """One caller at a time; any SQLite or OS failure leaves as a StoreError, with no transaction open."""
        with self._lock:
            conn = self._conn
            if conn is None:
                raise StoreError("io", f"{self._path}: the store is closed")
            try:
                yield conn
            except (sqlite3.Error, OSError) as error:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        logger.exception("rollback failed on %s", self._path)
                raise classify(error, self._path) from error

    def _utc_now(self) -> datetime:
        return self._now().astimezone(UTC)

    def _cutoff(self) -> str:
        return (self._utc_now() - self._retention).isoformat(timespec="microseconds")

    def _local_day(self, moment: datetime) -> str:
        return moment.astimezone(self._tz).date().isoformat()

    def _local_day_of(self, created_at: str) -> str:
        return self._local_day(datetime.fromisoformat(created_at))

    def _delete_expired(self, conn: sqlite3.Connection) -> int:
        """Delete checklists past retention, keeping each one's code and day as expired; forget old expired codes."""
        self._last_purge = self._utc_now()
        cutoff = self._cutoff()
        conn.execute(
            "INSERT OR REPLACE INTO expired_codes (pickup_code, day)"
            " SELECT pickup_code, day FROM checklists WHERE created_at < ?",
            (cutoff,),
        )
        deleted = conn.execute("DELETE FROM checklists WHERE created_at < ?", (cutoff,)).rowcount
        conn.execute("DELETE FROM expired_codes WHERE day < ?", (self._forget_expired_before(),))
        return deleted

    def _forget_expired_before(self) -> str:
        """Expired codes saved before this local day are forgotten: `expired_code_days` after their purge."""
        return self._local_day(self._utc_now() - self._retention - self._expired_code_time)

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        """Copy the WAL into the file and cut it to zero bytes, so deleted text leaves the WAL too."""
        busy, _, _ = _fetch(conn, "PRAGMA wal_checkpoint(TRUNCATE)")[0]
        if busy:
            logger.warning("%s: WAL checkpoint could not finish, another connection is reading", self._path)

    def _purge(self, conn: sqlite3.Connection) -> int:
        with _immediate(conn):
            deleted = self._delete_expired(conn)
        self._checkpoint(conn)
        if deleted:
            logger.info("%s: purged %d checklists older than %s", self._path, deleted, self._retention)
        return deleted

    # -- checklists ----------------------------------------------------------------------------

    def save(
        self,
        *,
        visit_id: str,
        procedure: str,
        answers: Sequence[Answer],
        guide_version: str,
        lang: str,
        channel: str,
        checklist: Checklist | None = None,
    ) -> SavedChecklist:
        """Save a visit's checklist and give it a pickup code; saving the same visit again keeps its code.

        `checklist` is the checklist shown, kept so staff can open it as it was after the guide changes.
        """
        check_fields(visit_id=visit_id, procedure=procedure, guide_version=guide_version, lang=lang, channel=channel)
        answers_json = encode_answers(answers)
        shown = (
            None
            if checklist is None
            else encode_checklist(checklist, procedure=procedure, answers=answers, guide_version=guide_version)
        )
        now = self._utc_now()
        fields = (procedure, answers_json, guide_version, lang, channel, shown)
        with self._guard() as conn:
            purge_due = now - self._last_purge >= _PURGE_INTERVAL
            with _immediate(conn):
                deleted = self._delete_expired(conn) if purge_due else 0
                existing = _fetch(conn, "SELECT id FROM checklists WHERE visit_id = ?", (visit_id,))
                if existing:
                    conn.execute(
                        "UPDATE checklists SET procedure = ?, answers = ?, guide_version = ?, lang = ?,"
                        " channel = ?, checklist_json = ? WHERE id = ?",
                        (*fields, existing[0][0]),
                    )
                    row_id = existing[0][0]
                else:
                    row_id = self._insert(conn, visit_id, now, fields)
                rows = _fetch(conn, f"SELECT {_COLUMNS} FROM checklists WHERE id = ?", (row_id,))
            if deleted:
                try:
                    self._checkpoint(conn)
                except sqlite3.Error:
                    # The checklist is saved; a checkpoint that fails now is retried by the next purge.
                    logger.exception("%s: checkpoint after purge failed", self._path)
        return row_to_checklist(rows[0])

    def _insert(self, conn: sqlite3.Connection, visit_id: str, now: datetime, fields: tuple[str | None, ...]) -> object:
        """Insert with a fresh code, drawing again when the unique index says the code is taken."""
        for _ in range(_CODE_ATTEMPTS):
            code = new_code()
            if _fetch(conn, "SELECT 1 FROM expired_codes WHERE pickup_code = ?", (code,)):
                continue  # an expired code is not given again: its old holder would open a stranger's checklist
            try:
                cursor = conn.execute(
                    "INSERT INTO checklists (visit_id, pickup_code, created_at, day, status, procedure,"
                    " answers, guide_version, lang, channel, checklist_json, terminal_id)"
                    " VALUES (?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?)",
                    (
                        visit_id,
                        code,
                        now.isoformat(timespec="microseconds"),
                        self._local_day(now),
                        *fields,
                        self.terminal_id,
                    ),
                )
            except sqlite3.IntegrityError as error:
                if "checklists.pickup_code" not in str(error):
                    raise
                continue
            return cursor.lastrowid
        raise StoreError("io", f"{self._path}: no free pickup code after {_CODE_ATTEMPTS} draws")

    def find(self, code: str) -> SavedChecklist | None:
        """The checklist with this pickup code, however it was typed; None if there is none."""
        normalised = normalise_code(code)
        if normalised is None:
            return None
        with self._guard() as conn:
            rows = _fetch(conn, f"SELECT {_COLUMNS} FROM checklists WHERE pickup_code = ?", (normalised,))
        return row_to_checklist(rows[0]) if rows else None

    def expired_on(self, code: str) -> date | None:
        """The day the checklist with this code was saved, if the retention purge has deleted it (and its code is
        still remembered, for `expired_code_days`); None if the code is unknown, or its checklist still here."""
        normalised = normalise_code(code)
        if normalised is None:
            return None
        with self._guard() as conn:
            rows = _fetch(conn, "SELECT day FROM expired_codes WHERE pickup_code = ?", (normalised,))
        return date.fromisoformat(str(rows[0][0])) if rows else None

    def recent(self, limit: int = 20) -> list[SavedChecklist]:
        """The newest checklists first."""
        if limit < 0:
            raise ValueError(f"limit must be >= 0, got {limit}")
        with self._guard() as conn:
            rows = _fetch(
                conn, f"SELECT {_COLUMNS} FROM checklists ORDER BY created_at DESC, id DESC LIMIT ?", (limit,)
            )
        return [row_to_checklist(row) for row in rows]

    def mark_handled(self, code: str) -> bool:
        """Mark a checklist handled by staff; False if no checklist has this code."""
        normalised = normalise_code(code)
        if normalised is None:
            return False
        with self._guard() as conn:
            cursor = conn.execute("UPDATE checklists SET status = 'handled' WHERE pickup_code = ?", (normalised,))
            return cursor.rowcount > 0

    # -- statistics ----------------------------------------------------------------------------

    def counts_per_day(self, since: date, until: date) -> list[tuple[date, str, int]]:
        """(day, procedure, checklists saved) for each local day from `since` to `until` inclusive."""
        with self._guard() as conn:
            rows = _fetch(
                conn,
                "SELECT day, procedure, count(*) FROM checklists WHERE day BETWEEN ? AND ?"
                " GROUP BY day, procedure ORDER BY day, procedure",
                (since.isoformat(), until.isoformat()),
            )
        return [(date.fromisoformat(str(day)), str(procedure), int(str(n))) for day, procedure, n in rows]

    def counts_per_terminal(self, since: date, until: date) -> list[tuple[str, str, int]]:
        """(terminal, procedure, checklists saved) from `since` to `until` inclusive."""
        with self._guard() as conn:
            rows = _fetch(
                conn,
                "SELECT terminal_id, procedure, count(*) FROM checklists WHERE day BETWEEN ? AND ?"
                " GROUP BY terminal_id, procedure ORDER BY terminal_id, procedure",
                (since.isoformat(), until.isoformat()),
            )
        return [(str(terminal), str(procedure), int(str(n))) for terminal, procedure, n in rows]

    def record_abandonment(self, procedure: str, question: str | None) -> None:
        """Count one visit that ended at `question` (None: before the first) without a checklist."""
        check_identifier("procedure", procedure)
        if question is not None:
            check_identifier("question", question)
        day = self._local_day(self._utc_now())
        with self._guard() as conn:
            conn.execute(
                "INSERT INTO abandonments (day, procedure, question, count) VALUES (?, ?, ?, 1)"
                " ON CONFLICT (day, procedure, question) DO UPDATE SET count = count + 1",
                (day, procedure, question or ""),
            )

    def abandonments(self, since: date, until: date) -> list[tuple[str, str, int]]:
        """(procedure, question, visits) from `since` to `until` inclusive, most abandoned first.

        The question is "" for visits that left before answering any.
        """
        with self._guard() as conn:
            rows = _fetch(
                conn,
                "SELECT procedure, question, sum(count) AS visits FROM abandonments"
                " WHERE day BETWEEN ? AND ? GROUP BY procedure, question"
                " ORDER BY visits DESC, procedure, question",
                (since.isoformat(), until.isoformat()),
            )
        return [(str(procedure), str(question), int(str(n))) for procedure, question, n in rows]

    # -- upkeep --------------------------------------------------------------------------------

    def purge(self) -> int:
        """Delete checklists older than the retention period so their bytes leave the file and the WAL."""
        with self._guard() as conn:
            return self._purge(conn)

    def schema_version(self) -> tuple[int, int]:
        """(this file's schema version, the newest this release knows): the migrations applied, and all of them."""
        from sqlite_utils import Database

        from store.schema import applied_migrations, known_migrations

        with self._guard() as conn:
            applied = applied_migrations(Database(conn, execute_plugins=False))
        return len(applied), len(known_migrations())

    def settings(self) -> dict[str, int | str]:
        """The connection's live SQLite settings, for a health check."""
        names = ("journal_mode", "synchronous", "busy_timeout", "foreign_keys", "secure_delete")
        with self._guard() as conn:
            values = {name: _fetch(conn, f"PRAGMA {name}")[0][0] for name in names}
        return {name: value if isinstance(value, int) else str(value) for name, value in values.items()}

    def close(self) -> None:
        """Close the connection; the last one out folds the WAL back into the file."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                try:
                    conn.close()
                except sqlite3.Error as error:
                    raise classify(error, self._path) from error

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
