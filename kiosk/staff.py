"""The staff desk: signing in from the lobby (F12), the staff home, a checklist opened by its code, the
statistics, and the idle lock.

The walk runs `StaffDesk.home()` where a visitor would see the welcome screen; it returns when staff
want something only the walk or the App can do (walk a visitor through, lock, leave). Staff mode reads
the store and marks checklists handled; nothing here can change the guide or delete a record.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual.app import App
from textual.screen import Screen

from kiosk.config import IdleSettings, StaffSettings
from kiosk.guide.changes import GuideChange, compare_with_current
from kiosk.guide.demand import Demand, build_demand
from kiosk.guide.engine import MissingAnswer, build_checklist
from kiosk.guide.model import Checklist, Guide, Text
from kiosk.mode import Mode
from screens.guard import containing
from screens.kiosk_screen import Nav
from screens.staff import staff_words
from screens.staff.open_by_code import OpenByCode
from screens.staff.saved_checklist import MARK_HANDLED, OpenedChecklist, SavedChecklistScreen
from screens.staff.staff_home import StaffHome
from screens.staff.staff_lock import StaffLock
from screens.staff.stats import PERIODS, StatsScreen
from store import SavedChecklist, StoreError
from store.codes import format_code, normalise_code

if TYPE_CHECKING:
    from kiosk.pin import PinGuard
    from kiosk.visit import Visit
    from screens.staff.staff_menu import StaffChoice

logger = logging.getLogger(__name__)
ResultT = TypeVar("ResultT")


class DeskHost(Protocol):
    """What the staff desk needs of the App: its screens, the visit's language, and the mode switches."""

    @property
    def app(self) -> App[object]: ...

    @property
    def screen(self) -> Screen[Any]: ...

    @property
    def visit(self) -> Visit: ...

    @property
    def mode(self) -> Mode: ...

    @property
    def pin_guard(self) -> PinGuard: ...

    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None) -> Any: ...

    async def push_screen_wait(self, screen: Screen[ResultT]) -> ResultT: ...

    def enter_counter_mode(self) -> None: ...

    def leave_staff_mode(self) -> None: ...

    def reset_visit(self, *, apologize: bool = False) -> None: ...

    def staff_exits(self) -> None: ...


class StaffStore(Protocol):
    """All that staff mode may do with the store: read, mark handled, count. No delete, no guide."""

    def find(self, code: str) -> SavedChecklist | None: ...

    def expired_on(self, code: str) -> date | None: ...

    def mark_handled(self, code: str) -> bool: ...

    def counts_per_day(self, since: date, until: date) -> list[tuple[date, str, int]]: ...

    def abandonments(self, since: date, until: date) -> list[tuple[str, str, int]]: ...

    @property
    def moved_aside(self) -> Path | None: ...  # a damaged file moved aside when the store opened


def fill(text: Text, **values: object) -> Text:
    """`text` with its `{name}` fields filled in, in both languages."""
    return Text(zh=text.zh.format(**values), en=text.en.format(**values))


class StaffDesk:
    """The screens of staff mode, between the App's walk and the store."""

    def __init__(
        self,
        host: DeskHost,
        guide: Guide,
        store: Callable[[], StaffStore],
        settings: StaffSettings,
        *,
        idle: IdleSettings,
        wall_clock: Callable[[], datetime],
        tick_seconds: float,
    ) -> None:
        self.host = host
        self.guide = guide
        self.store = store
        self.settings = settings
        self.idle = idle
        self.wall_clock = wall_clock
        self.tick_seconds = tick_seconds
        self.last_choice: str | None = None
        self._told_store_restarted = False

    @property
    def counter_only(self) -> bool:
        """Started as `kiosk staff`: leaving staff mode ends the program."""
        return self.host.mode is Mode.STAFF_ONLY

    def lang(self) -> str:
        return self.host.visit.lang

    def today(self) -> date:
        return self.wall_clock().date()

    # -- signing in from the lobby ---------------------------------------------------------------

    def sign_in(self) -> None:
        """F12: the staff PIN prompt; the right PIN opens the staff menu."""
        from screens.staff.pin_prompt import PinPrompt

        if self.counter_only:  # `kiosk staff` and `kiosk serve`: signed in already, and no visitor mode to offer
            return
        self.host.push_screen(PinPrompt(self.host.pin_guard, tick=self.tick_seconds), callback=self.signed_in)

    def signed_in(self, ok: bool | None) -> None:
        with containing(self.host.app, "StaffDesk.signed_in"):
            if ok:
                from screens.staff.staff_menu import StaffMenu

                self.host.push_screen(StaffMenu(), callback=self.chose)

    def chose(self, choice: StaffChoice | None) -> None:
        from screens.staff.staff_menu import StaffChoice

        with containing(self.host.app, "StaffDesk.chose"):
            if choice is StaffChoice.EXIT:
                self.host.staff_exits()
            elif choice is StaffChoice.COUNTER:
                self.host.enter_counter_mode()
            elif choice is StaffChoice.VISITOR:  # a fresh visit for the next visitor, as the idle timeout gives
                if self.host.mode.staff:
                    self.host.leave_staff_mode()
                else:
                    self.host.reset_visit()
            # StaffChoice.RESUME: the menu closes on the screen as it was (staff stepped in to help this visitor)

    # -- the lock ------------------------------------------------------------------------------

    def lock(self, *, then: Callable[[], object] | None = None) -> None:
        """Cover whatever staff left on screen with the PIN prompt; the right PIN uncovers it (and runs `then`)."""
        if not isinstance(self.host.screen, StaffLock):
            self.host.push_screen(self.new_lock(), callback=partial(self.unlocked, then))

    async def lock_now(self) -> None:
        """Lock from the walk itself (staff chose "lock"), so nothing is shown over the lock until it opens."""
        ok = await self.show(self.new_lock())
        self.unlocked(None, ok)

    def new_lock(self) -> StaffLock:
        return StaffLock(self.host.pin_guard, esc_quits=self.counter_only)

    def unlocked(self, then: Callable[[], object] | None, ok: bool | None) -> None:
        if not ok:  # Esc: staff mode ends (a counter PC quits, a lobby kiosk goes back to visitors)
            self.host.leave_staff_mode()
        elif then is not None:
            then()

    def check_idle(self, quiet: float) -> None:
        """Lock after `idle.staff_lock` seconds without input; a lobby kiosk left locked goes back to visitors."""
        if quiet < self.idle.staff_lock:
            return
        if not isinstance(self.host.screen, StaffLock):
            self.lock()
        elif quiet >= 2 * self.idle.staff_lock and not self.counter_only:
            self.host.leave_staff_mode()

    async def show(self, screen: Screen[ResultT]) -> ResultT:
        return await self.host.push_screen_wait(screen)

    async def home(self) -> str:
        """The staff home until staff choose "walk", "lock" or "leave", which the App carries out."""
        while True:
            lock_seconds = round(self.idle.staff_lock)
            screen = StaffHome(
                self.lang(), lock_seconds=lock_seconds, selected=self.last_choice, notice=self.store_notice()
            )
            choice = await self.show(screen)
            self.last_choice = choice
            if choice == "open":
                await self.open_by_code()
            elif choice == "stats":
                await self.statistics()
            else:
                return choice

    def store_notice(self) -> Text | None:
        """Once a run: the store's file was damaged, and the kiosk started a fresh one (codes saved before
        cannot be opened here); where the old file is, for the hall's IT person."""
        if self._told_store_restarted:
            return None
        try:
            moved = self.store().moved_aside
        except StoreError:  # a store that cannot open says so where it is used
            return None
        if moved is None:
            return None
        self._told_store_restarted = True
        return fill(staff_words.STORE_RESTARTED, path=moved)

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
        """The checklist with the code `entry`, or None and what to tell staff: not a code (a typing mistake), a
        code whose checklist the retention rule deleted (expired: walk the visitor through again), or no such code
        (check it with the visitor)."""
        code = normalise_code(entry)
        if code is None:
            return None, fill(staff_words.NOT_A_CODE, typed=entry.strip())
        try:
            saved = await asyncio.to_thread(self.store().find, code)
            expired = None if saved is not None else await asyncio.to_thread(self.store().expired_on, code)
        except StoreError as error:
            logger.error("looking up a pickup code failed (%s): %s", error.kind, error)
            return None, staff_words.LOOKUP_FAILED
        settings = self.settings
        if expired is not None:
            shown = format_code(code)
            return None, fill(staff_words.EXPIRED_CODE, code=shown, day=expired, retention=settings.retention_days)
        if saved is None:
            remembered = settings.retention_days + settings.expired_code_days
            return None, fill(staff_words.UNKNOWN_CODE, code=format_code(code), days=remembered)
        return saved, None

    def opened(self, saved: SavedChecklist) -> OpenedChecklist | Text:
        """The checklist as saved, with what today's guide changes; a row without one is rebuilt if it can be."""

        def opened(checklist: Checklist, change: GuideChange | None = None, rebuilt: bool = False) -> OpenedChecklist:
            return OpenedChecklist(
                saved.pickup_code,
                saved.created_at.astimezone(self.settings.tz),
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
        """Show a saved checklist until staff go back; marking it handled is saved at once, then shown (in the
        language staff chose for the visitor's take-away)."""
        for_visitor = None
        while True:
            screen = SavedChecklistScreen(opened, self.guide, self.lang(), for_visitor=for_visitor)
            if await self.show(screen) != MARK_HANDLED:
                return
            for_visitor = screen.for_visitor
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
