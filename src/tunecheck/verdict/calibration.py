"""How far a verdict can be trusted: false-GO rates and interval coverage, measured.

Each figure runs the gate tests of :mod:`tunecheck.verdict._evidence` on data whose truth
is known:

- **false GO**: data generated exactly on the null boundary of a gate (no true difference
  for a superiority gate at 0; a true drop equal to the margin for a non-inferiority
  gate), the share of data sets on which the gate would pass. A valid gate keeps it at
  or below ``alpha``. For paired binary outcomes it is computed exactly, summing the
  multinomial probability of every outcome (wins, losses) the gate passes; for
  continuous data by seeded simulation.
- **coverage**: the share of data sets whose reported interval contains the true value.
- **clustered samples** (many samples written from each of a few templates): the same two
  figures for the cluster-robust test, and, on the same data, the false-GO rate of the test
  that takes the samples as independent, which is what a run without ``cluster_field`` gets.

Run ``python -m tunecheck.verdict.calibration`` to print the table the README quotes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tunecheck.config import PolicySettings
from tunecheck.types import FloatArray
from tunecheck.verdict._evidence import ClusteredMean, Evidence, PairedBinary, PairedMean, Quantile, Rate

SIZES = (5, 10, 20, 50, 200)


@dataclass(frozen=True)
class Figure:
    """One measured rate: what, at which n, the value, and its Monte Carlo standard error (0 if exact)."""

    what: str
    n: int
    value: float
    mc_error: float = 0.0


def _passes(evidence: Evidence, bound: float, policy: PolicySettings, *, above: bool = True) -> bool:
    """The gate rule of :func:`tunecheck.verdict.decide`: enough samples and a one-sided p below alpha."""
    p = evidence.p_above(bound) if above else evidence.p_below(bound)
    return evidence.n >= evidence.minimum(policy) and p < policy.alpha


def _binary_sample(wins: int, losses: int, n: int) -> PairedBinary:
    candidate = np.zeros(n, dtype=np.bool_)
    baseline = np.zeros(n, dtype=np.bool_)
    candidate[:wins] = True
    baseline[wins:wins + losses] = True
    return PairedBinary(candidate, baseline)


def _multinomial(n: int, p_win: float, p_loss: float) -> FloatArray:
    """P(wins = w, losses = l) for every (w, l) with w + l <= n, as an (n+1, n+1) array."""
    from scipy.special import gammaln

    w = np.arange(n + 1)[:, None]
    l_ = np.arange(n + 1)[None, :]
    ties = n - w - l_
    valid = ties >= 0
    p_tie = max(0.0, 1.0 - p_win - p_loss)
    with np.errstate(divide="ignore", invalid="ignore"):
        log = (gammaln(n + 1) - gammaln(w + 1) - gammaln(l_ + 1) - gammaln(np.where(valid, ties, 0) + 1)
               + w * _log(p_win) + l_ * _log(p_loss) + np.where(valid, ties, 0) * _log(p_tie))
    return np.where(valid, np.exp(np.nan_to_num(log, nan=-np.inf)), 0.0)


def _log(p: float) -> float:
    return math.log(p) if p > 0 else -math.inf


def binary_pass_rate(n: int, p_win: float, p_loss: float, bound: float, policy: PolicySettings) -> float:
    """Exact probability that a paired-binary gate claiming ``delta > bound`` passes."""
    probability = _multinomial(n, p_win, p_loss)
    total = 0.0
    for wins in range(n + 1):
        for losses in range(n + 1 - wins):
            if probability[wins, losses] > 1e-15 and _passes(_binary_sample(wins, losses, n), bound, policy):
                total += float(probability[wins, losses])
    return total


def binary_coverage(n: int, p_win: float, p_loss: float, policy: PolicySettings) -> float:
    """Exact probability that the reported score interval of the paired difference covers the truth."""
    probability = _multinomial(n, p_win, p_loss)
    truth = p_win - p_loss
    total = 0.0
    for wins in range(n + 1):
        for losses in range(n + 1 - wins):
            if probability[wins, losses] > 1e-15:
                low, high = _binary_sample(wins, losses, n).interval(policy.confidence)
                if low is not None and high is not None and low <= truth <= high:
                    total += float(probability[wins, losses])
    return total


def rate_coverage(n: int, p: float, policy: PolicySettings) -> float:
    """Exact coverage of the Clopper-Pearson interval of one model's rate."""
    from scipy.stats import binom

    total = 0.0
    for k in range(n + 1):
        low, high = Rate(k, n).interval(policy.confidence)
        if low is not None and high is not None and low <= p <= high:
            total += float(binom.pmf(k, n, p))
    return total


Draw = Callable[[np.random.Generator, int], tuple[FloatArray, FloatArray]]


def _simulate(what: str, n: int, reps: int, seed: int, trial: Callable[[np.random.Generator], bool]) -> Figure:
    """The share of ``reps`` seeded trials that hit."""
    rng = np.random.default_rng(seed)
    return _share(what, n, sum(trial(rng) for _ in range(reps)), reps)


def continuous_pass_rate(n: int, draw: Draw, bound: float, policy: PolicySettings, *, reps: int,
                         seed: int) -> Figure:
    """Share of simulated paired data sets on which a paired t gate claiming ``delta > bound`` passes."""
    return _simulate("false GO", n, reps, seed, lambda rng: _passes(PairedMean(*draw(rng, n)), bound, policy))


def continuous_coverage(n: int, draw: Draw, truth: float, policy: PolicySettings, *, reps: int,
                        seed: int) -> Figure:
    """Share of simulated paired data sets whose t interval of the delta covers ``truth``."""
    def covers(rng: np.random.Generator) -> bool:
        low, high = PairedMean(*draw(rng, n)).interval(policy.confidence)
        return low is not None and high is not None and low <= truth <= high

    return _simulate("coverage", n, reps, seed, covers)


def quantile_coverage(n: int, q: float, policy: PolicySettings, *, reps: int, seed: int) -> Figure:
    """Share of simulated exponential samples whose order-statistic interval of the q-quantile covers it.

    An unbounded side counts as covering (the interval is then a one-sided bound).
    """
    truth = -math.log(1.0 - q)

    def covers(rng: np.random.Generator) -> bool:
        low, high = Quantile.of(rng.exponential(1.0, size=n), q).interval(policy.confidence)
        return (low is None or low <= truth) and (high is None or truth <= high)

    return _simulate("coverage", n, reps, seed, covers)


def quantile_pass_rate(n: int, q: float, policy: PolicySettings, *, reps: int, seed: int) -> Figure:
    """Share of samples on which ``at_most`` the true q-quantile passes (a false GO on the boundary)."""
    truth = -math.log(1.0 - q)
    return _simulate("false GO", n, reps, seed,
                     lambda rng: _passes(Quantile.of(rng.exponential(1.0, size=n), q), truth, policy, above=False))


def _share(what: str, n: int, hits: int, reps: int) -> Figure:
    value = hits / reps
    return Figure(what, n, value, math.sqrt(max(value * (1 - value), 1.0 / reps) / reps))


def normal_pairs(shift: float) -> Draw:
    """Paired scores: a shared per-item level plus independent noise, the candidate shifted by ``shift``."""
    def draw(rng: np.random.Generator, n: int) -> tuple[FloatArray, FloatArray]:
        level = rng.normal(0.0, 1.0, size=n)
        return level + shift + rng.normal(0.0, 0.5, size=n), level + rng.normal(0.0, 0.5, size=n)

    return draw


def latency_pairs(shift: float) -> Draw:
    """Paired latencies (ms): a log-normal per prompt and model, the candidate shifted by ``shift`` ms."""
    def draw(rng: np.random.Generator, n: int) -> tuple[FloatArray, FloatArray]:
        prompt = rng.lognormal(3.0, 0.4, size=n)
        noise = rng.lognormal(0.0, 0.3, size=(2, n))
        return prompt * noise[0] + shift, prompt * noise[1]

    return draw


ClusteredDraw = Callable[[np.random.Generator, int], tuple[FloatArray, npt.NDArray[np.int64]]]
"""Draws the paired differences of ``G`` clusters and each difference's cluster."""


def template_differences(truth: float, size: int = 15) -> ClusteredDraw:
    """Paired 0/1 outcomes as differences in {-1, 0, 1}, ``size`` samples per template, as when a
    fine-tune misreads a whole template: a template is broken with probability ``-truth / 0.9``
    (then the candidate loses 9 samples in 10 of it), otherwise either model wins 1 sample in 10.
    The mean difference is ``truth`` (<= 0)."""
    broken_share = -truth / 0.9

    def draw(rng: np.random.Generator, groups: int) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        broken = np.repeat(rng.random(groups) < broken_share, size)
        u = rng.random(groups * size)
        fine = np.where(u < 0.1, -1.0, np.where(u < 0.2, 1.0, 0.0))
        return np.where(broken, np.where(u < 0.9, -1.0, 0.0), fine), np.repeat(np.arange(groups), size)

    return draw


def normal_cluster_differences(truth: float, size: int = 15, spread: float = 0.3) -> ClusteredDraw:
    """Continuous paired differences: ``truth`` plus a per-cluster effect (sd ``spread``) plus noise
    (sd 0.3), ``size`` samples per cluster (intra-cluster correlation 0.5 at the default)."""
    def draw(rng: np.random.Generator, groups: int) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        effect = np.repeat(rng.normal(0.0, spread, size=groups), size)
        values = truth + effect + rng.normal(0.0, 0.3, size=groups * size)
        return values, np.repeat(np.arange(groups), size)

    return draw


def clustered_pass_rate(groups: int, draw: ClusteredDraw, bound: float, policy: PolicySettings, *, reps: int,
                        seed: int, bounds: tuple[float, float] | None = None, naive: bool = False) -> Figure:
    """Share of simulated clustered data sets on which a gate claiming ``delta > bound`` passes: with
    the clustered test (the betting test where ``bounds`` are given, else the cluster-robust t), or
    (``naive``) the test that takes every sample as independent."""
    def passes(rng: np.random.Generator) -> bool:
        values, clusters = draw(rng, groups)
        evidence: Evidence = PairedMean(values, np.zeros_like(values)) if naive \
            else ClusteredMean.of(values, clusters, bounds=bounds)
        return _passes(evidence, bound, policy)

    return _simulate("naive false GO" if naive else "false GO", groups, reps, seed, passes)


def clustered_coverage(groups: int, draw: ClusteredDraw, truth: float, policy: PolicySettings, *, reps: int,
                       seed: int, bounds: tuple[float, float] | None = None) -> Figure:
    """Share of simulated clustered data sets whose clustered interval covers ``truth``."""
    def covers(rng: np.random.Generator) -> bool:
        values, clusters = draw(rng, groups)
        low, high = ClusteredMean.of(values, clusters, bounds=bounds).interval(policy.confidence)
        return low is not None and high is not None and low <= truth <= high

    return _simulate("coverage", groups, reps, seed, covers)


CLUSTERS = (10, 20, 50, 200)
"""Cluster counts the clustered figures are measured at (15 samples each)."""


def _clustered_rows(policy: PolicySettings, reps: int) -> list[tuple[str, list[Figure]]]:
    templates, normal = template_differences(-0.05), normal_cluster_differences(-0.1)
    paired = (-1.0, 1.0)
    return [
        ("clustered 0/1 (15 per template, whole templates misread), non-inferiority margin 0.05, true drop "
         "0.05, betting test on cluster means (what a cluster_field gets for 0/1 outcomes)",
         [clustered_pass_rate(g, templates, -0.05, policy, reps=reps, seed=g + 7, bounds=paired) for g in CLUSTERS]),
        ("the same data, cluster-robust t (not used for bounded values: shown for why)",
         [clustered_pass_rate(g, templates, -0.05, policy, reps=reps, seed=g + 7) for g in CLUSTERS]),
        ("the same data, samples taken as independent (no cluster_field)",
         [clustered_pass_rate(g, templates, -0.05, policy, reps=reps, seed=g + 7, naive=True) for g in CLUSTERS]),
        ("clustered normal (15 per cluster, ICC 0.5), non-inferiority margin 0.1, true drop 0.1, cluster-robust t",
         [clustered_pass_rate(g, normal, -0.1, policy, reps=reps, seed=g + 8) for g in CLUSTERS]),
        ("the same data, samples taken as independent (no cluster_field)",
         [clustered_pass_rate(g, normal, -0.1, policy, reps=reps, seed=g + 8, naive=True) for g in CLUSTERS]),
        ("coverage: cluster-robust t CI (clustered normal)",
         [clustered_coverage(g, normal, -0.1, policy, reps=reps, seed=g + 9) for g in CLUSTERS]),
        ("coverage: betting CI of cluster means (clustered 0/1, templates misread)",
         [clustered_coverage(g, templates, -0.05, policy, reps=reps, seed=g + 10, bounds=paired) for g in CLUSTERS]),
    ]


def table(policy: PolicySettings | None = None, *, reps: int = 4000) -> list[tuple[str, list[Figure]]]:
    """Every figure of the README's trust table."""
    policy = policy or PolicySettings()
    rows: list[tuple[str, list[Figure]]] = []
    rows.append(("binary, superiority at 0, no difference (20% discordant), exact",
                 [Figure("false GO", n, binary_pass_rate(n, 0.1, 0.1, 0.0, policy)) for n in SIZES]))
    rows.append(("binary, non-inferiority margin 0.05, true drop 0.05 (10%/15% discordant), exact",
                 [Figure("false GO", n, binary_pass_rate(n, 0.10, 0.15, -0.05, policy)) for n in SIZES]))
    rows.append(("binary, superiority by 0.05, true gain 0.05 (15%/10% discordant), exact",
                 [Figure("false GO", n, binary_pass_rate(n, 0.15, 0.10, 0.05, policy)) for n in SIZES]))
    rows.append(("continuous (normal), superiority at 0, no difference",
                 [continuous_pass_rate(n, normal_pairs(0.0), 0.0, policy, reps=reps, seed=n) for n in SIZES]))
    rows.append(("continuous (normal), non-inferiority margin 0.1, true drop 0.1",
                 [continuous_pass_rate(n, normal_pairs(-0.1), -0.1, policy, reps=reps, seed=n + 1) for n in SIZES]))
    rows.append(("latency (log-normal ms), non-inferiority margin 5 ms, true slowdown 5 ms",
                 [_latency_false_go(n, policy, reps) for n in SIZES]))
    rows.append(("p99 at_most its true value (exponential draws), order statistics",
                 [quantile_pass_rate(n, 0.99, policy, reps=reps, seed=n + 3) for n in (50, 200, 400, 1000)]))
    rows.append(("coverage: score CI of a paired difference (binary, 10%/15% discordant), exact",
                 [Figure("coverage", n, binary_coverage(n, 0.10, 0.15, policy)) for n in (30, 50, 200)]))
    rows.append(("coverage: Clopper-Pearson CI of a rate (p = 0.9), exact",
                 [Figure("coverage", n, rate_coverage(n, 0.9, policy)) for n in (30, 50, 200)]))
    rows.append(("coverage: paired t CI of a delta (normal)",
                 [continuous_coverage(n, normal_pairs(0.3), 0.3, policy, reps=reps, seed=n + 4)
                  for n in (30, 50, 200)]))
    rows.append(("coverage: order-statistic CI of the p95 (exponential draws)",
                 [quantile_coverage(n, 0.95, policy, reps=reps, seed=n + 5) for n in (60, 200, 1000)]))
    rows.append(("coverage: order-statistic CI of the p99 (exponential draws)",
                 [quantile_coverage(n, 0.99, policy, reps=reps, seed=n + 6) for n in (60, 400, 1000)]))
    return rows + _clustered_rows(policy, reps)


def _latency_false_go(n: int, policy: PolicySettings, reps: int) -> Figure:
    """A latency gate (lower is better) allowing 5 ms slowdown, the candidate exactly 5 ms slower."""
    draw = latency_pairs(5.0)
    return _simulate("false GO", n, reps, n + 2,
                     lambda rng: _passes(PairedMean(*draw(rng, n)), 5.0, policy, above=False))


def main() -> None:
    policy = PolicySettings()
    print(f"alpha = {policy.alpha} (one-sided), confidence = {policy.confidence}, min_pairs = {policy.min_pairs}")
    for label, figures in table(policy):
        cells = ", ".join(f"n={f.n}: {f.value:.3f}" + (f" ±{f.mc_error:.3f}" if f.mc_error else "")
                          for f in figures)
        print(f"{label}: {figures[0].what} {cells}")


if __name__ == "__main__":
    main()
