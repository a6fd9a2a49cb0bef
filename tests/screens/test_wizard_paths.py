"""For every path the engine enumerates, the screens show the same checklist lines as `kiosk checklist`."""

from __future__ import annotations

from collections import Counter

import pytest
from guide_helpers import default_guide
from textual.app import App
from textual.widgets import Static
from wizard_helpers import drawn_lines, shown_text

from kiosk.guide.engine import build_checklist, paths
from kiosk.guide.model import Guide
from kiosk.guide.render import render_text
from screens.visitor.blocked import Blocked
from screens.visitor.checklist import ChecklistScreen
from screens.widgets.line_list import LineList

LANGS = ("zh", "en", "zh_hant")


def cli_lines(text: str) -> list[str]:
    """The lines of `kiosk checklist` output as the screen words them: no indent, no colon after a heading."""
    lines = []
    for raw in text.splitlines()[2:]:  # the title and a blank line come first
        line = raw.strip()
        if not line:
            continue
        if not raw.startswith(" "):
            line = line.removesuffix(":").removesuffix("：")
        if line.startswith("[ ] "):
            line = "☐ " + line.removeprefix("[ ] ")
        lines.append(line)
    return lines


def screen_lines(screen: ChecklistScreen | Blocked) -> list[str]:
    """The title and every line, in screen order: the blocked screen's Statics, the checklist's LineList."""
    lines: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, LineList):
            lines += drawn_lines(widget)
        elif isinstance(widget, Static) and (widget.has_class("line") or widget.has_class("heading")):
            lines.append(str(getattr(widget.visual, "plain", widget.visual)))
    return lines


# One test per procedure and language, so the workers share them out (all in one test took half a minute).
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("procedure_id", [procedure.id for procedure in default_guide().procedures])
async def test_every_path_shows_the_lines_of_the_cli_checklist(guide: Guide, procedure_id: str, lang: str) -> None:
    checked = 0
    procedure = next(p for p in guide.procedures if p.id == procedure_id)
    async with App[None]().run_test(size=(100, 40)) as pilot:
        app = pilot.app
        for answers in paths(procedure):
            checklist = build_checklist(guide, procedure, dict(answers))
            expected = render_text(checklist, guide, lang)
            screen = ChecklistScreen(checklist, guide, lang, pickup_code="K7M-Q4X")
            await app.push_screen(screen)
            title, *lines = screen_lines(screen)
            assert title == expected.splitlines()[0], (procedure.id, answers, lang)
            cli = cli_lines(expected)
            assert Counter(lines) == Counter(cli), (procedure.id, answers, lang)
            steps = [line for line in cli if line[:1].isdigit()]
            assert [line for line in lines if line[:1].isdigit()] == steps
            await app.pop_screen()
            checked += 1
    assert checked == sum(1 for _ in paths(procedure)) > 0


async def test_every_blocked_path_says_why_and_what_to_do_instead(guide: Guide) -> None:
    blocked = 0
    async with App[None]().run_test(size=(80, 24)) as pilot:
        app = pilot.app
        for procedure in guide.procedures:
            for answers in paths(procedure):
                checklist = build_checklist(guide, procedure, dict(answers))
                if not checklist.blockers:
                    continue
                for lang in LANGS:
                    screen = Blocked(checklist, guide, lang)
                    await app.push_screen(screen)
                    cli = cli_lines(render_text(checklist, guide, lang))
                    shown = shown_text(screen)
                    instead = tuple(guide.headings[f"instead_{b.kind}"].get(lang) for b in checklist.blockers)
                    expected = [line for line in cli if line.startswith(("✖", "☎", *instead))]
                    assert len(expected) >= 6
                    assert set(expected) <= set(shown), (procedure.id, answers, lang)
                    for blocker in checklist.blockers:
                        if blocker.instead_title is not None:
                            assert any(blocker.instead_title.get(lang) in text for text in shown)
                    await app.pop_screen()
                    blocked += 1
    assert blocked == 3 * len(LANGS)  # a reissue before a formal report (2 paths), a cancel after a reissue
