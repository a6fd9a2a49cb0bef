"""The age a visitor types: any text gets either a number 0-150 or a message with an example, never a crash."""

from __future__ import annotations

import pytest
from guide_helpers import default_guide
from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.guide.engine import AnswerError, parse_number
from kiosk.guide.model import Question

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SPACES = st.text(alphabet=" \t\u3000", max_size=3)


def age_question() -> Question:
    procedure = default_guide().procedure("first_application")
    assert procedure is not None
    question = procedure.question("age")
    assert question is not None
    return question


AGE = age_question()


def assert_says_what_to_type(err: AnswerError) -> None:
    assert AGE.example == 35
    assert "例如" in err.message.zh
    assert "35" in err.message.zh
    assert "0" in err.message.zh and "150" in err.message.zh
    assert "for example 35" in err.message.en
    assert "from 0 to 150" in err.message.en


def test_the_age_question_is_0_to_150_with_an_example() -> None:
    assert (AGE.kind, AGE.minimum, AGE.maximum, AGE.example) == ("number", 0, 150, 35)


@given(st.text(alphabet=st.characters(codec=None), max_size=40))
@example("")
@example("\u3000")
@example("１２ ３")
@example("-1")
@example("+5")
@example("1e2")
@example("٣٥")  # Arabic-Indic digits are digits to Python's int(), not to the visitor's keyboard
@example("³⁵")
@example("\ud800")
@example("9" * 5000)
def test_any_text_is_an_age_or_a_message(raw: str) -> None:
    try:
        value = parse_number(AGE, raw)
    except AnswerError as err:
        assert_says_what_to_type(err)
    else:
        assert 0 <= value <= 150
        assert type(value) is int


@given(
    st.integers(min_value=0, max_value=150),
    st.booleans(),
    SPACES,
    SPACES,
)
@example(0, False, "", "")
@example(150, True, "\u3000", "\u3000")
@example(35, False, "\t", " ")
def test_an_age_in_ascii_or_full_width_digits_reads_as_itself(
    age: int, full_width: bool, before: str, after: str
) -> None:
    digits = str(age).translate(FULL_WIDTH) if full_width else str(age)
    assert parse_number(AGE, before + digits + after) == age


@given(st.integers(min_value=0, max_value=150), st.integers(min_value=0, max_value=3))
def test_leading_zeros_do_not_change_the_age(age: int, zeros: int) -> None:
    assert parse_number(AGE, "0" * zeros + str(age)) == age


@given(st.one_of(st.integers(max_value=-1), st.integers(min_value=151)), st.booleans())
@example(151, False)
@example(-1, False)
@example(1000, True)
def test_an_age_out_of_range_gets_a_message_with_an_example(age: int, full_width: bool) -> None:
    text = str(age).translate(FULL_WIDTH) if full_width else str(age)
    with pytest.raises(AnswerError) as caught:
        parse_number(AGE, text)
    assert_says_what_to_type(caught.value)


@given(
    st.text(
        alphabet=st.characters(codec=None).filter(lambda ch: not ("0" <= ch <= "9" or "０" <= ch <= "９")),
        min_size=1,
        max_size=10,
    ).filter(lambda s: s.strip() != ""),
    st.integers(min_value=0, max_value=150),
)
@example("岁", 35)
@example("years", 12)
@example("一", 1)
def test_a_non_digit_beside_the_number_gets_a_message_with_an_example(junk: str, age: int) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_number(AGE, f"{age}{junk}")
    assert_says_what_to_type(caught.value)
