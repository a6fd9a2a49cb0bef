"""Taking the checklist away: the QR code view, and the printed slip (the printer runs in a thread).

A screen asks (`QrCodeRequested`, `PrintRequested`); the App hands the request here, since only the
kiosk knows the printer command and the date to print.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from textual.screen import Screen

from kiosk.guide.model import Guide, Text
from screens.takeaway import PrintRequested, QrCodeRequested, TakeAwayScreen

logger = logging.getLogger(__name__)


class TakeAwayHost(Protocol):
    """What take-away needs of the App."""

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    def push_screen(self, screen: Screen[Any]) -> Any: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...


class TakeAway:
    """Shows a checklist's QR code, or prints its slip and tells the screen how printing went."""

    def __init__(
        self,
        host: TakeAwayHost,
        guide: Guide,
        *,
        printer_command: str,
        wall_clock: Callable[[], datetime],
        in_thread: Callable[[Callable[[], None]], None],
    ) -> None:
        """`wall_clock` dates the slip; `in_thread` runs the printer without waiting (the App's print workers)."""
        self.host = host
        self.guide = guide
        self.printer_command = printer_command
        self.wall_clock = wall_clock
        self.in_thread = in_thread

    def show_qr_code(self, request: QrCodeRequested) -> None:
        from screens.visitor.qr_view import QrView

        self.host.push_screen(QrView(request.checklist, self.guide, request.lang, pickup_code=request.pickup_code))

    def print_checklist(self, request: PrintRequested) -> None:
        from kiosk.guide.slip import render_slip  # at the first print, not with the App: 3 ms of every start

        slip = render_slip(request.checklist, self.guide, request.lang, request.pickup_code, self.wall_clock())
        self.in_thread(lambda: self._send_to_printer(slip, request.screen))

    def _send_to_printer(self, slip: str, screen: TakeAwayScreen[Any]) -> None:
        """Hand the slip to the printer command (blocking, so in a thread) and tell the screen how it went."""
        from kiosk.printer import print_slip

        result = print_slip(slip, self.printer_command)
        if not result.ok:
            logger.warning("printing a slip failed: %s", result.reason)
        self.host.call_from_thread(self._printed, screen, result.ok, result.message)

    def _printed(self, screen: TakeAwayScreen[Any], ok: bool, message: Text) -> None:
        if screen in self.host.screen_stack:  # not if the visit was wiped while the printer worked
            screen.show_print_result(ok, message)
