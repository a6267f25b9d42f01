"""Corrections for multiple comparisons."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def holm(p_values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Holm-Bonferroni step-down adjusted p-values, in the input order.

    With ``m`` p-values sorted ascending ``p(1) <= ... <= p(m)``, the adjusted value is
    ``max_{j <= i} min(1, (m - j + 1) * p(j))``: monotone in the sorted order and capped at
    1. Rejecting every hypothesis whose adjusted p-value is <= alpha controls the
    family-wise error rate at alpha.
    """
    p = np.asarray(p_values, dtype=np.float64)
    if p.ndim != 1:
        msg = f"p_values must be a 1-D sequence, got shape {p.shape}"
        raise ValueError(msg)
    if np.any(np.isnan(p)) or np.any((p < 0) | (p > 1)):
        msg = f"p_values must lie in [0, 1] and not be NaN, got {p.tolist()}"
        raise ValueError(msg)
    m = p.size
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    scaled = (m - np.arange(m)) * p[order]
    adjusted_sorted = np.minimum(1.0, np.maximum.accumulate(scaled))
    adjusted = np.empty(m, dtype=np.float64)
    adjusted[order] = adjusted_sorted
    return adjusted
