"""The suite's shared CSS parse (tests/css_helpers) gives each App the rules its own parse would, and parses
again whatever differs: the text, the variables, or CSS with a mistake in it."""

from __future__ import annotations

import inspect

import css_helpers
import pytest
from textual.css.stylesheet import Stylesheet, StylesheetParseError

CSS = "Label { color: $accent; padding: 1 2; }"


def rules_of(css: str, variables: dict[str, str]) -> list[object]:
    stylesheet = Stylesheet(variables=variables)
    stylesheet.add_source(css, read_from=("test", "CSS"))
    stylesheet.parse()
    return stylesheet.rules


def test_textual_still_parses_with_the_arguments_the_cache_passes_on() -> None:
    assert list(inspect.signature(css_helpers._parse_rules).parameters) == [
        "self",
        "css",
        "read_from",
        "is_default_rules",
        "tie_breaker",
        "scope",
    ]
    assert Stylesheet._parse_rules is css_helpers._shared_parse_rules  # installed by tests/conftest.py


def test_the_same_css_and_variables_share_one_parse_and_a_change_of_either_parses_again() -> None:
    red, blue = {"accent": "red"}, {"accent": "blue"}
    first = rules_of(CSS, red)
    assert rules_of(CSS, dict(red)) == first and rules_of(CSS, dict(red))[0] is first[0]
    other_colour = rules_of(CSS, blue)
    assert other_colour[0] is not first[0]
    assert str(other_colour[0].styles.color) != str(first[0].styles.color)
    assert rules_of(CSS.replace("1 2", "2 1"), red)[0] is not first[0]


def test_css_with_a_mistake_still_fails_every_time() -> None:
    for _ in range(2):
        with pytest.raises(StylesheetParseError):
            rules_of("Label { colour: red; }", {})
