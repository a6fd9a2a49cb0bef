"""Counter staff mode: the staff home, a checklist opened by its code, the statistics, and the idle lock.

The App runs `StaffDesk.home()` where a visitor would see the welcome screen; it returns when staff
want something only the App can do (walk a visitor through, lock, leave). Staff mode reads the store
and marks checklists handled; nothing here can change the guide or delete a record.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Any, Protocol, TypeVar

from textual.app import App
from textual.screen import Screen

from kiosk.guide.changes import GuideChange, compare_with_current
from kiosk.guide.demand import Demand, build_demand
from kiosk.guide.engine import MissingAnswer, build_checklist
from kiosk.guide.model import Checklist, Guide, Text
from screens import staff_words
from screens.kiosk_screen import Nav
from screens.open_by_code import OpenByCode
from screens.saved_checklist import MARK_HANDLED, OpenedChecklist, SavedChecklistScreen
from screens.staff_home import StaffHome
from screens.stats import PERIODS, StatsScreen
from store import SavedChecklist, StoreError
from store.codes import format_code, normalise_code

logger = logging.getLogger(__name__)
ResultT = TypeVar("ResultT")


class StaffStore(Protocol):
    """All that staff mode may do with the store: read, mark handled, count. No delete, no guide."""

    def find(self, code: str) -> SavedChecklist | None: ...

    def mark_handled(self, code: str) -> bool: ...

    def counts_per_day(self, since: date, until: date) -> list[tuple[date, str, int]]: ...

    def abandonments(self, since: date, until: date) -> list[tuple[str, str, int]]: ...


def fill(text: Text, **values: object) -> Text:
    """`text` with its `{name}` fields filled in, in both languages."""
    return Text(zh=text.zh.format(**values), en=text.en.format(**values))


class IdleLock:
    """Says when staff mode has gone `seconds` without input and must ask for the PIN again."""

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.seconds = seconds
        self.clock = clock
        self.last_input = clock()

    def touch(self) -> None:
        """Input arrived: the idle time starts again."""
        self.last_input = self.clock()

    def due(self) -> bool:
        return self.clock() - self.last_input >= self.seconds


@dataclass(frozen=True)
class StaffSettings:
    retention_days: int = 30  # checklists older than this were purged: an unknown code may be one
    lock_seconds: float = 120.0


class StaffDesk:
    """The screens of staff mode, between the App's walk and the store."""

    def __init__(
        self,
        app: App[Any],
        guide: Guide,
        store: Callable[[], StaffStore],
        *,
        lang: Callable[[], str],
        settings: StaffSettings | None = None,
        today: Callable[[], date] = date.today,
        tz: tzinfo | None = None,
    ) -> None:
        self.app = app
        self.guide = guide
        self.store = store
        self.lang = lang
        self.settings = settings or StaffSettings()
        self.today = today
        self.tz = tz  # the zone saved times are shown in (default: the machine's)
        self.last_choice: str | None = None

    async def show(self, screen: Screen[ResultT]) -> ResultT:
        result: ResultT = await self.app.push_screen_wait(screen)
        return result

    async def home(self) -> str:
        """The staff home until staff choose "walk", "lock" or "leave", which the App carries out."""
        while True:
            screen = StaffHome(self.lang(), lock_seconds=round(self.settings.lock_seconds), selected=self.last_choice)
            choice = await self.show(screen)
            self.last_choice = choice
            if choice == "open":
                await self.open_by_code()
            elif choice == "stats":
                await self.statistics()
            else:
                return choice

    # -- open by code --------------------------------------------------------------------------

    async def open_by_code(self) -> None:
        """Ask for a code until staff go back; each checklist found is shown, then the next code asked."""
        typed, problem = "", None
        while True:
            entry = await self.show(OpenByCode(self.lang(), typed=typed, problem=problem))
            if isinstance(entry, Nav):
                return
            saved, problem = await self.find(entry)
            if saved is None:
                typed = entry
                continue
            opened = self.opened(saved)
            if isinstance(opened, Text):
                typed, problem = entry, opened
                continue
            await self.show_saved(opened)
            typed, problem = "", None

    async def find(self, entry: str) -> tuple[SavedChecklist | None, Text | None]:
        """The checklist with the code `entry`, or None and what to tell staff."""
        code = normalise_code(entry)
        if code is None:
            return None, fill(staff_words.NOT_A_CODE, typed=entry.strip())
        try:
            saved = await asyncio.to_thread(self.store().find, code)
        except StoreError as error:
            logger.error("looking up a pickup code failed (%s): %s", error.kind, error)
            return None, staff_words.LOOKUP_FAILED
        if saved is None:
            return None, fill(staff_words.UNKNOWN_CODE, code=format_code(code), days=self.settings.retention_days)
        return saved, None

    def opened(self, saved: SavedChecklist) -> OpenedChecklist | Text:
        """The checklist as saved, with what today's guide changes; a row without one is rebuilt if it can be."""

        def opened(checklist: Checklist, change: GuideChange | None = None, rebuilt: bool = False) -> OpenedChecklist:
            return OpenedChecklist(
                saved.pickup_code,
                saved.created_at.astimezone(self.tz),
                saved.channel,
                saved.lang,
                saved.status == "handled",
                checklist,
                change,
                rebuilt,
            )

        if saved.checklist is not None:
            same = saved.guide_version == self.guide.version
            change = None if same else compare_with_current(saved.checklist, self.guide)
            return opened(saved.checklist, change)
        procedure = self.guide.procedure(saved.procedure)
        try:
            if procedure is None:
                raise LookupError(saved.procedure)
            rebuilt = build_checklist(self.guide, procedure, dict(saved.answers))
        except (MissingAnswer, LookupError):
            return fill(staff_words.CANNOT_REBUILD, code=saved.pickup_code)
        same = saved.guide_version == self.guide.version
        return opened(rebuilt, None if same else GuideChange(saved.guide_version, self.guide.version), rebuilt=True)

    async def show_saved(self, opened: OpenedChecklist) -> None:
        """Show a saved checklist until staff go back; marking it handled is saved at once, then shown."""
        while await self.show(SavedChecklistScreen(opened, self.guide, self.lang())) == MARK_HANDLED:
            try:
                await asyncio.to_thread(self.store().mark_handled, opened.pickup_code)
                saved = await asyncio.to_thread(self.store().find, opened.pickup_code)
            except StoreError as error:
                logger.error("marking a checklist handled failed (%s): %s", error.kind, error)
                continue
            if saved is not None and not isinstance(reopened := self.opened(saved), Text):
                opened = reopened

    # -- statistics ----------------------------------------------------------------------------

    def demand(self, days: int) -> Demand:
        """The figures for the `days` days up to and including today."""
        until = self.today()
        since = until - timedelta(days=days - 1)
        store = self.store()
        return build_demand(
            self.guide, since, until, store.counts_per_day(since, until), store.abandonments(since, until)
        )

    async def statistics(self) -> None:
        days = PERIODS[0]
        while True:
            try:
                demand = await asyncio.to_thread(self.demand, days)
            except StoreError as error:
                logger.error("reading the statistics failed (%s): %s", error.kind, error)
                return
            chosen = await self.show(StatsScreen(demand, self.lang()))
            if isinstance(chosen, Nav):
                return
            days = chosen
