"""A terminal of a site: saves through the local outbox (never waiting), reads from the site store.

`SiteStore` is what the kiosk opens when a `database_url` is configured. Saving and counting go to the
outbox and return at once; the forwarder sends them on from its own thread. Opening a code, marking it
handled and the statistics ask the server (off the event loop: the App calls the store from a thread),
and fail fast with StoreError("unreachable") while it is away. `site_health()` is the small report a
health check prints: can the server be reached, its schema version, and the outbox's depth.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from kiosk.guide.model import Checklist
from store.errors import StoreError
from store.forwarder import Forwarder
from store.outbox import DEFAULT_MAX_ENTRIES, Outbox
from store.pg import DEFAULT_TIMEOUT, PgStore
from store.records import Answer, SavedChecklist
from store.urls import redact, scrub

logger = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SiteSettings:
    """Where the site store is and how this terminal talks to it."""

    url: str
    terminal_id: str
    outbox_path: Path
    retention_days: int = 30
    connect_timeout: float = DEFAULT_TIMEOUT
    statement_timeout: float = DEFAULT_TIMEOUT
    outbox_max: int = DEFAULT_MAX_ENTRIES
    tz: tzinfo | None = None

    def __repr__(self) -> str:  # never the password, not even in a traceback's repr
        return f"SiteSettings(url={redact(self.url)!r}, terminal_id={self.terminal_id!r})"


class SiteStore:
    """The kiosk's store on a site: the outbox for writes, the server for reads."""

    def __init__(self, settings: SiteSettings, *, start: bool = True, now: Callable[[], datetime] = _utc_now) -> None:
        self.settings = settings
        self.where = redact(settings.url)
        self._now = now
        self.outbox = Outbox(
            settings.outbox_path,
            terminal_id=settings.terminal_id,
            retention_days=settings.retention_days,
            max_entries=settings.outbox_max,
            now=now,
            tz=settings.tz,
        )
        self.forwarder = Forwarder(self.outbox, self._open_server)
        self._reader: PgStore | None = None
        self.moved_aside: Path | None = None
        waiting, refused = self.outbox.depth()
        logger.info(
            "site store %s, terminal %s; outbox %s: %d waiting, %d refused",
            self.where,
            settings.terminal_id,
            settings.outbox_path,
            waiting,
            refused,
        )
        if start:
            self.forwarder.start()

    def _open_server(self) -> PgStore:
        return PgStore(
            self.settings.url,
            terminal_id=self.settings.terminal_id,
            retention_days=self.settings.retention_days,
            now=self._now,
            tz=self.settings.tz,
            connect_timeout=self.settings.connect_timeout,
            statement_timeout=self.settings.statement_timeout,
        )

    def _server(self) -> PgStore:
        if self._reader is None:
            self._reader = self._open_server()
        return self._reader

    # -- writes: the outbox ----------------------------------------------------------------------

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
        return self.outbox.save(
            visit_id=visit_id,
            procedure=procedure,
            answers=answers,
            guide_version=guide_version,
            lang=lang,
            channel=channel,
            checklist=checklist,
        )

    def record_abandonment(self, procedure: str, question: str | None) -> None:
        self.outbox.record_abandonment(procedure, question)

    # -- reads: the server -----------------------------------------------------------------------

    def find(self, code: str) -> SavedChecklist | None:
        return self._server().find(code)

    def expired_on(self, code: str) -> date | None:
        return self._server().expired_on(code)

    def recent(self, limit: int = 20) -> list[SavedChecklist]:
        return self._server().recent(limit)

    def mark_handled(self, code: str) -> bool:
        return self._server().mark_handled(code)

    def counts_per_day(self, since: date, until: date) -> list[tuple[date, str, int]]:
        return self._server().counts_per_day(since, until)

    def counts_per_terminal(self, since: date, until: date) -> list[tuple[str, str, int]]:
        return self._server().counts_per_terminal(since, until)

    def abandonments(self, since: date, until: date) -> list[tuple[str, str, int]]:
        return self._server().abandonments(since, until)

    def purge(self) -> int:
        return self.outbox.purge() + self._server().purge()

    def health(self) -> SiteHealth:
        return site_health(
            self.settings.url,
            outbox_path=self.settings.outbox_path,
            connect_timeout=self.settings.connect_timeout,
            statement_timeout=self.settings.statement_timeout,
        )

    def close(self) -> None:
        self.forwarder.stop()
        self.outbox.close()
        if self._reader is not None:
            self._reader.close()

    def __enter__(self) -> SiteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@dataclass(frozen=True)
class SiteHealth:
    """For `kiosk health`: the site store's state as this terminal sees it."""

    where: str  # the URL without its password
    reachable: bool
    schema_version: int | None  # None when the server could not be asked
    known_schema_version: int  # the newest this kiosk ships
    outbox_waiting: int | None  # None without an outbox file
    outbox_refused: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.reachable and self.schema_version == self.known_schema_version and not self.outbox_refused


def outbox_depth(path: Path) -> tuple[int, int] | None:
    """(waiting, refused) of the outbox file at `path`, read-only (never creating or changing it); None if absent."""
    if not path.exists():
        return None
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    try:
        row = conn.execute("SELECT count(*) - count(failed), count(failed) FROM entries").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return int(row[0]), int(row[1])


def site_health(
    url: str,
    *,
    outbox_path: Path | None = None,
    connect_timeout: float = DEFAULT_TIMEOUT,
    statement_timeout: float = DEFAULT_TIMEOUT,
) -> SiteHealth:
    """Reach the server once (within the timeouts) and read the outbox; never raises for a failure."""
    from store import pg_schema
    from store.pg import classify_pg, connect

    depth = outbox_depth(outbox_path) if outbox_path is not None else None
    waiting, refused = depth if depth is not None else (None, None)
    known = pg_schema.latest_version()
    try:
        conn = connect(url, connect_timeout=connect_timeout, statement_timeout=statement_timeout)
        try:
            version = pg_schema.schema_version(conn)
        finally:
            conn.close()
    except Exception as error:  # any failure is the report's content, not an exception
        reason = classify_pg(error, url) if not isinstance(error, StoreError) else error
        return SiteHealth(redact(url), False, None, known, waiting, refused, scrub(str(reason), url))
    return SiteHealth(redact(url), True, version, known, waiting, refused)
