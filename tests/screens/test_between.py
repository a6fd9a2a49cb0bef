"""screens/between.py: between two screens of the walk the terminal gets the next screen, not a blank frame."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from wizard_helpers import press

from kiosk.app import KioskApp
from screens.between import Between
from screens.kiosk_screen import KioskScreen


async def test_no_blank_frame_is_painted_between_two_screens(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    painted: list[Screen[Any]] = []  # the screen of every update sent to the terminal, in order
    display = App._display

    def recorded(app: App[Any], screen: Screen[Any], renderable: Any) -> None:
        painted.append(screen)
        display(app, screen, renderable)

    monkeypatch.setattr(KioskApp, "_display", recorded)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "1", "3", "5", "enter", "1", "2", "escape", "escape", "f5", "enter")
        names = [type(screen).__name__ for screen in painted]
        assert "CheckAnswers" in names and "Welcome" in names and "ChooseProcedure" in names, names
        # The welcome screen's first layout lays the bottom screen out too, so it may paint once, blank, at one
        # of the first changes of screen (which one depends on the machine's load); never more (see Between).
        under = [type(screen).__name__ for screen in painted if not isinstance(screen, KioskScreen)]
        assert under in ([], ["Between"]), names
        assert isinstance(app.screen_stack[0], Between)
