"""Sample-size estimates: how many paired samples would settle a comparison."""

from __future__ import annotations

import math


def samples_needed(
    delta: float,
    threshold: float,
    se: float,
    n: int,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    one_sided: bool = True,
) -> int | None:
    """Paired samples needed for a CI of ``delta`` to exclude ``threshold``.

    Normal approximation. The per-sample standard deviation of the paired difference is
    recovered from the observed standard error: ``sd = se * sqrt(n)``. Assuming the true
    delta equals the observed one, the number of samples giving the requested power is::

        n_needed = ceil(((z_a + z_power) * sd / |delta - threshold|) ** 2)

    with ``z_a = z(1 - alpha)`` for a one-sided test (``z(1 - alpha / 2)`` two-sided) and
    ``z_power = z(power)``, ``z`` the standard normal quantile function. Returns ``None``
    when ``delta == threshold`` up to rounding (no finite sample size separates them), and at least 1.
    The result may be smaller than ``n``: the observed data then already suffice on
    average, and an inconclusive result came from an unlucky draw.
    """
    _check_inputs(se=se, n=n, alpha=alpha, power=power)
    gap = abs(delta - threshold)
    if not math.isfinite(gap):
        msg = f"delta and threshold must be finite, got delta={delta}, threshold={threshold}"
        raise ValueError(msg)
    if gap <= 1e-9 * max(1.0, abs(delta), abs(threshold)):  # equal up to rounding (e.g. 0.3 - 0.4 vs -0.1)
        return None
    from scipy.special import ndtri  # standard normal quantile; imported here to keep imports light

    z_alpha = float(ndtri(1.0 - alpha if one_sided else 1.0 - alpha / 2.0))
    z_power = float(ndtri(power))
    sd = se * math.sqrt(n)
    return max(1, math.ceil(((z_alpha + z_power) * sd / gap) ** 2))


def _check_inputs(*, se: float, n: int, alpha: float, power: float) -> None:
    if not (math.isfinite(se) and se >= 0.0):
        msg = f"se (standard error of the delta) must be finite and >= 0, got {se}"
        raise ValueError(msg)
    if n < 1:
        msg = f"n (paired samples observed) must be >= 1, got {n}"
        raise ValueError(msg)
    if not 0.0 < alpha < 1.0:
        msg = f"alpha must be strictly between 0 and 1, got {alpha}"
        raise ValueError(msg)
    if not 0.0 < power < 1.0:
        msg = f"power must be strictly between 0 and 1, got {power}"
        raise ValueError(msg)
