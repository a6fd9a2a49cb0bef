"""A checklist staff opened by its code: as the visitor saw it, why each line is there, what changed since,
and the lobby's take-away (F8 QR code, F9 print the same slip) in the language staff choose for the visitor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from kiosk.guide.changes import GuideChange
from kiosk.guide.lines import build_lines
from kiosk.guide.model import Checklist, Guide
from screens.guard import on
from screens.kiosk_screen import Nav
from screens.staff import staff_words
from screens.takeaway import TakeAwayScreen
from screens.widgets.line_list import LineList, checklist_lines
from screens.widgets.wrap import Paragraph

MARK_HANDLED = "mark_handled"
VISITOR_LANGS = ("zh", "en", "zh_hant")  # the order L steps through


@dataclass(frozen=True)
class OpenedChecklist:
    """A saved checklist as staff see it: its record, the checklist as saved, and how today's guide differs."""

    pickup_code: str
    saved_at: datetime  # local time
    channel: str  # "kiosk" or "counter"
    visitor_lang: str
    handled: bool
    checklist: Checklist
    change: GuideChange | None = None  # None: saved under today's guide
    rebuilt: bool = False  # the row kept only the answers; the checklist was rebuilt from them


class SavedChecklistScreen(TakeAwayScreen[str | Nav]):
    """Dismissed with MARK_HANDLED (the App marks it and shows it again), or Nav.BACK. F8 and F9 hand the
    checklist to the visitor in `for_visitor` (first the language they used), which L changes."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "../kiosk_screen.tcss",
        "../takeaway.tcss",
        "../widgets/line_list.tcss",
        "saved_checklist.tcss",
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "mark_handled", "Mark handled", show=False, id="handled"),
        Binding("l", "other_visitor_lang", "Visitor's language", show=False, id="visitor-lang"),
    ]
    HAS_START_AGAIN: ClassVar[bool] = False

    def __init__(self, opened: OpenedChecklist, guide: Guide, lang: str, *, for_visitor: str | None = None) -> None:
        super().__init__(opened.checklist, guide, lang, pickup_code=opened.pickup_code)
        self.opened = opened
        visitor = for_visitor or opened.visitor_lang
        self.for_visitor = visitor if visitor in VISITOR_LANGS else "zh"

    def takeaway_lang(self) -> str:
        return self.for_visitor

    def compose_page(self) -> ComposeResult:
        opened, checklist = self.opened, self.opened.checklist
        title = build_lines(checklist, self.guide, self.lang).title.text
        with Horizontal(id="top"):
            with Vertical(id="record"):
                code = self.t(staff_words.SAVED_HEADING, code=opened.pickup_code)
                yield Static(Paragraph(f"{code}  {title}"), id="title", classes="heading")
                saved = self.t(
                    staff_words.SAVED_AT,
                    when=opened.saved_at.strftime("%Y-%m-%d %H:%M"),
                    channel=self.t(staff_words.CHANNELS[opened.channel]),
                    lang=staff_words.LANG_NAMES.get(opened.visitor_lang, opened.visitor_lang),
                )
                yield Static(Paragraph(saved), id="saved-at", classes="hint")
                status = staff_words.STATUS_HANDLED if opened.handled else staff_words.STATUS_NEW
                yield Static(Paragraph(self.t(status)), id="status", classes="-handled" if opened.handled else "-new")
                with Horizontal(id="for-visitor"):
                    yield Static(self.t(staff_words.FOR_VISITOR), id="for-visitor-label")
                    yield Button(self.visitor_lang_label(), id="visitor-lang", compact=True)
                if opened.change is not None and not opened.rebuilt and not opened.change.same_checklist:
                    yield Static(Paragraph(self.t(staff_words.TAKEAWAY_AS_SAVED)), id="takeaway-as-saved")
                yield from self.compose_takeaway()
            if not opened.handled:
                yield Button(f"H  {self.t(staff_words.MARK_HANDLED)}", id="mark-handled", variant="success")
        with VerticalScroll(id="lines"):
            with Vertical(id="guide-notice", classes=self.notice_class()):
                yield from self.compose_guide_notice()
            yield LineList(checklist_lines(checklist, self.guide, self.lang, why=True))

    def notice_class(self) -> str:
        change = self.opened.change
        return "-same" if change is None or (change.same_checklist and not self.opened.rebuilt) else "-changed"

    def compose_guide_notice(self) -> ComposeResult:
        """Which guide the checklist was saved under and, if that is not today's, what now differs."""
        change = self.opened.change
        if self.opened.rebuilt:
            # Nothing to compare: all that was kept is the answers the checklist below is built from.
            rebuilt = (
                self.t(staff_words.REBUILT)
                if change is None
                else self.t(staff_words.REBUILT_CHANGED, saved=change.saved_version, current=change.current_version)
            )
            yield Static(Paragraph(rebuilt), classes="notice changed" if change else "notice")
            return
        if change is None:
            version = self.opened.checklist.guide_version
            yield Static(Paragraph(self.t(staff_words.SAME_GUIDE, version=version)), classes="notice")
            return
        changed = self.t(staff_words.GUIDE_CHANGED, saved=change.saved_version, current=change.current_version)
        yield Static(Paragraph(changed, prefix="⚠ "), classes="notice changed")
        if change.procedure_gone:
            yield Static(Paragraph(self.t(staff_words.PROCEDURE_GONE)), classes="notice")
        elif change.now_asks is not None:
            asks = self.t(staff_words.NOW_ASKS, question=change.now_asks.text.get(self.lang))
            yield Static(Paragraph(asks), classes="notice")
        elif change.same_checklist:
            yield Static(Paragraph(self.t(staff_words.SAME_LINES)), classes="notice")
        for heading, mark, lines in (
            (staff_words.ADDED, "+", change.added),
            (staff_words.REMOVED, "-", change.removed),
            (staff_words.NO_LONGER_ASKED, "-", change.no_longer_asked),
        ):
            if lines:
                yield Static(Paragraph(self.t(heading)), classes="notice heading")
                for line in lines:
                    yield Static(Paragraph(line.get(self.lang), prefix=f"{mark} "), classes="notice difference")

    def visitor_lang_label(self) -> str:
        return f"L  {staff_words.LANG_NAMES[self.for_visitor]} ▸ {self.t(staff_words.OTHER_LANGUAGE)}"

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#lines"))

    def action_other_visitor_lang(self) -> None:
        self.for_visitor = VISITOR_LANGS[(VISITOR_LANGS.index(self.for_visitor) + 1) % len(VISITOR_LANGS)]
        self.query_one("#visitor-lang", Button).label = self.visitor_lang_label()

    @on(Button.Pressed, "#visitor-lang")
    def other_visitor_lang(self) -> None:
        self.action_other_visitor_lang()

    def action_mark_handled(self) -> None:
        if not self.opened.handled:
            self.dismiss(MARK_HANDLED)

    @on(Button.Pressed, "#mark-handled")
    def mark_handled(self) -> None:
        self.action_mark_handled()
