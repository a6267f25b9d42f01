"""Building measurements: paired statistics and the gates they answer to.

Every comparison is paired (the same samples for both models): a percentile
bootstrap CI of the delta (seeded, vectorised), and McNemar's exact test where
per-sample outcomes are binary. A gate turns the bootstrap distribution into
one-sided p-values for "meets the requirement" (``p_pass``) and "misses it"
(``p_fail``); the verdict policy applies the multiple-testing correction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tunecheck.config import GateSpec, PolicySettings, unknown_name
from tunecheck.report import Gate, Measurement
from tunecheck.stats import Aggregate, PairedBootstrap, mcnemar_exact, paired_bootstrap, samples_needed

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Comparison:
    """A measurement and the bootstrap behind it (kept for gating)."""

    measurement: Measurement
    bootstrap: PairedBootstrap | None = None


def mean_stats(values: npt.ArrayLike) -> FloatArray:
    """Per-sample values as (value, 1) statistics, whose aggregate is the mean."""
    array = np.asarray(values, dtype=np.float64)
    return np.stack([array, np.ones_like(array)], axis=1)


def mean_aggregate(summed: FloatArray) -> FloatArray:
    return np.asarray(summed[..., 0] / np.maximum(summed[..., 1], 1e-300), dtype=np.float64)


def compare(
    name: str,
    candidate_stats: npt.ArrayLike,
    baseline_stats: npt.ArrayLike,
    aggregate: Aggregate,
    policy: PolicySettings,
    *,
    higher_is_better: bool = True,
    unit: str | None = None,
    description: str | None = None,
    binary: bool = False,
    n_errors: int = 0,
) -> Comparison:
    """Paired comparison of a metric given per-sample sufficient statistics (n, k)."""
    cand = np.asarray(candidate_stats, dtype=np.float64)
    base = np.asarray(baseline_stats, dtype=np.float64)
    if cand.shape[0] == 0:
        return Comparison(
            Measurement(
                name=name,
                candidate=None,
                baseline=None,
                n=0,
                n_errors=n_errors,
                unit=unit,
                higher_is_better=higher_is_better,
                description=description,
            )
        )
    boot = paired_bootstrap(
        cand, base, aggregate, n_resamples=policy.n_resamples, seed=policy.seed, confidence=policy.confidence
    )
    p_value, test = None, f"paired bootstrap ({policy.n_resamples} resamples)"
    if binary:
        p_value = mcnemar_exact(cand[:, 0] > 0.5, base[:, 0] > 0.5).p_value
        test += "; McNemar exact"
    measurement = Measurement(
        name=name,
        candidate=_f(boot.candidate),
        baseline=_f(boot.baseline),
        delta=_f(boot.delta),
        relative_delta=None if boot.relative_delta is None else _f(boot.relative_delta / 100.0),
        ci_low=_f(boot.delta_ci.low),
        ci_high=_f(boot.delta_ci.high),
        p_value=p_value,
        test=test,
        n=int(cand.shape[0]),
        n_errors=n_errors,
        unit=unit,
        higher_is_better=higher_is_better,
        candidate_ci=(_f0(boot.candidate_ci.low), _f0(boot.candidate_ci.high)),
        baseline_ci=(_f0(boot.baseline_ci.low), _f0(boot.baseline_ci.high)),
        description=description,
    )
    return Comparison(measurement, boot)


def compare_means(
    name: str, candidate: npt.ArrayLike, baseline: npt.ArrayLike, policy: PolicySettings, **kwargs: object
) -> Comparison:
    """Paired comparison of per-sample values (a rate when they are 0/1)."""
    cand, base = np.asarray(candidate, dtype=np.float64), np.asarray(baseline, dtype=np.float64)
    binary = bool(np.isin(cand, (0.0, 1.0)).all() and np.isin(base, (0.0, 1.0)).all())
    return compare(name, mean_stats(cand), mean_stats(base), mean_aggregate, policy, binary=binary, **kwargs)  # type: ignore[arg-type]


def apply_gates(
    check_id: str, comparisons: Sequence[Comparison], gates: Sequence[GateSpec], policy: PolicySettings
) -> list[Measurement]:
    """Attach each configured gate to its measurement, with p-values and samples needed."""
    by_name = {c.measurement.name: c for c in comparisons}
    for spec in gates:
        if spec.measurement not in by_name:
            raise KeyError(f"checks.{check_id}.gates: {unknown_name('measurement', spec.measurement, by_name)}")
    gated = {spec.measurement: spec for spec in gates}
    out = []
    for comparison in comparisons:
        found = gated.get(comparison.measurement.name)
        m = comparison.measurement
        out.append(m if found is None else m.model_copy(update={"gate": make_gate(comparison, found, policy)}))
    return out


def make_gate(comparison: Comparison, spec: GateSpec, policy: PolicySettings) -> Gate:
    m, boot = comparison.measurement, comparison.bootstrap
    gate = Gate(rule=spec.rule, threshold=spec.threshold, blocking=spec.blocking)
    if m.candidate is None:
        return gate
    if spec.rule in ("at_most", "at_least"):
        p_pass, p_fail = _absolute_p(m, spec)
        return gate.model_copy(update={"p_pass": p_pass, "p_fail": p_fail})
    if boot is None or m.delta is None:
        return gate
    sign = 1.0 if m.higher_is_better is not False else -1.0
    bound = spec.threshold if spec.rule == "superiority" else -spec.threshold  # in improvement units
    if sign > 0:
        p_pass, p_fail = boot.p_value_above(bound), boot.p_value_below(bound)
    else:
        p_pass, p_fail = boot.p_value_below(-bound), boot.p_value_above(-bound)
    se = _se(m, policy.confidence)
    needed = None
    if se and se > 0:
        needed = samples_needed(sign * m.delta, bound, se, m.n, alpha=policy.alpha, power=policy.power)
    return gate.model_copy(update={"p_pass": p_pass, "p_fail": p_fail, "samples_needed": needed})


def _absolute_p(m: Measurement, spec: GateSpec) -> tuple[float, float]:
    """Normal approximation from the candidate's CI; exact comparison without a CI."""
    value = float(m.candidate)  # type: ignore[arg-type]
    margin = (spec.threshold - value) if spec.rule == "at_most" else (value - spec.threshold)
    if m.candidate_ci is None or m.candidate_ci[1] <= m.candidate_ci[0]:
        return (0.0, 1.0) if margin >= 0 else (1.0, 0.0)
    se = (m.candidate_ci[1] - m.candidate_ci[0]) / (2 * 1.959963984540054)
    z = margin / se
    p_pass = 0.5 * math.erfc(z / math.sqrt(2))
    return p_pass, 1.0 - p_pass


def _se(m: Measurement, confidence: float) -> float | None:
    if m.ci_low is None or m.ci_high is None:
        return None
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + confidence / 2))
    return (m.ci_high - m.ci_low) / (2 * z)


def _f(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _f0(value: float) -> float:
    return float(value) if math.isfinite(value) else 0.0
