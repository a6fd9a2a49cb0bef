"""A list of choices numbered 1-9: picked with a number key, the arrow keys and Enter, or a click."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from screens.wrap import Paragraph

NUMBER_KEYS = "123456789"


def choice_prompt(number: int, label: str, detail: str = "") -> Paragraph:
    """A choice as its number, its label in bold and an optional second line, wrapped under the label."""
    prefix = f"{number}  " if number <= len(NUMBER_KEYS) else "   "
    spans: list[str | tuple[str, str]] = [(label, "bold")]
    if detail:
        spans += ["\n", detail]
    return Paragraph(*spans, prefix=prefix, prefix_style="bold")


class NumberedChoices(OptionList):
    """Options whose ids are the values a screen returns; `highlighted` starts on the earlier choice."""

    def __init__(self, choices: Sequence[tuple[str, Paragraph]], *, selected: str | None, id: str) -> None:
        super().__init__(*(Option(prompt, id=value) for value, prompt in choices), id=id)
        ids = [value for value, _ in choices]
        self.initial = ids.index(selected) if selected in ids else 0

    def on_mount(self) -> None:
        if self.option_count:
            self.highlighted = self.initial

    def value_at(self, number: int) -> str | None:
        """The value of choice `number` (1-based), or None if there is no such choice."""
        if 1 <= number <= self.option_count:
            return self.get_option_at_index(number - 1).id
        return None
