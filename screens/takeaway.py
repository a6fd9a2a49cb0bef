"""What the checklist and QR code screens share: the QR code and Print buttons, and how printing went.

A screen only asks (it posts `QrCodeRequested` or `PrintRequested`); the App shows the QR code or
prints, since only the App knows the printer command, and calls `show_print_result` when it is done.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Static

from kiosk.guide.model import Checklist, Guide, Text
from screens import words
from screens.kiosk_screen import KioskScreen
from screens.widgets.wrap import Paragraph

ResultT = TypeVar("ResultT")


class TakeAwayRequest(Message):
    """A visitor asked to take `checklist` away, in `lang`, under `pickup_code` (None: it was not saved)."""

    def __init__(self, screen: TakeAwayScreen[Any], checklist: Checklist, lang: str, pickup_code: str | None):
        super().__init__()
        self.screen = screen
        self.checklist = checklist
        self.lang = lang
        self.pickup_code = pickup_code


class QrCodeRequested(TakeAwayRequest):
    """Show the checklist as a QR code."""


class PrintRequested(TakeAwayRequest):
    """Print the checklist's slip, then call `screen.show_print_result`."""


class TakeAwayScreen(KioskScreen[ResultT]):
    """A screen showing one checklist that can be taken away: F8 QR code, F9 print."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f8", "qr_code", "QR code", show=False, id="qr-code"),
        Binding("f9", "print_slip", "Print", show=False, id="print"),
    ]
    HAS_QR_BUTTON: ClassVar[bool] = True

    def __init__(self, checklist: Checklist, guide: Guide, lang: str, *, pickup_code: str | None) -> None:
        super().__init__(lang)
        self.checklist = checklist
        self.guide = guide
        self.pickup_code = pickup_code
        self.printing = False
        self.print_outcome: tuple[bool, Text] | None = None  # kept, so a redraw in another language keeps it

    def takeaway_lang(self) -> str:
        """The language the QR code and the slip are in: the screen's own (the counter lets staff choose)."""
        return self.lang

    def shown_code(self) -> str:
        """The pickup code, or the "not saved" mark that stands in for it."""
        # Here: the App imports this module (its messages) before the first paint; the slip's module, 3 ms more.
        from kiosk.guide.slip import LABELS

        return self.pickup_code if self.pickup_code is not None else self.t(LABELS["not_saved"])

    def compose_takeaway(self) -> ComposeResult:
        """The QR code and Print buttons, and a line that says how printing went."""
        with Horizontal(id="takeaway"):
            if self.HAS_QR_BUTTON:
                yield Button(f"F8  {self.t(words.KEY_QR_CODE)}", id="qr-code", action="screen.qr_code", compact=True)
            yield Button(f"F9  {self.t(words.KEY_PRINT)}", id="print", action="screen.print_slip", compact=True)
        yield Static(self.print_status(), id="print-status", classes=self.print_status_class())

    def print_status(self) -> Paragraph:
        if self.printing:
            return Paragraph(self.t(words.PRINTING))
        if self.print_outcome is None:
            return Paragraph("")
        ok, message = self.print_outcome
        return Paragraph(message.get(self.lang), prefix="✔ " if ok else "⚠ ")

    def print_status_class(self) -> str:
        if self.print_outcome is None or self.printing:
            return "-printing" if self.printing else "-empty"
        return "-printed" if self.print_outcome[0] else "-print-failed"

    def update_print_status(self) -> None:
        # None while the screen is redrawn in another language: the redraw draws `print_outcome` itself.
        for status in self.query("#print-status").results(Static):
            status.update(self.print_status())
            status.set_classes(self.print_status_class())

    def action_qr_code(self) -> None:
        if self.HAS_QR_BUTTON:
            self.post_message(QrCodeRequested(self, self.checklist, self.takeaway_lang(), self.pickup_code))

    def action_print_slip(self) -> None:
        if self.printing:
            return  # one slip per press: a second press while the printer works would print two
        self.printing = True
        self.update_print_status()
        self.post_message(PrintRequested(self, self.checklist, self.takeaway_lang(), self.pickup_code))

    def show_print_result(self, ok: bool, message: Text) -> None:
        """The printer command took the slip (`ok`) or not; `message` tells the visitor what to do."""
        self.printing = False
        self.print_outcome = (ok, message)
        self.update_print_status()
        self.announce(message.get(self.lang))
