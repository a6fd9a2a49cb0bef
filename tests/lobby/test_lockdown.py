"""Locked down: in visitor mode no key quits, suspends, opens a palette, copies, pastes or takes a screenshot."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from conftest import FakeStore
from lobby_helpers import ROUTES, SENTINEL_AGE, Clock, lobby_app, pin_guard, walk_to
from textual.widgets import Input, OptionList
from wizard_helpers import press, shown

from kiosk.app import KioskApp
from kiosk.guide.model import Guide
from screens.staff.pin_prompt import PinPrompt
from screens.visitor.ask_number import AskNumber
from screens.visitor.welcome import Welcome

CTRL_KEYS = [
    *(f"ctrl+{letter}" for letter in string.ascii_lowercase),
    *("ctrl+backslash", "ctrl+@", "ctrl+right_square_bracket", "ctrl+circumflex_accent", "ctrl+underscore"),
    *(f"ctrl+shift+{letter}" for letter in "acvxz"),
    *("super+c", "super+v", "super+x"),
]
F_KEYS = [f"f{n}" for n in range(1, 13)]
# Actions no visitor key may reach, by their names in Textual 8.2.8 (App, Screen and widget defaults).
FORBIDDEN_ACTIONS = {
    "quit",
    "help_quit",
    "suspend_process",
    "command_palette",
    "screenshot",
    "copy_text",
    "copy",
    "cut",
    "paste",
    "select_all",
    "maximize",
    "toggle_dark",
    "change_theme",
    "show_help_panel",
}


def state(app: KioskApp) -> tuple[object, ...]:
    """What a key could change: the screen, the visit, what is shown, focus, typing, highlight, the clipboard."""
    screen = app.screen
    focused = screen.focused
    inputs = tuple((i.value, i.cursor_position) for i in screen.query(Input))
    highlights = tuple(o.highlighted for o in screen.query(OptionList))
    return (
        screen,
        len(app.screen_stack),
        app.visit,
        shown(screen),
        focused.id if focused is not None else None,
        inputs,
        highlights,
        app.clipboard,
        app.is_running,
        app.return_code,
    )


def declared(app: KioskApp, key: str) -> bool:
    """True if the kiosk declares `key` on this screen (F2 language, F5 start again, F12 staff, ...)."""
    active = app.screen.active_bindings.get(key)
    return active is not None and active.binding.action != "ignore_key"


@pytest.fixture
def app(guide: Guide, fake_store: FakeStore, tmp_path: Path) -> KioskApp:
    clock = Clock()
    return lobby_app(guide, fake_store, clock=clock, guard=pin_guard(tmp_path, clock))


@pytest.mark.parametrize("place", list(ROUTES))
async def test_undeclared_keys_do_nothing_on_any_screen(app: KioskApp, place: str) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, place)
        if isinstance(app.screen, AskNumber):
            await press(pilot, "left")  # the cursor mid-number, so home/end/delete keys would show
        before = state(app)
        pressed = []
        for key in [*CTRL_KEYS, *F_KEYS, "alt+x", "alt+backspace", "meta+q"]:
            if declared(app, key):
                continue
            await pilot.press(key)
            assert state(app) == before, key
            pressed.append(key)
        assert {"ctrl+c", "ctrl+q", "ctrl+p", "ctrl+z", "ctrl+backslash", "f1", "f10"} <= set(pressed)


@pytest.mark.parametrize("place", list(ROUTES))
async def test_no_key_on_any_screen_reaches_quit_copy_paste_palette_or_screenshot(app: KioskApp, place: str) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, place)
        actions = {key: active.binding.action for key, active in app.screen.active_bindings.items()}
        reached = {key: action for key, action in actions.items() if action.rpartition(".")[2] in FORBIDDEN_ACTIONS}
        assert reached == {}
        assert all(actions[key] == "ignore_key" for key in ("ctrl+c", "ctrl+v", "ctrl+x", "ctrl+q", "ctrl+z"))


async def test_the_age_field_cannot_copy_cut_or_paste(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        field = app.screen.query_one(Input)
        await press(pilot, "shift+home")  # select the typed age, as a visitor might
        assert field.selected_text == SENTINEL_AGE
        await press(pilot, "ctrl+c", "ctrl+x", "super+c")
        assert app.clipboard == "" and field.value == SENTINEL_AGE
        app.copy_to_clipboard("99")  # as if something had got onto the clipboard anyway
        await press(pilot, "end", "ctrl+v", "super+v")
        assert field.value == SENTINEL_AGE


async def test_the_clipboard_is_cleared_between_visits(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "ask_number")
        app.copy_to_clipboard(SENTINEL_AGE)
        await press(pilot, "f5")
        assert isinstance(app.screen, Welcome)
        assert app.clipboard == ""


async def test_the_mouse_selects_no_text(app: KioskApp) -> None:
    class Selectable(KioskApp):
        ALLOW_SELECT = True

    selectable = Selectable(app.guide, open_store=FakeStore, pin_guard=app.pin_guard)  # type: ignore[arg-type]
    for kiosk, selects in ((selectable, True), (app, False)):
        async with kiosk.run_test(size=(80, 24)) as pilot:
            await press(pilot)
            await pilot.mouse_down("#lead")
            await pilot.hover("#lead", offset=(20, 0))
            await pilot.mouse_up("#lead", offset=(20, 0))
            await pilot.pause()
            assert (kiosk.screen.get_selected_text() is not None) is selects


async def test_the_app_declares_its_own_keys_only(app: KioskApp) -> None:
    assert app.ENABLE_COMMAND_PALETTE is False
    assert app.ALLOW_SELECT is False
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, Welcome)
        app_keys = {key for key, active in app.screen.active_bindings.items() if active.node is app}
        assert {"f2", "f3", "f5", "f12"} <= app_keys


async def test_f12_is_the_one_way_towards_staff_mode(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "choose")
        await press(pilot, "f12")
        assert isinstance(app.screen, PinPrompt)
        await press(pilot, "escape")
        for key in ("ctrl+c", "ctrl+q", "ctrl+z", "ctrl+backslash", "ctrl+p", "f1", "f11", "alt+f12", "ctrl+f12"):
            await pilot.press(key)
            assert not isinstance(app.screen, PinPrompt), key
        assert app.is_running
