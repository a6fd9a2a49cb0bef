"""The lobby policy: which keys do nothing, when a quiet visit is wiped, and how an error is contained.

The App hands every input event, every idle tick and every error to one `Lobby`; the lobby decides and
asks the App (through `LobbyHost`) to wipe the visit or show "still there?". (Which screen a key reaches,
and when, is the input gate's job: screens.gate.)
"""

from __future__ import annotations

import logging
import math
import string
from collections.abc import Callable
from typing import Any, Protocol

from textual import events
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from kiosk.config import IdleSettings
from kiosk.crashlog import log_crash
from kiosk.guide.model import Guide
from kiosk.mode import Mode
from kiosk.visit import Visit
from screens.guard import HandlerFailed
from screens.kiosk_screen import KioskScreen
from screens.visitor.welcome import Welcome

logger = logging.getLogger(__name__)
# Every ctrl+letter (and ctrl+symbol, alt+letter, and a Mac's cmd+c/x/v) a terminal can send. Textual's widgets
# give some of them a meaning (copy, paste, cut, select all, typing the letter, ...); in the lobby they do
# nothing, whatever has focus.
SWALLOWED_KEYS = (
    *(f"ctrl+{letter}" for letter in string.ascii_lowercase),
    *(f"ctrl+shift+{letter}" for letter in string.ascii_lowercase),
    *(f"alt+{letter}" for letter in string.ascii_lowercase),
    *(f"alt+{digit}" for digit in string.digits),  # a Mac's option+digit types ¡™£… into a field
    *("ctrl+@", "ctrl+backslash", "ctrl+right_square_bracket", "ctrl+circumflex_accent", "ctrl+underscore"),
    *("super+c", "super+x", "super+v", "super+z"),
)
# Input that means someone is at the kiosk; of it, what answers "still there?" (a mouse move alone does not).
INPUT_EVENTS = (events.Key, events.MouseEvent, events.Paste)
CARRY_ON_EVENTS = (events.Key, events.MouseUp, events.MouseScrollDown, events.MouseScrollUp, events.Paste)


class LobbyHost(Protocol):
    """What the lobby needs of the App."""

    @property
    def screen(self) -> Screen[Any]: ...

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    @property
    def visit(self) -> Visit: ...

    @property
    def mode(self) -> Mode: ...

    def has_class(self, *class_names: str) -> bool: ...

    def reset_visit(self, *, apologize: bool = False) -> None: ...

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None: ...


class StaffIdle(Protocol):
    """Staff mode's own idle rule (kiosk.staff.StaffDesk.check_idle): the lock."""

    def check_idle(self, quiet: float) -> None: ...


def redact_words(guide: Guide) -> frozenset[str]:
    """The guide's procedure and option ids: a visitor's answers, kept out of the messages a crash log keeps."""
    procedures = guide.procedures
    return frozenset({p.id for p in procedures} | {o.id for p in procedures for q in p.questions for o in q.options})


class Lobby:
    """Keeps the visit alive while someone is there, wipes it when nobody is, and contains every error."""

    def __init__(
        self,
        host: LobbyHost,
        guide: Guide,
        *,
        idle: IdleSettings,
        clock: Callable[[], float],
        default_lang: str,
        staff_desk: Callable[[], StaffIdle],
        push_still_there: Callable[[str, int], None],
        reading_aloud: Callable[[], bool],
    ) -> None:
        """`clock` is the one source of "now"; `push_still_there(lang, seconds)` shows the countdown; while
        `reading_aloud()`, the visitor is listening: no countdown starts."""
        self.host = host
        self.idle = idle
        self.clock = clock
        self.default_lang = default_lang
        self.staff_desk = staff_desk
        self.push_still_there = push_still_there
        self.reading_aloud = reading_aloud
        self.redact = redact_words(guide)
        self.last_input = clock()
        self._countdown_ends = 0.0

    # -- input and the idle wipe -----------------------------------------------------------------

    def input_seen(self, event: events.Event) -> bool:
        """Note input (it keeps the visit alive); True when it answered "still there?" and must do nothing else."""
        if not isinstance(event, INPUT_EVENTS) or event.is_forwarded:
            return False
        from screens.notices.still_there import StillThere  # imported by the first key, not before the first paint

        self.last_input = self.clock()
        if isinstance(self.host.screen, StillThere) and isinstance(event, CARRY_ON_EVENTS):
            self.host.screen.dismiss(None)
            return True
        return False

    def carried_on(self) -> None:
        """The visitor answered "still there?"."""
        self.last_input = self.clock()

    def visit_in_progress(self) -> bool:
        """False only on the welcome screen of an untouched visit: then there is nothing to wipe."""
        visit = self.host.visit
        untouched = visit.procedure is None and not visit.answers
        return not (isinstance(self.host.screen, Welcome) and untouched and visit.lang == self.default_lang)

    def tick(self) -> None:
        """Once a tick: staff mode's lock, or the visitor's idle wipe."""
        if self.host.mode.staff:
            self.staff_desk().check_idle(self.clock() - self.last_input)
        else:
            self.check_visitor_idle()

    def check_visitor_idle(self) -> None:
        """Ask "still there?" after a quiet spell (longer on the checklist), and wipe the visit when nobody answers."""
        from screens.notices.apology import Apology
        from screens.notices.still_there import StillThere
        from screens.staff.pin_prompt import PinPrompt
        from screens.staff.staff_menu import StaffMenu

        now = self.clock()
        screen = self.host.screen
        if isinstance(screen, StillThere):
            left = self._countdown_ends - now
            if left <= 0:
                self.host.reset_visit()
            else:
                screen.seconds_left = math.ceil(left)
            return
        quiet = now - self.last_input
        idle = self.idle.elderly() if self.host.has_class("-elderly") else self.idle
        if isinstance(screen, PinPrompt | StaffMenu):
            if quiet >= self.idle.staff_lock:  # a PIN prompt or staff menu left open goes back to visitors
                self.host.reset_visit()
            return
        if isinstance(screen, Apology) or not self.visit_in_progress() or self.reading_aloud():
            return
        limit = idle.checklist if isinstance(screen, KioskScreen) and screen.LONG_READ else idle.default
        if quiet < limit:
            return
        if isinstance(screen, Welcome):  # only the language was changed: nothing to ask about, just undo it
            self.host.reset_visit()
            return
        self._countdown_ends = now + idle.countdown
        self.push_still_there(self.host.visit.lang, math.ceil(idle.countdown))

    # -- contained errors ------------------------------------------------------------------------

    def worker_failed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is not WorkerState.ERROR or not isinstance(error, Exception):
            return
        if event.worker.group == "visit":
            self.contain_error(error, "the walk")
        else:  # a background job (saving a count, printing): the visitor's walk goes on
            log_crash(error, context=f"a worker in group {event.worker.group}", redact=self.redact)

    def handler_failed(self, failure: HandlerFailed) -> None:
        if isinstance(failure.node, Screen) and failure.node not in self.host.screen_stack:
            # An echo from a screen already wiped (e.g. its mount failing after its compose did): log only.
            log_crash(failure.error, context=f"{failure.where}, after its screen was gone", redact=self.redact)
            return
        self.contain_error(failure.error, failure.where)

    def contain_error(self, error: Exception, where: str) -> None:
        """An error in a handler or the walk: log it (frames, no values), apologise, and start a fresh visit.

        No count of errors stops the kiosk: whatever a visitor does, the next visitor gets a fresh start.
        Only a fresh start that itself fails ends the kiosk (code 1), for the supervisor to start anew."""
        log_crash(error, context=where, redact=self.redact)
        try:
            self.host.reset_visit(apologize=True)
        except Exception as again:
            log_crash(again, context="starting afresh after an error", redact=self.redact)
            self.host.exit(return_code=1)
