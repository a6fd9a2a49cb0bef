"""The QR code on the checklist screen: drawn in half blocks, read back by a QR decoder as the checklist."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
import zxingcpp
from guide_helpers import default_guide

from kiosk.guide.engine import build_checklist, paths
from kiosk.guide.model import AnswerValue, Checklist
from kiosk.guide.slip import compact_variants, render_compact
from kiosk.qr import QR_BACKGROUND, QR_FOREGROUND, QUIET_ZONE, fitting, qr_lines, qr_size

GUIDE = default_guide()
LANGS = ("zh", "en", "zh_hant")
PIXELS_PER_MODULE = 6


def checklist(procedure: str, **answers: AnswerValue) -> Checklist:
    proc = GUIDE.procedure(procedure)
    assert proc is not None
    return build_checklist(GUIDE, proc, answers)


def modules(lines: list[str]) -> npt.NDArray[np.bool_]:
    """The module matrix drawn by `lines` (True is dark): each character is a top and a bottom module."""
    top = {"█": True, "▀": True, "▄": False, " ": False}
    bottom = {"█": True, "▀": False, "▄": True, " ": False}
    rows: list[list[bool]] = []
    for line in lines:
        rows.append([top[char] for char in line])
        rows.append([bottom[char] for char in line])
    return np.array(rows, dtype=np.bool_)


def photograph(lines: list[str], surroundings: int) -> npt.NDArray[np.uint8]:
    """The code as a phone sees it: dark modules black on white, inside a screen of `surroundings` grey."""
    image = np.where(modules(lines), 0, 255).astype(np.uint8)
    image = np.kron(image, np.ones((PIXELS_PER_MODULE, PIXELS_PER_MODULE), dtype=np.uint8))
    margin = 10 * PIXELS_PER_MODULE
    return np.pad(image, margin, constant_values=surroundings)


def decode(lines: list[str], surroundings: int = 255) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(photograph(lines, surroundings))]


@pytest.mark.parametrize("lang", LANGS)
def test_the_qr_code_reads_back_as_the_checklist(lang: str) -> None:
    text = render_compact(
        checklist("first_application", identity="mainland", age=12, channel="instant_outlet"), GUIDE, lang, "K7M-Q4X"
    )
    assert decode(qr_lines(text)) == [text]


@pytest.mark.parametrize("lang", LANGS)
def test_the_largest_qr_code_reads_back_on_a_dark_screen(lang: str) -> None:
    every = [build_checklist(GUIDE, p, dict(a)) for p in GUIDE.procedures for a in paths(p)]
    text = max((render_compact(c, GUIDE, lang, "K7M-Q4X") for c in every), key=lambda t: len(t.encode()))
    lines = qr_lines(text)
    assert len(lines[0]) <= 93
    assert len(lines) <= 47
    assert decode(lines, surroundings=0) == [text]


def test_the_full_checklist_reads_back_too() -> None:
    text = compact_variants(checklist("cancellation", reason="death", who="guardian"), GUIDE, "zh_hant", "K7M-Q4X")[0]
    assert decode(qr_lines(text)) == [text]


def test_the_code_is_drawn_with_half_blocks_and_a_quiet_zone() -> None:
    lines = qr_lines("12333")
    # Version 1 is 21 modules; 2 of quiet zone on each side, and a light half row to make 26 rows even.
    assert (len(lines), {len(line) for line in lines}) == (13, {25})
    assert set("".join(lines)) == {"█", "▀", "▄", " "}
    assert lines[0] == " " * 25
    assert lines[-1] == " " * 25
    assert all(line[:QUIET_ZONE] == "  " and line[-QUIET_ZONE:] == "  " for line in lines)
    # The finder patterns in the top corners (7 x 7 modules: rows 2-8 of the drawing).
    assert [line[2:9] for line in lines[1:5]] == ["█▀▀▀▀▀█", "█ ███ █", "█ ▀▀▀ █", "▀▀▀▀▀▀▀"]
    assert [line[16:23] for line in lines[1:5]] == ["█▀▀▀▀▀█", "█ ███ █", "█ ▀▀▀ █", "▀▀▀▀▀▀▀"]
    assert decode(lines) == ["12333"]


def test_a_wider_quiet_zone() -> None:
    lines = qr_lines("12333", border=4)
    assert (len(lines), len(lines[0])) == (15, 29)
    assert lines[:2] == [" " * 29, " " * 29]
    assert decode(lines) == ["12333"]


def test_size_is_that_of_the_drawing() -> None:
    for text in ("12333", "个人首次申领社保卡 — 办事清单\n清单查询码：K7M-Q4X", "x" * 500):
        lines = qr_lines(text)
        assert qr_size(text) == (len(lines[0]), len(lines))


@pytest.mark.parametrize("lang", LANGS)
def test_size_is_that_of_the_drawing_for_every_variant_of_a_checklist(lang: str) -> None:
    """qr_size fixes the mask (qr_lines lets segno choose the best one): the sizes are still the drawing's."""
    first = checklist("first_application", identity="mainland", age=12, channel="instant_outlet")
    variants = compact_variants(first, GUIDE, lang, "K7M-Q4X")
    assert len({qr_size(text) for text in variants}) > 2  # variants of several sizes
    for text in variants:
        lines = qr_lines(text)
        assert qr_size(text) == (len(lines[0]), len(lines))


def test_fit_picks_the_fullest_text_that_fits_the_screen() -> None:
    variants = compact_variants(checklist("report_loss", loss_kind="temporary"), GUIDE, "zh", "K7M-Q4X")
    sizes = [qr_size(v) for v in variants]
    assert sizes == [(89, 45), (89, 45), (81, 41), (73, 37), (65, 33), (61, 31)]
    assert fitting(sizes, 200, 100) == 0
    assert fitting(sizes, 84, 50) == 2
    assert fitting(sizes, 80, 33) == 4
    assert fitting(sizes, 80, 24) == -1


def test_the_code_is_dark_on_light() -> None:
    assert (QR_FOREGROUND, QR_BACKGROUND) == ("#000000", "#ffffff")
