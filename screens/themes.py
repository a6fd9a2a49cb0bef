"""The kiosk's two colour themes: the everyday one, and a high-contrast one for visitors who see poorly.

Every colour a screen uses comes from a theme variable (`$text-primary`, `$warning-muted`, ...), so a
theme is the one place a colour is chosen; `tests/screens/test_contrast.py` checks every pair a screen draws:
at least 4.5:1 (WCAG AA) in the default theme and 7:1 (WCAG AAA) in the high-contrast one. The QR
code is the exception: always black on white (`kiosk.qr`), whatever the theme.
"""

from __future__ import annotations

from typing import Final

from textual.theme import Theme

DEFAULT: Final = "default"
HIGH_CONTRAST: Final = "high_contrast"
# The configuration's names ("default", "high_contrast") for the Textual theme names.
THEME_NAMES: Final[dict[str, str]] = {DEFAULT: "kiosk", HIGH_CONTRAST: "kiosk-high-contrast"}

KIOSK = Theme(
    name=THEME_NAMES[DEFAULT],
    primary="#1565c0",  # dark enough for white text on a primary button or the highlighted choice
    secondary="#5c9ad6",
    accent="#ffa62b",
    warning="#ffa62b",
    error="#e05a78",
    success="#2e7d32",
    foreground="#e0e0e0",
    background="#121212",
    surface="#1e1e1e",
    panel="#24282e",
    dark=True,
    variables={
        "text": "#e6e6e6",
        "text-muted": "#a8a8a8",
        "text-disabled": "#9a9a9a",  # an input's placeholder ("for example 35") is read, so it must be legible
        "text-primary": "#7db8f0",
        "text-secondary": "#9cc2e6",
        "text-accent": "#ffc473",
        "text-warning": "#ffc473",
        "text-error": "#f29bae",
        "text-success": "#8fd694",
        "warning-muted": "#4a3410",
        "error-muted": "#4a1e28",
        "success-muted": "#1d3a1f",
        "primary-muted": "#163556",
        "button-color-foreground": "#ffffff",
        "button-foreground": "#e6e6e6",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-background": "#1565c0",
        "block-cursor-blurred-foreground": "#e6e6e6",
        "block-cursor-blurred-background": "#163556",
        "footer-key-foreground": "#ffc473",
    },
)

KIOSK_HIGH_CONTRAST = Theme(
    name=THEME_NAMES[HIGH_CONTRAST],
    primary="#ffff00",  # yellow on black, black on yellow: the lobby's strongest pair after white
    secondary="#ffffff",
    accent="#ffff00",
    warning="#ffd500",
    error="#ff6b6b",
    success="#5cff5c",
    foreground="#ffffff",
    background="#000000",
    surface="#262626",  # buttons and the key bar stand out from the page; white on it is 15:1
    panel="#262626",
    boost="#000000",
    dark=True,
    variables={
        "text": "#ffffff",
        "text-muted": "#ffffff",
        "text-disabled": "#c0c0c0",
        "text-primary": "#ffff00",
        "text-secondary": "#ffffff",
        "text-accent": "#ffff00",
        "text-warning": "#ffd500",
        "text-error": "#ffa0a0",
        "text-success": "#5cff5c",
        "warning-muted": "#000000",
        "error-muted": "#000000",
        "success-muted": "#000000",
        "primary-muted": "#000000",
        "accent-muted": "#000000",
        "border": "#ffff00",
        "border-blurred": "#ffffff",
        "button-color-foreground": "#000000",
        "button-foreground": "#ffffff",
        "button-focus-text-style": "bold reverse",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#ffffff",
        "block-cursor-blurred-background": "#3a3a3a",
        "input-cursor-foreground": "#000000",
        "input-cursor-background": "#ffff00",
        "footer-key-foreground": "#ffff00",
        "scrollbar": "#ffffff",
        "scrollbar-hover": "#ffff00",
        "scrollbar-active": "#ffff00",
        "scrollbar-background": "#000000",
    },
)

KIOSK_THEMES: Final = (KIOSK, KIOSK_HIGH_CONTRAST)
