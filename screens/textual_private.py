"""Every use of Textual's private API, each behind one small function that tests/screens/test_textual_private.py checks
on the pinned Textual (pyproject.toml): on an upgrade, these tests say what to look at again."""

from __future__ import annotations

from typing import Any

from textual import events
from textual._styles_cache import StylesCache
from textual.app import App
from textual.screen import Screen


def forget_render_caches() -> None:
    """Let go of the render caches Textual 8.2.8 keeps for the last 1,024 widgets, with their drawn lines, in an
    lru_cache on an instance method (Textualize/textual#6665): after a visit, the screens of past visits."""
    StylesCache.get_inner_outer.cache_clear()


def breakpoint_classes(screen: Screen[Any], width: int, height: int) -> set[str]:
    """The classes Textual gives `screen` on a resize to `width` x `height`, from its HORIZONTAL_BREAKPOINTS
    and VERTICAL_BREAKPOINTS (as Screen._on_resize does)."""
    return {
        *screen._get_breakpoint_classes(width, screen.HORIZONTAL_BREAKPOINTS or []),
        *screen._get_breakpoint_classes(height, screen.VERTICAL_BREAKPOINTS or []),
    }


def has_screens(app: App[Any]) -> bool:
    """Whether `app` still has screens: while it closes they are gone, and App.screen raises for a key in flight
    (`App.screen_stack` copies the stack, and raises as well once the App has let go of its modes)."""
    return bool(app._screen_stacks.get(app._current_mode))


def resize_after_own_layout(screen: Screen[Any], event: events.Resize) -> bool:
    """Whether `event` is the Resize that a screen's first layout sends the screen itself, at the size it was just
    laid out at (Screen._refresh_layout posts one to every widget it shows, the screen included). Handled, it lays
    the whole screen out and paints it once more at once; a layout that a widget asked for since is still done by
    the screen's next update (Screen._on_timer_update, on `_layout_required`), as it is after a handled one."""
    return event.size == screen._compositor.size
