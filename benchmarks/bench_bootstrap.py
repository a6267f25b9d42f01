"""Paired bootstrap at scale: 100,000 paired samples x 10,000 resamples.

Run by hand:  python benchmarks/bench_bootstrap.py [--samples N] [--resamples B]

Cases: a mean metric (k = 2 statistics per sample) and corpus BLEU (k = 10, sacrebleu's
sufficient statistics, scored with tunecheck's vectorised corpus formula). For each case it
prints wall time, the peak of traced Python/numpy allocations (tracemalloc) and the growth
of the process's peak resident set size. As a reference in the same process, it times a
straightforward gather implementation (``stats[indices].sum(axis=1)`` per chunk) on a
subset of the resamples and reports the per-resample speed ratio.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tunecheck.metrics import corpus_bleu_from_stats
from tunecheck.stats import paired_bootstrap

FloatArray = npt.NDArray[np.float64]
Aggregate = Callable[[FloatArray], FloatArray]
MEMORY_LIMIT_MIB = 2048.0


@dataclass(frozen=True)
class Timing:
    seconds: float
    traced_peak_mib: float
    rss_growth_mib: float


def _mean(summed: FloatArray) -> FloatArray:
    result: FloatArray = summed[..., 0] / summed[..., 1]
    return result


def _rss_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _measure(work: Callable[[], object]) -> Timing:
    rss_before = _rss_peak_mib()
    tracemalloc.start()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Timing(seconds, peak / 2**20, _rss_peak_mib() - rss_before)


def _mean_case(n: int, rng: np.random.Generator) -> tuple[FloatArray, FloatArray, Aggregate]:
    base = rng.integers(0, 2, size=n).astype(np.float64)
    cand = np.where(rng.random(n) < 0.1, 1.0 - base, base)
    ones = np.ones(n)
    return np.column_stack([cand, ones]), np.column_stack([base, ones]), _mean


def _bleu_case(n: int, rng: np.random.Generator) -> tuple[FloatArray, FloatArray, Aggregate]:
    def stats(quality: float) -> FloatArray:
        hyp_len = rng.integers(5, 40, size=n)
        ref_len = np.maximum(1, hyp_len + rng.integers(-5, 6, size=n))
        totals = np.stack([np.maximum(0, hyp_len - order) for order in range(4)], axis=1)
        correct = rng.binomial(totals, quality * 0.8 ** np.arange(4))
        return np.column_stack([hyp_len, ref_len, correct, totals]).astype(np.float64)

    return stats(0.52), stats(0.5), corpus_bleu_from_stats


def _gather_reference(
    cand: FloatArray, base: FloatArray, aggregate: Aggregate, n_resamples: int, chunk: int
) -> FloatArray:
    rng = np.random.default_rng(0)
    joined = np.concatenate([cand, base], axis=1)
    n, k = cand.shape
    deltas = []
    for start in range(0, n_resamples, chunk):
        rows = min(chunk, n_resamples - start)
        sums = joined[rng.integers(0, n, size=(rows, n))].sum(axis=1)
        deltas.append(aggregate(sums[:, :k]) - aggregate(sums[:, k:]))
    return np.concatenate(deltas)


def _run_case(name: str, case: tuple[FloatArray, FloatArray, Aggregate], args: argparse.Namespace) -> None:
    cand, base, aggregate = case
    holder: list[object] = []
    timing = _measure(
        lambda: holder.append(paired_bootstrap(cand, base, aggregate, n_resamples=args.resamples, seed=0))
    )
    result = holder[0]
    ref_resamples = max(1, args.resamples // 20)
    ref = _measure(lambda: _gather_reference(cand, base, aggregate, ref_resamples, chunk=20))
    per_ours = timing.seconds / args.resamples
    per_ref = ref.seconds / ref_resamples
    verdict = "OK" if max(timing.traced_peak_mib, timing.rss_growth_mib) < MEMORY_LIMIT_MIB else "OVER"
    print(f"\n[{name}] n={cand.shape[0]:,} k={cand.shape[1]} resamples={args.resamples:,}")
    print(
        f"  paired_bootstrap: {timing.seconds:8.2f} s   traced peak {timing.traced_peak_mib:7.1f} MiB"
        f"   peak RSS growth {timing.rss_growth_mib:7.1f} MiB   ({verdict} vs {MEMORY_LIMIT_MIB:.0f} MiB)"
    )
    print(
        f"  gather reference: {ref.seconds:8.2f} s for {ref_resamples:,} resamples"
        f"   traced peak {ref.traced_peak_mib:7.1f} MiB"
    )
    print(f"  speed-up vs gather reference (per resample): {per_ref / per_ours:5.2f}x")
    print(f"  result: {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--resamples", type=int, default=10_000)
    parser.add_argument("--case", choices=["mean", "bleu", "all"], default="all")
    args = parser.parse_args()
    rng = np.random.default_rng(123)
    if args.case in ("mean", "all"):
        _run_case("mean metric", _mean_case(args.samples, rng), args)
    if args.case in ("bleu", "all"):
        _run_case("corpus BLEU", _bleu_case(args.samples, rng), args)


if __name__ == "__main__":
    main()
