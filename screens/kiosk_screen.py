"""What every kiosk screen shares: the visitor's language, the key bar, Back, and the too-small notice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, TypeVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Offset
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Button, Static

from kiosk.guide.model import Text
from screens import guard, words

MIN_WIDTH = 60
MIN_HEIGHT = 20
ResultT = TypeVar("ResultT")


class Nav(Enum):
    """A screen's answer that is a move in the walk rather than a value."""

    BACK = "back"
    CONFIRM = "confirm"


class KeyButton(Button, can_focus=False):
    """A button in the key bar: clicked with the mouse, pressed with its key; never a Tab stop."""


@dataclass(frozen=True)
class Key:
    """One key of the key bar: what it is called, what it shows, and the action a click runs."""

    id: str  # e.g. "key-language", for tests and the CSS-free parts of the screen
    label: str  # e.g. "F2 English"
    action: str  # e.g. "app.toggle_english"


def bar_keys(lang: str, *, back: bool, start_again: bool) -> list[Key]:
    """The keys that work on every screen, in the visitor's language."""
    keys = [Key("key-back", f"Esc {words.KEY_BACK.get(lang)}", "screen.back")] if back else []
    keys.append(Key("key-language", f"F2 {'中文' if lang == 'en' else 'English'}", "app.toggle_english"))
    keys.append(Key("key-script", f"F3 {'简体中文' if lang == 'zh_hant' else '繁體中文'}", "app.toggle_traditional"))
    if start_again:
        keys.append(Key("key-start-again", f"F5 {words.KEY_START_AGAIN.get(lang)}", "app.start_again"))
    keys.append(Key("key-contrast", f"F6 {words.KEY_CONTRAST.get(lang)}", "app.toggle_contrast"))
    keys.append(Key("key-large", f"F7 {words.KEY_LARGE.get(lang)}", "app.toggle_large"))
    return keys


class KeyBar(Widget):
    """The key bar: each key a block that runs the App's action when clicked, all drawn by this one widget.

    One widget rather than a Button per key: the six Buttons were half the widgets of every screen, and
    styling and laying them out took ~12 ms of every step (tests/benchmarks: median 54 -> 42 ms). Each
    block is as tall as the bar (3 rows in the large layout), so the click target is the whole block."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--key-hover"}
    hovered: reactive[int | None] = reactive(None)

    def __init__(self, keys: Sequence[Key], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys = tuple(keys)

    def spans(self) -> list[tuple[int, int]]:
        """Each key's block, as (first column, column after the last); one blank column before each."""
        spans: list[tuple[int, int]] = []
        x = 0
        for key in self.keys:
            start = x + 1
            x = start + cell_len(key.label) + 2
            spans.append((start, x))
        return spans

    def key_at(self, x: int) -> Key | None:
        for key, (start, end) in zip(self.keys, self.spans(), strict=True):
            if start <= x < end:
                return key
        return None

    def offset_of(self, key_id: str) -> Offset:
        """The middle of a key's block, relative to the bar (for a click)."""
        for key, (start, end) in zip(self.keys, self.spans(), strict=True):
            if key.id == key_id:
                return Offset((start + end) // 2, (self.size.height or 1) // 2)
        raise KeyError(key_id)

    def render(self) -> Content:
        height = max(self.size.height, 1)
        rows: list[Content] = []
        for row in range(height):
            parts: list[tuple[str, Style] | str] = []
            for index, key in enumerate(self.keys):
                style = self.get_visual_style("key-bar--key-hover" if index == self.hovered else "key-bar--key")
                text = f" {key.label} " if row == (height - 1) // 2 else " " * (cell_len(key.label) + 2)
                parts += [" ", (text, style)]
            rows.append(Content.assemble(*parts))
        return Content("\n").join(rows)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        self.hovered = None if key is None else self.keys.index(key)

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None

    async def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is not None:
            event.stop()
            await self.app.run_action(key.action, self.screen)


class KioskScreen(Screen[ResultT]):
    """A screen in the visitor's language; setting `lang` redraws it in place, keeping focus and input."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False, id="back"),
    ]
    # Textual declares these without ClassVar, so they cannot be annotated as one here.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-too-narrow"),
        (MIN_WIDTH, "-narrow"),
        (80, "-normal"),
        (110, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-too-short"),
        (MIN_HEIGHT, "-short"),
        (30, "-tall"),
    ]
    HAS_BACK: ClassVar[bool] = True
    HAS_START_AGAIN: ClassVar[bool] = True
    LONG_READ: ClassVar[bool] = False  # the App waits `idle.checklist`, not `idle.default`, before "still there?"

    lang: reactive[str] = reactive("zh", init=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        guard.guard_handlers(cls)  # a screen's handlers report errors to the App instead of ending the kiosk

    def __init__(self, lang: str) -> None:
        # The breakpoint classes for the current size, given now: Textual adds them on the screen's first
        # resize, and a class added then restyles every widget on it a second time (~5 ms a screen). Given
        # to the constructor, not added after it: add_class() restyles the screen at once (~0.7 ms).
        width, height = self.app.size  # the active App (this screen has no parent yet)
        classes = {
            *self._get_breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS),
            *self._get_breakpoint_classes(height, self.VERTICAL_BREAKPOINTS),
        }
        super().__init__(classes=" ".join(sorted(classes)))
        self.set_reactive(KioskScreen.lang, lang)

    def t(self, text: Text, **values: object) -> str:
        """`text` in the visitor's language, with `{name}` fields filled in."""
        wording = text.get(self.lang)
        return wording.format(**values) if values else wording

    def compose(self) -> ComposeResult:
        notice = words.TOO_SMALL
        yield Static(
            f"{notice.zh.format(width=MIN_WIDTH, height=MIN_HEIGHT)}\n\n"
            f"{notice.en.format(width=MIN_WIDTH, height=MIN_HEIGHT)}",
            id="too-small",
        )
        with Vertical(id="page"), guard.containing(self, f"{type(self).__name__}.compose_page"):
            yield from self.compose_page()
        # Offered once an answer says the visitor may read Traditional Chinese: the App sets its class before
        # each screen of the walk (answers change only between screens), and a language change recomposes.
        if self.lang != "zh_hant" and self.app.has_class("-offer-traditional"):
            yield KeyButton(words.TRADITIONAL_OFFER, id="traditional-offer", action="app.toggle_traditional")
        yield KeyBar(bar_keys(self.lang, back=self.HAS_BACK, start_again=self.HAS_START_AGAIN), id="key-bar")

    def compose_page(self) -> ComposeResult:
        """The screen's own content, between the top of the screen and the key bar."""
        yield from ()

    def action_back(self) -> None:
        """Esc: go back one step; the App decides where that is."""
        if self.HAS_BACK:
            self.dismiss(Nav.BACK)  # type: ignore[arg-type]

    async def on_event(self, event: events.Event) -> None:
        # Every event handler of a kiosk screen (mount, keys, clicks, ...) runs here; an error is contained.
        with guard.containing(self, f"{type(self).__name__} on {type(event).__name__}"):
            await super().on_event(event)

    async def watch_lang(self) -> None:
        with guard.containing(self, f"{type(self).__name__} redrawing in another language"):
            focused = self.focused.id if self.focused is not None else None
            await self.recompose()
            if focused is not None:
                for widget in self.query(f"#{focused}"):
                    widget.focus(scroll_visible=False)
            self.after_redraw()

    def after_redraw(self) -> None:
        """Restore view state (highlight, typed text) after a redraw in another language."""
