"""At the counter, an opened checklist is taken away as in the lobby: the same slip printed by
`printer_command`, and the QR code, in the language staff choose for the visitor (first the visitor's own)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from lobby_helpers import Clock as LobbyClock
from staff_helpers import press_for_next_screen, staff_app, type_pin
from store_helpers import Clock, utc
from test_qr import decode
from test_staff import ANSWERS, open_code, save
from test_takeaway import drawn_lines, fake_printer, finish_printing
from wizard_helpers import press, shown

from kiosk.guide.engine import build_checklist
from kiosk.guide.model import Checklist, Guide, Note, Text
from kiosk.guide.slip import compact_variants, render_slip
from kiosk.printer import PRINT_FAILED, PRINTED
from screens.staff.saved_checklist import SavedChecklistScreen
from screens.visitor.qr_view import QrCode, QrView
from store import Store

PRINTED_AT = datetime(2026, 3, 7, 10, 0)  # staff_app's wall clock


@pytest.fixture
def clock() -> LobbyClock:
    return LobbyClock()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "kiosk.db", now=Clock(utc(2026, 3, 5, 1, 30)))


@pytest.fixture
def today(guide: Guide) -> Checklist:
    procedure = guide.procedure("first_application")
    assert procedure is not None
    return build_checklist(guide, procedure, dict(ANSWERS))


@pytest.mark.parametrize(("visitor", "presses_of_l"), [("en", 0), ("zh_hant", 1), ("zh", 2), ("en", 3)])
async def test_f9_prints_the_lobbys_slip_in_the_language_chosen_for_the_visitor(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist, visitor: str, presses_of_l: int
) -> None:
    code = save(store, today, version=guide.version, lang="en")  # the visitor used English
    command, received = fake_printer(tmp_path)
    app = staff_app(guide, store, tmp_path, clock, lang="zh", printer_command=command)
    async with app.run_test(size=(100, 40)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        assert isinstance(app.screen, SavedChecklistScreen)
        assert "给访客（二维码、打印单）的语言：\nL  English ▸ 换语言" in shown(app.screen)
        await press(pilot, *["l"] * presses_of_l)
        names = {"zh": "简体中文", "en": "English", "zh_hant": "繁體中文"}
        assert f"L  {names[visitor]} ▸ 换语言" in shown(app.screen)
        await press(pilot, "f9")
        await finish_printing(pilot)
        assert received.read_text(encoding="utf-8") == render_slip(today, guide, visitor, code, PRINTED_AT)
        assert f"✔ {PRINTED.zh}" in shown(app.screen)  # told to the clerk, in the clerk's language
        assert "个人首次申领社保卡 — 办事清单" in shown(app.screen)  # the screen itself stays in the clerk's


async def test_f8_shows_the_lobbys_qr_code_in_the_visitors_language_and_esc_comes_back(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    code = save(store, today, version=guide.version, lang="zh_hant")
    app = staff_app(guide, store, tmp_path, clock, lang="en")
    async with app.run_test(size=(170, 70)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        opened = app.screen
        assert "For the visitor (QR code, slip):\nL  繁體中文 ▸ change" in shown(opened)
        await press(pilot, "f8")
        assert isinstance(app.screen, QrView)
        await pilot.pause()
        expected = compact_variants(today, guide, "zh_hant", code)[0]
        assert decode(drawn_lines(app.screen.query_one(QrCode))) == [expected]
        await press(pilot, "escape")
        assert app.screen is opened
        await pilot.click("#visitor-lang")  # the language button, as a mouse would
        await pilot.pause()
        assert opened.for_visitor == "zh"
        await pilot.click("#qr-code")
        await pilot.pause()
        assert isinstance(app.screen, QrView)
        expected = compact_variants(today, guide, "zh", code)[0]
        assert decode(drawn_lines(app.screen.query_one(QrCode))) == [expected]


async def test_the_chosen_language_stays_when_the_checklist_is_marked_handled(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    code = save(store, today, version=guide.version, lang="zh")
    command, received = fake_printer(tmp_path)
    app = staff_app(guide, store, tmp_path, clock, lang="en", printer_command=command)
    async with app.run_test(size=(100, 40)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        await press(pilot, "l")
        await press_for_next_screen(app, pilot, "h")
        assert isinstance(app.screen, SavedChecklistScreen)
        assert "Status: handled ✔" in shown(app.screen)
        assert "L  English ▸ change" in shown(app.screen)
        await press(pilot, "f9")
        await finish_printing(pilot)
        assert received.read_text(encoding="utf-8") == render_slip(today, guide, "en", code, PRINTED_AT)


async def test_a_failing_printer_tells_the_clerk_what_the_visitor_can_do_instead(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    code = save(store, today, version=guide.version)
    command, _ = fake_printer(tmp_path, exit_status=1)
    app = staff_app(guide, store, tmp_path, clock, lang="en", printer_command=command)
    async with app.run_test(size=(100, 40)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        await press(pilot, "f9")
        await finish_printing(pilot)
        assert f"⚠ {PRINT_FAILED.en}" in shown(app.screen).replace("\n", " ")


async def test_a_checklist_from_an_older_guide_is_handed_over_as_saved_and_the_clerk_is_told(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    old_rule = Note("warning", Text(zh="旧规定：须带两张照片", en="Old rule: bring two photos"), "二(九)", ())
    older = today._replace(guide_version="0dd0", notes=(*today.notes, old_rule))
    code = save(store, older, version="0dd0")
    command, received = fake_printer(tmp_path)
    app = staff_app(guide, store, tmp_path, clock, lang="en", printer_command=command)
    async with app.run_test(size=(100, 50)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        text = shown(app.screen).replace("\n", " ")
        assert "⚠ The QR code and slip are the checklist as saved, not today's guide's" in text
        await press(pilot, "f9")
        await finish_printing(pilot)
        slip = received.read_text(encoding="utf-8")
        assert slip == render_slip(older, guide, "en", code, PRINTED_AT)
        assert "Old rule: bring two" in slip


async def test_a_checklist_under_todays_guide_has_no_such_warning(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    code = save(store, today, version=guide.version)
    app = staff_app(guide, store, tmp_path, clock, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        assert isinstance(app.screen, SavedChecklistScreen)
        assert not app.screen.query("#takeaway-as-saved")
