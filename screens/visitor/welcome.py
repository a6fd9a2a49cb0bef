"""The first screen a visitor sees: what the kiosk does, in Chinese and English, and how to start."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.reactive import reactive
from textual.widgets import Static

from kiosk.guide.model import Text
from kiosk.spoken import Line
from screens import words
from screens.kiosk_screen import KioskScreen
from screens.widgets.wrap import Paragraph


class StartKey(Static, can_focus=True):
    """The welcome screen's one button, drawn like the other screens' primary Buttons: Enter, a click or a
    tap starts. Not a Button: it is the only one on the first screen, and reading Button's styles (7 kB of
    CSS) took ~4 ms of every cold start; later screens read them after the first key."""

    # Textual's primary Button look (from its default CSS), focused as kiosk_screen.tcss focuses a Button.
    DEFAULT_CSS = """
    StartKey {
        width: auto;
        height: auto;
        padding: 0 1;
        line-pad: 1;
        content-align: center middle;
        text-align: center;
        text-style: bold;
        color: $button-color-foreground;
        background: $primary;
        border-top: tall $primary-lighten-3;
        border-bottom: tall $primary-darken-3;
        pointer: pointer;
        &:hover {
            background: $primary-darken-2;
            border-top: tall $primary;
        }
        &:focus {
            border: heavy $accent;
            text-style: bold reverse;
            background-tint: $foreground 5%;
        }
    }
    .-large StartKey {
        padding: 0 2;
    }
    """

    def __init__(self, label: str, *, action: str, id: str) -> None:
        super().__init__(label, id=id)
        self.action = action

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.run_action(self.action)


class Welcome(KioskScreen[None]):
    """Dismissed with None when the visitor starts."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../kiosk_screen.tcss", "welcome.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", show=False),
        Binding("0", "app.toggle_elderly", "Elderly-friendly mode", show=False, id="elderly"),
    ]
    HAS_BACK: ClassVar[bool] = False
    HAS_START_AGAIN: ClassVar[bool] = False
    elderly: reactive[bool] = reactive(False, init=False, recompose=True)  # the App sets it (key 0)

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self.set_reactive(Welcome.elderly, self.app.has_class("-elderly"))

    def other(self, text: Text) -> str:
        """`text` in the second language shown on this screen (English, or Chinese for an English visitor)."""
        return text.get("zh" if self.lang == "en" else "en")

    def compose_page(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static(Paragraph(self.t(words.KIOSK_TITLE)), id="title", classes="heading")
            yield Static(Paragraph(self.other(words.KIOSK_TITLE)), id="title-other", classes="other")
            yield Static(Paragraph(self.t(words.KIOSK_LEAD)), id="lead")
            yield Static(Paragraph(self.other(words.KIOSK_LEAD)), id="lead-other", classes="other")
            with Center():
                label = f"Enter  {self.t(words.START)} / {self.other(words.START)}  ▶"
                yield StartKey(label, action="screen.start", id="start")
            with Center():
                switch = words.ELDERLY_OFF if self.elderly else words.ELDERLY_ON
                yield StartKey(f"0  {self.t(switch)}", action="app.toggle_elderly", id="elderly")
            yield Static(Paragraph(self.t(words.PRIVACY)), id="privacy", classes="hint")
            yield Static(Paragraph(f"☎ {self.t(words.HOTLINE)}"), id="hotline")

    def reading_page(self) -> list[Line]:
        return [
            self.t(words.KIOSK_TITLE),
            self.t(words.KIOSK_LEAD),
            self.t(words.PRIVACY),
            f"☎ {self.t(words.HOTLINE)}",
            self.t(words.SAY_START),
            self.t(words.SAY_ELDERLY_OFF if self.elderly else words.SAY_ELDERLY_ON),
        ]

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#start"))

    def action_start(self) -> None:
        self.dismiss(None)
