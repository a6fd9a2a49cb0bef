"""The baselines: minimal Textual apps, measured the same way as the kiosk in the same run."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static


class Page(Screen[None]):
    """One line of text."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        yield Static(f"Page {self.number}: press Enter for the next page")


class OneLine(App[None]):
    """The cold-start baseline: an App whose first screen paints one line."""

    def get_default_screen(self) -> Screen[None]:
        return Page(0)


class TwoScreens(App[None]):
    """The key and memory baseline: Enter replaces the screen by a new one (a pop and a push), as the kiosk's
    walk does on every step."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "next", "Next")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def on_mount(self) -> None:
        self.push_screen(Page(0))

    def action_next(self) -> None:
        self.count += 1
        self.switch_screen(Page(self.count))
