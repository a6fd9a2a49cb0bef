"""What every kiosk screen shares: the visitor's language, the key bar, Back, and the too-small notice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, TypeVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Button, Static

from kiosk.guide.model import Text
from kiosk.spoken import Line
from screens import gate, guard, words
from screens.textual_private import breakpoint_classes, resize_after_own_layout

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


def bar_keys(lang: str, *, back: bool, start_again: bool, read_aloud: bool = True) -> list[Key]:
    """The keys that work on every screen, in the visitor's language."""
    keys = [Key("key-back", f"Esc {words.KEY_BACK.get(lang)}", "screen.back")] if back else []
    keys.append(Key("key-language", f"F2 {'中文' if lang == 'en' else 'English'}", "app.toggle_english"))
    keys.append(Key("key-script", f"F3 {'简体中文' if lang == 'zh_hant' else '繁體中文'}", "app.toggle_traditional"))
    if read_aloud:
        keys.append(Key("key-read-aloud", f"F4 {words.KEY_READ_ALOUD.get(lang)}", "app.read_aloud"))
    if start_again:
        keys.append(Key("key-start-again", f"F5 {words.KEY_START_AGAIN.get(lang)}", "app.start_again"))
    keys.append(Key("key-contrast", f"F6 {words.KEY_CONTRAST.get(lang)}", "app.toggle_contrast"))
    keys.append(Key("key-large", f"F7 {words.KEY_LARGE.get(lang)}", "app.toggle_large"))
    return keys


class KeyBar(Widget):
    """The key bar: each key a block that runs the App's action when clicked, all drawn by this one widget.

    One widget rather than a Button per key: the six Buttons were half the widgets of every screen, and
    styling and laying them out took ~12 ms of every step (tests/benchmarks: median 54 -> 42 ms). Each
    block is as tall as its component style says (3 rows in the large layout), so the click target is the
    whole block; keys that do not fit the width go on a second row rather than off the edge."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--key-hover"}
    DEFAULT_CSS = "KeyBar { height: auto; } KeyBar > .key-bar--key { height: 1; }"
    hovered: reactive[int | None] = reactive(None)

    def __init__(self, keys: Sequence[Key], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys = tuple(keys)

    def block_height(self) -> int:
        try:
            height = self.get_component_styles("key-bar--key").height
        except KeyError:  # not styled yet
            return 1
        return max(int(height.value), 1) if height is not None else 1

    def blocks(self, width: int | None = None) -> list[tuple[int, int, int]]:
        """Each key's block as (row, first column, column after the last); one blank column before each."""
        width = self.size.width if width is None else width
        blocks: list[tuple[int, int, int]] = []
        row = x = 0
        for key in self.keys:
            start = x + 1
            end = start + cell_len(key.label) + 2
            if end > width and x > 0:  # on the next row, unless it is the row's first key
                row, start = row + 1, 1
                end = start + cell_len(key.label) + 2
            blocks.append((row, start, end))
            x = end
        return blocks

    def spans(self) -> list[tuple[int, int]]:
        """Each key's block as (first column, column after the last), within its row."""
        return [(start, end) for _, start, end in self.blocks()]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        rows = max((row for row, _, _ in self.blocks(width)), default=0) + 1
        return rows * self.block_height()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh(layout=True)  # the large layout's taller blocks make a taller bar

    def key_at(self, x: int, y: int = 0) -> Key | None:
        row_of_y = y // self.block_height()
        for key, (row, start, end) in zip(self.keys, self.blocks(), strict=True):
            if row == row_of_y and start <= x < end:
                return key
        return None

    def render(self) -> Content:
        height = self.block_height()
        blocks = self.blocks()
        lines: list[Content] = []
        for row in range(max((r for r, _, _ in blocks), default=0) + 1):
            for line in range(height):
                parts: list[tuple[str, Style] | str] = []
                x = 0
                for index, (key, (key_row, start, end)) in enumerate(zip(self.keys, blocks, strict=True)):
                    if key_row != row:
                        continue
                    style = self.get_visual_style("key-bar--key-hover" if index == self.hovered else "key-bar--key")
                    label = f" {key.label} " if line == (height - 1) // 2 else " " * (end - start)
                    parts += [" " * (start - x), (label, style)]
                    x = end
                lines.append(Content.assemble(*parts))
        return Content("\n").join(lines)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x, event.y)
        self.hovered = None if key is None else self.keys.index(key)

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None

    async def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x, event.y)
        if key is not None:
            event.stop()
            await self.app.run_action(key.action, self.screen)


class Announce(Message):
    """Something changed on the screen without a new screen (a bad entry, the printer's answer): the App says
    it aloud to a visitor who listens (the elderly-friendly mode, or one who pressed F4 in this visit)."""

    def __init__(self, lines: Sequence[Line], lang: str) -> None:
        super().__init__()
        self.lines = tuple(lines)
        self.lang = lang


class KioskScreen(Screen[ResultT]):
    """A screen in the visitor's language; setting `lang` redraws it in place, keeping focus and input.

    A screen that starts on a widget of its own focuses it in `on_mount` with `self.set_focus(widget)`, at once:
    `widget.focus()` would focus it only after Textual had given the focus to the first focusable widget, and the
    screen would be restyled and laid out once more (the checklist's step, key to painted: 70 -> 60 ms at the median,
    tests/benchmarks/bench_keys.py)."""

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
        classes = breakpoint_classes(self, *self.app.size)  # the active App's (this screen has no parent yet)
        super().__init__(classes=" ".join(sorted(classes)))
        self.set_reactive(KioskScreen.lang, lang)
        self.resumed = False  # not yet shown: its first ScreenResume comes as it is pushed

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
        keys = bar_keys(self.lang, back=self.HAS_BACK, start_again=self.HAS_START_AGAIN, read_aloud=self.reads_aloud())
        yield KeyBar(keys, id="key-bar")

    def compose_page(self) -> ComposeResult:
        """The screen's own content, between the top of the screen and the key bar."""
        yield from ()

    def reads_aloud(self) -> bool:
        """Whether F4 reads this screen: a visitor's screen says what it reads (staff screens do not)."""
        return type(self).reading_page is not KioskScreen.reading_page

    def reading(self) -> list[Line]:
        """What the read-aloud key (F4) says here, built from the values the screen draws; the keys last."""
        page = self.reading_page()
        return [*page, *self.reading_keys()] if page else []

    def reading_page(self) -> list[Line]:
        """The screen's own content to be read aloud, top to bottom (see kiosk.spoken for how it is said)."""
        return []

    def reading_keys(self) -> list[Line]:
        keys: list[Line] = [self.t(words.SAY_AGAIN)]
        return [*keys, self.t(words.SAY_BACK)] if self.HAS_BACK else keys

    def announce(self, *lines: Line) -> None:
        """Say `lines` aloud, if the visitor listens (see Announce)."""
        self.post_message(Announce(lines, self.lang))

    def say_choice(self, number: int, label: str, detail: str = "") -> str:
        """A numbered choice as it is read aloud: "按1，本人办理"."""
        if detail:
            label = f"{label}{'. ' if self.lang == 'en' else '，'}{detail}"
        return self.t(words.SAY_PRESS, key=number, label=label)

    def action_back(self) -> None:
        """Esc: go back one step; the App decides where that is."""
        if self.HAS_BACK:
            self.dismiss(Nav.BACK)  # type: ignore[arg-type]

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Resize) and resize_after_own_layout(self, event):
            # Its breakpoint classes are the constructor's, and the screen is laid out at this size: a second
            # layout and paint of every new screen (tests/screens/test_wizard_paths.py: 30.0 -> 19.6 s of CPU).
            event.stop()
            return
        if isinstance(event, events.ScreenResume) and not self.resumed:
            # Pushed: its widgets were styled as they were mounted, a moment ago; Textual would style every one of
            # them again (a focus or a class added since restyles what it changes, as always). About 4 ms a screen.
            self.resumed = True
            event.refresh_styles = False
        # Every event handler of a kiosk screen (mount, keys, clicks, ...) runs here; an error is contained.
        with guard.containing(self, f"{type(self).__name__} on {type(event).__name__}"):
            await super().on_event(event)
        gate.on_screen_event(self, event)  # drawn after it became current: it may take input (screens.gate)

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """The screen's answer; only its first counts, and only while it is the current screen (screens.gate)."""
        return gate.answer_once(self, lambda: super(KioskScreen, self).dismiss(result))

    async def watch_lang(self) -> None:
        gate.redrawing(self)  # no key reaches the screen while its widgets are replaced
        try:
            with guard.containing(self, f"{type(self).__name__} redrawing in another language"):
                focused = self.focused.id if self.focused is not None else None
                await self.recompose()
                if focused is not None:
                    for widget in self.query(f"#{focused}"):
                        widget.focus(scroll_visible=False)
                self.after_redraw()
        finally:
            gate.redrawn(self)

    def after_redraw(self) -> None:
        """Restore view state (highlight, typed text) after a redraw in another language."""
