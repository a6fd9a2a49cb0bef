"""The kiosk App: the composition root that walks one visitor at a time from welcome to a saved checklist.

The walk is driven by one worker (`walk`) that pushes a screen, waits for its answer and decides what
comes next. All a visitor leaves behind is one immutable `Visit`; `reset_visit()` replaces it and
restarts the walk, so a wipe (start again, idle timeout, error) has exactly one way in.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Protocol

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType

from kiosk.config import Config, ConfigError, load_config
from kiosk.guide.engine import Progress, answer, available_options, build_checklist, replay
from kiosk.guide.model import Answers, AnswerValue, Checklist, Guide, Procedure, Question, Text
from kiosk.guide.slip import render_slip
from kiosk.printer import print_slip
from screens.ask_choice import AskChoice
from screens.ask_number import AskNumber
from screens.blocked import Blocked
from screens.check_answers import CheckAnswers
from screens.checklist import ChecklistScreen
from screens.choose_procedure import ChooseProcedure
from screens.kiosk_screen import KioskScreen, Nav
from screens.qr_view import QrView
from screens.takeaway import PrintRequested, QrCodeRequested, TakeAwayScreen
from screens.themes import DEFAULT, HIGH_CONTRAST, KIOSK_THEMES, THEME_NAMES
from screens.welcome import Welcome
from store import SavedChecklist, Store, StoreError, default_db_path

logger = logging.getLogger(__name__)
LANGS = ("zh", "en", "zh_hant")
# Answers that say the visitor may read Traditional Chinese: every screen after them offers it (F3).
READS_TRADITIONAL = frozenset({("identity", "hk_macao"), ("identity", "taiwan")})


class ChecklistStore(Protocol):
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
    WELCOME = "welcome"
    CHOOSE = "choose"
    QUESTIONS = "questions"
    REVIEW = "review"
    RESULT = "result"


class KioskApp(App[None], inherit_bindings=False):
    """The lobby kiosk: every key it answers to is declared here or on a screen."""

    TITLE = "江苏省社会保障卡 Jiangsu Social Security Card"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_english", "中文 / English", id="language", tooltip="Chinese or English"),
        Binding("f3", "toggle_traditional", "简体 / 繁體", id="script", tooltip="Simplified or Traditional Chinese"),
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
        channel: str = "kiosk",
        clock: Callable[[], float] = time.monotonic,
        new_visit_id: Callable[[], str] = lambda: uuid.uuid4().hex,
        theme: str = DEFAULT,
        large: bool = False,
        printer_command: str = "lp",
        wall_clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        for kiosk_theme in KIOSK_THEMES:
            self.register_theme(kiosk_theme)
        self.default_display = (theme, large)  # each visitor starts with the configured colours and layout
        self.show_display(theme, large)
        self.printer_command = printer_command
        self.wall_clock = wall_clock  # the date on a printed slip
        self.guide = guide
        self.default_lang = lang
        self.channel = channel
        self.clock = clock  # for the idle countdown: the one source of "now" the App uses
        self._open_store = open_store
        self._store: ChecklistStore | None = None
        self._new_visit_id = new_visit_id
        self.visit = Visit(new_visit_id(), lang)
        self._stages: dict[Stage, Callable[[], Awaitable[Stage]]] = {
            Stage.WELCOME: self._welcome,
            Stage.CHOOSE: self._choose,
            Stage.QUESTIONS: self._questions,
            Stage.REVIEW: self._review,
            Stage.RESULT: self._result,
        }

    def on_mount(self) -> None:
        self.walk()

    # -- visit-wide actions ----------------------------------------------------------------------

    def reset_visit(self) -> None:
        """Wipe the visit and show the welcome screen; an unfinished walk is counted, anonymously."""
        self._count_abandonment(self.visit)
        self.workers.cancel_group(self, "visit")
        while len(self.screen_stack) > 1:
            self.pop_screen()  # safe here: the worker waiting on these screens was cancelled above
        self.visit = Visit(self._new_visit_id(), self.default_lang)
        self.show_display(*self.default_display)
        self.walk()

    def set_language(self, lang: str) -> None:
        """Show the visit in `lang` from now on, redrawing the current screen in place."""
        self.visit = replace(self.visit, lang=lang)
        for screen in self.screen_stack:
            if isinstance(screen, KioskScreen):
                screen.lang = lang

    def action_toggle_english(self) -> None:
        self.set_language("zh" if self.visit.lang == "en" else "en")

    def action_toggle_traditional(self) -> None:
        self.set_language("zh" if self.visit.lang == "zh_hant" else "zh_hant")

    def action_start_again(self) -> None:
        self.reset_visit()

    def show_display(self, theme: str, large: bool) -> None:
        """Colours ("default" or "high_contrast") and layout (large: more space, bigger targets) from now on."""
        self.theme = THEME_NAMES[theme]
        self.set_class(large, "-large")

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
        self.push_screen(QrView(request.checklist, self.guide, request.lang, pickup_code=request.pickup_code))

    @on(PrintRequested)
    def print_checklist(self, request: PrintRequested) -> None:
        slip = render_slip(request.checklist, self.guide, request.lang, request.pickup_code, self.wall_clock())
        self._send_to_printer(slip, request.screen)

    @work(thread=True, group="print", exit_on_error=False)
    def _send_to_printer(self, slip: str, screen: TakeAwayScreen[Any]) -> None:
        """Hand the slip to the printer command (blocking, so in a thread) and tell the screen how it went."""
        result = print_slip(slip, self.printer_command)
        if not result.ok:
            logger.warning("printing a slip failed: %s", result.reason)
        self.call_from_thread(self._printed, screen, result.ok, result.message)

    def _printed(self, screen: TakeAwayScreen[Any], ok: bool, message: Text) -> None:
        if screen in self.screen_stack:  # not if the visit was wiped while the printer worked
            screen.show_print_result(ok, message)

    # -- the walk --------------------------------------------------------------------------------

    @work(exclusive=True, group="visit")
    async def walk(self) -> None:
        """Welcome, choose, one question per screen, check the answers, then the checklist."""
        stage = Stage.WELCOME
        while True:
            self._offer_traditional()
            stage = await self._stages[stage]()

    def _procedure(self) -> Procedure:
        procedure = self.guide.procedure(self.visit.procedure or "")
        assert procedure is not None, "the walk reached the questions without a procedure"
        return procedure

    async def _welcome(self) -> Stage:
        await self.push_screen_wait(Welcome(self.visit.lang))
        return Stage.CHOOSE

    async def _choose(self) -> Stage:
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
        screen = ChecklistScreen(checklist, self.guide, self.visit.lang, pickup_code=pickup_code, save_problem=problem)
        await self.push_screen_wait(screen)
        return back

    # -- the store -------------------------------------------------------------------------------

    def _store_or_open(self) -> ChecklistStore:
        if self._store is None:
            self._store = self._open_store()
        return self._store

    async def _save(self, checklist: Checklist) -> tuple[str | None, str | None]:
        """Save the checklist shown; (pickup code, None), or (None, the StoreError's kind)."""
        save = partial(
            self._save_now,
            visit_id=self.visit.visit_id,
            procedure=checklist.procedure,
            answers=self.visit.answers,
            guide_version=checklist.guide_version,
            lang=self.visit.lang,
        )
        try:
            saved = await asyncio.to_thread(save)
        except StoreError as error:
            logger.error("saving a checklist failed (%s): %s", error.kind, error)
            return None, error.kind
        return saved.pickup_code, None

    def _save_now(
        self, *, visit_id: str, procedure: str, answers: Answers, guide_version: str, lang: str
    ) -> SavedChecklist:
        return self._store_or_open().save(
            visit_id=visit_id,
            procedure=procedure,
            answers=answers,
            guide_version=guide_version,
            lang=lang,
            channel=self.channel,
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

        def record() -> None:
            try:
                self._store_or_open().record_abandonment(procedure.id, question)
            except StoreError as error:
                logger.error("counting an abandoned walk failed (%s): %s", error.kind, error)

        self.run_worker(record, thread=True, group="store", exit_on_error=False)


def database_path(args: argparse.Namespace, config: Config) -> Path:
    """--db, else $KIOSK_DB, else the configuration's db_path, else the per-user data folder."""
    given: Path | None = getattr(args, "db", None)
    if given is not None:
        return given
    if os.environ.get("KIOSK_DB") or config.db_path is None:
        return default_db_path()
    return config.db_path


def run_kiosk(guide: Guide, args: argparse.Namespace) -> int:
    """Run the lobby kiosk until it is closed; no configuration file or database is needed up front."""
    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 2
    lang = getattr(args, "lang", None) or config.language
    if lang not in LANGS:
        lang = "zh"
    open_store = partial(Store, database_path(args, config), retention_days=config.retention_days)
    KioskApp(
        guide,
        open_store=open_store,
        lang=lang,
        theme=config.theme,
        large=config.large,
        printer_command=config.printer_command,
    ).run()
    return 0
