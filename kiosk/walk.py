"""The visit walk: welcome, choose, one question per screen, check the answers, then the checklist.

The walk pushes a screen, waits for its answer and decides the next `Stage`, replacing the `Visit` as
answers come; it never wipes a visit itself (the App's `reset_visit` does, for every cause).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from enum import Enum
from typing import TYPE_CHECKING, Protocol, TypeVar

from kiosk.guide.engine import Progress, answer, available_options, build_checklist, replay
from kiosk.guide.model import AnswerValue, Checklist, Guide, Procedure, Question
from kiosk.mode import Mode
from kiosk.visit import Visit
from screens.kiosk_screen import Nav
from screens.visitor.welcome import Welcome

if TYPE_CHECKING:
    from textual.screen import Screen

ResultT = TypeVar("ResultT")


class Stage(Enum):
    APOLOGY = "apology"
    WELCOME = "welcome"
    CHOOSE = "choose"
    QUESTIONS = "questions"
    REVIEW = "review"
    RESULT = "result"


class Screens(Protocol):
    """What the walk needs of the App: show a screen and wait for its answer."""

    async def push_screen_wait(self, screen: Screen[ResultT]) -> ResultT: ...


class Records(Protocol):
    """What the walk keeps in the store (kiosk.records.VisitRecords)."""

    async def save(self, visit: Visit, checklist: Checklist, channel: str) -> tuple[str | None, str | None]: ...

    def count_abandonment(self, visit: Visit) -> None: ...


class StaffHome(Protocol):
    """Where staff mode's walk starts instead of the welcome screen (kiosk.staff.StaffDesk)."""

    async def home(self) -> str: ...

    async def lock_now(self) -> None: ...


class VisitWalk:
    """One visit's walk, a stage at a time; `visit` is all it knows, and the App reads it from here."""

    def __init__(
        self,
        guide: Guide,
        screens: Screens,
        records: Records,
        *,
        mode: Callable[[], Mode],
        staff_home: Callable[[], StaffHome],
        leave_staff_mode: Callable[[], None],
        on_stage: Callable[[Visit], None],
        visit: Visit,
    ) -> None:
        """`on_stage` is told the visit before every stage (the App offers Traditional Chinese by it)."""
        self.guide = guide
        self.screens = screens
        self.records = records
        self.mode = mode
        self.staff_home = staff_home
        self.leave_staff_mode = leave_staff_mode
        self.on_stage = on_stage
        self.visit = visit
        self.apologize = False  # the next walk starts with the apology (after a contained error)
        self._stages: dict[Stage, Callable[[], Awaitable[Stage]]] = {
            Stage.APOLOGY: self._apology,
            Stage.WELCOME: self._welcome,
            Stage.CHOOSE: self._choose,
            Stage.QUESTIONS: self._questions,
            Stage.REVIEW: self._review,
            Stage.RESULT: self._result,
        }

    async def run(self) -> None:
        """Walk until the App cancels the walk (a wipe); it never returns by itself."""
        stage = Stage.APOLOGY if self.apologize else Stage.WELCOME
        self.apologize = False
        while True:
            self.on_stage(self.visit)
            stage = await self._stages[stage]()

    def set_language(self, lang: str) -> None:
        self.visit = replace(self.visit, lang=lang)

    async def show(self, screen: Screen[ResultT]) -> ResultT:
        return await self.screens.push_screen_wait(screen)

    def _procedure(self) -> Procedure:
        procedure = self.guide.procedure(self.visit.procedure or "")
        assert procedure is not None, "the walk reached the questions without a procedure"
        return procedure

    async def _apology(self) -> Stage:
        from screens.notices.apology import Apology

        await self.show(Apology())
        return Stage.WELCOME

    async def _staff_home(self) -> Stage:
        """Staff mode starts at the staff home, which hands back what only the walk and the App can do."""
        desk = self.staff_home()
        choice = await desk.home()
        if choice == "walk":
            return Stage.CHOOSE
        if choice == "lock":
            await desk.lock_now()
        else:
            self.leave_staff_mode()
        return Stage.WELCOME

    async def _welcome(self) -> Stage:
        if self.mode().staff:
            return await self._staff_home()
        await self.show(Welcome(self.visit.lang))
        return Stage.CHOOSE

    async def _choose(self) -> Stage:
        from screens.visitor.choose_procedure import ChooseProcedure

        screen = ChooseProcedure(self.guide.procedures, self.visit.lang, selected=self.visit.procedure)
        chosen = await self.show(screen)
        if isinstance(chosen, Nav):  # back to the very start: the walk so far is abandoned and forgotten
            self.records.count_abandonment(self.visit)
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
        from screens.visitor.ask_choice import AskChoice
        from screens.visitor.ask_number import AskNumber

        lang, number, total = self.visit.lang, progress.number, progress.estimated_total
        if question.kind == "number":
            earlier = previous if isinstance(previous, int) else None
            return await self.show(AskNumber(question, lang, number=number, total=total, previous=earlier))
        options = available_options(question, dict(progress.answers))
        chosen = previous if isinstance(previous, str) else None
        return await self.show(AskChoice(question, options, lang, number=number, total=total, previous=chosen))

    def _give_answers(self, given: dict[str, AnswerValue]) -> None:
        procedure = self._procedure()
        answers = self.visit.answers
        for question_id, value in given.items():
            answers = answer(procedure, answers, question_id, value)
        remembered = {**dict(self.visit.remembered), **given}
        self.visit = replace(self.visit, answers=answers, remembered=tuple(remembered.items()))

    async def _review(self) -> Stage:
        from screens.visitor.check_answers import CheckAnswers

        procedure = self._procedure()
        answered = build_checklist(self.guide, procedure, dict(self.visit.answers)).answers
        result = await self.show(CheckAnswers(procedure.title, answered, self.visit.lang))
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
        from screens.visitor.blocked import Blocked
        from screens.visitor.checklist import ChecklistScreen

        back = Stage.REVIEW if self.visit.answers else Stage.CHOOSE
        checklist = build_checklist(self.guide, self._procedure(), dict(self.visit.answers))
        if checklist.blockers:
            instead = await self.show(Blocked(checklist, self.guide, self.visit.lang))
            if isinstance(instead, Nav):
                return back
            self._start_procedure(instead)
            return Stage.QUESTIONS
        mode = self.mode()
        pickup_code, problem = await self.records.save(self.visit, checklist, mode.channel)
        self.visit = replace(self.visit, pickup_code=pickup_code, reached_checklist=True)
        screen = ChecklistScreen(
            checklist, self.guide, self.visit.lang, pickup_code=pickup_code, save_problem=problem, why=mode.staff
        )
        await self.show(screen)
        return back
