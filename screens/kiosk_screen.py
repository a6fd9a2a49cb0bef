"""What every kiosk screen shares: the visitor's language, the key bar, Back, and the too-small notice."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, ClassVar, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
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


def key_bar(lang: str, *, back: bool, start_again: bool) -> Iterable[Widget]:
    """The keys that work on every screen, as clickable buttons running the App's actions."""
    if back:
        yield KeyButton(f"Esc {words.KEY_BACK.get(lang)}", id="key-back", action="screen.back", compact=True)
    other_language = "中文" if lang == "en" else "English"
    yield KeyButton(f"F2 {other_language}", id="key-language", action="app.toggle_english", compact=True)
    chinese_script = "简体中文" if lang == "zh_hant" else "繁體中文"
    yield KeyButton(f"F3 {chinese_script}", id="key-script", action="app.toggle_traditional", compact=True)
    if start_again:
        label = f"F5 {words.KEY_START_AGAIN.get(lang)}"
        yield KeyButton(label, id="key-start-again", action="app.start_again", compact=True)
    yield KeyButton(f"F6 {words.KEY_CONTRAST.get(lang)}", id="key-contrast", action="app.toggle_contrast", compact=True)
    yield KeyButton(f"F7 {words.KEY_LARGE.get(lang)}", id="key-large", action="app.toggle_large", compact=True)


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

    lang: reactive[str] = reactive("zh", init=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        guard.guard_handlers(cls)  # a screen's handlers report errors to the App instead of ending the kiosk

    def __init__(self, lang: str) -> None:
        super().__init__()
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
        if self.lang != "zh_hant":  # shown once an answer says the visitor may read Traditional Chinese
            yield KeyButton(words.TRADITIONAL_OFFER, id="traditional-offer", action="app.toggle_traditional")
        with Horizontal(id="key-bar"):
            yield from key_bar(self.lang, back=self.HAS_BACK, start_again=self.HAS_START_AGAIN)

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
