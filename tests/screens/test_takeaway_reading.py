"""Read it easily: Traditional Chinese offered to Hong Kong, Macao and Taiwan visitors, English with no
Chinese left in it, and warnings that carry a word or symbol, not only a colour."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pytest
from conftest import FakeStore
from test_takeaway import finish_printing
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static
from wizard_helpers import drawn_lines, press, shown

from kiosk.app import KioskApp
from kiosk.guide.engine import build_checklist, paths
from kiosk.guide.lines import MARKS
from kiosk.guide.model import Guide
from kiosk.guide.slip import compact_variants, render_slip
from screens.kiosk_screen import KeyBar
from screens.visitor.ask_number import AskNumber
from screens.visitor.checklist import ChecklistScreen
from screens.widgets.line_list import LineList, checklist_lines
from screens.words import TRADITIONAL_OFFER

MakeApp = Callable[..., KioskApp]
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def offer_shown(screen: Screen[object]) -> bool:
    offers = screen.query("#traditional-offer")
    return bool(offers) and offers.first().display and TRADITIONAL_OFFER in shown(screen)


# -- Traditional Chinese offered ---------------------------------------------------------------


@pytest.mark.parametrize("identity_key", ["2", "3"], ids=["hong_kong_or_macao", "taiwan"])
async def test_every_screen_after_a_hong_kong_macao_or_taiwan_identity_offers_traditional_chinese(
    identity_key: str, make_app: MakeApp
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1")
        assert not offer_shown(app.screen)  # not before the visitor says who they are
        for keys in ([identity_key], ["3", "0", "enter"], ["1"], ["enter"]):
            await press(pilot, *keys)
            assert offer_shown(app.screen), type(app.screen).__name__
        assert isinstance(app.screen, ChecklistScreen)


async def test_the_offer_is_one_key_away_and_goes_once_taken(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "2")
        await press(pilot, "f3")
        assert app.visit.lang == "zh_hant"
        assert "申請人多少週歲" in shown(app.screen) or "申請人多少周歲" in shown(app.screen)
        assert not offer_shown(app.screen)
        await press(pilot, "f3")  # back to Simplified: the offer is there again
        assert offer_shown(app.screen)


async def test_clicking_the_offer_switches_to_traditional_chinese(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "3")
        await pilot.click("#traditional-offer")
        await pilot.pause()
        assert app.visit.lang == "zh_hant"


async def test_an_english_visitor_from_hong_kong_is_offered_it_too(make_app: MakeApp) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "2")
        assert offer_shown(app.screen)


@pytest.mark.parametrize("identity_key", ["1", "4"], ids=["mainland", "foreign"])
async def test_other_visitors_are_not_offered_it(identity_key: str, make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", identity_key, "3", "0", "enter")
        assert not offer_shown(app.screen)


async def test_changing_the_answer_or_starting_again_withdraws_the_offer(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "2")
        assert isinstance(app.screen, AskNumber) and offer_shown(app.screen)
        await press(pilot, "escape", "1")  # back to "who is the card for?": a mainland resident after all
        assert isinstance(app.screen, AskNumber) and not offer_shown(app.screen)
        await press(pilot, "escape", "3")
        assert offer_shown(app.screen)
        await press(pilot, "f5")
        assert not offer_shown(app.screen)


# -- English complete --------------------------------------------------------------------------


def test_every_english_checklist_line_slip_and_qr_text_is_english(guide: Guide) -> None:
    for procedure in guide.procedures:
        for answers in paths(procedure):
            checklist = build_checklist(guide, procedure, dict(answers))
            texts = [line.text for line in checklist_lines(checklist, guide, "en")]
            texts += compact_variants(checklist, guide, "en", "K7M-Q4X")
            texts += compact_variants(checklist, guide, "en", None)
            texts.append(render_slip(checklist, guide, "en", None, datetime(2026, 3, 5, 9, 30)))
            left = [text for text in texts if CHINESE.search(text)]
            assert left == [], (procedure.id, answers)


def visible_texts(screen: Screen[object]) -> dict[str, str]:
    """Each visible widget's text by its id (or type), for widgets a visitor reads."""
    texts: dict[str, str] = {}
    for n, widget in enumerate(screen.query("*")):
        if not all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget)):
            continue
        key = widget.id or f"{type(widget).__name__}-{n}"
        if isinstance(widget, Button):
            texts[key] = widget.label.plain
        elif isinstance(widget, KeyBar):
            texts.update({bar_key.id: bar_key.label for bar_key in widget.keys})
        elif isinstance(widget, LineList):
            texts[key] = "\n".join(drawn_lines(widget))
        elif isinstance(widget, Static):
            texts[key] = str(getattr(widget.visual, "plain", ""))
        elif isinstance(widget, OptionList):
            texts[key] = "\n".join(str(getattr(o.prompt, "plain", o.prompt)) for o in widget.options)
    return texts


# On an English screen these are Chinese on purpose: the way back to Chinese, and the offer of it.
CHINESE_ON_PURPOSE = {"key-language", "key-script", "traditional-offer", "big-code", "qr"}
# The welcome screen greets in both languages.
WELCOME_IN_BOTH = {"title-other", "lead-other", "start"}


@pytest.mark.parametrize(
    "keys",
    [
        ["enter", "1", "2", "a", "enter"],  # a bad age: the message that says what to type instead
        ["enter", "1", "2", "3", "0", "enter", "1", "enter", "f9"],  # the checklist, printing failed
        ["enter", "1", "2", "3", "0", "enter", "1", "enter", "f8"],  # the QR code view
        ["enter", "5", "3", "enter"],  # blocked
        ["enter", "9"],  # information: a checklist with no questions
    ],
    ids=["bad_age", "checklist", "qr_code", "blocked", "information"],
)
async def test_english_screens_show_no_chinese_but_the_way_back_to_it(keys: list[str], guide: Guide) -> None:
    app = KioskApp(guide, open_store=FakeStore, lang="en", printer_command="false")
    async with app.run_test(size=(100, 30)) as pilot:
        seen: dict[str, str] = {}
        for key in keys:
            await press(pilot, key)
            if key == "f9":
                await finish_printing(pilot)
            seen.update({f"{type(app.screen).__name__}:{k}": v for k, v in visible_texts(app.screen).items()})
    chinese = {
        where: text
        for where, text in seen.items()
        if CHINESE.search(text) and where.split(":")[1] not in CHINESE_ON_PURPOSE | WELCOME_IN_BOTH
    }
    assert chinese == {}


# -- colour is never the only signal -----------------------------------------------------------


SIGNS = (*MARKS.values(), "⚠", "✔")


async def test_every_warning_blocker_and_problem_carries_a_symbol(guide: Guide) -> None:
    app = KioskApp(guide, open_store=lambda: FakeStore(fail="disk_full"), printer_command="false")
    marked: dict[str, list[str]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        stops = [["enter", "1", "1", "a", "enter"], ["backspace", "1", "2", "enter", "2", "enter", "f9"], ["f8"]]
        stops += [["escape", "f5", "enter", "5", "3", "enter"]]
        for keys in stops:
            await press(pilot, *keys)
            await finish_printing(pilot)
            for widget in app.screen.query(".warning, .blocker, .problem, .-print-failed"):
                marked.setdefault(type(app.screen).__name__, []).append(str(getattr(widget.visual, "plain", "")))
            for line_list in app.screen.query(LineList):  # the checklist's lines, drawn by one widget
                for line in line_list.checklist_lines:
                    if {"warning", "blocker"} & set(line.kind.split()):  # a blocker, or its heading
                        marked.setdefault(type(app.screen).__name__, []).append(f"{line.marker} {line.text}")
            for notice in app.screen.query("#save-problem, #qr-too-small").results(Static):
                if notice.display:
                    marked.setdefault(type(app.screen).__name__, []).append(str(notice.visual.plain))  # type: ignore[attr-defined]
    assert set(marked) == {"AskNumber", "ChecklistScreen", "QrView", "Blocked"}
    unmarked = [text for texts in marked.values() for text in texts if text and not text.lstrip().startswith(SIGNS)]
    assert unmarked == []
    # a bad age; printing failed, two warnings, not saved; no code fits; the blocker
    assert [len(marked[screen]) for screen in ("AskNumber", "ChecklistScreen", "QrView", "Blocked")] == [1, 4, 1, 1]
