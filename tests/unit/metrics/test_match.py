from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tunecheck.metrics import exact_match_score, get_metric, normalize_answer, token_f1_score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  The Eiffel-Tower!  ", "eiffeltower"),
        ("An apple a day", "apple day"),
        ("THEORY of the\tthings", "theory of things"),
        ("", ""),
        ("...", ""),
    ],
)
def test_normalize_answer(text: str, expected: str) -> None:
    assert normalize_answer(text) == expected


def test_exact_match_ignores_case_punctuation_articles_and_spacing() -> None:
    assert exact_match_score("The  Beatles.", "beatles") == 1.0
    assert exact_match_score("Beatles band", "beatles") == 0.0


def test_exact_match_takes_any_reference() -> None:
    assert exact_match_score("Paris", ["London", "paris"]) == 1.0
    assert exact_match_score("Rome", ["London", "paris"]) == 0.0


def test_token_f1_hand_computed() -> None:
    # pred tokens: big red dog (3); ref tokens: red dog barked loudly (4); overlap 2
    # precision 2/3, recall 2/4 -> F1 = 2 * (2/3 * 1/2) / (2/3 + 1/2) = 4/7
    assert token_f1_score("the big red dog", "a red dog barked loudly") == pytest.approx(4 / 7)


def test_token_f1_counts_repeated_tokens_as_bags() -> None:
    # pred: a? no - tokens "dog dog dog" vs "dog": overlap 1, p = 1/3, r = 1 -> 0.5
    assert token_f1_score("dog dog dog", "dog") == pytest.approx(0.5)


def test_token_f1_best_reference_and_empty_cases() -> None:
    assert token_f1_score("red dog", ["cat", "red dog"]) == 1.0
    assert token_f1_score("", "the") == 1.0  # both normalise to no tokens
    assert token_f1_score("", "dog") == 0.0
    assert token_f1_score("dog", "") == 0.0


def test_metric_objects_and_statistics() -> None:
    em = get_metric("exact_match")
    assert em.binary and em.higher_is_better
    stats = em.statistics(["a cat", "dog"], ["cat", "cat"])
    assert stats.tolist() == [[1.0, 1.0], [0.0, 1.0]]
    assert em.compute(["a cat", "dog"], ["cat", "cat"]) == 0.5
    f1 = get_metric("token_f1")
    assert not f1.binary
    assert f1.per_sample(["red dog"], [["blue cat", "red"]]).tolist() == pytest.approx([2 / 3])


_words = st.lists(st.sampled_from(["the", "cat", "dog", "red", "a", "Big", "dog."]), max_size=6)


@given(pred=_words, ref=_words)
def test_token_f1_properties(pred: list[str], ref: list[str]) -> None:
    p, r = " ".join(pred), " ".join(ref)
    score = token_f1_score(p, r)
    assert 0.0 <= score <= 1.0
    assert score == pytest.approx(token_f1_score(r, p))
    if exact_match_score(p, r) == 1.0:
        assert score == 1.0
