"""The lobby's outbox: a save goes to a small local SQLite file first, and a forwarder sends it on.

A kiosk on a site store never waits for the network: `save()` gives the visitor a code from the
terminal's own code space (claimed once from the server, kept here) and writes the checklist to this
file, durably, in a millisecond. The forwarder (store/forwarder.py) sends the entries to the server in
order and deletes each once the server has it; sending one again is harmless (the server keys checklists
by visit id). The file is bounded (`max_entries`), and entries older than the retention are purged.

What is kept after an entry is forwarded: only (visit id, code, when), so that a visit saved again keeps
its code; never the checklist or the answers.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

from kiosk.guide.model import Checklist
from store.codes import SEQUENCE_SPACE, format_code, sequence_code
from store.errors import StoreError, classify
from store.records import (
    Answer,
    SavedChecklist,
    check_fields,
    check_identifier,
    encode_answers,
    encode_checklist,
)

logger = logging.getLogger(__name__)

DEFAULT_MAX_ENTRIES = 10_000
_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entries (
    entry INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('checklist', 'abandonment')),
    visit_id TEXT UNIQUE,
    pickup_code TEXT,
    code_space TEXT NOT NULL,
    sequence INTEGER,
    created_at TEXT NOT NULL,
    day TEXT NOT NULL,
    procedure TEXT NOT NULL,
    answers TEXT,
    guide_version TEXT,
    lang TEXT,
    channel TEXT,
    checklist_json TEXT,
    question TEXT,
    failed TEXT
);
CREATE INDEX IF NOT EXISTS entries_created_at ON entries (created_at);
CREATE TABLE IF NOT EXISTS issued (
    visit_id TEXT PRIMARY KEY,
    pickup_code TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS issued_created_at ON issued (created_at);
"""


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Entry:
    """One outbox entry, oldest first: a checklist to save or an abandoned walk to count."""

    entry: int
    kind: str
    code_space: str
    created_at: datetime
    day: date
    procedure: str
    visit_id: str | None = None
    pickup_code: str | None = None
    sequence: int | None = None
    answers_json: str | None = None
    guide_version: str | None = None
    lang: str | None = None
    channel: str | None = None
    checklist_json: str | None = None
    question: str | None = None


class Outbox:
    """A terminal's checklists and counts on their way to the site store."""

    def __init__(
        self,
        path: str | Path,
        *,
        terminal_id: str,
        retention_days: int = 30,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        now: Callable[[], datetime] = _utc_now,
        tz: tzinfo | None = None,
    ) -> None:
        check_identifier("terminal_id", terminal_id)
        if max_entries < 1:
            raise ValueError(f"max_entries must be >= 1, got {max_entries}")
        self.path = Path(path)
        self.terminal_id = terminal_id
        self.max_entries = max_entries
        self._retention = timedelta(days=retention_days)
        self._now = now
        self._tz = tz
        self._lock = threading.Lock()
        try:
            self._conn: sqlite3.Connection | None = self._open()
        except (sqlite3.Error, OSError) as error:
            raise classify(error, self.path) from error
        self.on_change: Callable[[], None] = lambda: None  # the forwarder's wake-up

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        conn = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout = 5000").fetchall()
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
            conn.execute("PRAGMA synchronous = FULL").fetchall()
            conn.execute("PRAGMA secure_delete = ON").fetchall()
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > _SCHEMA_VERSION:
                raise StoreError("schema", f"{self.path}: outbox version {version} is newer than this kiosk knows")
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        except BaseException:
            conn.close()
            raise
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._conn
            if conn is None:
                raise StoreError("io", f"{self.path}: the outbox is closed")
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except BaseException as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error | OSError):
                    raise classify(error, self.path) from error
                raise

    def _utc_now(self) -> datetime:
        return self._now().astimezone(UTC)

    def _local_day(self, moment: datetime) -> str:
        return moment.astimezone(self._tz).date().isoformat()

    # -- the code space ------------------------------------------------------------------------

    def _state(self, conn: sqlite3.Connection) -> dict[str, str]:
        return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM state").fetchall()}

    def code_space(self) -> str:
        """This outbox's code space name: made once with the file, so a new file claims a new prefix."""
        with self._transaction() as conn:
            state = self._state(conn)
            if "code_space" not in state:
                state["code_space"] = uuid.uuid4().hex
                conn.execute("INSERT INTO state VALUES ('code_space', ?)", (state["code_space"],))
        return state["code_space"]

    def needs_code_space(self) -> bool:
        """Whether the forwarder must claim a prefix: none yet, or the current one nearly used up."""
        with self._transaction() as conn:
            state = self._state(conn)
        return "code_prefix" not in state or int(state.get("next_sequence", "1")) >= SEQUENCE_SPACE - 100

    def set_code_space(self, code_space: str, prefix: str, last_sequence: int) -> None:
        """Record the prefix the server gave `code_space`; numbering goes on after what the server has seen."""
        with self._transaction() as conn:
            state = self._state(conn)
            if state.get("code_space") != code_space:
                return
            next_sequence = max(last_sequence + 1, int(state.get("next_sequence", "1")))
            if state.get("code_prefix") not in (None, prefix):
                next_sequence = last_sequence + 1
            conn.execute("INSERT OR REPLACE INTO state VALUES ('code_prefix', ?)", (prefix,))
            conn.execute("INSERT OR REPLACE INTO state VALUES ('next_sequence', ?)", (str(next_sequence),))

    def start_new_code_space(self) -> str:
        """A fresh code space (the old prefix is nearly used up); the forwarder claims its prefix."""
        with self._transaction() as conn:
            fresh = uuid.uuid4().hex
            conn.execute("INSERT OR REPLACE INTO state VALUES ('code_space', ?)", (fresh,))
            conn.execute("DELETE FROM state WHERE key IN ('code_prefix', 'next_sequence')")
        return fresh

    # -- saving --------------------------------------------------------------------------------

    def _room(self, conn: sqlite3.Connection) -> None:
        (waiting,) = conn.execute("SELECT count(*) FROM entries").fetchone()
        if int(waiting) >= self.max_entries:
            raise StoreError(
                "outbox_full",
                f"{self.path}: {waiting} entries wait for the site store, the most this outbox keeps",
            )

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
        """Queue a visit's checklist under a code of this terminal's space; saving the visit again keeps it."""
        check_fields(visit_id=visit_id, procedure=procedure, guide_version=guide_version, lang=lang, channel=channel)
        answers_json = encode_answers(answers)
        shown = (
            None
            if checklist is None
            else encode_checklist(checklist, procedure=procedure, answers=answers, guide_version=guide_version)
        )
        now = self._utc_now()
        with self._transaction() as conn:
            self._room(conn)
            state = self._state(conn)
            issued = conn.execute(
                "SELECT pickup_code, created_at FROM issued WHERE visit_id = ?", (visit_id,)
            ).fetchone()
            if issued is not None:
                code, created_text = str(issued[0]), str(issued[1])
                sequence = None
            else:
                prefix = state.get("code_prefix")
                sequence = int(state.get("next_sequence", "1"))
                if prefix is None or sequence >= SEQUENCE_SPACE:
                    raise StoreError(
                        "unreachable",
                        f"{self.path}: this terminal has no code space yet (it has not reached the site store)",
                    )
                code = sequence_code(prefix, sequence)
                created_text = now.isoformat(timespec="microseconds")
                conn.execute("INSERT INTO issued VALUES (?, ?, ?)", (visit_id, code, created_text))
                conn.execute("INSERT OR REPLACE INTO state VALUES ('next_sequence', ?)", (str(sequence + 1),))
            created_at = datetime.fromisoformat(created_text)
            # Saved again before it was forwarded: the older entry goes, and the new one is sent in its place.
            conn.execute("DELETE FROM entries WHERE visit_id = ?", (visit_id,))
            conn.execute(
                "INSERT INTO entries (kind, visit_id, pickup_code, code_space, sequence, created_at, day, procedure,"
                " answers, guide_version, lang, channel, checklist_json)"
                " VALUES ('checklist', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    visit_id,
                    code,
                    state["code_space"],
                    sequence or 0,
                    created_text,
                    self._local_day(created_at),
                    procedure,
                    answers_json,
                    guide_version,
                    lang,
                    channel,
                    shown,
                ),
            )
        self.on_change()
        return SavedChecklist(
            pickup_code=format_code(code),
            created_at=created_at,
            procedure=procedure,
            answers=tuple((str(q), a) for q, a in json.loads(answers_json)),
            guide_version=guide_version,
            lang=lang,
            channel=channel,
            status="new",
            checklist=checklist,
            terminal_id=self.terminal_id,
        )

    def record_abandonment(self, procedure: str, question: str | None) -> None:
        """Queue one count of a visit that ended at `question` (None: before the first) without a checklist."""
        check_identifier("procedure", procedure)
        if question is not None:
            check_identifier("question", question)
        now = self._utc_now()
        with self._transaction() as conn:
            self._room(conn)
            state = self._state(conn)
            if "code_space" not in state:
                state["code_space"] = uuid.uuid4().hex
                conn.execute("INSERT INTO state VALUES ('code_space', ?)", (state["code_space"],))
            conn.execute(
                "INSERT INTO entries (kind, code_space, created_at, day, procedure, question)"
                " VALUES ('abandonment', ?, ?, ?, ?, ?)",
                (
                    state["code_space"],
                    now.isoformat(timespec="microseconds"),
                    self._local_day(now),
                    procedure,
                    question or "",
                ),
            )
        self.on_change()

    # -- what the forwarder needs --------------------------------------------------------------

    def oldest(self) -> Entry | None:
        """The oldest entry still to send (entries the server refused for good are left for staff to see)."""
        batch = self.pending(1)
        return batch[0] if batch else None

    def pending(self, limit: int) -> list[Entry]:
        """The oldest `limit` entries still to send, in the order they were made."""
        with self._lock:
            conn = self._conn
            if conn is None:
                raise StoreError("io", f"{self.path}: the outbox is closed")
            rows = conn.execute(
                "SELECT entry, kind, code_space, created_at, day, procedure, visit_id, pickup_code, sequence,"
                " answers, guide_version, lang, channel, checklist_json, question"
                " FROM entries WHERE failed IS NULL ORDER BY entry LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            Entry(
                entry=int(row[0]),
                kind=str(row[1]),
                code_space=str(row[2]),
                created_at=datetime.fromisoformat(str(row[3])),
                day=date.fromisoformat(str(row[4])),
                procedure=str(row[5]),
                visit_id=row[6],
                pickup_code=row[7],
                sequence=row[8],
                answers_json=row[9],
                guide_version=row[10],
                lang=row[11],
                channel=row[12],
                checklist_json=row[13],
                question=row[14],
            )
            for row in rows
        ]

    def sent(self, *entries: int) -> None:
        """The server has these entries: delete them (an entry replaced by a newer save meanwhile stays)."""
        with self._transaction() as conn:
            conn.executemany("DELETE FROM entries WHERE entry = ?", [(entry,) for entry in entries])

    def refused(self, entry: int, reason: str) -> None:
        """The server refused entry `entry` for good: keep it aside (counted in the depth) instead of blocking."""
        with self._transaction() as conn:
            conn.execute("UPDATE entries SET failed = ? WHERE entry = ?", (reason[:500], entry))

    def depth(self) -> tuple[int, int]:
        """(entries waiting, entries the server refused)."""
        with self._lock:
            conn = self._conn
            if conn is None:
                raise StoreError("io", f"{self.path}: the outbox is closed")
            waiting, refused = conn.execute("SELECT count(*) - count(failed), count(failed) FROM entries").fetchone()
        return int(waiting), int(refused)

    def purge(self) -> int:
        """Delete entries and issued codes older than the retention: the server purges those checklists too."""
        cutoff = (self._utc_now() - self._retention).isoformat(timespec="microseconds")
        with self._transaction() as conn:
            deleted = conn.execute("DELETE FROM entries WHERE created_at < ?", (cutoff,)).rowcount
            conn.execute("DELETE FROM issued WHERE created_at < ?", (cutoff,))
        if deleted:
            logger.warning(
                "%s: purged %d outbox entries older than %s, never forwarded", self.path, deleted, self._retention
            )
        return deleted

    def close(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()
