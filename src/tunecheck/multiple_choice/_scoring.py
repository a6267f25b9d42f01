"""``acc`` and ``acc_norm`` exactly as lm-evaluation-harness computes them.

For a multiple-choice item with log-likelihoods ``ll[i]`` of its choices
(``lm_eval.api.task.ConfigurableTask.process_results``):

- ``acc``: ``argmax(ll) == gold``;
- ``acc_norm``: ``argmax(ll / len(choice)) == gold``, the length in characters of the
  choice text as ``doc_to_choice`` returns it (without the leading target delimiter).

``numpy.argmax`` keeps the first of tied maxima, so ties go to the earlier choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ChoiceScore:
    """The choices picked by raw and length-normalised log-likelihood, and whether each is right."""

    pred: int
    pred_norm: int
    acc: float
    acc_norm: float


def score_choices(logprobs: Sequence[float], choices: Sequence[str], gold: int) -> ChoiceScore:
    """Score one item from its choices' log-likelihoods."""
    if len(logprobs) != len(choices):
        raise ValueError(f"{len(logprobs)} log-likelihoods for {len(choices)} choices")
    if not 0 <= gold < len(choices):
        raise ValueError(f"gold index {gold} is outside the {len(choices)} choices")
    lls = np.asarray(logprobs, dtype=np.float64)
    lengths = np.asarray([float(len(choice)) for choice in choices])
    with np.errstate(divide="ignore", invalid="ignore"):
        normalised = lls / lengths
    pred, pred_norm = int(np.argmax(lls)), int(np.argmax(normalised))
    return ChoiceScore(pred=pred, pred_norm=pred_norm, acc=float(pred == gold), acc_norm=float(pred_norm == gold))
