"""A list of choices numbered 1-9: picked with a number key, the arrow keys and Enter, or a click; and the
screens it answers (every screen of numbered choices: the visitor's, staff's and the staff menu)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar, cast

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from screens.guard import on
from screens.kiosk_screen import KioskScreen
from screens.widgets.wrap import Paragraph

NUMBER_KEYS = "123456789"
ResultT = TypeVar("ResultT")


def choice_prompt(number: int, label: str, detail: str = "") -> Paragraph:
    """A choice as its number, its label in bold and an optional second line, wrapped under the label."""
    prefix = f"{number}  " if number <= len(NUMBER_KEYS) else "   "
    spans: list[str | tuple[str, str]] = [(label, "bold")]
    if detail:
        spans += ["\n", detail]
    return Paragraph(*spans, prefix=prefix, prefix_style="bold")


def with_blank_lines(prompt: Paragraph, lines: int) -> Paragraph:
    """`prompt` with `lines` blank lines under it: a taller target, further from the next choice."""
    if not lines:
        return prompt
    spaced = Paragraph(prefix=prompt.prefix, prefix_style=prompt.prefix_style)
    spaced.content = prompt.content + Content("\n" * lines)
    return spaced


class NumberedChoices(OptionList):
    """Options whose ids are the values a screen returns; `highlighted` starts on the earlier choice.

    The large layout asks for blank lines under each choice by the `height` of `numbered-choices--gap`
    (an option list's own padding cannot add lines).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {*OptionList.COMPONENT_CLASSES, "numbered-choices--gap"}
    DEFAULT_CSS = "NumberedChoices > .numbered-choices--gap { height: 0; }"

    def __init__(self, choices: Sequence[tuple[str, Paragraph]], *, selected: str | None, id: str) -> None:
        self.choices = list(choices)
        self.gap = 0
        super().__init__(*self.spaced_options(), id=id)
        ids = [value for value, _ in choices]
        self.initial = ids.index(selected) if selected in ids else 0

    def spaced_options(self) -> list[Option]:
        return [Option(with_blank_lines(prompt, self.gap), id=value) for value, prompt in self.choices]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self.call_after_refresh(self.apply_gap)  # its components' styles are updated after this call

    def on_mount(self) -> None:
        if self.option_count:
            self.highlighted = self.initial
        self.apply_gap()

    def apply_gap(self) -> None:
        """Show the blank lines the layout asks for under each choice, keeping the highlighted one."""
        try:
            height = self.get_component_styles("numbered-choices--gap").height
        except KeyError:  # not styled yet: the style update that styles it calls again
            return
        gap = int(height.value) if height is not None else 0
        if gap != self.gap:
            self.gap = gap
            highlighted = self.highlighted
            self.set_options(self.spaced_options())
            self.highlighted = highlighted

    def value_at(self, number: int) -> str | None:
        """The value of choice `number` (1-based), or None if there is no such choice."""
        if 1 <= number <= self.option_count:
            return self.get_option_at_index(number - 1).id
        return None


class AnsweredByChoice(Screen[ResultT]):
    """What a screen answered by one of its NumberedChoices does, full screen or modal: a choice's number key,
    or Enter or a click on the choice, dismisses the screen with `answer(the choice's value)`.

    Name it as a screen's second base: Textual takes a screen's CSS (and its type's name in selectors) from the
    first base alone, so `ChoiceScreen(KioskScreen, AnsweredByChoice)` styles as a KioskScreen and the staff
    menu as a ModalScreen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"choose({key})", show=False, id=f"choose-{key}") for key in NUMBER_KEYS
    ]

    def answer(self, value: str) -> ResultT:
        """The screen's result for the chosen option's id: the id itself, unless a screen says otherwise."""
        return cast(ResultT, value)

    def action_choose(self, number: int) -> None:
        value = self.query_one(NumberedChoices).value_at(number)
        if value is not None:
            self.dismiss(self.answer(value))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.answer(event.option.id))


class ChoiceScreen(KioskScreen[ResultT], AnsweredByChoice[ResultT]):
    """A kiosk screen answered by one of its NumberedChoices (see AnsweredByChoice). `highlighted` (the value
    under the cursor) is what a redraw in another language starts on."""

    def __init__(self, lang: str, *, highlighted: str | None = None) -> None:
        super().__init__(lang)
        self.highlighted = highlighted

    @on(OptionList.OptionHighlighted)
    def remember_highlight(self, event: OptionList.OptionHighlighted) -> None:
        self.highlighted = event.option.id
