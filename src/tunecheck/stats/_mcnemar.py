"""McNemar's exact test for paired binary outcomes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class McNemarResult:
    """Discordant pair counts and the two-sided exact p-value.

    ``b``: samples the candidate got right and the baseline got wrong.
    ``c``: samples the candidate got wrong and the baseline got right.
    """

    b: int
    c: int
    p_value: float

    @property
    def n_discordant(self) -> int:
        """Number of samples on which the two models disagree."""
        return self.b + self.c


def mcnemar_exact(candidate_correct: npt.ArrayLike, baseline_correct: npt.ArrayLike) -> McNemarResult:
    """McNemar's exact test: under H0 the discordant pairs split as Binomial(b + c, 1/2).

    The two-sided p-value is ``min(1, 2 * P[X <= min(b, c)])`` with ``X ~ Binomial(b + c,
    1/2)``; it is 1.0 when there are no discordant pairs.
    """
    cand = _as_outcomes(candidate_correct, role="candidate")
    base = _as_outcomes(baseline_correct, role="baseline")
    if cand.shape != base.shape:
        msg = (
            f"McNemar's test needs the same samples for both models: candidate has "
            f"{cand.size} outcomes, baseline has {base.size}"
        )
        raise ValueError(msg)
    b = int(np.count_nonzero(cand & ~base))
    c = int(np.count_nonzero(~cand & base))
    if b + c == 0:
        return McNemarResult(b=0, c=0, p_value=1.0)
    from scipy.special import bdtr  # binomial CDF; imported here to keep imports light

    p_value = min(1.0, 2.0 * float(bdtr(min(b, c), b + c, 0.5)))
    return McNemarResult(b=b, c=c, p_value=p_value)


def _as_outcomes(values: npt.ArrayLike, *, role: str) -> npt.NDArray[np.bool_]:
    array = np.asarray(values)
    if array.ndim != 1:
        msg = f"{role} outcomes must be a 1-D array of 0/1 or booleans, got shape {array.shape}"
        raise ValueError(msg)
    if array.dtype != np.bool_:
        if not np.all((array == 0) | (array == 1)):
            msg = f"{role} outcomes must be 0/1 or booleans; a binary metric is required"
            raise ValueError(msg)
        array = array.astype(np.bool_)
    return array
