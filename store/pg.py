"""The site store: the same checklists, codes and counts as `store.db.Store`, on a PostgreSQL server.

Every terminal of a service hall points at one database, so a code made at any kiosk opens at every
counter. Writes go through SECURITY DEFINER functions (see pg_migrations/0001_site_store.sql), so the
lobby's role needs no table privilege at all; the counter's role reads checklists and marks them handled.

One connection per store, opened when first needed and opened again after the server dropped it (a
restart): a terminal makes one call at a time (the calls are serialized anyway), so a pool would only keep
idle connections and reconnect in a thread of its own; the forwarder and the counter's reads each have
their own store. In front of a busy server, PgBouncer does the pooling for the whole site.

A call never waits long: connecting gives up after `connect_timeout` seconds and every statement after
`statement_timeout`; then, or when the server is down or refusing, the call raises StoreError
("unreachable"). The password in the URL is never logged, shown or put in a message.
"""

from __future__ import annotations

import logging
import math
import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from kiosk.guide.model import Checklist
from store.codes import SEQUENCE_SPACE, normalise_code, sequence_code
from store.errors import StoreError
from store.outbox import Entry
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
from store.urls import redact, scrub

logger = logging.getLogger(__name__)
T = TypeVar("T")
Connection = Any  # a psycopg.Connection; psycopg is imported only when a site store is opened

DEFAULT_TIMEOUT = 2.0  # seconds, for connecting and for each statement
_PURGE_INTERVAL = timedelta(hours=1)
_COLUMNS = (
    "pickup_code, created_at, procedure, answers, guide_version, lang, channel, status, checklist_json, terminal_id"
)
_SAVE = (
    "SELECT pickup_code, created_at, status FROM kiosk_save_checklist("
    "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def classify_pg(error: BaseException, url: str) -> StoreError:
    """A psycopg error as a StoreError whose message names the server without its password."""
    import psycopg
    from psycopg import errors

    if isinstance(error, StoreError):
        return error
    message = scrub(f"{redact(url)}: {type(error).__name__}: {error}".strip(), url)
    if isinstance(error, errors.InsufficientPrivilege) or "authentication failed" in str(error):
        return StoreError("denied", message)
    if isinstance(error, errors.UndefinedTable | errors.UndefinedFunction):
        return StoreError("schema", message + " (run `kiosk db upgrade`)")
    if isinstance(error, errors.DiskFull):
        return StoreError("disk_full", message)
    if isinstance(error, errors.ReadOnlySqlTransaction):
        return StoreError("read_only", message)
    if isinstance(error, errors.QueryCanceled | psycopg.OperationalError | psycopg.InterfaceError | TimeoutError):
        return StoreError("unreachable", message)
    return StoreError("io", message)


def connect(url: str, *, connect_timeout: float = DEFAULT_TIMEOUT, statement_timeout: float = DEFAULT_TIMEOUT) -> Any:
    """An autocommit psycopg connection with the kiosk's timeouts (libpq counts connect_timeout in whole
    seconds, at least 2)."""
    import psycopg

    # TCP keepalives and tcp_user_timeout: a server that vanishes mid-statement (a cut cable, not a refusal)
    # is noticed in seconds instead of the kernel's two hours. Ignored on a Unix socket.
    conn = psycopg.connect(
        url,
        autocommit=True,
        connect_timeout=max(2, math.ceil(connect_timeout)),
        tcp_user_timeout=int(max(connect_timeout, statement_timeout) * 1000),
        application_name="jiangsu-card-kiosk",
        keepalives=1,
        keepalives_idle=2,
        keepalives_interval=1,
        keepalives_count=2,
    )
    try:
        conn.execute(f"SET statement_timeout = {int(statement_timeout * 1000)}")
        conn.execute("SET lock_timeout = " + str(int(statement_timeout * 1000)))
        conn.execute("SET TIME ZONE 'UTC'")
    except BaseException:
        conn.close()
        raise
    return conn


class PgStore:
    """The checklists and counts of a whole site, in one PostgreSQL database."""

    def __init__(
        self,
        url: str,
        *,
        terminal_id: str | None = None,
        retention_days: int = 30,
        now: Callable[[], datetime] = _utc_now,
        tz: tzinfo | None = None,
        connect_timeout: float = DEFAULT_TIMEOUT,
        statement_timeout: float = DEFAULT_TIMEOUT,
        code_space: str | None = None,
        upgrade: bool = False,
        read_only: bool = False,
    ) -> None:
        """Connect, check the schema (or, with `upgrade`, bring it up to date), and purge expired checklists.

        `code_space` names the codes this store gives out when it saves by itself (default: a fresh one per
        store); a lobby saves through its outbox instead, which owns its own. `read_only` (reports such as
        `kiosk stats`): no purge at opening, nothing changed.
        """
        if retention_days < 0:
            raise ValueError(f"retention_days must be >= 0, got {retention_days}")
        self._url = url
        self.where = redact(url)
        self.terminal_id = terminal_id or default_terminal_id()
        check_identifier("terminal_id", self.terminal_id)
        self._retention_days = retention_days
        self._retention = timedelta(days=retention_days)
        self._now = now
        self._tz = tz
        self._connect_timeout = connect_timeout
        self._statement_timeout = statement_timeout
        self._code_space = code_space or uuid.uuid4().hex
        self._prefix: str | None = None
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._closed = False
        self._upgrade = upgrade
        self.schema_version = 0
        self._last_purge = self._utc_now()
        self.moved_aside: Path | None = None  # as store.db.Store's: a server has no file to move aside
        self.read_only = read_only
        self._call(lambda conn: None if read_only else self._purge(conn))

    # -- plumbing ------------------------------------------------------------------------------

    def _open(self) -> Connection:
        from store import pg_schema

        conn = connect(self._url, connect_timeout=self._connect_timeout, statement_timeout=self._statement_timeout)
        try:
            if self._upgrade:
                for name in pg_schema.upgrade(conn, self.where):
                    logger.info("%s: applied migration %s", self.where, name)
            self.schema_version = pg_schema.check_version(conn, self.where)
        except BaseException:
            conn.close()
            raise
        return conn

    def _call(self, work: Callable[[Connection], T], *, retry: bool = True) -> T:
        """Run `work` on a live connection, one caller at a time; a failure leaves as a StoreError.

        A connection the server dropped (a restart) is replaced, and with `retry` the work is done once
        more on the new one: only for work that is safe to repeat.
        """
        import psycopg

        with self._lock:
            if self._closed:
                raise StoreError("io", f"{self.where}: the store is closed")
            for attempt in (1, 2):
                fresh = self._conn is None
                try:
                    if self._conn is None:
                        self._conn = self._open()
                    return work(self._conn)
                except (psycopg.OperationalError, psycopg.InterfaceError) as error:
                    self._drop()
                    if retry and attempt == 1 and not fresh and not isinstance(error, psycopg.errors.QueryCanceled):
                        logger.info("%s: the connection was lost; connecting again", self.where)
                        continue
                    raise classify_pg(error, self._url) from None
                except psycopg.Error as error:
                    raise classify_pg(error, self._url) from None
            raise AssertionError("unreachable")

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # a dead connection may fail to close; it is gone either way
                logger.debug("closing a lost connection failed", exc_info=True)

    def _utc_now(self) -> datetime:
        return self._now().astimezone(UTC)

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(self._tz).date()

    def _purge(self, conn: Connection) -> int:
        self._last_purge = self._utc_now()
        row = conn.execute("SELECT kiosk_purge(%s, %s)", (self._utc_now(), self._retention_days)).fetchone()
        deleted = int(row[0]) if row else 0
        if deleted:
            logger.info("%s: purged %d checklists older than %s", self.where, deleted, self._retention)
        return deleted

    # -- code spaces (also used by the outbox's forwarder) -------------------------------------

    def claim_code_space(self, code_space: str, terminal_id: str) -> tuple[str, int]:
        """The prefix of `code_space` (claimed now if new) and the last sequence number the server has seen."""
        check_identifier("code_space", code_space)
        row = self._call(
            lambda conn: conn.execute(
                "SELECT code_prefix, last_sequence FROM kiosk_claim_code_space(%s, %s)", (code_space, terminal_id)
            ).fetchone()
        )
        if row is None:
            raise StoreError("io", f"{self.where}: no code prefix was claimed")
        return str(row[0]), int(row[1])

    def _next_code(self, conn: Connection) -> tuple[str, int]:
        while True:
            if self._prefix is None:
                row = conn.execute(
                    "SELECT code_prefix FROM kiosk_claim_code_space(%s, %s)", (self._code_space, self.terminal_id)
                ).fetchone()
                self._prefix = str(row[0]) if row else None
            row = conn.execute(
                "SELECT code_prefix, last_sequence FROM kiosk_next_sequence(%s)", (self._code_space,)
            ).fetchone()
            if row is None:
                raise StoreError("io", f"{self.where}: code space {self._code_space} is not claimed")
            sequence = int(row[1])
            if sequence < SEQUENCE_SPACE:
                return sequence_code(str(row[0]), sequence), sequence
            self._code_space, self._prefix = uuid.uuid4().hex, None  # this prefix is used up: claim another

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
        """Save a visit's checklist under a new code of this store's code space; saving the same visit
        again keeps its code (and its status)."""
        check_fields(visit_id=visit_id, procedure=procedure, guide_version=guide_version, lang=lang, channel=channel)
        answers_json = encode_answers(answers)
        shown = (
            None
            if checklist is None
            else encode_checklist(checklist, procedure=procedure, answers=answers, guide_version=guide_version)
        )
        now = self._utc_now()

        def work(conn: Connection) -> Any:
            if now - self._last_purge >= _PURGE_INTERVAL:
                self._purge(conn)
            with conn.transaction():  # the code's number and the checklist: one commit
                code, sequence = self._next_code(conn)
                return conn.execute(
                    _SAVE,
                    (
                        self._code_space,
                        sequence,
                        visit_id,
                        code,
                        self.terminal_id,
                        now,
                        self._local_day(now),
                        procedure,
                        answers_json,
                        guide_version,
                        lang,
                        channel,
                        shown,
                    ),
                ).fetchone()

        row = self._call(work)
        if row is None:
            raise StoreError("denied", f"{self.where}: visit {visit_id} was saved by another terminal")
        return row_to_checklist(
            (row[0], row[1], procedure, answers_json, guide_version, lang, channel, row[2], shown, self.terminal_id)
        )

    def forward(self, entries: Sequence[Entry]) -> None:
        """Save a batch of a terminal's outbox entries, in order, in one transaction: all arrive or none.

        Safe to repeat: a checklist sent again changes nothing (the visit id is unique and the values are
        the same), and a count already counted is skipped by its entry number."""

        def work(conn: Connection) -> None:
            with conn.transaction():
                for entry in entries:
                    if entry.kind == "checklist":
                        row = conn.execute(
                            _SAVE,
                            (
                                entry.code_space,
                                entry.sequence or 0,
                                entry.visit_id,
                                entry.pickup_code,
                                self.terminal_id,
                                entry.created_at,
                                entry.day,
                                entry.procedure,
                                entry.answers_json,
                                entry.guide_version,
                                entry.lang,
                                entry.channel,
                                entry.checklist_json,
                            ),
                        ).fetchone()
                        if row is None:
                            raise StoreError("io", f"{self.where}: visit {entry.visit_id} belongs to another terminal")
                    else:
                        conn.execute(
                            "SELECT kiosk_record_abandonment(%s, %s, %s, %s, %s)",
                            (entry.code_space, entry.entry, entry.day, entry.procedure, entry.question or ""),
                        )

        self._call(work)

    def find(self, code: str) -> SavedChecklist | None:
        """The checklist saved under `code` (typed in any case, with spaces or dashes), or None."""
        normalised = normalise_code(code)
        if normalised is None:
            return None
        row = self._call(
            lambda conn: conn.execute(
                f"SELECT {_COLUMNS} FROM checklists WHERE pickup_code = %s", (normalised,)
            ).fetchone()
        )
        return None if row is None else row_to_checklist(tuple(row))

    def expired_on(self, code: str) -> date | None:
        """The day the checklist with this code was saved, if the retention purge has deleted it (and the site
        still remembers its code); None if the code is unknown, or its checklist still here."""
        normalised = normalise_code(code)
        if normalised is None:
            return None
        row = self._call(
            lambda conn: conn.execute("SELECT day FROM expired_codes WHERE pickup_code = %s", (normalised,)).fetchone()
        )
        return None if row is None else date.fromisoformat(str(row[0]))

    def recent(self, limit: int = 20) -> list[SavedChecklist]:
        """The newest checklists first, for staff."""
        if limit < 0:
            raise ValueError(f"limit must be >= 0, got {limit}")
        rows = self._call(
            lambda conn: conn.execute(
                f"SELECT {_COLUMNS} FROM checklists ORDER BY created_at DESC, id DESC LIMIT %s", (limit,)
            ).fetchall()
        )
        return [row_to_checklist(tuple(row)) for row in rows]

    def mark_handled(self, code: str) -> bool:
        """Mark a checklist handled; every counter sees it at once. False if no checklist has this code."""
        normalised = normalise_code(code)
        if normalised is None:
            return False
        rowcount: int = self._call(
            lambda conn: (
                conn.execute("UPDATE checklists SET status = 'handled' WHERE pickup_code = %s", (normalised,)).rowcount
            )
        )
        return rowcount > 0

    # -- statistics ----------------------------------------------------------------------------

    def counts_per_day(self, since: date, until: date) -> list[tuple[date, str, int]]:
        """(day, procedure, checklists saved) for each local day from `since` to `until`, the whole site."""
        rows = self._call(
            lambda conn: conn.execute(
                "SELECT day, procedure, count(*) FROM checklists WHERE day BETWEEN %s AND %s"
                " GROUP BY day, procedure ORDER BY day, procedure",
                (since, until),
            ).fetchall()
        )
        return [(day, str(procedure), int(n)) for day, procedure, n in rows]

    def counts_per_terminal(self, since: date, until: date) -> list[tuple[str, str, int]]:
        """(terminal, procedure, checklists saved) from `since` to `until` inclusive."""
        rows = self._call(
            lambda conn: conn.execute(
                "SELECT terminal_id, procedure, count(*) FROM checklists WHERE day BETWEEN %s AND %s"
                " GROUP BY terminal_id, procedure ORDER BY terminal_id, procedure",
                (since, until),
            ).fetchall()
        )
        return [(str(terminal), str(procedure), int(n)) for terminal, procedure, n in rows]

    def record_abandonment(self, procedure: str, question: str | None) -> None:
        """Count one visit that ended at `question` (None: before the first) without a checklist."""
        check_identifier("procedure", procedure)
        if question is not None:
            check_identifier("question", question)
        day = self._local_day(self._utc_now())
        # Not repeated on a lost connection: the count may already have been made.
        self._call(
            lambda conn: conn.execute(
                "SELECT kiosk_record_abandonment(%s, NULL, %s, %s, %s)",
                (self._code_space, day, procedure, question or ""),
            ),
            retry=False,
        )

    def abandonments(self, since: date, until: date) -> list[tuple[str, str, int]]:
        """(procedure, question, visits) from `since` to `until` inclusive, most abandoned first."""
        rows = self._call(
            lambda conn: conn.execute(
                "SELECT procedure, question, sum(count) AS visits FROM abandonments"
                " WHERE day BETWEEN %s AND %s GROUP BY procedure, question"
                " ORDER BY visits DESC, procedure, question",
                (since, until),
            ).fetchall()
        )
        return [(str(procedure), str(question), int(n)) for procedure, question, n in rows]

    # -- upkeep --------------------------------------------------------------------------------

    def purge(self) -> int:
        """Delete checklists older than the retention period (the site's, or this store's if longer)."""
        return self._call(self._purge)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()

    def __enter__(self) -> PgStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
