"""Mapping free-text predictions onto a closed label set."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from tunecheck.metrics._base import Reference, check_lengths, reference_list
from tunecheck.types import IntArray

#: How a prediction is mapped to a label. ``exact``: the normalised prediction equals a
#: normalised label. ``contains``: exact, else the label whose normalised text occurs as
#: whole words in the normalised prediction, when that label is unambiguous.
LabelMatch = Literal["exact", "contains"]

#: Index returned for a prediction that maps to no label; it always counts as wrong.
UNKNOWN = -1

_PUNCT_TABLE = str.maketrans(dict.fromkeys(string.punctuation, " "))


def normalize_label(text: str) -> str:
    """Lowercase, replace ASCII punctuation by spaces, collapse whitespace."""
    return " ".join(text.lower().translate(_PUNCT_TABLE).split())


@dataclass(frozen=True)
class LabelSet:
    """A closed set of labels and the rule mapping predictions onto it."""

    labels: tuple[str, ...]
    match: LabelMatch = "contains"
    _normalized: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.labels, str) or not all(isinstance(x, str) for x in self.labels):
            msg = f"labels must be a list of strings, got {self.labels!r}"
            raise TypeError(msg)
        if self.match not in ("exact", "contains"):
            msg = f"label match must be 'exact' or 'contains', got {self.match!r}"
            raise ValueError(msg)
        normalized = tuple(normalize_label(label) for label in self.labels)
        if not normalized:
            msg = "the label set is empty; pass labels=[...] with at least one label"
            raise ValueError(msg)
        if "" in normalized:
            msg = f"labels must contain letters or digits, got {list(self.labels)!r}"
            raise ValueError(msg)
        if len(set(normalized)) != len(normalized):
            msg = f"labels collide after normalisation (case/punctuation): {list(self.labels)!r}"
            raise ValueError(msg)
        object.__setattr__(self, "_normalized", normalized)

    def predicted_index(self, prediction: str) -> int:
        """Label index of a prediction, or ``UNKNOWN`` (-1) when it maps to no label."""
        text = normalize_label(prediction)
        normalized = self._normalized
        if text in normalized:
            return normalized.index(text)
        if self.match == "exact":
            return UNKNOWN
        return _unique_contained(text, normalized)

    def reference_index(self, reference: str, *, sample: int | None = None) -> int:
        """Label index of a reference; raises when the reference is not in the label set."""
        text = normalize_label(reference)
        normalized = self._normalized
        if text not in normalized:
            where = "" if sample is None else f"sample {sample}: "
            msg = (
                f"{where}reference {reference!r} is not one of the labels "
                f"{list(self.labels)!r}; add it to the label set or fix the reference"
            )
            raise ValueError(msg)
        return normalized.index(text)

    def encode(
        self, predictions: Sequence[str], references: Sequence[Reference]
    ) -> tuple[IntArray, IntArray]:
        """Predicted and reference label indices; each sample needs exactly one reference."""
        check_lengths(predictions, references)
        pred = np.array([self.predicted_index(p) for p in predictions], dtype=np.int64)
        ref = np.array(
            [self.reference_index(_single(r, i), sample=i) for i, r in enumerate(references)],
            dtype=np.int64,
        )
        return pred, ref


def _single(reference: Reference, index: int) -> str:
    refs = reference_list(reference)
    if len(refs) != 1:
        msg = f"sample {index}: classification needs exactly one reference label, got {len(refs)}"
        raise ValueError(msg)
    return refs[0]


def _unique_contained(text: str, normalized: tuple[str, ...]) -> int:
    found = [i for i, label in enumerate(normalized) if re.search(rf"\b{re.escape(label)}\b", text)]
    if not found:
        return UNKNOWN
    longest = max(found, key=lambda i: len(normalized[i]))
    if all(normalized[i] in normalized[longest] for i in found):
        return longest
    return UNKNOWN
