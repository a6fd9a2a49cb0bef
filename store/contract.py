"""The one contract both backends keep: the embedded SQLite file and the site's PostgreSQL server.

`tests/store/test_store.py` runs the same tests against each (a parametrized fixture); the kiosk's App talks
to whichever it was given only through this (and its narrower views in kiosk.app and kiosk.staff).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.guide.model import Checklist
from store.records import Answer, SavedChecklist


class StoreContract(Protocol):
    """Saving and finding checklists, marking them handled, counting, and the retention purge."""

    moved_aside: Path | None  # where a damaged file was moved at opening (SQLite only; a server: None)

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
    ) -> SavedChecklist: ...

    def find(self, code: str) -> SavedChecklist | None: ...

    def expired_on(self, code: str) -> date | None: ...

    def recent(self, limit: int = 20) -> list[SavedChecklist]: ...

    def mark_handled(self, code: str) -> bool: ...

    def counts_per_day(self, since: date, until: date) -> list[tuple[date, str, int]]: ...

    def counts_per_terminal(self, since: date, until: date) -> list[tuple[str, str, int]]: ...

    def record_abandonment(self, procedure: str, question: str | None) -> None: ...

    def abandonments(self, since: date, until: date) -> list[tuple[str, str, int]]: ...

    def purge(self) -> int: ...

    def close(self) -> None: ...


if TYPE_CHECKING:  # mypy checks here that each backend keeps the contract
    from store.db import Store
    from store.pg import PgStore
    from store.site import SiteStore

    def _sqlite(store: Store) -> StoreContract:
        return store

    def _postgresql(store: PgStore) -> StoreContract:
        return store

    def _site(store: SiteStore) -> StoreContract:
        return store
