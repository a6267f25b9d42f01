"""Sentence embeddings for semantic agreement (the packaged all-MiniLM-L6-v2 by default, offline)."""

from tunecheck.embeddings._embedder import (
    DEFAULT_EMBEDDER,
    Embedder,
    EmbedderError,
    SentenceEmbedder,
    load_embedder,
    loaded_embedders,
)
from tunecheck.embeddings._similarity import (
    cosine_matrix,
    mean_pairwise_cosine,
    semantic_agreement,
    support_by_samples,
)

__all__ = [
    "DEFAULT_EMBEDDER",
    "Embedder",
    "EmbedderError",
    "SentenceEmbedder",
    "cosine_matrix",
    "load_embedder",
    "loaded_embedders",
    "mean_pairwise_cosine",
    "semantic_agreement",
    "support_by_samples",
]
