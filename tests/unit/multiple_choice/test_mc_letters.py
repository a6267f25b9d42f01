"""Answer-letter extraction for the generative fallback."""

from __future__ import annotations

import pytest

from tunecheck.multiple_choice import extract_letter

OPTIONS = ["Paris", "Berlin", "Madrid", "Rome"]


@pytest.mark.parametrize(("text", "expected"), [
    ("C", 2),
    ("C.", 2),
    ("(B)", 1),
    ("D) Rome", 3),
    ("**B**", 1),
    ("The answer is C.", 2),
    ("Answer: (D)", 3),
    ("I think the correct option is B because ...", 1),
    ("Between the two, (A) fits best.", 0),
    ("It is Madrid, of course.", 2),
])
def test_letters_are_read(text: str, expected: int) -> None:
    assert extract_letter(text, OPTIONS) == expected


@pytest.mark.parametrize("text", [
    "A city in Europe.",            # the article, not option A
    "The answer is a capital city.",  # lower-case 'a' is a word
    "Paris or Berlin, hard to say.",  # two options named
    "",
    "E",                            # not among four options
])
def test_no_answer_is_none(text: str) -> None:
    assert extract_letter(text, OPTIONS) is None


def test_stated_answer_wins_over_an_opening_letter() -> None:
    assert extract_letter("A good question. The answer is D.", OPTIONS) == 3
