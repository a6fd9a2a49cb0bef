"""The idle wipe: a quiet visitor is asked "still there?"; any key carries on, silence wipes the visit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FakeStore
from lobby_helpers import SENTINEL_AGE, Clock, all_text, lobby_app, pin_guard, ticks, walk_to
from textual.widgets import Input
from wizard_helpers import press, shown

from kiosk.app import KioskApp
from kiosk.config import IdleSettings, load_config
from kiosk.guide import hant
from kiosk.guide.model import Guide
from screens.notices.still_there import StillThere
from screens.visitor.ask_choice import AskChoice
from screens.visitor.ask_number import AskNumber
from screens.visitor.checklist import ChecklistScreen
from screens.visitor.welcome import Welcome


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(guide: Guide, fake_store: FakeStore, clock: Clock, tmp_path: Path) -> KioskApp:
    return lobby_app(guide, fake_store, clock=clock, guard=pin_guard(tmp_path, clock, pin=None))


async def test_a_quiet_visitor_is_asked_still_there_after_90_seconds_with_a_30_second_countdown(
    app: KioskApp, clock: Clock
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        asking = app.screen
        clock.advance(89.5)
        await ticks(pilot)
        assert app.screen is asking
        clock.advance(0.5)
        await ticks(pilot)
        assert isinstance(app.screen, StillThere)
        text = shown(app.screen)
        assert "还在吗？" in text and "Still there?" in text
        assert "30 秒后将清除您的回答，回到首页。" in text
        assert "In 30 seconds your answers will be cleared" in text
        clock.advance(10)
        await ticks(pilot)
        assert "20 秒后将清除您的回答" in shown(app.screen)


async def test_any_key_carries_on_where_the_visitor_was_with_the_answers_intact(
    app: KioskApp, clock: Clock, fake_store: FakeStore
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        asking = app.screen
        for key in ("5", "ctrl+c", "f5", "escape"):  # a digit, a swallowed key, a declared key, Back
            clock.advance(90)
            await ticks(pilot)
            assert isinstance(app.screen, StillThere), key
            await press(pilot, key)
            assert app.screen is asking, key  # the key only said "still here": it did nothing else
            assert asking.query_one(Input).value == SENTINEL_AGE, key
        # The walk was never disturbed: the answer goes on to the next question.
        await press(pilot, "enter")
        assert isinstance(app.screen, AskChoice) and app.screen.question.id == "applicant"
        assert dict(app.visit.answers) == {"identity": "mainland", "age": int(SENTINEL_AGE)}
    assert fake_store.abandoned == []


async def test_a_click_carries_on_too(app: KioskApp, clock: Clock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_choice")
        asking = app.screen
        clock.advance(90)
        await ticks(pilot)
        assert isinstance(app.screen, StillThere)
        await pilot.click(offset=(2, 2))
        await pilot.pause()
        assert app.screen is asking
        clock.advance(60)  # the quiet spell starts again from the click
        await ticks(pilot)
        assert app.screen is asking


async def test_input_keeps_the_visit_alive(app: KioskApp, clock: Clock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        asking = app.screen
        for _ in range(4):
            clock.advance(60)
            await press(pilot, "left")
            await ticks(pilot)
        assert app.screen is asking  # 240 s in all, but never 90 s without a key


async def test_when_the_countdown_runs_out_nothing_of_the_visit_remains(
    app: KioskApp, clock: Clock, fake_store: FakeStore
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        old_visit = app.visit
        assert SENTINEL_AGE in all_text(app)  # the sentinel is there to be found before the wipe
        app.copy_to_clipboard(SENTINEL_AGE)  # as if it had been copied out of the age field
        clock.advance(90)
        await ticks(pilot)
        assert isinstance(app.screen, StillThere)
        clock.advance(29)
        await ticks(pilot)
        assert "1 秒后" in shown(app.screen)
        clock.advance(1)
        await ticks(pilot)
        assert isinstance(app.screen, Welcome)
        assert [type(screen).__name__ for screen in app.screen_stack[1:]] == ["Welcome"]
        assert SENTINEL_AGE not in all_text(app)
        assert app.clipboard == ""
        assert app.visit.visit_id != old_visit.visit_id
        assert (app.visit.procedure, app.visit.answers, app.visit.remembered) == (None, (), ())
        # The new visit's random id may hold the sentinel's digits by chance (about 1 in 140): look past it.
        assert SENTINEL_AGE not in repr(replace(app.visit, visit_id=""))
    assert fake_store.abandoned == [("first_application", "age")]  # counted where it stopped, not what was typed


async def test_the_checklist_is_given_four_minutes_before_the_question(app: KioskApp, clock: Clock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "checklist")
        assert isinstance(app.screen, ChecklistScreen)
        assert SENTINEL_AGE in all_text(app)  # in the checklist's "your answers", to be found before the wipe
        clock.advance(239)
        await ticks(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        clock.advance(1)
        await ticks(pilot)
        assert isinstance(app.screen, StillThere)
        clock.advance(30)
        await ticks(pilot)
        assert isinstance(app.screen, Welcome)
        assert SENTINEL_AGE not in all_text(app)


async def test_an_untouched_welcome_screen_is_left_alone(app: KioskApp, clock: Clock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        welcome = app.screen
        clock.advance(3600)
        await ticks(pilot)
        assert app.screen is welcome


async def test_a_language_chosen_on_the_welcome_screen_is_quietly_undone(app: KioskApp, clock: Clock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f2")
        assert app.visit.lang == "en"
        clock.advance(90)
        await ticks(pilot)
        assert isinstance(app.screen, Welcome)  # no "still there?": there is no answer to lose
        assert app.visit.lang == "zh"
        assert "江苏省社会保障卡 办事指引" in shown(app.screen)


async def test_the_countdown_is_in_the_visitors_language(app: KioskApp, clock: Clock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f2", "enter")
        clock.advance(90)
        await ticks(pilot)
        text = shown(app.screen)
        assert text.index("Still there?") < text.index("还在吗？")


async def test_the_idle_times_come_from_the_configuration(guide: Guide, fake_store: FakeStore, tmp_path: Path) -> None:
    clock = Clock()
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text("[idle]\ndefault = 45\nchecklist = 120\ncountdown = 20\n", encoding="utf-8")
    idle = load_config(config_file).idle
    assert idle == IdleSettings(default=45, checklist=120, countdown=20)
    app = lobby_app(guide, fake_store, clock=clock, guard=pin_guard(tmp_path, clock, pin=None), idle=idle)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        clock.advance(45)
        await ticks(pilot)
        assert "20 秒后" in shown(app.screen)
        clock.advance(20)
        await ticks(pilot)
        assert isinstance(app.screen, Welcome)


async def test_a_visit_wiped_while_answering_can_be_walked_again(app: KioskApp, clock: Clock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        clock.advance(120)
        await ticks(pilot)
        clock.advance(30)
        await ticks(pilot)
        assert isinstance(app.screen, Welcome)
        await walk_to(pilot, "ask_number")
        assert isinstance(app.screen, AskNumber)
        assert app.screen.query_one(Input).value == SENTINEL_AGE  # typed afresh, not remembered


def test_the_readmes_example_configuration_holds_the_defaults(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running it in the lobby", 1)[1].split("\n## ", 1)[0]
    example = "[idle]\n" + section.split("    [idle]\n", 1)[1].split("\n\n", 1)[0]
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text("\n".join(line.removeprefix("    ") for line in example.splitlines()), encoding="utf-8")
    assert load_config(config_file).idle == IdleSettings()


async def test_the_wipe_lets_go_of_a_traditional_chinese_visits_converter(make_app: Callable[..., KioskApp]) -> None:
    hant.to_traditional.cache_clear()  # wording an earlier test in this process converted would not load OpenCC
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "f3", "1")  # Traditional Chinese: the screens' wording converted by OpenCC
        assert "申請人是哪類人員？" in shown(app.screen)
        assert hant._opencc is not None
        await press(pilot, "f5")  # the wipe (as the idle countdown's end): the next visitor is not Traditional
        assert isinstance(app.screen, Welcome)
        assert hant._opencc is None
