"""The App's bottom screen, current only between two of the walk's screens: never painted."""

from __future__ import annotations

from typing import Self

from textual import events
from textual.geometry import Region
from textual.screen import Screen


class Between(Screen[None]):
    """Under every kiosk screen. When one is answered, Textual pops it and this screen is current until the walk
    pushes the next one (a moment later; or the idle wipe's Welcome, or the apology). Resumed and refreshed as
    Textual resumes any screen, it was laid out and painted blank: a blank frame, a flash on the lobby's terminal,
    between every two screens. It is never resumed nor refreshed: the last screen's picture stays until the next
    screen paints over it (keys meanwhile wait at the input gate, screens.gate). Textual still lays it out as the
    screen under one that is resized (the welcome screen at the start, any screen on a terminal resize): then it
    paints once, blank, at one of the next changes of screen (tests/screens/test_between.py)."""

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.ScreenResume):
            await super().on_event(event)

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        return self
