"""Train/test overlap: which evaluation items a training file already contains.

Three ways an item counts as contaminated, tried in this order:

- **exact**: the same tokens (case, spacing and punctuation aside) as a field of a
  training row;
- **near**: word n-gram shingles (within sentences, numbers as ``0``) whose Jaccard
  similarity with a training field's reaches the threshold; candidates come from a MinHash
  LSH (``datasketch``) of the evaluation items, confirmed on the exact shingle sets;
- **embedding** (optional): cosine similarity of sentence embeddings above a threshold.

The training file is streamed: the evaluation items are indexed, each training text is
looked up once.
"""

from tunecheck.contamination._embedding import embedding_matches
from tunecheck.contamination._index import MAX_MISS, ContaminationIndex, EvalItem, Match, MatchKind, Method, bands
from tunecheck.contamination._scan import Scan, scan
from tunecheck.contamination._stream import TrainingText, training_texts
from tunecheck.contamination._text import exact_key, jaccard, sentences, shingles, tokens

__all__ = [
    "MAX_MISS",
    "ContaminationIndex",
    "EvalItem",
    "Match",
    "MatchKind",
    "Method",
    "Scan",
    "TrainingText",
    "bands",
    "embedding_matches",
    "exact_key",
    "jaccard",
    "scan",
    "sentences",
    "shingles",
    "tokens",
    "training_texts",
]
