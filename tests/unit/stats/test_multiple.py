from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tunecheck.stats import holm


def test_known_example() -> None:
    # m = 4, sorted p = 0.01, 0.02, 0.03, 0.04 -> 0.04, 0.06, 0.06 (monotone), 0.06
    adjusted = holm([0.03, 0.01, 0.04, 0.02])
    np.testing.assert_allclose(adjusted, [0.06, 0.04, 0.06, 0.06])


def test_keeps_input_order_and_caps_at_one() -> None:
    # sorted 0.001, 0.4, 0.5 -> 0.003, 0.8, max(0.8, 0.5) = 0.8
    np.testing.assert_allclose(holm([0.5, 0.001, 0.4]), [0.8, 0.003, 0.8])
    np.testing.assert_allclose(holm([0.9, 0.6]), [1.0, 1.0])


def test_empty_and_single() -> None:
    assert holm([]).size == 0
    np.testing.assert_allclose(holm([0.2]), [0.2])


@pytest.mark.parametrize("bad", [[0.1, float("nan")], [1.5], [-0.1]])
def test_rejects_invalid_p_values(bad: list[float]) -> None:
    with pytest.raises(ValueError, match="p_values"):
        holm(bad)


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=30))
def test_properties(p_values: list[float]) -> None:
    p = np.array(p_values)
    adjusted = holm(p)
    assert np.all(adjusted >= p - 1e-15)
    assert np.all(adjusted <= np.minimum(1.0, p.size * p) + 1e-15)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(adjusted[order]) >= 0)
