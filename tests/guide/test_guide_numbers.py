"""Reading a typed number for any number question (its own range), and the age bands the paths walk through.

The age question itself is covered in test_age_property.py; here the range comes from the question.
"""

from __future__ import annotations

import pytest
from guide_cases import procedure
from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.guide.engine import AnswerError, number_values, parse_number
from kiosk.guide.model import Question, Text

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SPACES = st.text(alphabet=" \t\u3000\u00a0", max_size=3)
HOURS = Question(id="hours", kind="number", text=Text(zh="几小时？", en="How many hours?"), minimum=5, maximum=20)


@given(st.text(max_size=30))
@example("５")
@example("\x00")
@example("1" * 10_000)
@example("２1")
def test_any_text_is_a_number_in_range_or_an_answer_error(raw: str) -> None:
    try:
        value = parse_number(HOURS, raw)
    except AnswerError as err:
        assert err.message.en == "Please type a number from 5 to 20, for example 5"
        assert err.message.zh == "请只输入数字（5到20），例如：5"
    else:
        assert 5 <= value <= 20 and type(value) is int


@given(st.integers(min_value=5, max_value=20), st.booleans(), SPACES, SPACES)
@example(20, True, "\u3000", "\u3000")
def test_ascii_or_full_width_digits_with_spaces_around_read_as_the_number(
    number: int, full_width: bool, before: str, after: str
) -> None:
    digits = str(number).translate(FULL_WIDTH) if full_width else str(number)
    assert parse_number(HOURS, before + digits + after) == number


@pytest.mark.parametrize("typed", ["4", "21", "-5", "+5", "5.0", "1 5", "五"])
def test_outside_the_question_s_own_range_or_not_plain_digits_is_refused(typed: str) -> None:
    with pytest.raises(AnswerError):
        parse_number(HOURS, typed)


def test_the_paths_walk_one_age_per_band_the_guide_tells_apart() -> None:
    """0-6 (no photo), 7-15 (photo, household register), 16-17 (minor), 18+ (who applies)."""
    first = procedure("first_application")
    age = first.question("age")
    assert age is not None
    assert number_values(first, age) == (0, 7, 16, 18)
