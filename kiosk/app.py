"""The kiosk App: the composition root. It wires the parts, each with one job, and owns the one visit.

- `kiosk.walk.VisitWalk`: the walk from welcome to a saved checklist, a screen at a time;
- `kiosk.lobby.Lobby`: the lobby policy (keys that do nothing, the idle wipe, contained errors);
- `kiosk.takeaway.TakeAway`: the QR code and the printed slip;
- `kiosk.staff.StaffDesk`: staff sign-in (F12), the staff home and the lock;
- `kiosk.read_aloud.ReadAloud`: F4 and the elderly-friendly mode read the screen aloud;
- `kiosk.records.VisitRecords`: what a visit leaves in the store.

A wipe (start again, idle timeout, error) has exactly one way in, `reset_visit()`: it replaces the visit
and restarts the walk.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import os
import signal
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cached_property
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar, Final, Protocol

from textual import events, on
from textual.actions import ActionParseResult
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.reactive import Reactive
from textual.worker import Worker

from kiosk import paths
from kiosk.config import Config, IdleSettings, StaffSettings
from kiosk.guide import hant
from kiosk.guide.model import Guide
from kiosk.lobby import SWALLOWED_KEYS, Lobby
from kiosk.mode import Mode
from kiosk.read_aloud import ReadAloud
from kiosk.records import VisitRecords
from kiosk.speech import Speaker
from kiosk.takeaway import TakeAway
from kiosk.visit import Visit
from kiosk.walk import VisitWalk
from screens.between import Between
from screens.gate import InputGate
from screens.guard import HandlerFailed, guarded
from screens.kiosk_screen import Announce, KioskScreen
from screens.takeaway import PrintRequested, QrCodeRequested
from screens.textual_private import forget_render_caches, has_screens
from screens.themes import DEFAULT, HIGH_CONTRAST, KIOSK_THEMES, THEME_NAMES
from screens.visitor.welcome import Welcome

logger = logging.getLogger(__name__)
LANGS = ("zh", "en", "zh_hant")
# Seconds from the App's mount to `settle_memory` (a full collection, ~15 ms): by then the first screen is
# painted, and nobody has had time to read it and press a key.
SETTLE_AFTER_PAINT = 0.3
STOP_GRACE = 5.0  # seconds a stop signal leaves Textual to close in order before the process just ends
STAFF_EXIT: Final = "staff exit"  # the App's result when staff chose "exit the kiosk": the one clean way out

# Staff mode (`staff_desk`) and the PIN (`pin_guard`) are imported when first used, not before the welcome
# screen is painted: tests/benchmarks' cold start, 274 -> 296 ms of CPU if imported here.
if TYPE_CHECKING:
    from kiosk.pin import PinGuard
    from kiosk.records import VisitStore
    from kiosk.staff import StaffDesk, StaffStore

    class ChecklistStore(VisitStore, StaffStore, Protocol):
        """What the kiosk needs of the store: what a visit keeps, and what staff read (`store.Store`, or a fake)."""


class KioskApp(App[str], inherit_bindings=False):
    """The lobby kiosk: every key it answers to is declared here or on a screen."""

    TITLE = "江苏省社会保障卡 Jiangsu Social Security Card"
    # The first screen's styles, read with Textual's own: as Welcome's CSS_PATH alone, every style sheet is parsed
    # again when it is pushed, before it is painted (5.5 ms of the cold start; tests/lobby/test_quick_start.py).
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(inspect.getfile(Welcome)).resolve().parent / path for path in Welcome.CSS_PATH
    ]
    ENABLE_COMMAND_PALETTE = False
    # The kiosk's colours from the start: a theme set in __init__ has Textual parse every style sheet again before
    # the welcome is painted (5.5 ms of the cold start). Its themes are registered, and their colours given to
    # the style sheet, in __init__.
    theme: Reactive[str] = Reactive(THEME_NAMES[DEFAULT])
    ALLOW_SELECT = False  # no mouse text selection: nothing of a visit can be copied off the screen
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(",".join(SWALLOWED_KEYS), "ignore_key", show=False, priority=True, id="swallowed"),
        Binding("f12", "staff_sign_in", "Staff", show=False, id="staff", tooltip="Staff: sign in with the PIN"),
        Binding("f2", "toggle_english", "中文 / English", id="language", tooltip="Chinese or English"),
        Binding("f3", "toggle_traditional", "简体 / 繁體", id="script", tooltip="Simplified or Traditional Chinese"),
        Binding("f4", "read_aloud", "Read aloud", id="read_aloud", tooltip="Read the screen aloud"),
        Binding("f5", "start_again", "Start again", id="start_again", tooltip="Wipe this visit and start again"),
        Binding("f6", "toggle_contrast", "High contrast", id="contrast", tooltip="High-contrast colours on or off"),
        Binding("f7", "toggle_large", "Large layout", id="large", tooltip="Larger buttons and more space on or off"),
    ]

    def __init__(
        self,
        guide: Guide,
        *,
        open_store: Callable[[], ChecklistStore],
        lang: str = "zh",
        mode: Mode = Mode.VISITOR,
        staff_settings: StaffSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
        pin_guard: PinGuard | None = None,
        pin_folder: Path | None = None,
        idle: IdleSettings | None = None,
        tick_seconds: float = 1.0,
        new_visit_id: Callable[[], str] = lambda: uuid.uuid4().hex,
        theme: str = DEFAULT,
        large: bool = False,
        printer_command: str = "lp",
        wall_clock: Callable[[], datetime] = datetime.now,
        speaker: Speaker | None = None,
        elderly: bool = False,
    ) -> None:
        """`clock` is the one source of "now" for the idle countdown and the error window; `wall_clock` dates
        a printed slip and staff's "today"; `pin_folder` keeps the PIN's hash and lock if no `pin_guard`."""
        super().__init__()
        for kiosk_theme in KIOSK_THEMES:
            self.register_theme(kiosk_theme)
        # Textual made the style sheet's variables before the kiosk's themes existed; nothing is parsed yet.
        self.stylesheet.set_variables(self.get_css_variables())
        self.read_aloud = ReadAloud(self, speaker or Speaker.configured(Config()), heard=self._heard)
        self.default_display = (theme, large)  # each visitor starts with the configured colours and layout
        self.default_elderly = elderly
        self.show_display(theme, large, elderly=elderly)
        self.guide = guide
        self.default_lang = lang
        self.mode = mode
        self._pin_guard = pin_guard
        self._pin_folder = pin_folder
        self._tick_seconds = tick_seconds
        self._new_visit_id = new_visit_id
        self._staff_settings = staff_settings or StaffSettings()
        self._wall_clock = wall_clock
        self.idle = idle or IdleSettings()
        self._open_store = open_store
        self._opened_store: ChecklistStore | None = None
        self._store_lock = threading.Lock()
        self.records = VisitRecords(guide, self._store, self._in_background("store"))
        self.visit_walk = VisitWalk(
            guide,
            self,
            self.records,
            mode=lambda: self.mode,
            staff_home=lambda: self.staff_desk,
            leave_staff_mode=self.leave_staff_mode,
            on_stage=self._offer_traditional,
            visit=Visit(new_visit_id(), lang),
        )
        self.lobby = Lobby(
            self,
            guide,
            idle=self.idle,
            clock=clock,
            default_lang=lang,
            staff_desk=lambda: self.staff_desk,
            push_still_there=self._push_still_there,
            reading_aloud=lambda: self.read_aloud.speaking,
        )
        self.input_gate = InputGate(self, nodes=lambda: [self, *self.screen.walk_children(with_self=True)])
        self.takeaway = TakeAway(
            self, guide, printer_command=printer_command, wall_clock=wall_clock, in_thread=self._in_background("print")
        )

    @property
    def visit(self) -> Visit:
        """The visitor in front of the kiosk (the walk keeps it)."""
        return self.visit_walk.visit

    @cached_property
    def staff_desk(self) -> StaffDesk:
        """Staff mode's screens, imported when staff first sign in (they are not needed for visitors)."""
        from kiosk.staff import StaffDesk

        return StaffDesk(
            self,
            self.guide,
            self._store,
            self._staff_settings,
            idle=self.idle,
            wall_clock=self._wall_clock,
            tick_seconds=self._tick_seconds,
        )

    def _store(self) -> ChecklistStore:
        """The one store, opened on first use, from whichever thread: the records' early open once the first
        screen is painted, a save, or staff."""
        with self._store_lock:
            if self._opened_store is None:
                self._opened_store = self._open_store()
            return self._opened_store

    @cached_property
    def pin_guard(self) -> PinGuard:
        """The staff PIN's guard, made when first needed (F12, or `kiosk staff`): a visitor never needs it."""
        if self._pin_guard is not None:
            return self._pin_guard
        from kiosk.pin import PinGuard

        return PinGuard(self._pin_folder or paths.data_dir())

    stop_signals: tuple[signal.Signals, ...] = ()  # `kiosk run` sets SIGTERM and SIGHUP (kiosk.launch)

    def get_default_screen(self) -> Between:
        return Between()  # not painted between two screens (screens/between.py)

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in self.stop_signals:  # an orderly end: Textual leaves the alternate screen as it closes
            loop.add_signal_handler(signum, self._stop_by_signal, signum)
        if not gc.isenabled():  # `kiosk run` or `kiosk staff` started with garbage collection off (kiosk.cli)
            self.set_timer(SETTLE_AFTER_PAINT, settle_memory)
        self.set_timer(SETTLE_AFTER_PAINT, self.records.open_early)  # painted, and nobody has pressed a key yet
        self.set_interval(self._tick_seconds, self._idle_tick)
        self.read_aloud.attach()
        if self.mode is Mode.STAFF_ONLY:  # `kiosk staff`: nothing shows before the PIN
            self.staff_desk.lock(then=self.walk)
        else:
            self.walk()

    def _in_background(self, group: str) -> Callable[[Callable[[], None]], None]:
        """A way to run a job in a thread of worker group `group`; its error is logged (`worker_failed`)."""

        def run(job: Callable[[], None]) -> None:
            self.run_worker(job, thread=True, group=group, exit_on_error=False)

        return run

    # -- the visit -------------------------------------------------------------------------------

    def walk(self) -> None:
        """Start the walk (`kiosk.walk`) in the one worker of group "visit".

        An error in it does not end the kiosk (exit_on_error=False): `worker_failed` contains it."""
        self.run_worker(self.visit_walk.run(), name="walk", group="visit", exclusive=True, exit_on_error=False)

    def reset_visit(self, *, apologize: bool = False) -> None:
        """Wipe the visit and show the welcome screen (after an apology, if `apologize`); an unfinished walk is
        counted, anonymously. Nothing of the visit is left: not its screens, not its record, not the clipboard."""
        self.records.count_abandonment(self.visit)
        self.copy_to_clipboard("")  # what a visitor copied must not be there for the next one to paste
        self.visit_walk.apologize = apologize
        self.lobby.carried_on()
        self.workers.cancel_group(self, "visit")
        while len(self.screen_stack) > 1:
            self.pop_screen()  # safe here: the worker waiting on these screens was cancelled above
        forget_render_caches()  # past visits' screens, which collections walk: key p95 5.8x baseline, 7.2x without
        hant.let_go()  # a Traditional Chinese visit's converter (43 MB); its wording stays converted
        self.visit_walk.visit = Visit(self._new_visit_id(), self.default_lang)
        self.show_display(*self.default_display, elderly=self.default_elderly)
        self.walk()

    def set_language(self, lang: str) -> None:
        """Show the visit in `lang` from now on, redrawing the current screen in place."""
        self.visit_walk.set_language(lang)
        for screen in self.screen_stack:
            if isinstance(screen, KioskScreen):
                screen.lang = lang
        if self.read_aloud.every_screen:  # the elderly-friendly mode reads the screen again, in its new language
            self.read_aloud.read(self.screen)

    def action_toggle_english(self) -> None:
        self.set_language("zh" if self.visit.lang == "en" else "en")

    def action_toggle_traditional(self) -> None:
        self.set_language("zh" if self.visit.lang == "zh_hant" else "zh_hant")

    def action_start_again(self) -> None:
        self.reset_visit()

    def show_display(self, theme: str, large: bool, *, elderly: bool = False) -> None:
        """Colours ("default" or "high_contrast") and layout (large: more space, bigger targets) from now on;
        `elderly` (适老模式) is high contrast, large, every new screen read aloud and longer idle times."""
        self.theme = THEME_NAMES[HIGH_CONTRAST if elderly else theme]
        self.set_class(large or elderly, "-large")
        self.set_class(elderly, "-elderly")
        self.read_aloud.every_screen = elderly
        self.read_aloud.asked = False

    def action_toggle_elderly(self) -> None:
        """The welcome screen's switch: the elderly-friendly mode on or off (off: the configured display)."""
        elderly = not self.has_class("-elderly")
        self.show_display(*self.default_display, elderly=elderly)
        for screen in self.screen_stack:
            if isinstance(screen, Welcome):
                screen.elderly = elderly
        if elderly:
            self.read_aloud.read(self.screen)

    def action_read_aloud(self) -> None:
        """F4: read the current screen aloud (again, from the start, if it is being read)."""
        self.read_aloud.asked = True
        self.read_aloud.read(self.screen)

    @on(Announce)
    def announce(self, announcement: Announce) -> None:
        self.read_aloud.announce(announcement.lines, announcement.lang)

    def _heard(self) -> None:
        self.lobby.carried_on()  # a visitor listening to a screen is there: the idle wait starts now

    def action_toggle_contrast(self) -> None:
        self.theme = THEME_NAMES[DEFAULT if self.theme == THEME_NAMES[HIGH_CONTRAST] else HIGH_CONTRAST]

    def action_toggle_large(self) -> None:
        self.set_class(not self.has_class("-large"), "-large")

    def _offer_traditional(self, visit: Visit) -> None:
        """Offer Traditional Chinese on every screen once an answer says the visitor may read it."""
        self.set_class(visit.offers_traditional(), "-offer-traditional")

    # -- taking the checklist away (kiosk.takeaway) ----------------------------------------------

    @on(QrCodeRequested)
    def show_qr_code(self, request: QrCodeRequested) -> None:
        self.takeaway.show_qr_code(request)

    @on(PrintRequested)
    def print_checklist(self, request: PrintRequested) -> None:
        self.takeaway.print_checklist(request)

    # -- the lobby: keys, the idle wipe, contained errors (kiosk.lobby) --------------------------

    def action_ignore_key(self) -> None:
        """A key the kiosk does not use (SWALLOWED_KEYS): handled here, so no widget acts on it."""

    async def on_event(self, event: events.Event) -> None:
        """All input passes here first, and through the input gate (screens.gate): a key reaches a screen
        only when it is ready for it. Input keeps the visit alive, and answers a "still there?" countdown."""
        if not isinstance(event, events.InputEvent | events.Paste):
            await super().on_event(event)
            return
        if not has_screens(self):
            return  # the App is closing (staff exit, a stop signal): no screen is left for a key in flight
        if event.is_forwarded:
            await super().on_event(event)
            return
        if not self.input_gate.released(event):  # as it arrives
            if isinstance(event, events.Key):
                self.read_aloud.stop()  # any key silences the kiosk at once
            self.lobby.carried_on()  # someone is there, whatever becomes of the key
            if isinstance(event, events.Paste) and not self.mode.staff:
                return  # nothing can be pasted in the lobby (README "Lockdown")
            if not self.input_gate.receive(event):
                return  # held until the screen is ready, or dropped (screens.gate says which)
        if self.lobby.input_seen(event):
            return  # the key or click that says "still here" does nothing else
        await super().on_event(event)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every action (any key binding, any key-bar button, on any screen) runs here; an error is contained."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            name = action.partition("(")[0] if isinstance(action, str) else action[1]
            self.lobby.contain_error(error, f"action {name}")
            return True

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        self.lobby.worker_failed(event)

    @on(HandlerFailed)
    def handler_failed(self, failure: HandlerFailed) -> None:
        self.lobby.handler_failed(failure)

    @guarded
    def _idle_tick(self) -> None:
        self.lobby.tick()

    def _push_still_there(self, lang: str, seconds: int) -> None:
        from screens.notices.still_there import StillThere

        self.push_screen(StillThere(lang, seconds), callback=self._carried_on)

    @guarded
    def _carried_on(self, result: None) -> None:
        self.lobby.carried_on()

    # -- staff (kiosk.staff) and the mode --------------------------------------------------------

    def action_staff_sign_in(self) -> None:
        """F12: the staff PIN prompt; the right PIN opens the staff menu."""
        self.staff_desk.sign_in()

    def enter_counter_mode(self) -> None:
        """Counter (staff) mode: walkthroughs are saved with channel "counter"; the visit starts afresh."""
        self.mode = Mode.COUNTER
        self.reset_visit()

    def leave_staff_mode(self) -> None:
        """Back to visitor mode; `kiosk staff` has none, so it ends (as staff chose: exit code 0)."""
        if self.mode is Mode.STAFF_ONLY:
            self.staff_exits()
        else:
            self.mode = Mode.VISITOR
            self.reset_visit()

    def staff_exits(self) -> None:
        """Staff chose to end the kiosk: the one clean way out (exit code 0, and the supervisor stops too)."""
        self.workers.cancel_group(self, "visit")  # the walk pushes no other screen while the App closes
        self.exit(STAFF_EXIT, return_code=0)

    def _stop_by_signal(self, signum: signal.Signals) -> None:
        """SIGTERM or SIGHUP (a shutdown, the supervisor stopping): end now, wiping nothing to disk."""
        logger.info("the kiosk is stopped by %s", signum.name)
        # After a hang-up the terminal is gone, and Textual's closing can wait forever on its output thread
        # (seen: a kiosk in WriterThread.stop for 50 minutes after its tmux was killed): end regardless.
        ender = threading.Timer(STOP_GRACE, os._exit, args=(128 + signum,))
        ender.daemon = True
        ender.start()
        self.workers.cancel_group(self, "visit")
        self.exit(return_code=128 + signum)

    @property
    def staff_exit(self) -> bool:
        """The kiosk ended because staff chose so (`staff_exits`), not for any other reason."""
        return self.return_value == STAFF_EXIT


def settle_memory() -> None:
    """After the first paint: collect start-up's garbage once, then leave what remains (modules, the guide,
    Textual's styles: it lives as long as the kiosk) out of every later full collection, and collect again.

    Frozen, start-up's 65,000 objects take a later full collection (at any key press) from 41 ms to nothing."""
    gc.collect()
    gc.freeze()
    gc.enable()
