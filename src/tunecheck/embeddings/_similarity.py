"""Cosine agreement between texts, on unit-length embeddings."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tunecheck.embeddings._embedder import Embedder
from tunecheck.types import FloatArray


def cosine_matrix(vectors: FloatArray) -> FloatArray:
    """Pairwise cosines of row vectors (rows are normalised here, so any length works)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms > 0, norms, 1.0)
    return np.asarray(unit @ unit.T, dtype=np.float64)


def mean_pairwise_cosine(vectors: FloatArray) -> float:
    """Mean cosine over the n(n-1)/2 distinct pairs of rows; 1.0 for fewer than two rows."""
    n = vectors.shape[0]
    if n < 2:
        return 1.0
    sims = cosine_matrix(vectors)
    upper = sims[np.triu_indices(n, k=1)]
    return float(np.clip(upper, -1.0, 1.0).mean())


def semantic_agreement(embedder: Embedder, texts: Sequence[str]) -> float:
    """Mean pairwise cosine of the texts' embeddings (how much repeats say the same thing)."""
    return mean_pairwise_cosine(embedder.embed(texts))


def support_by_samples(embedder: Embedder, answer: str, samples: Sequence[str]) -> float:
    """Mean cosine between ``answer`` and each sample (SelfCheckGPT-style support); 1.0 without samples."""
    if not samples:
        return 1.0
    vectors = embedder.embed([answer, *samples])
    sims = cosine_matrix(vectors)[0, 1:]
    return float(np.clip(sims, -1.0, 1.0).mean())
