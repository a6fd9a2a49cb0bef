"""Taking the checklist away: the QR code view read back by a QR decoder, and the printed slip."""

from __future__ import annotations

import stat
from datetime import datetime
from pathlib import Path

import pytest
from conftest import FIXED_CODE, FakeStore
from test_qr import decode
from textual.geometry import Region
from textual.pilot import Pilot
from wizard_helpers import press, shown

from kiosk.app import KioskApp
from kiosk.guide.engine import build_checklist
from kiosk.guide.model import AnswerValue, Checklist, Guide
from kiosk.guide.slip import LABELS, compact_variants, render_slip
from kiosk.printer import PRINT_FAILED, PRINTED
from kiosk.qr import QR_BACKGROUND, QR_FOREGROUND, qr_size
from screens.visitor.checklist import ChecklistScreen
from screens.visitor.qr_view import QrArea, QrCode, QrView

PRINTED_AT = datetime(2026, 3, 5, 9, 30)
ANSWERS: dict[str, AnswerValue] = {"identity": "mainland", "age": 12, "channel": "instant_outlet"}
TO_CHECKLIST = ["enter", "1", "1", "1", "2", "enter", "2", "enter"]  # first application: mainland, 12, instant


def checklist_of(guide: Guide) -> Checklist:
    procedure = guide.procedure("first_application")
    assert procedure is not None
    return build_checklist(guide, procedure, ANSWERS)


def kiosk(guide: Guide, lang: str, *, printer: str = "false", store: FakeStore | None = None) -> KioskApp:
    opened = store or FakeStore()
    return KioskApp(guide, open_store=lambda: opened, lang=lang, printer_command=printer, wall_clock=lambda: PRINTED_AT)


def drawn_lines(code: QrCode) -> list[str]:
    """The QR code as the screen draws it, line by line; each character checked to be dark on light."""
    width, height = code.outer_size
    lines = []
    for strip in code.render_lines(Region(0, 0, width, height)):
        for segment in strip:
            assert segment.style is not None and segment.style.color is not None
            assert (segment.style.color.triplet.hex, segment.style.bgcolor.triplet.hex) == (  # type: ignore[union-attr]
                QR_FOREGROUND,
                QR_BACKGROUND,
            )
        lines.append(strip.text)
    return lines


async def finish_printing(pilot: Pilot[object]) -> None:
    """Wait for the printer command to end and its result to be shown."""
    printing = [worker for worker in pilot.app.workers if worker.group == "print"]
    if printing:  # an empty list would wait for every worker, the never-ending walk included
        await pilot.app.workers.wait_for_complete(printing)
    await pilot.pause()
    await pilot.pause()


# -- the QR code -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en", "zh_hant"])
async def test_the_qr_view_reads_back_as_the_whole_checklist_on_a_large_screen(lang: str, guide: Guide) -> None:
    app = kiosk(guide, lang)
    async with app.run_test(size=(170, 70)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f8")
        assert isinstance(app.screen, QrView)
        expected = compact_variants(checklist_of(guide), guide, lang, FIXED_CODE)[0]
        assert decode(drawn_lines(app.screen.query_one(QrCode))) == [expected]
        assert f"{FIXED_CODE}" in expected
        assert not app.screen.query_one("#qr-note").display  # nothing left out, nothing to say


@pytest.mark.parametrize("lang", ["zh", "en", "zh_hant"])
async def test_a_smaller_window_shows_the_fullest_text_that_fits_and_says_it_is_shorter(
    lang: str, guide: Guide
) -> None:
    app = kiosk(guide, lang)
    async with app.run_test(size=(128, 50)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f8")
        area = app.screen.query_one(QrArea)
        columns, rows = area.content_size
        variants = compact_variants(checklist_of(guide), guide, lang, FIXED_CODE)
        fits = [v for v in variants if qr_size(v)[0] <= columns and qr_size(v)[1] <= rows]
        assert fits and fits[0] != variants[0]
        assert decode(drawn_lines(app.screen.query_one(QrCode))) == [fits[0]]
        assert app.screen.query_one("#qr-note").display


async def test_a_window_too_small_for_any_code_says_so_and_offers_the_slip(guide: Guide) -> None:
    app = kiosk(guide, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f8")
        assert isinstance(app.screen, QrView)
        assert not app.screen.query_one(QrCode).display
        text = shown(app.screen)
        assert "The window is too small for a QR code a phone can read" in text
        assert "Press F9 to print the checklist instead" in text
        assert "F9  Print" in text


async def test_the_code_is_fitted_again_when_the_window_grows(guide: Guide) -> None:
    app = kiosk(guide, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f8")
        assert not app.screen.query_one(QrCode).display
        await pilot.resize_terminal(150, 60)
        await pilot.pause()
        await pilot.pause()
        expected = compact_variants(checklist_of(guide), guide, "zh", FIXED_CODE)[0]
        assert decode(drawn_lines(app.screen.query_one(QrCode))) == [expected]
        assert not app.screen.query_one("#qr-too-small").display


async def test_the_qr_code_follows_the_language_and_esc_goes_back_to_the_checklist(guide: Guide) -> None:
    app = kiosk(guide, "zh")
    async with app.run_test(size=(170, 70)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f8", "f2")
        expected = compact_variants(checklist_of(guide), guide, "en", FIXED_CODE)[0]
        assert decode(drawn_lines(app.screen.query_one(QrCode))) == [expected]
        await press(pilot, "escape")
        assert isinstance(app.screen, ChecklistScreen)
        assert "Pickup code: K7M-Q4X" in shown(app.screen)


async def test_the_qr_button_opens_the_code_too(guide: Guide) -> None:
    app = kiosk(guide, "zh")
    async with app.run_test(size=(170, 70)) as pilot:
        await press(pilot, *TO_CHECKLIST)
        await pilot.click("#qr-code")
        await pilot.pause()
        assert isinstance(app.screen, QrView)


async def test_a_checklist_that_was_not_saved_has_a_qr_code_marked_not_saved(guide: Guide) -> None:
    app = kiosk(guide, "zh", store=FakeStore(fail="disk_full"))
    async with app.run_test(size=(170, 70)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f8")
        expected = compact_variants(checklist_of(guide), guide, "zh", None)[0]
        assert decode(drawn_lines(app.screen.query_one(QrCode))) == [expected]
        assert "取件码：未保存" in expected
        assert "取件码：未保存" in shown(app.screen)


# -- the printed slip --------------------------------------------------------------------------


def fake_printer(tmp_path: Path, *, exit_status: int = 0) -> tuple[str, Path]:
    """A printer command that writes what it is given to a file (then exits with `exit_status`)."""
    received = tmp_path / "printed.txt"
    script = tmp_path / "fake-lp"
    script.write_text(f'#!/bin/sh\ncat > "{received}"\nexit {exit_status}\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script), received


@pytest.mark.parametrize("lang", ["zh", "en", "zh_hant"])
async def test_print_sends_the_exact_slip_to_the_printer_command(lang: str, guide: Guide, tmp_path: Path) -> None:
    command, received = fake_printer(tmp_path)
    app = kiosk(guide, lang, printer=command)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f9")
        await finish_printing(pilot)
        assert received.read_text(encoding="utf-8") == render_slip(
            checklist_of(guide), guide, lang, FIXED_CODE, PRINTED_AT
        )
        assert f"✔ {PRINTED.get(lang)}" in shown(app.screen)


async def test_a_failing_printer_tells_the_visitor_what_to_do_instead(guide: Guide, tmp_path: Path) -> None:
    command, _ = fake_printer(tmp_path, exit_status=1)
    app = kiosk(guide, "en", printer=command)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f9")
        await finish_printing(pilot)
        assert "⚠ Printing failed: photograph the checklist on the screen, or scan the QR code" in shown(app.screen)
        await press(pilot, "f2")  # the message follows the visitor's language
        assert f"⚠ {PRINT_FAILED.zh}" in shown(app.screen)


async def test_a_missing_printer_command_fails_the_same_way(guide: Guide, tmp_path: Path) -> None:
    app = kiosk(guide, "zh", printer=str(tmp_path / "no-such-printer"))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *TO_CHECKLIST)
        await pilot.click("#print")
        await finish_printing(pilot)
        assert f"⚠ {PRINT_FAILED.zh}" in shown(app.screen)


async def test_a_checklist_that_was_not_saved_prints_marked_not_saved(guide: Guide, tmp_path: Path) -> None:
    command, received = fake_printer(tmp_path)
    app = kiosk(guide, "en", printer=command, store=FakeStore(fail="disk_full"))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f9")
        await finish_printing(pilot)
    slip = received.read_text(encoding="utf-8")
    assert slip == render_slip(checklist_of(guide), guide, "en", None, PRINTED_AT)
    assert "Pickup code: not saved" in slip
    assert LABELS["code_help"].en not in slip


async def test_print_from_the_qr_view_when_no_code_fits(guide: Guide, tmp_path: Path) -> None:
    command, received = fake_printer(tmp_path)
    app = kiosk(guide, "zh", printer=command)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f8", "f9")
        await finish_printing(pilot)
        assert isinstance(app.screen, QrView)
        assert f"✔ {PRINTED.zh}" in shown(app.screen)
    assert received.read_text(encoding="utf-8").startswith("个人首次申领社保卡 — 办事清单\n取件码：K7M-Q4X\n")


async def test_a_second_press_while_printing_prints_one_slip(guide: Guide, tmp_path: Path) -> None:
    received, go = tmp_path / "printed.txt", tmp_path / "go"
    script = tmp_path / "slow-lp"  # a printer that takes the slip only when the test says so
    script.write_text(f'#!/bin/sh\nwhile [ ! -e "{go}" ]; do sleep 0.02; done\ncat >> "{received}"\n', encoding="utf-8")
    script.chmod(0o755)
    app = kiosk(guide, "zh", printer=str(script))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f9", "f9")
        assert "正在打印……" in shown(app.screen)
        go.touch()
        await finish_printing(pilot)
    assert received.read_text(encoding="utf-8").count("取件码：K7M-Q4X") == 1
