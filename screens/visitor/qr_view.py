"""The checklist as a QR code a phone can read, as large as the window allows, with Print beside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar

from rich.text import Text as RichText
from textual import events
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from kiosk.guide.lines import colon as lines_colon
from kiosk.guide.model import Checklist, Guide
from kiosk.guide.slip import compact_variants
from kiosk.qr import QR_BACKGROUND, QR_FOREGROUND, fitting, qr_lines, qr_size
from kiosk.spoken import Line, Spell
from screens import words
from screens.takeaway import TakeAwayScreen
from screens.widgets.wrap import Paragraph


@dataclass(frozen=True)
class Fit:
    """Which text the code holds (its index among the variants, fullest first), or -1 if none fits."""

    chosen: int
    lines: tuple[str, ...] = ()


class QrCode(Static):
    """A QR code's half-block lines, dark on light whatever the theme: phones do not all read inverted codes."""

    DEFAULT_CSS = "QrCode { width: auto; height: auto; }"

    def __init__(self, *, id: str) -> None:
        super().__init__("", id=id)
        self.styles.color = QR_FOREGROUND
        self.styles.background = QR_BACKGROUND  # the quiet zone is spaces: it must be light too

    def show(self, lines: tuple[str, ...]) -> None:
        self.update(RichText("\n".join(lines), no_wrap=True, overflow="crop"))
        self.display = bool(lines)


class QrArea(Container):
    """Where the code goes: on every resize it shows the fullest text whose code fits, or says none does."""

    class Fitted(Message):
        def __init__(self, fit: Fit, needs: tuple[int, int]) -> None:
            super().__init__()
            self.fit = fit
            self.needs = needs  # the smallest (columns, rows) of this area that shows a code

    def __init__(self, texts: list[str], *, id: str) -> None:
        super().__init__(id=id)
        self.texts = texts
        self.sizes = [qr_size(text) for text in texts]  # once: a resize only compares numbers
        self.fit: Fit | None = None  # none yet: the first resize decides

    def compose(self) -> ComposeResult:
        yield QrCode(id="qr")
        yield Static("", id="qr-too-small")

    def on_resize(self, event: events.Resize) -> None:
        columns, rows = self.content_size
        chosen = fitting(self.sizes, columns, rows)
        if self.fit is None or chosen != self.fit.chosen:
            self.fit = Fit(chosen, tuple(qr_lines(self.texts[chosen])) if chosen >= 0 else ())
            self.query_one(QrCode).show(self.fit.lines)
        self.post_message(self.Fitted(self.fit, self.sizes[-1]))


class QrView(TakeAwayScreen[None]):
    """Dismissed with None (Esc) to go back to the checklist."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../kiosk_screen.tcss", "qr_view.tcss"]
    HAS_QR_BUTTON: ClassVar[bool] = False

    def __init__(self, checklist: Checklist, guide: Guide, lang: str, *, pickup_code: str | None) -> None:
        super().__init__(checklist, guide, lang, pickup_code=pickup_code)

    def texts(self) -> list[str]:
        """What the code can hold, fullest first: the checklist in the visitor's language, with the pickup code."""
        return compact_variants(self.checklist, self.guide, self.lang, self.pickup_code)

    def compose_page(self) -> ComposeResult:
        colon = lines_colon(self.lang)
        with Horizontal(id="qr-page"):
            yield QrArea(self.texts(), id="qr-area")
            with Vertical(id="qr-side"):
                yield Static(Paragraph(self.t(words.QR_HEADING)), id="qr-heading", classes="heading")
                yield Static(Paragraph(f"{self.t(words.PICKUP_CODE)}{colon}{self.shown_code()}"), id="qr-pickup-code")
                yield Static(Paragraph(self.t(words.QR_HINT)), id="qr-hint", classes="hint")
                yield Static(Paragraph(self.t(words.QR_SHORTENED), prefix="ℹ "), id="qr-note")
                yield from self.compose_takeaway()

    def reading_page(self) -> list[Line]:
        colon = lines_colon(self.lang)
        code: Line = (
            (f"{self.t(words.PICKUP_CODE)}{colon}", Spell(self.pickup_code))
            if self.pickup_code is not None
            else f"{self.t(words.PICKUP_CODE)}{colon}{self.shown_code()}"
        )
        return [self.t(words.QR_HEADING), code, self.t(words.QR_HINT)]

    def reading_keys(self) -> list[Line]:
        return [self.t(words.SAY_QR_KEYS), self.t(words.SAY_AGAIN)]

    def on_qr_area_fitted(self, event: QrArea.Fitted) -> None:
        area = self.query_one(QrArea)
        too_small = self.query_one("#qr-too-small", Static)
        too_small.display = event.fit.chosen < 0
        if event.fit.chosen < 0:
            # The whole window it would take: the code, plus what is around the area now.
            columns = event.needs[0] + self.size.width - area.content_size.width
            rows = event.needs[1] + self.size.height - area.content_size.height
            too_small.update(Paragraph(self.t(words.QR_TOO_SMALL, columns=columns, rows=rows), prefix="⚠ "))
        self.query_one("#qr-hint").display = event.fit.chosen >= 0
        self.query_one("#qr-note").display = event.fit.chosen > 0

    def action_back(self) -> None:
        self.dismiss(None)
