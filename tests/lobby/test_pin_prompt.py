"""Staff leave visitor mode with F12 and the PIN: masked, cleared, counted, locked for 5 minutes across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXED_CODE, FakeStore
from lobby_helpers import PIN, ROUTES, SENTINEL_AGE, Clock, all_text, lobby_app, pin_guard, ticks, until, walk_to
from textual.widgets import Input
from wizard_helpers import press, shown

from kiosk.app import KioskApp
from kiosk.config import IdleSettings
from kiosk.guide.model import Guide
from kiosk.mode import Mode
from kiosk.pin import PIN_FILE
from screens.staff.pin_prompt import PinPrompt
from screens.staff.staff_home import StaffHome
from screens.staff.staff_menu import StaffMenu
from screens.themes import DEFAULT, THEME_NAMES
from screens.visitor.ask_number import AskNumber
from screens.visitor.checklist import ChecklistScreen
from screens.visitor.welcome import Welcome

WRONG = "135790"
# While locked, the prompt reads the lock file at every tick: at lobby_helpers' 10 ms the App is never idle,
# and Pilot then waits its full second after every key (seen: 18-33 s for this test). The clock is the
# test's own, so a slower tick changes nothing but how often the countdown asks.
LOCKED_TICK = 0.2


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make(guide: Guide, store: FakeStore, folder: Path, clock: Clock, *, pin: str | None = PIN) -> KioskApp:
    return lobby_app(guide, store, clock=clock, guard=pin_guard(folder, clock, pin=pin))


async def type_pin(app: KioskApp, pilot: object, pin: str) -> None:
    """Type a PIN and Enter, and wait for the check (a thread) to answer."""
    await press(pilot, *pin, "enter")  # type: ignore[arg-type]
    checks = [worker for worker in app.workers if worker.group == "pin"]
    if checks:  # an empty list would wait for every worker, the endless walk too
        await app.workers.wait_for_complete(checks)
    await press(pilot)  # type: ignore[arg-type]


async def test_f12_opens_a_masked_pin_prompt_and_esc_goes_back_to_the_visitor(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock
) -> None:
    app = make(guide, fake_store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        asking = app.screen
        await press(pilot, "f12")
        assert isinstance(app.screen, PinPrompt)
        text = shown(app.screen)
        assert "工作人员登录" in text and "Staff sign-in" in text
        pin = app.screen.query_one(Input)
        assert pin.password and pin.has_focus
        await press(pilot, "2", "4", "6")
        assert pin.value == "246"
        assert "246" not in str(pin.render_line(1).text)  # what shows is dots, not digits
        await press(pilot, "escape")
        assert app.screen is asking
        assert asking.query_one(Input).value == SENTINEL_AGE


async def test_a_wrong_pin_is_cleared_and_says_how_many_tries_are_left(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock
) -> None:
    app = make(guide, fake_store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f12")
        await type_pin(app, pilot, WRONG)
        assert isinstance(app.screen, PinPrompt)
        assert app.screen.query_one(Input).value == ""
        text = shown(app.screen)
        assert "密码不对。再错 4 次将锁定 5 分钟。" in text
        assert "Wrong PIN. 4 more wrong tries lock it for 5 minutes." in text
        await type_pin(app, pilot, WRONG)
        assert "Wrong PIN. 3 more wrong tries" in shown(app.screen)
        assert app.screen.query_one(Input).has_focus


async def test_five_wrong_pins_lock_the_prompt_for_five_minutes_even_after_a_restart(
    guide: Guide, fake_store: FakeStore, tmp_path: Path
) -> None:
    clock = Clock()  # the wall clock the lockout is kept in; the kiosk's own idle clock stands still
    app = lobby_app(guide, fake_store, clock=Clock(), guard=pin_guard(tmp_path, clock), tick_seconds=LOCKED_TICK)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f12")
        for _ in range(5):
            await type_pin(app, pilot, WRONG)
        text = shown(app.screen)
        assert "Too many wrong PINs: locked. Try again in 5:00." in text
        assert "密码错误次数太多，已锁定。请在 5:00 后再试。" in text
        assert app.screen.query_one(Input).disabled
        await press(pilot, *PIN, "enter")  # the right PIN, typed while locked, is not even taken
        assert isinstance(app.screen, PinPrompt)
        clock.advance(61)
        await until(pilot, lambda: "Try again in 3:59." in shown(app.screen))  # the countdown's next tick

    # A new kiosk process (same data folder) is still locked.
    clock.advance(60)
    again = lobby_app(
        guide, fake_store, clock=Clock(), guard=pin_guard(tmp_path, clock, pin=None), tick_seconds=LOCKED_TICK
    )
    async with again.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f12")
        assert "Try again in 2:59." in shown(again.screen)
        assert again.screen.query_one(Input).disabled
        clock.advance(180)
        await until(pilot, lambda: "The lock is over: you may try again." in shown(again.screen))
        await type_pin(again, pilot, PIN)
        assert isinstance(again.screen, StaffMenu)


async def test_the_right_pin_opens_the_staff_menu_and_exit_ends_the_kiosk_with_code_0(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock
) -> None:
    app = make(guide, fake_store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "choose")
        await press(pilot, "f12")
        await type_pin(app, pilot, PIN)
        assert isinstance(app.screen, StaffMenu)
        text = shown(app.screen)
        for choice in ("1  退出自助机程序  Exit the kiosk", "2  窗口（工作人员）模式  Counter (staff) mode"):
            assert choice in text
        assert "3  返回访客模式  Back to visitor mode" in text
        assert "Wipes this visit: the welcome screen waits for the next visitor" in text
        await press(pilot, "1")
        await pilot.pause()
    assert app.return_code == 0
    assert app.staff_exit


@pytest.mark.parametrize("leave", ["3", "escape"])
async def test_back_to_visitor_mode_is_a_fresh_visit_as_the_idle_wipe_gives(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock, leave: str
) -> None:
    """The label says "the welcome screen for the next visitor": nothing of the last visitor may be left."""
    app = make(guide, fake_store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "checklist")
        await press(pilot, "f2", "f6", "f7")  # English, high contrast, large: the visitor's own choices
        assert FIXED_CODE in all_text(app) and SENTINEL_AGE in all_text(app)
        app.copy_to_clipboard(FIXED_CODE)
        old_visit = app.visit
        await press(pilot, "f12")
        await type_pin(app, pilot, PIN)
        assert isinstance(app.screen, StaffMenu)
        await press(pilot, leave)
        await until(pilot, lambda: isinstance(app.screen, Welcome))
        assert [type(screen).__name__ for screen in app.screen_stack[1:]] == ["Welcome"]
        assert FIXED_CODE not in all_text(app) and SENTINEL_AGE not in all_text(app)
        assert app.clipboard == ""
        assert app.visit.visit_id != old_visit.visit_id
        assert (app.visit.procedure, app.visit.answers, app.visit.lang) == (None, (), "zh")
        assert (app.theme, app.has_class("-large")) == (THEME_NAMES[DEFAULT], False)
        assert "江苏省社会保障卡 办事指引" in shown(app.screen)
    assert not app.staff_exit and app.mode is Mode.VISITOR


async def test_return_to_the_visitors_screen_is_a_separate_choice_that_keeps_the_visit(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock
) -> None:
    app = make(guide, fake_store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        asking, visit = app.screen, app.visit
        await press(pilot, "f12")
        await type_pin(app, pilot, PIN)
        text = shown(app.screen)
        assert "4  回到办事人刚才的页面  Return to the visitor's screen" in text
        assert "Nothing is wiped: the checklist and its code stay on the screen" in text
        await press(pilot, "4")
        assert app.screen is asking and asking.query_one(Input).value == SENTINEL_AGE
        assert app.visit == visit
    assert not app.staff_exit and app.mode is Mode.VISITOR


async def test_counter_mode_starts_a_fresh_visit_saved_as_counter(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock
) -> None:
    app = make(guide, fake_store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        await press(pilot, "f12")
        await type_pin(app, pilot, PIN)
        await press(pilot, "2")
        assert isinstance(app.screen, StaffHome)  # staff mode starts at the staff home, not the welcome screen
        assert app.mode is Mode.COUNTER and app.mode.channel == "counter"
        assert app.visit.answers == () and app.visit.procedure is None
        await press(pilot, "2", *ROUTES["checklist"][1:])  # "walk a visitor through", then as a visitor would
        assert isinstance(app.screen, ChecklistScreen)
    assert [saved["channel"] for saved in fake_store.saved] == ["counter"]


async def test_with_no_pin_set_staff_are_told_to_run_kiosk_set_pin(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock
) -> None:
    app = make(guide, fake_store, tmp_path, clock, pin=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "choose")
        choosing = app.screen
        await press(pilot, "f12")
        text = shown(app.screen)
        assert "No staff PIN is set. Run `kiosk set-pin` in a terminal on this computer, then try again." in text
        assert "尚未设置工作人员密码。请在本机终端运行 kiosk set-pin 设置后再试。" in text
        await press(pilot, *PIN, "enter", "escape")
        assert app.screen is choosing


async def test_a_damaged_pin_file_names_the_file_and_the_fix(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock
) -> None:
    app = make(guide, fake_store, tmp_path, clock)
    (tmp_path / PIN_FILE).write_text("{not json", encoding="utf-8")
    async with app.run_test(size=(120, 30)) as pilot:
        await press(pilot, "f12")
        await type_pin(app, pilot, PIN)
        assert isinstance(app.screen, PinPrompt)
        text = shown(app.screen).replace("\n", "")
        assert "staff PIN file is damaged; set it again with `kiosk set-pin`" in text
        assert PIN_FILE in text


async def test_a_pin_prompt_left_open_goes_back_to_a_fresh_visit(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock
) -> None:
    idle = IdleSettings(staff_lock=120)
    app = lobby_app(guide, fake_store, clock=clock, guard=pin_guard(tmp_path, clock), idle=idle)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        await press(pilot, "f12", "2", "4")
        clock.advance(119)
        await ticks(pilot)
        assert isinstance(app.screen, PinPrompt)
        clock.advance(1)
        await ticks(pilot)
        assert isinstance(app.screen, Welcome)
        assert app.visit.answers == ()


async def test_f12_is_not_a_way_around_the_countdown(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock
) -> None:
    app = make(guide, fake_store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        clock.advance(90)
        await ticks(pilot)
        await press(pilot, "f12")  # like any key, it only says "still here"
        assert isinstance(app.screen, AskNumber)


async def test_the_lock_timers_last_tick_after_the_prompts_widgets_are_gone_does_nothing(
    guide: Guide, fake_store: FakeStore, tmp_path: Path, clock: Clock
) -> None:
    """Found by the key storm: a locked prompt's countdown ticked while the wiped visit took the prompt down,
    found no PIN field, and the error ended the kiosk (a timer is no handler the screens' guard contains)."""
    app = make(guide, fake_store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f12")
        prompt = app.screen
        assert isinstance(prompt, PinPrompt)
        await prompt.query("#pin").remove()  # as when the screen is taken down, its widgets first
        prompt.refresh_lock()  # the timer's tick: no error
        await pilot.pause()
        assert app.is_running and app.return_code is None
