"""One parse of each stylesheet per test worker, not one per App.

Every Pilot test starts a new App, and each App parses the same Textual CSS again: the widgets' default CSS
and the kiosk's own, once at start and again whenever the theme's variables change (a new `Stylesheet`
each time, whose own parse cache starts empty). In `tests/screens/test_wizard.py` that was 3.4 of its
18 CPU-seconds; with this cache, 0.1.

A parse is a pure function of the CSS text, where it was read from, its place in the cascade and the
variables it is parsed with, so `install()` keeps its rules per worker under exactly that key. Textual
already shares one parse's rules between every `parse()` of a stylesheet, so its rules are read, never
changed. CSS that fails to parse raises as before and is not kept. It wraps one private method,
`Stylesheet._parse_rules`; `tests/screens/test_css_helpers.py` checks that it still has the arguments this
passes on."""

from __future__ import annotations

from typing import Any

from textual.css.stylesheet import Stylesheet

_parsed: dict[tuple[Any, ...], Any] = {}
_parse_rules = Stylesheet._parse_rules
_last_variables: tuple[dict[str, str], tuple[tuple[str, str], ...]] = ({}, ())  # a dict and its sorted items


def _variables_key(variables: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The variables as a key, sorted once while they stay the same (an App parses many sources with them)."""
    global _last_variables
    if _last_variables[0] != variables:  # compared with a copy: a dict changed in place is seen
        _last_variables = (dict(variables), tuple(sorted(variables.items())))
    return _last_variables[1]


def _shared_parse_rules(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> Any:
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key(self._variables))
    rules = _parsed.get(key)
    if rules is None:
        rules = _parsed[key] = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    return rules


def install() -> None:
    Stylesheet._parse_rules = _shared_parse_rules  # type: ignore[method-assign]
