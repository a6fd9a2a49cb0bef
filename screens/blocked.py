"""This cannot be done (at all, yet, or by this person): why, what to do instead, and the procedure to do first."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from kiosk.guide.model import Checklist, Guide
from kiosk.guide.render import MARKS, blocker_groups
from kiosk.spoken import Line
from screens import words
from screens.guard import on
from screens.kiosk_screen import KioskScreen, Nav
from screens.wrap import Paragraph


class Blocked(KioskScreen[str | Nav]):
    """Dismissed with the id of the procedure to do first, or Nav.BACK to change an answer."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["kiosk_screen.tcss", "blocked.tcss"]

    def __init__(self, checklist: Checklist, guide: Guide, lang: str) -> None:
        super().__init__(lang)
        self.checklist = checklist
        self.guide = guide

    def compose_page(self) -> ComposeResult:
        h = {key: text.get(self.lang) for key, text in self.guide.headings.items()}
        colon = ": " if self.lang == "en" else "："
        yield Static(Paragraph(self.checklist.title.get(self.lang)), id="procedure", classes="procedure")
        groups = blocker_groups(self.checklist)
        first_kind = groups[0][0] if groups else "not_yet"
        heading = Paragraph(h[f"blockers_{first_kind}"], prefix=f"{MARKS['blocker']} ")
        yield Static(heading, id="heading", classes="heading")
        with VerticalScroll(id="why"):
            for index, (kind, blockers) in enumerate(groups):
                if index:  # a second kind of bar gets its own heading
                    kind_heading = Paragraph(h[f"blockers_{kind}"], prefix=f"{MARKS['blocker']} ")
                    yield Static(kind_heading, classes="line heading")
                for blocker in blockers:
                    reason = Paragraph(blocker.reason.get(self.lang), prefix=f"{MARKS['blocker']} ")
                    yield Static(reason, classes="line blocker")
                    instead = f"{h[f'instead_{kind}']}{colon}{blocker.instead.get(self.lang)}"
                    yield Static(Paragraph(instead), classes="line instead")
            for blocker in self.checklist.blockers:
                if blocker.instead_procedure is not None and blocker.instead_title is not None:
                    label = self.t(words.DO_FIRST, title=blocker.instead_title.get(self.lang))
                    yield Button(f"{label}  ▶", id=f"do-{blocker.instead_procedure}", variant="primary")
            yield Button(f"Esc  {self.t(words.CHANGE_ANSWERS)}", id="change-answers")
            yield Static(Paragraph(h["hotlines"]), classes="line heading")
            for hotline in self.checklist.hotlines:
                line = Paragraph(f"{hotline.name.get(self.lang)}{colon}{hotline.number.get(self.lang)}", prefix="☎ ")
                yield Static(line, classes="line hotline")

    def reading_page(self) -> list[Line]:
        h = {key: text.get(self.lang) for key, text in self.guide.headings.items()}
        colon = ": " if self.lang == "en" else "："
        lines: list[Line] = [self.checklist.title.get(self.lang)]
        for kind, blockers in blocker_groups(self.checklist):
            lines.append(h[f"blockers_{kind}"])
            for blocker in blockers:
                lines += [
                    f"{MARKS['blocker']} {blocker.reason.get(self.lang)}",
                    f"{h[f'instead_{kind}']}{colon}{blocker.instead.get(self.lang)}",
                ]
        first = next((b for b in self.checklist.blockers if b.instead_procedure and b.instead_title), None)
        if first is not None and first.instead_title is not None:  # the focused button: Enter presses it
            label = self.t(words.DO_FIRST, title=first.instead_title.get(self.lang))
            lines.append(self.t(words.SAY_DO_FIRST, label=label))
        lines.append(self.t(words.SAY_CHANGE_ANSWERS))
        lines.append(h["hotlines"])
        lines += [f"☎ {hl.name.get(self.lang)}{colon}{hl.number.get(self.lang)}" for hl in self.checklist.hotlines]
        return lines

    def reading_keys(self) -> list[Line]:
        return [self.t(words.SAY_AGAIN)]  # Esc is said with what it does here: change the answers

    def on_mount(self) -> None:
        self.query("Button").first().focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id.startswith("do-"):
            self.dismiss(button_id.removeprefix("do-"))
        elif button_id == "change-answers":
            self.dismiss(Nav.BACK)
