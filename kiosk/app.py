"""The kiosk App: the composition root that walks one visitor at a time from welcome to a saved checklist.

The walk is driven by one worker (`walk`) that pushes a screen, waits for its answer and decides what
comes next. All a visitor leaves behind is one immutable `Visit`; `reset_visit()` replaces it and
restarts the walk, so a wipe (start again, idle timeout, error) has exactly one way in.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import inspect
import io
import logging
import math
import string
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from functools import cached_property, partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from textual import events, on, work
from textual._styles_cache import StylesCache
from textual.actions import ActionParseResult
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.reactive import Reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from kiosk import paths
from kiosk.config import Config, ConfigError, IdleSettings, StaffSettings, load_config
from kiosk.crashlog import LOG_FILE, install_excepthooks, log_crash, sanitize_environment, setup_logging
from kiosk.guide.engine import Progress, answer, available_options, build_checklist, replay
from kiosk.guide.model import Answers, AnswerValue, Checklist, Guide, Procedure, Question, Text
from kiosk.guide.slip import render_slip
from kiosk.read_aloud import ReadAloud
from kiosk.speech import Speaker
from screens.guard import HandlerFailed, guarded
from screens.kiosk_screen import Announce, KioskScreen, Nav
from screens.takeaway import PrintRequested, QrCodeRequested, TakeAwayScreen
from screens.themes import DEFAULT, HIGH_CONTRAST, KIOSK_THEMES, THEME_NAMES
from screens.welcome import Welcome

logger = logging.getLogger(__name__)
LANGS = ("zh", "en", "zh_hant")
# Every ctrl+letter (and ctrl+symbol, alt+letter, and a Mac's cmd+c/x/v) a terminal can send. Textual's widgets
# give some of them a meaning (copy, paste, cut, select all, typing the letter, ...); in the lobby they do
# nothing, whatever has focus.
SWALLOWED_KEYS = (
    *(f"ctrl+{letter}" for letter in string.ascii_lowercase),
    *(f"ctrl+shift+{letter}" for letter in string.ascii_lowercase),
    *(f"alt+{letter}" for letter in string.ascii_lowercase),
    *("ctrl+@", "ctrl+backslash", "ctrl+right_square_bracket", "ctrl+circumflex_accent", "ctrl+underscore"),
    *("super+c", "super+x", "super+v", "super+z"),
)
# Input that means someone is at the kiosk; of it, what answers "still there?" (a mouse move alone does not).
INPUT_EVENTS = (events.Key, events.MouseEvent, events.Paste)
CARRY_ON_EVENTS = (events.Key, events.MouseUp, events.MouseScrollDown, events.MouseScrollUp, events.Paste)
# Seconds from the App's mount to `settle_memory` (a full collection, ~15 ms): by then the first screen is
# painted, and nobody has had time to read it and press a key.
SETTLE_AFTER_PAINT = 0.3
MAX_ERRORS = 5  # contained errors within ERROR_WINDOW seconds before the kiosk gives up and exits (code 1)
ERROR_WINDOW = 60.0
# Answers that say the visitor may read Traditional Chinese: every screen after them offers it (F3).
READS_TRADITIONAL = frozenset({("identity", "hk_macao"), ("identity", "taiwan")})


# Only what the welcome screen needs is imported before it is painted: the walk's later screens, the store,
# the printer, the PIN, staff mode, the QR view and the idle and apology screens are imported where they
# are first used (tests/benchmarks: ~65 ms of a cold start). The slip is not among them: the take-away
# screens' labels and the line-break rule of every screen's text come from it.
if TYPE_CHECKING:
    from kiosk.pin import PinGuard
    from kiosk.staff import StaffDesk, StaffStore
    from screens.staff_menu import StaffChoice
    from store import SavedChecklist

    class ChecklistStore(StaffStore, Protocol):
        """What the kiosk needs of the store (a `store.Store`, or a fake in tests)."""

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


@dataclass(frozen=True)
class Visit:
    """Everything the kiosk knows about the visitor in front of it; never anything personal."""

    visit_id: str
    lang: str
    procedure: str | None = None
    answers: Answers = ()  # replayed and consistent: the next question is derived from them
    remembered: Answers = ()  # every answer given to this procedure, to pre-select after Back
    pickup_code: str | None = None
    reached_checklist: bool = False

    def remembered_answer(self, question_id: str) -> AnswerValue | None:
        return dict(self.remembered).get(question_id)


class Stage(Enum):
    APOLOGY = "apology"
    WELCOME = "welcome"
    CHOOSE = "choose"
    QUESTIONS = "questions"
    REVIEW = "review"
    RESULT = "result"


class KioskApp(App[None], inherit_bindings=False):
    """The lobby kiosk: every key it answers to is declared here or on a screen."""

    TITLE = "江苏省社会保障卡 Jiangsu Social Security Card"
    # The first screen's styles, read with Textual's own at start: as the screen's CSS_PATH alone, they would
    # be read when it is pushed, and every style sheet parsed again for them (~7 ms of the start).
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(inspect.getfile(Welcome)).resolve().parent / path for path in Welcome.CSS_PATH
    ]
    ENABLE_COMMAND_PALETTE = False
    # The kiosk's own colours from the very start: setting the theme in __init__ would make Textual parse
    # every style sheet a second time once running (its theme watcher calls refresh_css: ~5 ms of a cold
    # start). Its themes are registered, and the colours given to the style sheet, in __init__.
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
        staff: bool = False,
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
        super().__init__()
        for kiosk_theme in KIOSK_THEMES:
            self.register_theme(kiosk_theme)
        # Textual made the style sheet's variables before the kiosk's themes existed; nothing is parsed yet.
        self.stylesheet.set_variables(self.get_css_variables())
        self.read_aloud = ReadAloud(self, speaker or Speaker.configured(Config()), heard=self._heard)
        self.default_display = (theme, large)  # each visitor starts with the configured colours and layout
        self.default_elderly = elderly
        self.show_display(theme, large, elderly=elderly)
        self.printer_command = printer_command
        self.wall_clock = wall_clock  # the date on a printed slip
        self.guide = guide
        self.default_lang = lang
        self.clock = clock  # for the idle countdown: the one source of "now" the App uses
        self._pin_guard = pin_guard
        self._pin_folder = pin_folder  # where the PIN's hash and lock are kept, if no `pin_guard` is given
        self.idle = idle or IdleSettings()
        self.staff = staff  # the one mode flag: counter (staff) mode; `staff=True` is `kiosk staff`, behind the PIN
        self.staff_exit = False  # set only when staff chose "exit the kiosk": the one clean way out
        self._tick_seconds = tick_seconds
        self._last_input = clock()
        self._countdown_ends = 0.0
        self._apologize = False
        self._errors: list[float] = []
        self._redact = redact_words(guide)
        self._open_store = open_store
        self._store: ChecklistStore | None = None
        self._staff_settings = staff_settings or StaffSettings()
        self._counter_only = staff
        self._new_visit_id = new_visit_id
        self.visit = Visit(new_visit_id(), lang)
        self._stages: dict[Stage, Callable[[], Awaitable[Stage]]] = {
            Stage.APOLOGY: self._apology,
            Stage.WELCOME: self._welcome,
            Stage.CHOOSE: self._choose,
            Stage.QUESTIONS: self._questions,
            Stage.REVIEW: self._review,
            Stage.RESULT: self._result,
        }

    @cached_property
    def staff_desk(self) -> StaffDesk:
        """Staff mode's screens, imported when staff first sign in (they are not needed for visitors)."""
        from kiosk.staff import StaffDesk

        return StaffDesk(self, self._store_or_open, self._staff_settings, counter_only=self._counter_only)

    def on_mount(self) -> None:
        if not gc.isenabled():  # `kiosk run` or `kiosk staff` started with garbage collection off (kiosk.cli)
            self.set_timer(SETTLE_AFTER_PAINT, settle_memory)
        self.set_interval(self._tick_seconds, self._idle_tick)
        self.read_aloud.attach()
        if self.staff:  # `kiosk staff`: nothing shows before the PIN
            self.staff_desk.lock(then=self.walk)
        else:
            self.walk()

    # -- visit-wide actions ----------------------------------------------------------------------

    def reset_visit(self, *, apologize: bool = False) -> None:
        """Wipe the visit and show the welcome screen (after an apology, if `apologize`); an unfinished walk is
        counted, anonymously. Nothing of the visit is left: not its screens, not its record, not the clipboard."""
        self._count_abandonment(self.visit)
        self.copy_to_clipboard("")  # what a visitor copied must not be there for the next one to paste
        self._apologize = apologize
        self._last_input = self.clock()
        self.workers.cancel_group(self, "visit")
        while len(self.screen_stack) > 1:
            self.pop_screen()  # safe here: the worker waiting on these screens was cancelled above
        # Textual 8.2.8 keeps up to 1,024 per-widget render caches alive, with their widgets' drawn lines, in an
        # lru_cache on an instance method (Textualize/textual#6665): the screens of past visits. They go with
        # the visit; otherwise full garbage collections walk them all (tests/benchmarks: 95th percentile key
        # press 192 -> 100 ms).
        StylesCache.get_inner_outer.cache_clear()
        self.visit = Visit(self._new_visit_id(), self.default_lang)
        self.show_display(*self.default_display, elderly=self.default_elderly)
        self.walk()

    def set_language(self, lang: str) -> None:
        """Show the visit in `lang` from now on, redrawing the current screen in place."""
        self.visit = replace(self.visit, lang=lang)
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
        self._last_input = self.clock()  # a visitor listening to a screen is there: the idle wait starts now

    def action_toggle_contrast(self) -> None:
        self.theme = THEME_NAMES[DEFAULT if self.theme == THEME_NAMES[HIGH_CONTRAST] else HIGH_CONTRAST]

    def action_toggle_large(self) -> None:
        self.set_class(not self.has_class("-large"), "-large")

    def _offer_traditional(self) -> None:
        """Offer Traditional Chinese on every screen once an answer says the visitor may read it."""
        self.set_class(not READS_TRADITIONAL.isdisjoint(self.visit.answers), "-offer-traditional")

    # -- taking the checklist away ---------------------------------------------------------------

    @on(QrCodeRequested)
    def show_qr_code(self, request: QrCodeRequested) -> None:
        from screens.qr_view import QrView

        self.push_screen(QrView(request.checklist, self.guide, request.lang, pickup_code=request.pickup_code))

    @on(PrintRequested)
    def print_checklist(self, request: PrintRequested) -> None:
        slip = render_slip(request.checklist, self.guide, request.lang, request.pickup_code, self.wall_clock())
        self._send_to_printer(slip, request.screen)

    @work(thread=True, group="print", exit_on_error=False)
    def _send_to_printer(self, slip: str, screen: TakeAwayScreen[Any]) -> None:
        """Hand the slip to the printer command (blocking, so in a thread) and tell the screen how it went."""
        from kiosk.printer import print_slip

        result = print_slip(slip, self.printer_command)
        if not result.ok:
            logger.warning("printing a slip failed: %s", result.reason)
        self.call_from_thread(self._printed, screen, result.ok, result.message)

    def _printed(self, screen: TakeAwayScreen[Any], ok: bool, message: Text) -> None:
        if screen in self.screen_stack:  # not if the visit was wiped while the printer worked
            screen.show_print_result(ok, message)

    # -- the lobby: keys, the idle wipe, contained errors, staff sign-in --------------------------

    def action_ignore_key(self) -> None:
        """A key the kiosk does not use (SWALLOWED_KEYS): handled here, so no widget acts on it."""

    async def on_event(self, event: events.Event) -> None:
        """All input passes here first: it keeps the visit alive, and answers a "still there?" countdown."""
        if isinstance(event, INPUT_EVENTS) and not event.is_forwarded:
            from screens.still_there import StillThere  # imported by the first key, not before the first paint

            self._last_input = self.clock()
            if isinstance(event, events.Key):
                self.read_aloud.stop()  # any key silences the kiosk at once
            if isinstance(self.screen, StillThere) and isinstance(event, CARRY_ON_EVENTS):
                self.screen.dismiss(None)
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
            self.contain_error(error, f"action {name}")
            return True

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is not WorkerState.ERROR or not isinstance(error, Exception):
            return
        if event.worker.group == "visit":
            self.contain_error(error, "the walk")
        else:  # a background job (saving a count, printing): the visitor's walk goes on
            log_crash(error, context=f"a worker in group {event.worker.group}", redact=self._redact)

    @on(HandlerFailed)
    def handler_failed(self, failure: HandlerFailed) -> None:
        if isinstance(failure.node, Screen) and failure.node not in self.screen_stack:
            # An echo from a screen already wiped (e.g. its mount failing after its compose did): log only.
            log_crash(failure.error, context=f"{failure.where}, after its screen was gone", redact=self._redact)
            return
        self.contain_error(failure.error, failure.where)

    def contain_error(self, error: Exception, where: str) -> None:
        """An error in a handler or the walk: log it (frames, no values), apologise, and start a fresh visit.

        Errors in a loop (MAX_ERRORS within ERROR_WINDOW seconds) end the kiosk with code 1 instead, so the
        supervisor starts a fresh process."""
        log_crash(error, context=where, redact=self._redact)
        now = self.clock()
        self._errors = [*(moment for moment in self._errors if now - moment < ERROR_WINDOW), now]
        if len(self._errors) >= MAX_ERRORS:
            logger.error("%d errors within %g s: the kiosk stops, to be restarted", len(self._errors), ERROR_WINDOW)
            self.exit(return_code=1)
            return
        try:
            self.reset_visit(apologize=True)
        except Exception as again:
            log_crash(again, context="starting afresh after an error", redact=self._redact)
            self.exit(return_code=1)

    def visit_in_progress(self) -> bool:
        """False only on the welcome screen of an untouched visit: then there is nothing to wipe."""
        untouched = self.visit.procedure is None and not self.visit.answers
        return not (isinstance(self.screen, Welcome) and untouched and self.visit.lang == self.default_lang)

    @guarded
    def _idle_tick(self) -> None:
        if self.staff:
            self.staff_desk.check_idle(self.clock() - self._last_input)
        else:
            self.check_visitor_idle()

    def check_visitor_idle(self) -> None:
        """Ask "still there?" after a quiet spell (longer on the checklist), and wipe the visit when nobody answers."""
        from screens.apology import Apology
        from screens.pin_prompt import PinPrompt
        from screens.staff_menu import StaffMenu
        from screens.still_there import StillThere

        now = self.clock()
        screen = self.screen
        if isinstance(screen, StillThere):
            left = self._countdown_ends - now
            if left <= 0:
                self.reset_visit()
            else:
                screen.seconds_left = math.ceil(left)
            return
        quiet = now - self._last_input
        idle = self.idle.elderly() if self.has_class("-elderly") else self.idle
        if isinstance(screen, PinPrompt | StaffMenu):
            if quiet >= self.idle.staff_lock:  # a PIN prompt or staff menu left open goes back to visitors
                self.reset_visit()
            return
        if isinstance(screen, Apology) or not self.visit_in_progress() or self.read_aloud.speaking:
            return
        limit = idle.checklist if isinstance(screen, KioskScreen) and screen.LONG_READ else idle.default
        if quiet < limit:
            return
        if isinstance(screen, Welcome):  # only the language was changed: nothing to ask about, just undo it
            self.reset_visit()
            return
        self._countdown_ends = now + idle.countdown
        self.push_screen(StillThere(self.visit.lang, math.ceil(idle.countdown)), callback=self._carried_on)

    @guarded
    def _carried_on(self, result: None) -> None:
        self._last_input = self.clock()

    def action_staff_sign_in(self) -> None:
        """F12: the staff PIN prompt; the right PIN opens the staff menu."""
        from screens.pin_prompt import PinPrompt

        if self._counter_only:  # `kiosk staff` and `kiosk serve`: signed in already, and no visitor mode to offer
            return
        self.push_screen(PinPrompt(self.pin_guard, tick=self._tick_seconds), callback=self._signed_in)

    @guarded
    def _signed_in(self, ok: bool | None) -> None:
        if ok:
            from screens.staff_menu import StaffMenu

            self.push_screen(StaffMenu(), callback=self._staff_chose)

    @guarded
    def _staff_chose(self, choice: StaffChoice | None) -> None:
        from screens.staff_menu import StaffChoice

        if choice is StaffChoice.EXIT:
            self.staff_exit = True
            self.exit(return_code=0)
        elif choice is StaffChoice.COUNTER:
            self.enter_counter_mode()
        elif choice is StaffChoice.VISITOR:  # a fresh visit for the next visitor, as the idle timeout gives
            if self.staff:
                self.leave_staff_mode()
            else:
                self.reset_visit()
        # StaffChoice.RESUME: the menu closes on the screen as it was (staff stepped in to help this visitor)

    def enter_counter_mode(self) -> None:
        """Counter (staff) mode: walkthroughs are saved with channel "counter"; the visit starts afresh."""
        self.staff = True
        self.reset_visit()

    def leave_staff_mode(self) -> None:
        """Back to visitor mode; `kiosk staff` has none, so it ends (as staff chose: exit code 0)."""
        self.staff = False
        if self.staff_desk.counter_only:
            self.staff_exit = True
            self.exit(return_code=0)
        else:
            self.reset_visit()

    @cached_property
    def pin_guard(self) -> PinGuard:
        """The staff PIN's guard, made when first needed (F12, or `kiosk staff`): a visitor never needs it."""
        if self._pin_guard is not None:
            return self._pin_guard
        from kiosk.pin import PinGuard

        return PinGuard(self._pin_folder or paths.data_dir())

    @property
    def channel(self) -> str:
        """Where walkthroughs are saved from: the counter in staff mode, else the kiosk."""
        return "counter" if self.staff else "kiosk"

    # -- the walk --------------------------------------------------------------------------------

    @work(exclusive=True, group="visit", exit_on_error=False)
    async def walk(self) -> None:
        """Welcome, choose, one question per screen, check the answers, then the checklist.

        An error in it does not end the kiosk (exit_on_error=False): `worker_failed` contains it."""
        stage = Stage.APOLOGY if self._apologize else Stage.WELCOME
        self._apologize = False
        while True:
            self._offer_traditional()
            stage = await self._stages[stage]()

    def _procedure(self) -> Procedure:
        procedure = self.guide.procedure(self.visit.procedure or "")
        assert procedure is not None, "the walk reached the questions without a procedure"
        return procedure

    async def _apology(self) -> Stage:
        from screens.apology import Apology

        await self.push_screen_wait(Apology())
        return Stage.WELCOME

    async def _staff_home(self) -> Stage:
        """Staff mode starts at the staff home, which hands back what only the App can do."""
        choice = await self.staff_desk.home()
        if choice == "walk":
            return Stage.CHOOSE
        if choice == "lock":
            await self.staff_desk.lock_now()
        else:
            self.leave_staff_mode()
        return Stage.WELCOME

    async def _welcome(self) -> Stage:
        if self.staff:
            return await self._staff_home()
        await self.push_screen_wait(Welcome(self.visit.lang))
        return Stage.CHOOSE

    async def _choose(self) -> Stage:
        from screens.choose_procedure import ChooseProcedure

        screen = ChooseProcedure(self.guide.procedures, self.visit.lang, selected=self.visit.procedure)
        chosen = await self.push_screen_wait(screen)
        if isinstance(chosen, Nav):  # back to the very start: the walk so far is abandoned and forgotten
            self._count_abandonment(self.visit)
            self.visit = Visit(self.visit.visit_id, self.visit.lang)
            return Stage.WELCOME
        if chosen != self.visit.procedure:
            self._start_procedure(chosen)
        return Stage.QUESTIONS

    def _start_procedure(self, procedure_id: str) -> None:
        self.visit = replace(self.visit, procedure=procedure_id, answers=(), remembered=(), reached_checklist=False)

    async def _questions(self) -> Stage:
        progress = replay(self._procedure(), dict(self.visit.answers))
        question = progress.next_question
        if question is None:
            return Stage.REVIEW if self.visit.answers else Stage.RESULT
        value = await self._ask(question, progress, self.visit.remembered_answer(question.id))
        if isinstance(value, Nav):
            if not self.visit.answers:
                return Stage.CHOOSE
            self.visit = replace(self.visit, answers=self.visit.answers[:-1])
            return Stage.QUESTIONS
        self._give_answers({question.id: value})
        return Stage.QUESTIONS

    async def _ask(self, question: Question, progress: Progress, previous: AnswerValue | None) -> AnswerValue | Nav:
        from screens.ask_choice import AskChoice
        from screens.ask_number import AskNumber

        lang, number, total = self.visit.lang, progress.number, progress.estimated_total
        if question.kind == "number":
            earlier = previous if isinstance(previous, int) else None
            return await self.push_screen_wait(AskNumber(question, lang, number=number, total=total, previous=earlier))
        options = available_options(question, dict(progress.answers))
        chosen = previous if isinstance(previous, str) else None
        screen = AskChoice(question, options, lang, number=number, total=total, previous=chosen)
        return await self.push_screen_wait(screen)

    def _give_answers(self, given: dict[str, AnswerValue]) -> None:
        procedure = self._procedure()
        answers = self.visit.answers
        for question_id, value in given.items():
            answers = answer(procedure, answers, question_id, value)
        remembered = {**dict(self.visit.remembered), **given}
        self.visit = replace(self.visit, answers=answers, remembered=tuple(remembered.items()))

    async def _review(self) -> Stage:
        from screens.check_answers import CheckAnswers

        procedure = self._procedure()
        answered = build_checklist(self.guide, procedure, dict(self.visit.answers)).answers
        result = await self.push_screen_wait(CheckAnswers(procedure.title, answered, self.visit.lang))
        if result is Nav.BACK:
            self.visit = replace(self.visit, answers=self.visit.answers[:-1])
            return Stage.QUESTIONS
        if result is Nav.CONFIRM:
            return Stage.RESULT
        if isinstance(result, str):
            await self._change(result)
        return Stage.REVIEW

    async def _change(self, question_id: str) -> None:
        """Ask `question_id` again, then only what the new answer makes necessary; Back changes nothing."""
        procedure = self._procedure()
        ids = [q for q, _ in self.visit.answers]
        candidate = dict(self.visit.answers)
        progress = replay(procedure, dict(self.visit.answers[: ids.index(question_id)]))
        question = progress.next_question
        while question is not None:
            previous = candidate.get(question.id, self.visit.remembered_answer(question.id))
            value = await self._ask(question, progress, previous)
            if isinstance(value, Nav):
                return
            candidate[question.id] = value
            progress = replay(procedure, candidate)
            question = progress.next_question
        self._give_answers(candidate)

    async def _result(self) -> Stage:
        from screens.blocked import Blocked
        from screens.checklist import ChecklistScreen

        back = Stage.REVIEW if self.visit.answers else Stage.CHOOSE
        checklist = build_checklist(self.guide, self._procedure(), dict(self.visit.answers))
        if checklist.blockers:
            instead = await self.push_screen_wait(Blocked(checklist, self.guide, self.visit.lang))
            if isinstance(instead, Nav):
                return back
            self._start_procedure(instead)
            return Stage.QUESTIONS
        pickup_code, problem = await self._save(checklist)
        self.visit = replace(self.visit, pickup_code=pickup_code, reached_checklist=True)
        screen = ChecklistScreen(
            checklist, self.guide, self.visit.lang, pickup_code=pickup_code, save_problem=problem, why=self.staff
        )
        await self.push_screen_wait(screen)
        return back

    # -- the store -------------------------------------------------------------------------------

    def _store_or_open(self) -> ChecklistStore:
        if self._store is None:
            self._store = self._open_store()
        return self._store

    async def _save(self, checklist: Checklist) -> tuple[str | None, str | None]:
        """Save the checklist shown; (pickup code, None), or (None, the StoreError's kind)."""
        from store import StoreError

        save = partial(
            self._save_now,
            visit_id=self.visit.visit_id,
            procedure=checklist.procedure,
            answers=self.visit.answers,
            guide_version=checklist.guide_version,
            lang=self.visit.lang,
            checklist=checklist,
        )
        try:
            saved = await asyncio.to_thread(save)
        except StoreError as error:
            logger.error("saving a checklist failed (%s): %s", error.kind, error)
            return None, error.kind
        return saved.pickup_code, None

    def _save_now(
        self, *, visit_id: str, procedure: str, answers: Answers, guide_version: str, lang: str, checklist: Checklist
    ) -> SavedChecklist:
        return self._store_or_open().save(
            visit_id=visit_id,
            procedure=procedure,
            answers=answers,
            guide_version=guide_version,
            lang=lang,
            channel=self.channel,
            checklist=checklist,
        )

    def _count_abandonment(self, visit: Visit) -> None:
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
                self._store_or_open().record_abandonment(procedure.id, question)
            except StoreError as error:
                logger.error("counting an abandoned walk failed (%s): %s", error.kind, error)

        self.run_worker(record, thread=True, group="store", exit_on_error=False)


def redact_words(guide: Guide) -> frozenset[str]:
    """The guide's procedure and option ids: a visitor's answers, kept out of the messages a crash log keeps."""
    procedures = guide.procedures
    return frozenset({p.id for p in procedures} | {o.id for p in procedures for q in p.questions for o in q.options})


def settle_memory() -> None:
    """After the first paint: collect start-up's garbage once, then leave what remains (modules, the guide,
    Textual's styles: it lives as long as the kiosk) out of every later full collection, and collect again."""
    gc.collect()
    gc.freeze()
    gc.enable()


class _Discard(io.TextIOBase):
    """A stream that keeps nothing."""

    def write(self, text: str) -> int:
        return len(text)


def run_until_exit(app: KioskApp, *, log_path: Path | None = None, headless: bool = False, served: bool = False) -> int:
    """Run `app`: 0 only when staff chose to exit (or, `served`, closed the browser tab), 1 for any other end
    (the supervisor restarts it then).

    As it stops after an error it caught, Textual prints a report with local values (a visitor's answers)
    to stderr: that is discarded, never shown in the lobby nor kept."""
    with contextlib.redirect_stderr(_Discard()):
        app.run(headless=headless)
    if app.staff_exit:
        logger.info("staff exited the kiosk")
        return 0
    if served and app.return_code in (None, 0):  # textual-serve asked it to quit: the tab was closed
        logger.info("the browser session ended")
        return 0
    logger.error("the kiosk stopped unexpectedly (Textual's return code %s)", app.return_code)
    where = f"; see {log_path}" if log_path is not None else ""
    print(f"kiosk: the kiosk stopped unexpectedly{where}", file=sys.stderr)
    return 1


def database_path(args: argparse.Namespace, config: Config) -> Path:
    """--db, else $KIOSK_DB, else the configuration's db_path, else kiosk.db in its data folder."""
    given: Path | None = getattr(args, "db", None)
    return given if given is not None else paths.db_file(config.db_path, config.data_dir)


def run_kiosk(guide: Guide, args: argparse.Namespace) -> int:
    """Run the lobby kiosk until staff exit it (0), or it stops unexpectedly (1); nothing is needed up front."""
    # kiosk.cli did this before importing Textual; TEXTUAL_ALLOW_SIGNALS is read only now.
    sanitize_environment(served=getattr(args, "served", False), development=getattr(args, "dev", False))
    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 2
    try:
        setup_logging(config.log_dir)
    except OSError as error:  # a kiosk that cannot log still serves visitors
        print(f"kiosk: cannot write the log in {config.log_dir}: {error}", file=sys.stderr)
    install_excepthooks(redact=redact_words(guide))
    lang = getattr(args, "lang", None) or config.language
    if lang not in LANGS:
        lang = "zh"

    from kiosk.site_store import StoreOpener

    open_store = StoreOpener(args, config)  # the SQLite file, or the site store (README "A whole site")
    open_store.warm_up()

    app = KioskApp(
        guide,
        open_store=open_store,
        lang=lang,
        staff=getattr(args, "command", None) == "staff",
        staff_settings=StaffSettings(retention_days=config.retention_days, expired_code_days=config.expired_code_days),
        pin_folder=config.data_dir,
        idle=config.idle,
        theme=config.theme,
        large=config.large,
        printer_command=config.printer_command,
        speaker=Speaker.configured(config),
        elderly=config.elderly,
    )
    return run_until_exit(app, log_path=config.log_dir / LOG_FILE, served=getattr(args, "served", False))
