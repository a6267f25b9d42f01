"""Vectorised bootstrap resampling of per-sample sufficient statistics.

A resample draws ``n`` sample indices with replacement. Instead of gathering the rows of
every resample, the indices of a chunk of resamples are turned into a count matrix
``counts[r, i]`` (how often sample ``i`` occurs in resample ``r``); one matrix product
``counts @ stats`` then yields the summed statistics of every resample in the chunk.

Indices are drawn from a single ``numpy.random.Generator`` stream, row after row, so the
result depends only on the seed and not on the chunk size: drawing ``(a, n)`` then
``(b, n)`` int32 indices consumes the stream exactly like drawing ``(a + b, n)`` (the
bit generator keeps any unused half of a 64-bit draw in its state; a test pins this).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tunecheck.types import FloatArray

#: Number of count-matrix cells (resamples x samples) processed at once: 32 MiB of int32
#: indices plus 64 MiB of float64 counts, so memory stays bounded for any ``n``.
DEFAULT_CHUNK_CELLS = 1 << 23


def default_chunk_size(n_samples: int) -> int:
    """Resamples per chunk so that a chunk holds about ``DEFAULT_CHUNK_CELLS`` cells."""
    return max(1, DEFAULT_CHUNK_CELLS // max(1, n_samples))


def as_stats(stats: npt.ArrayLike, *, role: str) -> FloatArray:
    """Validate per-sample statistics: a 2-D float array (n, k) with n >= 1, all finite."""
    array = np.asarray(stats, dtype=np.float64)
    if array.ndim == 1:
        array = array[:, np.newaxis]
    if array.ndim != 2:
        msg = f"{role} statistics must have shape (n_samples, k), got shape {array.shape}"
        raise ValueError(msg)
    if array.shape[0] == 0:
        msg = f"{role} statistics are empty: at least one sample is needed to bootstrap"
        raise ValueError(msg)
    if not np.all(np.isfinite(array)):
        msg = f"{role} statistics contain NaN or infinite values; fix the metric's statistics"
        raise ValueError(msg)
    return array


def resampled_sums(
    stats: FloatArray,
    *,
    n_resamples: int,
    seed: int,
    chunk_size: int | None = None,
) -> FloatArray:
    """Sum ``stats`` (n, k) over ``n_resamples`` bootstrap resamples: shape (n_resamples, k)."""
    if n_resamples < 1:
        msg = f"n_resamples must be >= 1, got {n_resamples}"
        raise ValueError(msg)
    n = stats.shape[0]
    if n > np.iinfo(np.int32).max:
        msg = f"at most {np.iinfo(np.int32).max} samples can be bootstrapped, got {n}"
        raise ValueError(msg)
    size = default_chunk_size(n) if chunk_size is None else chunk_size
    if size < 1:
        msg = f"chunk_size must be >= 1, got {size}"
        raise ValueError(msg)
    rng = np.random.default_rng(seed)
    out = np.empty((n_resamples, stats.shape[1]), dtype=np.float64)
    for start in range(0, n_resamples, size):
        rows = min(size, n_resamples - start)
        out[start : start + rows] = _chunk_sums(stats, rng, rows)
    return out


def _chunk_sums(stats: FloatArray, rng: np.random.Generator, rows: int) -> FloatArray:
    n = stats.shape[0]
    indices = rng.integers(0, n, size=(rows, n), dtype=np.int32)
    counts = np.empty((rows, n), dtype=np.float64)
    for row in range(rows):
        counts[row] = np.bincount(indices[row], minlength=n)
    del indices
    sums: FloatArray = counts @ stats
    return sums
