"""The App's read-aloud: F4 reads the current screen, the elderly-friendly mode reads every new one.

A screen says what it reads (its `reading()`, built from the values it draws); `kiosk.spoken` makes that
text for the ear and `kiosk.speech` says it with the configured engine, in a worker, so the event loop
never waits on it. Any key and the next screen stop it (`stop`, called by the App for every key).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.app import App
from textual.screen import Screen

from kiosk.speech import Outcome, Speaker
from kiosk.spoken import Line, for_the_ear
from screens import words


@runtime_checkable
class Readable(Protocol):
    """A screen that can be read aloud, in its visitor's language."""

    lang: str

    def reading(self) -> Sequence[Line]: ...


class ReadAloud:
    """Reads screens aloud for one App; `every_screen` is the elderly-friendly mode's "read each new screen"."""

    def __init__(self, app: App[Any], speaker: Speaker, *, heard: Callable[[], None] = lambda: None) -> None:
        self.app = app
        self.speaker = speaker
        self.every_screen = False
        self.asked = False  # F4 was pressed in this visit: what changes on a screen is said too (`announce`)
        self._heard = heard  # called when an utterance ends: the idle wait starts again from then

    def attach(self) -> None:
        """Stop at every change of screen (and read the new one, in the elderly-friendly mode)."""
        self.app.screen_change_signal.subscribe(self.app, self.screen_changed)

    @property
    def speaking(self) -> bool:
        return self.speaker.speaking

    def screen_changed(self, screen: Screen[Any]) -> None:
        self.stop()
        if self.every_screen and isinstance(screen, Readable):
            self.read(screen)

    def read(self, screen: Screen[Any]) -> None:
        """Say what `screen` shows, stopping what was being said; a screen with nothing to read stays silent."""
        if isinstance(screen, Readable):
            self.say(screen.reading(), screen.lang)

    def announce(self, lines: Sequence[Line], lang: str) -> None:
        """Say a change on the screen (a bad entry, the printer's answer) to a visitor who listens."""
        if self.every_screen or self.asked:
            self.say(lines, lang)

    def say(self, lines: Sequence[Line], lang: str) -> None:
        self.stop()
        text = for_the_ear(lines, lang)
        if text:
            # A function, not a coroutine: a worker replaced before it starts leaves no coroutine unawaited
            # (F4 pressed fast). Textual's stub wants Coroutine[None, None, ...] where async def gives [Any, Any].
            say_it = partial(self._say, text, lang)
            self.app.run_worker(say_it, group="speech", exclusive=True, exit_on_error=False)  # type: ignore[arg-type]

    async def _say(self, text: str, lang: str) -> None:
        outcome = await self.speaker.say(text, lang)
        self._heard()
        if outcome is Outcome.MISSING:
            self.app.notify(words.SPEECH_MISSING.get(lang), severity="warning", timeout=8)
        elif outcome is Outcome.FAILED:
            self.app.notify(words.SPEECH_FAILED.get(lang), severity="warning", timeout=8)

    def stop(self) -> None:
        """Silence, at once: a key was pressed or the screen changed."""
        self.speaker.stop()
        self.app.workers.cancel_group(self.app, "speech")
