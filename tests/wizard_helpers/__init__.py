"""Driving the kiosk as a visitor would, and reading back what the screen shows."""

from __future__ import annotations

from textual.app import App
from textual.geometry import Offset
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static

from kiosk.guide.engine import available_options, replay
from kiosk.guide.model import Answers, Guide, Procedure
from screens.kiosk_screen import KeyBar
from screens.widgets.line_list import LineList


def drawn_lines(widget: LineList) -> list[str]:
    """The words of every line `widget` draws (markers included), without the line breaks of wrapping."""
    return [marker + text for _, marker, text in widget.parts()]


def key_offset(bar: KeyBar, key_id: str) -> Offset:
    """The middle of a key's block in the key bar, relative to the bar (for a click)."""
    height = bar.block_height()
    for key, (row, start, end) in zip(bar.keys, bar.blocks(), strict=True):
        if key.id == key_id:
            return Offset((start + end) // 2, row * height + height // 2)
    raise KeyError(key_id)


def _displayed(widget: Widget) -> bool:
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def _plain(renderable: object) -> str:
    plain = getattr(renderable, "plain", None)
    return plain if isinstance(plain, str) else str(renderable)


def shown_text(screen: Screen[object]) -> list[str]:
    """Every piece of text a visitor can see on `screen`: labels, lines, choices, buttons, typed input."""
    texts: list[str] = []
    for widget in screen.query("*"):
        if not _displayed(widget):
            continue
        if isinstance(widget, Button):
            texts.append(widget.label.plain)
        elif isinstance(widget, KeyBar):
            texts.extend(key.label for key in widget.keys)
        elif isinstance(widget, LineList):
            texts.extend(drawn_lines(widget))
        elif isinstance(widget, Static):
            texts.append(_plain(widget.visual))
        elif isinstance(widget, OptionList):
            texts.extend(_plain(option.prompt) for option in widget.options)
        elif isinstance(widget, Input):
            texts.append(widget.value)
    return [text for text in texts if text]


async def click_key(pilot: Pilot[object], key_id: str) -> None:
    """Click a key in the key bar (e.g. "key-language") with the mouse, in the middle of its block."""
    bar = pilot.app.screen.query_one("#key-bar", KeyBar)
    await pilot.click("#key-bar", offset=key_offset(bar, key_id))


def shown(screen: Screen[object]) -> str:
    """All the text of `screen` as one string, for `in` checks."""
    return "\n".join(shown_text(screen))


def keys_for(procedure: Procedure, answers: Answers) -> list[str]:
    """The keys a visitor presses to give `answers`: a choice's number, or the digits and Enter."""
    keys: list[str] = []
    given: dict[str, str | int] = {}
    for question_id, value in answers:
        question = replay(procedure, given).next_question
        assert question is not None and question.id == question_id
        if isinstance(value, int):
            keys += [*str(value), "enter"]
        else:
            ids = [o.id for o in available_options(question, given)]
            keys.append(str(ids.index(value) + 1))
        given[question_id] = value
    return keys


def procedure_key(guide: Guide, procedure_id: str) -> str:
    """The number key of a procedure on the "what have you come to do" screen."""
    return str([p.id for p in guide.procedures].index(procedure_id) + 1)


async def press(pilot: Pilot[object], *keys: str) -> None:
    """Press keys one at a time, letting the walk push its next screen after each.

    Pilot's `press` already waits after each key until the App is idle (twice) and has handled what the key
    queued; one more `pause` after the last key is all the checks that follow need. (A `pause` after every
    key as well doubled the time of a walk and waited for nothing the next key needs.)"""
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


async def wait_for_store(app: App[object]) -> None:
    """Wait until the App's writes to the store (done in threads) have finished."""
    writes = [worker for worker in app.workers if worker.group == "store"]
    if writes:
        await app.workers.wait_for_complete(writes)
