from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from tunecheck.stats import mcnemar_exact


def _outcomes(b: int, c: int, both_right: int, both_wrong: int) -> tuple[np.ndarray, np.ndarray]:
    cand = [True] * b + [False] * c + [True] * both_right + [False] * both_wrong
    base = [False] * b + [True] * c + [True] * both_right + [False] * both_wrong
    return np.array(cand), np.array(base)


def test_counts_discordant_pairs_only() -> None:
    cand, base = _outcomes(b=7, c=2, both_right=30, both_wrong=11)
    result = mcnemar_exact(cand, base)
    assert (result.b, result.c, result.n_discordant) == (7, 2, 9)
    assert result.p_value == pytest.approx(binomtest(7, 9, 0.5).pvalue)


def test_no_discordant_pairs_gives_p_one() -> None:
    cand, base = _outcomes(b=0, c=0, both_right=5, both_wrong=5)
    assert mcnemar_exact(cand, base).p_value == 1.0


def test_accepts_zero_one_integers() -> None:
    result = mcnemar_exact([1, 1, 0, 1], [0, 0, 0, 1])
    assert (result.b, result.c) == (2, 0)
    assert result.p_value == pytest.approx(0.5)


@given(b=st.integers(0, 60), c=st.integers(0, 60), same=st.integers(0, 20))
def test_matches_scipy_binomtest(b: int, c: int, same: int) -> None:
    cand, base = _outcomes(b=b, c=c, both_right=same, both_wrong=same)
    result = mcnemar_exact(cand, base)
    expected = 1.0 if b + c == 0 else binomtest(b, b + c, 0.5).pvalue
    assert result.p_value == pytest.approx(expected, rel=1e-9, abs=1e-15)
    assert 0.0 < result.p_value <= 1.0


def test_rejects_mismatched_lengths_and_non_binary_values() -> None:
    with pytest.raises(ValueError, match="same samples"):
        mcnemar_exact([True, False], [True])
    with pytest.raises(ValueError, match="0/1"):
        mcnemar_exact([0.5, 1.0], [1.0, 1.0])
