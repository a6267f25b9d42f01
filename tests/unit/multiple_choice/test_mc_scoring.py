"""acc and acc_norm exactly as lm-evaluation-harness computes them."""

from __future__ import annotations

import pytest

from tunecheck.multiple_choice import score_choices


def test_acc_takes_the_highest_log_likelihood() -> None:
    score = score_choices([-3.0, -1.0, -2.0, -5.0], ["A", "B", "C", "D"], gold=1)
    assert (score.pred, score.acc) == (1, 1.0)
    assert score_choices([-3.0, -1.0, -2.0, -5.0], ["A", "B", "C", "D"], gold=2).acc == 0.0


def test_acc_norm_divides_by_the_choice_length_in_characters_without_the_delimiter() -> None:
    # "abcd" (4 chars) at -4.4 -> -1.10 per char; "abcdefghi" (9 chars) at -9.0 -> -1.00 per char.
    # Counting the leading space of the continuation would give -0.88 vs -0.90 and pick the first.
    score = score_choices([-4.4, -9.0], ["abcd", "abcdefghi"], gold=1)
    assert (score.pred, score.acc) == (0, 0.0)
    assert (score.pred_norm, score.acc_norm) == (1, 1.0)


def test_ties_go_to_the_earlier_choice_like_numpy_argmax() -> None:
    score = score_choices([-2.0, -2.0, -3.0], ["x", "y", "z"], gold=1)
    assert score.pred == 0 and score.acc == 0.0
    assert score.pred_norm == 0


def test_an_empty_choice_is_never_picked_by_acc_norm() -> None:
    score = score_choices([-0.5, -3.0], ["", "abc"], gold=1)
    assert score.pred == 0 and score.pred_norm == 1


@pytest.mark.parametrize(("lls", "choices", "gold"), [([-1.0], ["a", "b"], 0), ([-1.0, -2.0], ["a", "b"], 2)])
def test_mismatched_inputs_are_errors(lls: list[float], choices: list[str], gold: int) -> None:
    with pytest.raises(ValueError):
        score_choices(lls, choices, gold)
