"""screens/textual_private.py: each use of Textual's private API still does what the kiosk relies on, on the
Textual pyproject.toml pins (a new Textual fails here first, and says which one to look at again)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import textual
from textual import events
from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from screens.textual_private import breakpoint_classes, forget_render_caches, has_screens, resize_after_own_layout

ROOT = Path(__file__).resolve().parents[2]


def test_the_textual_these_were_checked_on_is_the_pinned_one() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert f"textual=={textual.__version__}" in dependencies


class Lines(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        for number in range(20):
            yield Static(f"line {number}")


async def test_forget_render_caches_empties_the_render_caches_textual_keeps_of_drawn_widgets() -> None:
    app = App[None]()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(Lines())
        await pilot.pause()
        assert StylesCache.get_inner_outer.cache_info().currsize > 0  # drawing the lines filled it
        forget_render_caches()
        assert StylesCache.get_inner_outer.cache_info().currsize == 0


async def test_breakpoint_classes_are_the_ones_textual_gives_a_screen_of_that_size() -> None:
    for size in ((80, 24), (120, 40), (99, 29), (100, 30)):
        app = App[None]()
        async with app.run_test(size=size) as pilot:
            screen = Lines()
            await app.push_screen(screen)
            await pilot.pause()
            given = {name for name in screen.classes if name.startswith("-")}
            assert breakpoint_classes(screen, *size) == given, size
            assert len(given) == 2


async def test_has_screens_is_true_while_running_and_false_once_the_app_let_go_of_them() -> None:
    app: App[None] = App()
    assert not has_screens(app)  # not started: no screen yet
    async with app.run_test() as pilot:
        await pilot.pause()
        assert has_screens(app)
    assert not has_screens(app)  # closed: its screens are gone


class Resized(Lines):
    """Records, for each Resize it gets, its size and whether it follows the screen's own layout at that size."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[tuple[int, int], bool]] = []

    def on_resize(self, event: events.Resize) -> None:
        self.seen.append((tuple(event.size), resize_after_own_layout(self, event)))


async def test_resize_after_own_layout_is_the_first_layouts_resize_and_not_a_terminals() -> None:
    app = App[None]()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = Resized()
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.seen == [((80, 24), True)]  # the one its first layout sent it, at the size it was laid out at
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert screen.seen[1] == ((100, 30), False)  # a new size from the terminal: it must be laid out again
        assert screen.seen[-1][0] == (100, 30)
