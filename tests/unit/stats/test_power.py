from __future__ import annotations

import math

import pytest

from tunecheck.stats import samples_needed


def test_known_case_one_sided() -> None:
    # sd = se * sqrt(n) = 0.1 * 10 = 1; gap 0.5; (1.6449 + 0.8416)^2 / 0.25 = 24.7 -> 25
    assert samples_needed(0.5, 0.0, se=0.1, n=100) == 25


def test_two_sided_needs_more_samples() -> None:
    # (1.9600 + 0.8416)^2 / 0.25 = 31.4 -> 32
    assert samples_needed(0.5, 0.0, se=0.1, n=100, one_sided=False) == 32


def test_symmetry_and_scaling() -> None:
    above = samples_needed(0.3, 0.1, se=0.05, n=400)
    below = samples_needed(-0.1, 0.1, se=0.05, n=400)
    assert above == below
    halved_gap = samples_needed(0.2, 0.1, se=0.05, n=400)
    assert above is not None and halved_gap is not None
    assert halved_gap == pytest.approx(4 * above, rel=0.01)


def test_none_when_delta_equals_threshold_up_to_rounding() -> None:
    assert samples_needed(0.3 - 0.4, -0.1, se=0.05, n=20) is None  # -0.09999999999999998


def test_none_when_delta_equals_threshold() -> None:
    assert samples_needed(0.1, 0.1, se=0.05, n=50) is None


def test_zero_variance_needs_one_sample() -> None:
    assert samples_needed(0.2, 0.0, se=0.0, n=50) == 1


def test_matches_normal_formula_for_custom_alpha_power() -> None:
    from scipy.stats import norm

    z = norm.ppf(0.99) + norm.ppf(0.9)
    expected = math.ceil((z * 0.02 * math.sqrt(300) / 0.01) ** 2)
    assert samples_needed(0.01, 0.0, se=0.02, n=300, alpha=0.01, power=0.9) == expected


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"se": -1.0}, "se"),
        ({"n": 0}, "n "),
        ({"alpha": 0.0}, "alpha"),
        ({"power": 1.0}, "power"),
        ({"delta": float("inf")}, "finite"),
    ],
)
def test_rejects_invalid_inputs(kwargs: dict[str, float], match: str) -> None:
    args = {"delta": 0.2, "threshold": 0.0, "se": 0.1, "n": 10, "alpha": 0.05, "power": 0.8, **kwargs}
    with pytest.raises(ValueError, match=match):
        samples_needed(
            args["delta"],
            args["threshold"],
            args["se"],
            int(args["n"]),
            alpha=args["alpha"],
            power=args["power"],
        )
