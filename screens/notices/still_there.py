"""Still there? The countdown before an idle visit is wiped; any key or click carries on where the visitor was."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from kiosk.guide.model import Text
from screens.guard import ContainedModal
from screens.widgets.wrap import Paragraph

HEADING = Text(zh="还在吗？", en="Still there?")
COUNTDOWN = Text(
    zh="{seconds} 秒后将清除您的回答，回到首页。",
    en="In {seconds} seconds your answers will be cleared and the kiosk will start again.",
)
CARRY_ON = Text(zh="按任意键或点击屏幕继续", en="Press any key or touch the screen to carry on")


class StillThere(ContainedModal[None]):
    """Shown over the visitor's screen; the App dismisses it on any key and counts `seconds_left` down."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["still_there.tcss"]

    seconds_left: reactive[int] = reactive(30, init=False)

    def __init__(self, lang: str, seconds: int) -> None:
        super().__init__()
        self.lang = lang
        self.other_lang = "zh" if lang == "en" else "en"
        self.set_reactive(StillThere.seconds_left, seconds)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Paragraph(HEADING.get(self.lang)), id="heading")
            yield Static(Paragraph(HEADING.get(self.other_lang)), id="heading-other", classes="other")
            yield Static(id="countdown")
            yield Static(Paragraph(CARRY_ON.get(self.lang)), id="carry-on")
            yield Static(Paragraph(CARRY_ON.get(self.other_lang)), id="carry-on-other", classes="other")

    def reading(self) -> list[str]:
        """Read aloud as it appears, in the elderly-friendly mode: the question, the countdown, how to carry on."""
        seconds = max(self.seconds_left, 0)
        return [HEADING.get(self.lang), COUNTDOWN.get(self.lang).format(seconds=seconds), CARRY_ON.get(self.lang)]

    def on_mount(self) -> None:
        self.watch_seconds_left()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.dismiss(None)

    def watch_seconds_left(self) -> None:
        seconds = max(self.seconds_left, 0)
        lines = [COUNTDOWN.get(lang).format(seconds=seconds) for lang in (self.lang, self.other_lang)]
        self.query_one("#countdown", Static).update(Paragraph("\n".join(lines)))
