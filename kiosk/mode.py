"""Who the kiosk serves now: visitors, staff at the counter, or staff only (`kiosk staff`)."""

from __future__ import annotations

from enum import Enum


class Mode(Enum):
    """The one mode switch of the App; everything that differs between the modes asks it."""

    VISITOR = "visitor"  # the lobby kiosk; F12 and the staff PIN lead to counter mode
    COUNTER = "counter"  # a lobby kiosk that staff switched to counter mode; leaving it goes back to visitors
    STAFF_ONLY = "staff-only"  # `kiosk staff`: counter mode behind the PIN from the start; leaving it ends the program

    @property
    def staff(self) -> bool:
        """Staff use the kiosk: the staff home instead of the welcome screen, the idle lock, the 'why' lines."""
        return self is not Mode.VISITOR

    @property
    def channel(self) -> str:
        """Where walkthroughs are saved from: the counter in staff mode, else the kiosk."""
        return "counter" if self.staff else "kiosk"
