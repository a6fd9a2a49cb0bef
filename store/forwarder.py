"""The forwarder: a background thread that sends the outbox's entries to the site store, in order.

It claims the terminal's code space when it first reaches the server, then sends the oldest entries (up to
100 in one transaction), deletes them once the server has committed them, and goes on; when the server is
down, slow or refusing it waits (0.5 s, then twice as long each time, at most `retry_max`) and tries again;
after a round that reached the server, a save wakes it at once. An entry is
deleted only after the server committed it, and sending it again changes nothing there, so a crash or an
outage at any moment leaves each checklist on the server exactly once. An entry the server refuses for
good (its data, not the connection) is set aside, logged, and counted, so it never blocks the ones after it.
The outbox's depth is logged when it changes from empty to waiting and back, and every `log_every` seconds
while entries wait.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from store.errors import StoreError
from store.outbox import Entry, Outbox

if TYPE_CHECKING:
    from store.pg import PgStore

logger = logging.getLogger(__name__)

# Kinds of StoreError that say "not now" (the connection, the server's state): the entry is sent later.
_TRY_LATER = frozenset({"unreachable", "schema", "denied", "read_only", "disk_full", "locked"})
_PURGE_INTERVAL = timedelta(hours=1)


class Forwarder:
    """Sends `outbox` to the store that `open_site` connects to, from its own thread (`start()`)."""

    def __init__(
        self,
        outbox: Outbox,
        open_site: Callable[[], PgStore],
        *,
        retry_min: float = 0.5,
        retry_max: float = 30.0,
        log_every: float = 60.0,
        batch: int = 100,
    ) -> None:
        self.outbox = outbox
        self.batch = batch  # entries sent in one transaction
        self._open_site = open_site
        self._site: PgStore | None = None
        self._retry_min = retry_min
        self._retry_max = retry_max
        self._log_every = log_every
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_purge: datetime | None = None
        self._last_outbox_purge: datetime | None = None
        self._last_depth_log = 0.0
        self._was_waiting = False
        self.reachable = False  # whether the last attempt reached the server
        self.last_error: str | None = None
        self.forwarded = 0  # entries sent since start
        outbox.on_change = self._wake.set

    # -- one round, callable from any thread (tests call it directly) ---------------------------

    def _site_or_open(self) -> PgStore:
        if self._site is None:
            self._site = self._open_site()
        return self._site

    def _ensure_code_space(self, site: PgStore) -> None:
        if not self.outbox.needs_code_space():
            return
        space = self.outbox.code_space()
        prefix, last_sequence = site.claim_code_space(space, self.outbox.terminal_id)
        self.outbox.set_code_space(space, prefix, last_sequence)
        if self.outbox.needs_code_space():  # the prefix is nearly used up: a new space, claimed now
            fresh = self.outbox.start_new_code_space()
            prefix, last_sequence = site.claim_code_space(fresh, self.outbox.terminal_id)
            self.outbox.set_code_space(fresh, prefix, last_sequence)
        logger.info("code space of terminal %s: prefix %s", self.outbox.terminal_id, prefix)

    def _send_one_by_one(self, site: PgStore, batch: list[Entry]) -> None:
        """A batch the server refused: send its entries one at a time, setting aside the ones it refuses."""
        for entry in batch:
            try:
                site.forward([entry])
            except StoreError as error:
                if error.kind in _TRY_LATER:
                    raise
                logger.error("the site store refused outbox entry %d for good (%s): %s", entry.entry, error.kind, error)
                self.outbox.refused(entry.entry, str(error))
                continue
            self.outbox.sent(entry.entry)
            self.forwarded += 1

    def forward_round(self, limit: int | None = None) -> int:
        """Claim the code space if needed, then send entries until the outbox is empty (or about `limit` are
        sent), `batch` at a time, each batch in one transaction on the server and one in the outbox.

        Returns how many were sent; raises StoreError when the server cannot be reached (nothing is lost)."""
        start = self.forwarded
        self._purge_outbox_if_due()
        try:
            site = self._site_or_open()
            self._ensure_code_space(site)
            while limit is None or self.forwarded - start < limit:
                batch = self.outbox.pending(self.batch)
                if not batch:
                    break
                try:
                    site.forward(batch)
                except StoreError as error:
                    if error.kind in _TRY_LATER:
                        raise
                    self._send_one_by_one(site, batch)
                    continue
                self.outbox.sent(*(entry.entry for entry in batch))
                self.forwarded += len(batch)
            self._purge_if_due(site)
        except StoreError as error:
            if error.kind == "unreachable" and self._site is not None:
                self._drop_site()
            self.reachable = False
            self.last_error = str(error)
            raise
        self.reachable = True
        self.last_error = None
        return self.forwarded - start

    def _purge_outbox_if_due(self) -> None:
        """The outbox's own purge needs no server: it runs through an outage of any length."""
        now = datetime.now(UTC)
        if self._last_outbox_purge is not None and now - self._last_outbox_purge < _PURGE_INTERVAL:
            return
        self._last_outbox_purge = now
        self.outbox.purge()

    def _purge_if_due(self, site: PgStore) -> None:
        now = datetime.now(UTC)
        if self._last_purge is not None and now - self._last_purge < _PURGE_INTERVAL:
            return
        self._last_purge = now
        site.purge()

    def _drop_site(self) -> None:
        site, self._site = self._site, None
        if site is not None:
            try:
                site.close()
            except StoreError:
                logger.debug("closing the site store failed", exc_info=True)

    # -- the thread ----------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="outbox-forwarder", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (waiting at most `timeout` seconds for a round under way); the outbox keeps the rest."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._drop_site()

    def _log_depth(self, reason: str) -> None:
        waiting, refused = self.outbox.depth()
        now = time.monotonic()
        if waiting or refused:
            if not self._was_waiting or now - self._last_depth_log >= self._log_every:
                logger.warning("outbox: %d waiting, %d refused (%s)", waiting, refused, reason)
                self._last_depth_log = now
            self._was_waiting = True
        elif self._was_waiting:
            logger.info("outbox: every entry forwarded")
            self._was_waiting = False

    def _run(self) -> None:
        delay = self._retry_min
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.forward_round()
                delay = self._retry_min
                self._log_depth("forwarded")
                self._wake.wait(self._log_every)
            except StoreError as error:
                try:
                    self._log_depth(f"the site store: {error.kind}: {error}")
                except StoreError:
                    logger.exception("the outbox cannot be read")
                self._stop.wait(delay)  # not woken by saves: an outage costs one attempt per delay, no more
                delay = min(delay * 2, self._retry_max)
            except Exception:  # never let the thread die: the lobby relies on it
                logger.exception("the outbox forwarder failed; it tries again")
                self._stop.wait(delay)
                delay = min(delay * 2, self._retry_max)
