"""llama.cpp's q/k row order, checked against an index-by-index reference."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from tunecheck.adapters import permute_rows


def reference_permute(weights: npt.NDArray[np.float64], n_head: int) -> npt.NDArray[np.float64]:
    """llama.cpp's reordering written out row by row: pairs of rotary halves interleaved."""
    head_dim = weights.shape[0] // n_head
    half = head_dim // 2
    result = np.empty_like(weights)
    for head in range(n_head):
        start = head * head_dim
        for i in range(half):
            result[start + 2 * i] = weights[start + i]
            result[start + 2 * i + 1] = weights[start + half + i]
    return result


@pytest.mark.parametrize(("n_head", "head_dim", "cols"), [(3, 4, 5), (9, 8, 2), (1, 2, 1), (2, 6, 3)])
def test_matches_reference(n_head: int, head_dim: int, cols: int) -> None:
    weights = np.random.default_rng(n_head * 31 + head_dim).normal(size=(n_head * head_dim, cols))
    np.testing.assert_array_equal(permute_rows(weights, n_head), reference_permute(weights, n_head))


def test_is_a_real_reordering() -> None:
    weights = np.arange(12.0).reshape(12, 1)
    permuted = permute_rows(weights, 2)
    assert permuted[:, 0].tolist() == [0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11]


def test_commutes_with_the_lora_product() -> None:
    """Permuting lora_B rows equals permuting the rows of the full delta B @ A."""
    rng = np.random.default_rng(0)
    b, a = rng.normal(size=(24, 4)), rng.normal(size=(4, 16))
    np.testing.assert_allclose(permute_rows(b, 3) @ a, permute_rows(b @ a, 3))


def test_key_heads_differ_from_query_heads() -> None:
    """Grouped-query attention: k uses n_head_kv, and using n_head instead gives other rows."""
    weights = np.random.default_rng(1).normal(size=(3 * 8, 2))
    assert not np.array_equal(permute_rows(weights, 3), permute_rows(weights, 1))


@pytest.mark.parametrize(("rows", "n_head"), [(10, 3), (6, 0), (9, 3)])
def test_rejects_rows_that_do_not_split(rows: int, n_head: int) -> None:
    with pytest.raises(ValueError, match="heads"):
        permute_rows(np.zeros((rows, 2)), n_head)
