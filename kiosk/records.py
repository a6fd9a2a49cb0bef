"""What the kiosk keeps of a visit in the store: the checklist it showed, or where an unfinished walk stopped.

Every call to the store runs outside the App's event loop: saving in a thread the walk awaits,
counting in the background.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from kiosk.guide.engine import replay
from kiosk.guide.model import Checklist, Guide

if TYPE_CHECKING:
    from kiosk.visit import Visit
    from store import SavedChecklist


class VisitStore(Protocol):
    """What a visit needs of the store (a `store.Store`, or a fake in tests)."""

    def save(
        self,
        *,
        visit_id: str,
        procedure: str,
        answers: Sequence[tuple[str, str | int]],
        guide_version: str,
        lang: str,
        channel: str,
        checklist: Checklist | None = None,
    ) -> SavedChecklist: ...

    def record_abandonment(self, procedure: str, question: str | None) -> None: ...


logger = logging.getLogger(__name__)


class VisitRecords:
    """The kiosk's side of the store: save a checklist, count an abandoned walk; nothing personal."""

    def __init__(
        self,
        guide: Guide,
        store: Callable[[], VisitStore],
        in_background: Callable[[Callable[[], None]], None],
    ) -> None:
        """`store` opens the store on first use; `in_background` runs a job in a thread without waiting for it."""
        self.guide = guide
        self.store = store
        self._in_background = in_background

    def open_early(self) -> None:
        """Open the store in the background now, before a visitor's checklist needs it (KioskApp does this once
        the first screen is painted): importing `store` and opening the file took the first checklist ~60 ms,
        and creating a new database file ~160 ms more (tests/benchmarks: a first walk's checklist 214 -> 104 ms)."""

        def open_now() -> None:
            from store import StoreError  # here, in the thread: the import is most of the cost

            try:
                self.store()
            except StoreError as error:  # the first save tries again, and tells the visitor if it fails too
                logger.warning("opening the store failed (%s): %s; the first save tries again", error.kind, error)

        self._in_background(open_now)

    async def save(self, visit: Visit, checklist: Checklist, channel: str) -> tuple[str | None, str | None]:
        """Save the checklist shown; (pickup code, None), or (None, the StoreError's kind)."""
        from store import StoreError

        def save_now() -> SavedChecklist:
            return self.store().save(
                visit_id=visit.visit_id,
                procedure=checklist.procedure,
                answers=visit.answers,
                guide_version=checklist.guide_version,
                lang=visit.lang,
                channel=channel,
                checklist=checklist,
            )

        try:
            saved = await asyncio.to_thread(save_now)
        except StoreError as error:
            logger.error("saving a checklist failed (%s): %s", error.kind, error)
            return None, error.kind
        return saved.pickup_code, None

    def count_abandonment(self, visit: Visit) -> None:
        """Count a walk left without a checklist, by the question it stopped at (never the answers)."""
        if visit.procedure is None or visit.reached_checklist:
            return
        procedure = self.guide.procedure(visit.procedure)
        if procedure is None:
            return
        next_question = replay(procedure, dict(visit.answers)).next_question
        if next_question is not None:
            question: str | None = next_question.id
        else:  # stopped at "check your answers" or at a blocker: the last question answered
            question = visit.answers[-1][0] if visit.answers else None

        from store import StoreError

        def record() -> None:
            try:
                self.store().record_abandonment(procedure.id, question)
            except StoreError as error:
                logger.error("counting an abandoned walk failed (%s): %s", error.kind, error)

        self._in_background(record)
