from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats

from tunecheck.stats import Interval, bootstrap_ci, paired_bootstrap


def _mean(summed: np.ndarray) -> np.ndarray:
    result: np.ndarray = summed[..., 0] / summed[..., 1]
    return result


def _mean_stats(values: np.ndarray) -> np.ndarray:
    return np.column_stack([values, np.ones_like(values)])


@pytest.fixture
def paired_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(42)
    baseline = rng.normal(0.5, 0.2, size=400)
    candidate = baseline + rng.normal(0.05, 0.1, size=400)
    return candidate, baseline


def test_point_estimates_and_relative_delta(paired_data: tuple[np.ndarray, np.ndarray]) -> None:
    cand, base = paired_data
    result = paired_bootstrap(_mean_stats(cand), _mean_stats(base), _mean, n_resamples=2000)
    assert result.candidate == pytest.approx(cand.mean())
    assert result.baseline == pytest.approx(base.mean())
    assert result.delta == pytest.approx(cand.mean() - base.mean())
    assert result.relative_delta == pytest.approx(100 * (cand.mean() - base.mean()) / base.mean())
    assert result.deltas.shape == (2000,)
    assert result.delta_ci.low < result.delta < result.delta_ci.high
    assert result.candidate_ci.contains(result.candidate)


def test_paired_ci_matches_scipy_percentile_bootstrap(
    paired_data: tuple[np.ndarray, np.ndarray],
) -> None:
    cand, base = paired_data
    ours = paired_bootstrap(_mean_stats(cand), _mean_stats(base), _mean, n_resamples=20_000, seed=1)
    reference = scipy_stats.bootstrap(
        (cand, base),
        lambda c, b, axis: np.mean(c, axis=axis) - np.mean(b, axis=axis),
        paired=True,
        method="percentile",
        n_resamples=20_000,
        confidence_level=0.95,
        rng=np.random.default_rng(7),
    )
    # Monte-Carlo error of a 2.5% quantile with 20k resamples is ~1% of the CI width.
    width = ours.delta_ci.high - ours.delta_ci.low
    assert ours.delta_ci.low == pytest.approx(reference.confidence_interval.low, abs=0.05 * width)
    assert ours.delta_ci.high == pytest.approx(reference.confidence_interval.high, abs=0.05 * width)


def test_pairing_shrinks_the_ci_compared_to_independent_models(
    paired_data: tuple[np.ndarray, np.ndarray],
) -> None:
    cand, base = paired_data
    result = paired_bootstrap(_mean_stats(cand), _mean_stats(base), _mean, n_resamples=4000)
    independent_se = np.sqrt(cand.var(ddof=1) / cand.size + base.var(ddof=1) / base.size)
    paired_se = (cand - base).std(ddof=1) / np.sqrt(cand.size)
    width = result.delta_ci.high - result.delta_ci.low
    assert width == pytest.approx(2 * 1.96 * paired_se, rel=0.1)
    assert result.delta_se == pytest.approx(paired_se, rel=0.1)
    assert width < 2 * 1.96 * independent_se * 0.8


def test_single_model_ci_matches_scipy(paired_data: tuple[np.ndarray, np.ndarray]) -> None:
    values = paired_data[0]
    ours = bootstrap_ci(_mean_stats(values), _mean, n_resamples=20_000, seed=3, confidence=0.9)
    reference = scipy_stats.bootstrap(
        (values,),
        np.mean,
        method="percentile",
        n_resamples=20_000,
        confidence_level=0.9,
        rng=np.random.default_rng(11),
    )
    width = ours.ci.high - ours.ci.low
    assert ours.value == pytest.approx(values.mean())
    assert ours.ci.low == pytest.approx(reference.confidence_interval.low, abs=0.05 * width)
    assert ours.ci.high == pytest.approx(reference.confidence_interval.high, abs=0.05 * width)


def test_ratio_metric_resamples_numerator_and_denominator_together() -> None:
    # Corpus-level ratio: sum(a) / sum(b) must be recomputed from resampled sums.
    rng = np.random.default_rng(0)
    b = rng.integers(1, 20, size=300).astype(float)
    a = rng.binomial(b.astype(int), 0.3).astype(float)
    stats = np.column_stack([a, b])
    result = bootstrap_ci(stats, _mean, n_resamples=5000)
    assert result.value == pytest.approx(a.sum() / b.sum())
    assert result.ci.low < 0.3 < result.ci.high or abs(result.value - 0.3) > 0.02


def test_same_seed_same_result_and_other_seed_differs(
    paired_data: tuple[np.ndarray, np.ndarray],
) -> None:
    cand, base = _mean_stats(paired_data[0]), _mean_stats(paired_data[1])
    first = paired_bootstrap(cand, base, _mean, n_resamples=500, seed=5)
    again = paired_bootstrap(cand, base, _mean, n_resamples=500, seed=5)
    other = paired_bootstrap(cand, base, _mean, n_resamples=500, seed=6)
    np.testing.assert_array_equal(first.deltas, again.deltas)
    assert first == again
    assert not np.array_equal(first.deltas, other.deltas)


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 500, 10_000])
@pytest.mark.parametrize("n_samples", [101, 400])
def test_chunk_size_does_not_change_the_result(chunk_size: int, n_samples: int) -> None:
    rng = np.random.default_rng(9)
    # Integer statistics sum exactly in any order, so equal deltas mean equal resamples.
    cand = _mean_stats(rng.integers(0, 2, n_samples).astype(float))
    base = _mean_stats(rng.integers(0, 2, n_samples).astype(float))
    reference = paired_bootstrap(cand, base, _mean, n_resamples=500, seed=2)
    chunked = paired_bootstrap(cand, base, _mean, n_resamples=500, seed=2, chunk_size=chunk_size)
    np.testing.assert_array_equal(chunked.deltas, reference.deltas)


def test_chunk_size_changes_real_valued_results_only_by_rounding() -> None:
    rng = np.random.default_rng(9)
    cand, base = _mean_stats(rng.random(101)), _mean_stats(rng.random(101))
    reference = paired_bootstrap(cand, base, _mean, n_resamples=300, seed=2)
    chunked = paired_bootstrap(cand, base, _mean, n_resamples=300, seed=2, chunk_size=1)
    np.testing.assert_allclose(chunked.deltas, reference.deltas, rtol=1e-12, atol=1e-14)


def test_p_values_are_shares_of_bootstrap_deltas(
    paired_data: tuple[np.ndarray, np.ndarray],
) -> None:
    cand, base = _mean_stats(paired_data[0]), _mean_stats(paired_data[1])
    result = paired_bootstrap(cand, base, _mean, n_resamples=4000)
    assert result.p_value_above(0.0) < 0.01  # the candidate is better by ~0.05
    assert result.p_value_below(0.0) > 0.99
    assert result.p_value_above(result.delta_ci.low) == pytest.approx(0.025, abs=0.002)
    assert result.p_value_above(1.0) == 1.0
    assert result.p_value_below(-1.0) == 1.0


def test_identical_models_have_zero_delta_and_degenerate_ci() -> None:
    stats = _mean_stats(np.array([1.0, 0.0, 1.0, 1.0]))
    result = paired_bootstrap(stats, stats, _mean, n_resamples=200)
    assert result.delta == 0.0
    assert result.delta_ci == Interval(0.0, 0.0)


def test_relative_delta_is_none_when_baseline_is_zero() -> None:
    base = _mean_stats(np.zeros(5))
    cand = _mean_stats(np.array([1.0, 0.0, 0.0, 1.0, 0.0]))
    assert paired_bootstrap(cand, base, _mean, n_resamples=50).relative_delta is None


def test_multi_column_stats_with_vectorised_aggregate() -> None:
    rng = np.random.default_rng(4)
    cand = rng.integers(0, 5, size=(200, 10)).astype(float)
    base = rng.integers(0, 5, size=(200, 10)).astype(float)

    def ratio_of_first_two(summed: np.ndarray) -> np.ndarray:
        result: np.ndarray = summed[..., 0] / (summed[..., 1] + 1.0)
        return result

    result = paired_bootstrap(cand, base, ratio_of_first_two, n_resamples=300)
    expected = ratio_of_first_two(cand.sum(0)) - ratio_of_first_two(base.sum(0))
    assert result.delta == pytest.approx(float(expected))


@pytest.mark.parametrize(
    ("cand_shape", "base_shape", "match"),
    [((5, 2), (6, 2), "same samples"), ((5, 2), (5, 3), "same metric"), ((0, 2), (0, 2), "empty")],
)
def test_rejects_mismatched_or_empty_stats(
    cand_shape: tuple[int, int], base_shape: tuple[int, int], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        paired_bootstrap(np.ones(cand_shape), np.ones(base_shape), _mean, n_resamples=10)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"confidence": 1.0}, "confidence"),
        ({"n_resamples": 0}, "n_resamples"),
        ({"chunk_size": 0}, "chunk_size"),
    ],
)
def test_rejects_bad_parameters(kwargs: dict[str, float], match: str) -> None:
    stats = _mean_stats(np.ones(4))
    with pytest.raises(ValueError, match=match):
        paired_bootstrap(stats, stats, _mean, **kwargs)  # type: ignore[arg-type]


def test_rejects_non_finite_stats() -> None:
    stats = _mean_stats(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="NaN"):
        bootstrap_ci(stats, _mean)
