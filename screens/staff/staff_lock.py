"""Staff mode, locked after a quiet spell: the PIN prompt over a blank screen, so nothing behind it shows."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from kiosk.guide.model import Text
from screens.staff.pin_prompt import PinChecker, PinPrompt

LOCKED = Text(zh="工作人员模式已锁定", en="Staff mode is locked")
ESC_TO_VISITORS = Text(zh="Esc：退出工作人员模式，回到访客模式", en="Esc: leave staff mode, back to visitor mode")
ESC_TO_QUIT = Text(zh="Esc：退出程序", en="Esc: quit")


class StaffLock(PinPrompt):
    """Dismissed with True for the right PIN, False for Esc (the App leaves staff mode then)."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["pin_prompt.tcss", "staff_lock.tcss"]
    HEADING: ClassVar[Text] = LOCKED

    def __init__(self, checker: PinChecker, *, esc_quits: bool, tick: float = 1.0) -> None:
        super().__init__(checker, tick=tick)
        self.esc_quits = esc_quits

    def back_hint(self) -> Text:
        return ESC_TO_QUIT if self.esc_quits else ESC_TO_VISITORS
