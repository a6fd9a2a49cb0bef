"""The staff PIN prompt: masked, cleared after each attempt, with the attempts left or the lockout's countdown."""

from __future__ import annotations

import asyncio
import logging
import math
from enum import Enum
from pathlib import PurePath
from typing import ClassVar, Protocol

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, Static

from kiosk.guide.model import Text
from screens.guard import ContainedModal, on
from screens.widgets.fields import Field
from screens.widgets.wrap import Paragraph

logger = logging.getLogger("kiosk.staff")

HEADING = Text(zh="工作人员登录", en="Staff sign-in")
ASK = Text(zh="请输入工作人员密码（PIN），按回车键确认。", en="Type the staff PIN, then press Enter.")
BACK = Text(zh="Esc：返回访客模式", en="Esc: back to visitor mode")
CHECKING = Text(zh="正在核对……", en="Checking…")
WRONG = Text(
    zh="密码不对。再错 {attempts} 次将锁定 {minutes} 分钟。",
    en="Wrong PIN. {attempts} more wrong tries lock it for {minutes} minutes.",
)
LOCKED = Text(
    zh="密码错误次数太多，已锁定。请在 {time} 后再试。", en="Too many wrong PINs: locked. Try again in {time}."
)
UNLOCKED = Text(zh="锁定已解除，可以再试。", en="The lock is over: you may try again.")
NOT_SET = Text(
    zh="尚未设置工作人员密码。请在本机终端运行 kiosk set-pin 设置后再试。",
    en="No staff PIN is set. Run `kiosk set-pin` in a terminal on this computer, then try again.",
)
CANNOT_CHECK = Text(zh="无法核对密码：", en="The PIN cannot be checked: ")
LOCK_MINUTES = 5


class PinVerdict(Protocol):
    """One attempt's outcome (kiosk.pin.PinResult): status "ok", "wrong", "locked" or "not_set"."""

    @property
    def status(self) -> Enum: ...

    @property
    def attempts_left(self) -> int: ...

    @property
    def seconds_left(self) -> float: ...


class PinChecker(Protocol):
    """What the prompt needs of kiosk.pin.PinGuard."""

    def is_set(self) -> bool: ...

    def seconds_locked(self) -> float: ...

    def check(self, raw: str) -> PinVerdict: ...


def both(text: Text, **values: object) -> str:
    """Staff may read either language: Chinese, then English."""
    return f"{text.zh.format(**values)}\n{text.en.format(**values)}"


def minutes_seconds(seconds: float) -> str:
    whole = max(math.ceil(seconds), 0)
    return f"{whole // 60}:{whole % 60:02d}"


class PinPrompt(ContainedModal[bool]):
    """Dismissed with True for the right PIN, False for Esc (or when no PIN is set)."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["pin_prompt.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", show=False, id="pin-back")]
    HEADING: ClassVar[Text] = HEADING

    def __init__(self, checker: PinChecker, *, tick: float = 1.0) -> None:
        super().__init__()
        self.checker = checker
        self.tick = tick
        self._lock_timer: Timer | None = None
        self._message = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Paragraph(f"{self.HEADING.zh}  {self.HEADING.en}"), id="heading")
            yield Static(Paragraph(both(ASK)), id="ask")
            yield Field(
                password=True,
                allowed="[0-9０-９ ]*",
                max_length=12,
                id="pin",
                select_on_focus=False,
            )
            yield Static("", id="message", classes="-empty")
            yield Static(Paragraph(both(self.back_hint())), id="back-hint")

    def back_hint(self) -> Text:
        """What Esc does here, as the prompt says it."""
        return BACK

    def on_mount(self) -> None:
        if not self.checker.is_set():
            self.show(both(NOT_SET), problem=True)
            self.query_one("#pin", Input).disabled = True
            return
        self.query_one("#pin", Input).focus()
        self.refresh_lock()

    def show(self, text: str, *, problem: bool = False) -> None:
        if text == self._message:  # the countdown asks every tick; it changes once a second
            return
        self._message = text
        message = self.query_one("#message", Static)
        message.update(Paragraph(text))
        message.set_class(not text, "-empty")
        message.set_class(problem, "-problem")

    def refresh_lock(self) -> None:
        """Show the lockout's countdown while it lasts (it is kept on disk, so it survives a restart)."""
        try:
            seconds = self.checker.seconds_locked()
        except Exception as error:
            self.cannot_check(error)
            return
        pin = next(iter(self.query("#pin").results(Input)), None)
        if pin is None:  # the lock timer's last tick while the prompt is taken down (the visit was wiped)
            return
        if seconds > 0:
            self.show(both(LOCKED, time=minutes_seconds(seconds)), problem=True)
            pin.disabled = True
            if self._lock_timer is None:
                self._lock_timer = self.set_interval(self.tick, self.refresh_lock)
        elif self._lock_timer is not None:
            self._lock_timer.stop()
            self._lock_timer = None
            self.show(both(UNLOCKED))
            pin.disabled = False
            pin.focus()

    def cannot_check(self, error: Exception) -> None:
        logger.error("the staff PIN cannot be checked: %s", error)
        self.show(f"{CANNOT_CHECK.zh}{error}\n{CANNOT_CHECK.en}{error}", problem=True)

    @on(Input.Submitted, "#pin")
    def submit(self, event: Input.Submitted) -> None:
        pin = self.query_one("#pin", Input)
        raw = event.value
        pin.clear()  # the PIN never stays on the screen, right or wrong
        if not raw.strip():
            return
        pin.disabled = True
        self.show(both(CHECKING))
        self.run_worker(self.check(raw), exclusive=True, group="pin", exit_on_error=False)

    async def check(self, raw: str) -> None:
        """Check in a thread: the slow hash takes about 70 ms and must not freeze the screen."""
        try:
            verdict = await asyncio.to_thread(self.checker.check, raw)
        except Exception as error:
            self.cannot_check(error)
            self.query_one("#pin", Input).disabled = False
            return
        status = verdict.status.value
        if status == "ok":
            self.dismiss(True)
            return
        pin = self.query_one("#pin", Input)
        if status == "wrong":
            self.show(both(WRONG, attempts=verdict.attempts_left, minutes=LOCK_MINUTES), problem=True)
        elif status == "not_set":
            self.show(both(NOT_SET), problem=True)
            return
        elif status == "locked":
            self.refresh_lock()
            return
        pin.disabled = False
        pin.focus()

    def action_back(self) -> None:
        self.dismiss(False)
