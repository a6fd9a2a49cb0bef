"""Contrast: every text/background pair the kiosk uses, in each theme, against WCAG's ratios.

Two views of the same promise. The style sheets: every colour named in a `.tcss` file under screens/
is a theme variable (so a theme is the single source of colour), and each rule's text colour on its
background meets the theme's minimum. The screens as drawn: every character a visitor can see, on
every screen of a walk, in each theme, with its actual foreground and background.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FakeStore
from test_takeaway import finish_printing
from textual.app import App
from textual.color import Color
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from wizard_helpers import press

from kiosk.app import KioskApp
from kiosk.guide.model import Guide
from kiosk.qr import QR_BACKGROUND, QR_FOREGROUND
from screens.themes import DEFAULT, HIGH_CONTRAST, KIOSK_THEMES, THEME_NAMES

SCREENS_DIR = Path(__file__).resolve().parents[2] / "screens"
# The promise (screens/themes.py): WCAG AA (4.5:1) in the everyday theme, AAA (7:1) in the high-contrast one.
MINIMUM_CONTRAST = {DEFAULT: 4.5, HIGH_CONTRAST: 7.0}
THEMES = (DEFAULT, HIGH_CONTRAST)
# Border and scrollbar strokes are lines, not text (WCAG asks 3:1 of them, not 4.5:1).
LINE_GLYPHS = {chr(c) for c in range(0x2500, 0x2580)} | set("▁▔▊▎▏▕▐▌")


def relative_luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast_ratio(a: Color, b: Color) -> float:
    """WCAG 2 contrast ratio, from 1 (same) to 21 (black on white)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio(Color.parse("#000000"), Color.parse("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(Color.parse("#777777"), Color.parse("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(Color.parse("#595959"), Color.parse("#ffffff")) == pytest.approx(7.0, abs=0.01)


# -- the style sheets --------------------------------------------------------------------------


def theme_variables(theme: str) -> dict[str, str]:
    app = App[None]()
    for kiosk_theme in KIOSK_THEMES:
        app.register_theme(kiosk_theme)
    app.theme = THEME_NAMES[theme]
    return app.get_css_variables()


def declarations(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) for each rule of a .tcss file, nested rules included."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    stack: list[tuple[str, dict[str, str]]] = []
    buffer = ""
    for char in text:
        if char == "{":
            stack.append((buffer.strip(), {}))
            buffer = ""
        elif char == "}":
            for declaration in buffer.split(";"):
                if ":" in declaration:
                    name, value = declaration.split(":", 1)
                    stack[-1][1][name.strip()] = value.replace("!important", "").strip()
            buffer = ""
            yield stack.pop()
        elif char == ";" and stack and ":" in buffer and "{" not in buffer:
            name, value = buffer.split(":", 1)
            stack[-1][1][name.strip()] = value.replace("!important", "").strip()
            buffer = ""
        else:
            buffer += char


def resolve(value: str, variables: dict[str, str], under: Color) -> Color:
    """A .tcss colour value (`$name`, `$name 80%`, `#hex`, `auto 87%`) as drawn over `under`."""
    name, _, alpha = value.partition(" ")
    if name.startswith("$"):
        return resolve(f"{variables[name[1:]]} {alpha}".strip(), variables, under)
    color = under.get_contrast_text() if name == "auto" else Color.parse(name)
    if alpha:
        color = color.with_alpha(float(alpha.rstrip("%")) / 100)
    return under.blend(color.with_alpha(1), color.a) if color.a < 1 else color


COLOUR_PROPERTIES = ("color", "background")


def tcss_files() -> list[Path]:
    return sorted(SCREENS_DIR.rglob("*.tcss"))


@pytest.mark.parametrize("path", tcss_files(), ids=lambda p: p.name)
def test_style_sheets_name_colours_only_by_theme_variable(path: Path) -> None:
    literal = [
        f"{selector} {{ {prop}: {value} }}"
        for selector, rules in declarations(path)
        for prop, value in rules.items()
        if (prop in COLOUR_PROPERTIES or prop.startswith("border")) and ("#" in value or "rgb" in value)
    ]
    assert literal == [], "name the colour in screens/themes.py and use its variable"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("path", tcss_files(), ids=lambda p: p.name)
def test_every_text_colour_on_its_background_in_the_style_sheets(path: Path, theme: str) -> None:
    variables = theme_variables(theme)
    page = Color.parse(variables["background"])
    rules = list(declarations(path))
    # A rule without a background is drawn on the page, or inside any box this file gives a background.
    backgrounds = {"$background"} | {r["background"] for _, r in rules if "background" in r}
    too_low = []
    for selector, rule in rules:
        if "color" not in rule and "background" not in rule:
            continue
        for background in [rule["background"]] if "background" in rule else sorted(backgrounds):
            under = resolve(background, variables, page)
            text = resolve(rule.get("color", "$text"), variables, under)
            ratio = contrast_ratio(text, under)
            if ratio < MINIMUM_CONTRAST[theme]:
                too_low.append(f"{selector}: {rule.get('color', '$text')} on {background} is {ratio:.2f}:1")
    assert too_low == []


@pytest.mark.parametrize("theme", THEMES)
def test_theme_text_colours_on_theme_backgrounds(theme: str) -> None:
    variables = theme_variables(theme)
    texts = ["text", "text-muted", "text-primary", "text-secondary", "text-accent", "text-warning", "text-error"]
    texts.append("text-success")
    backgrounds = ["background", "surface", "panel"]
    ratios = {
        (t, b): contrast_ratio(Color.parse(variables[t]), Color.parse(variables[b])) for t in texts for b in backgrounds
    }
    assert {pair: round(r, 2) for pair, r in ratios.items() if r < MINIMUM_CONTRAST[theme]} == {}


def test_the_qr_code_is_black_on_white_in_every_theme() -> None:
    assert contrast_ratio(Color.parse(QR_FOREGROUND), Color.parse(QR_BACKGROUND)) == pytest.approx(21.0)


# -- the screens as drawn ----------------------------------------------------------------------


def drawn_pairs(screen: Screen[object]) -> dict[tuple[Color, Color], str]:
    """(foreground, background) of every visible character on `screen`, with an example of its text."""
    pairs: dict[tuple[Color, Color], str] = {}
    for widget in screen.query("*"):
        if not all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget)):
            continue
        width, height = widget.outer_size
        if not width or not height:
            continue
        for strip in widget.render_lines(Region(0, 0, width, height)):
            for segment in strip:
                style = segment.style
                text = "".join(ch for ch in segment.text if not ch.isspace() and ch not in LINE_GLYPHS)
                if not text or style is None or style.color is None or style.bgcolor is None:
                    continue
                assert not style.dim, f"dim text cannot be checked: {text!r} in {widget!r}"
                fg, bg = (Color.from_rich_color(c) for c in (style.color, style.bgcolor))
                if style.reverse:
                    fg, bg = bg, fg
                pairs.setdefault((fg, bg), f"{type(widget).__name__}#{widget.id}: {text[:30]}")
    return pairs


def low_contrast(screen: Screen[object], theme: str) -> list[str]:
    return [
        f"{where}: {fg.hex} on {bg.hex} is {contrast_ratio(fg, bg):.2f}:1"
        for (fg, bg), where in drawn_pairs(screen).items()
        if contrast_ratio(fg, bg) < MINIMUM_CONTRAST[theme]
    ]


async def walk_and_check(
    app: KioskApp, theme: str, walk: list[list[str]], size: tuple[int, int]
) -> tuple[list[str], list[str]]:
    """Press each group of keys in turn, checking the screen drawn after each: (problems, screens seen)."""
    problems: list[str] = []
    seen: list[str] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for keys in walk:
            await press(pilot, *keys)
            if "f9" in keys:
                await finish_printing(pilot)
            seen.append(type(app.screen).__name__)
            problems += [f"{seen[-1]} after {keys}: {p}" for p in low_contrast(app.screen, theme)]
    return problems, seen


HONG_KONG_ADULT = [["enter"], ["1"], ["2"], ["a", "enter"], ["backspace", "3", "0", "enter"], ["1"], ["enter"]]
TAKE_AWAY = [["f9"], ["f8"], ["escape"]]
BLOCKED = [["f5"], ["enter", "5", "3", "enter"]]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("theme", THEMES)
async def test_every_screen_of_a_walk_is_drawn_with_enough_contrast(theme: str, large: bool, guide: Guide) -> None:
    app = KioskApp(guide, open_store=FakeStore, theme=theme, large=large, printer_command="false")
    problems, seen = await walk_and_check(app, theme, [*HONG_KONG_ADULT, *TAKE_AWAY, *BLOCKED], (80, 24))
    assert problems == []
    every_screen = ["Welcome", "ChooseProcedure", "AskChoice", "AskNumber", "CheckAnswers", "ChecklistScreen"]
    assert set(seen) == {*every_screen, "QrView", "Blocked"}


@pytest.mark.parametrize("theme", THEMES)
async def test_a_checklist_not_saved_and_its_qr_code_have_enough_contrast(theme: str, guide: Guide) -> None:
    app = KioskApp(guide, open_store=lambda: FakeStore(fail="disk_full"), theme=theme, printer_command="true")
    problems, seen = await walk_and_check(app, theme, [*HONG_KONG_ADULT, ["f9"], ["f8"]], (130, 50))
    assert problems == []
    assert seen[-2:] == ["ChecklistScreen", "QrView"]
