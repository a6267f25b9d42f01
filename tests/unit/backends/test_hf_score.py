"""Which rows the hf backend's log-likelihood scoring runs after a shared prefix, on a scripted model."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import torch

from tunecheck.backends._hf_logits import Prefix
from tunecheck.backends._hf_score import ScoreInput, score_pairs
from tunecheck.backends._lmeval import EncodedPair

SYSTEM = tuple(range(100, 120))  # 20 tokens the rows of a cluster start with
VOCAB = 200


class ScriptedLM:
    """Uniform logits; records every prefix it is asked to run and every batch's row count."""

    shares_prefix = True
    keeps_positions = False

    def __init__(self) -> None:
        self.prefixes: list[tuple[int, ...]] = []
        self.batches: list[int] = []

    def prefix(self, tokens: tuple[int, ...]) -> Prefix:
        self.prefixes.append(tokens)
        return Prefix(tokens, cache=None)

    def logits(self, rows: Sequence[tuple[int, ...]], *, keep: range | None, prefix: Prefix | None) -> torch.Tensor:
        self.batches.append(len(rows))
        return torch.zeros((len(rows), max(len(r) for r in rows), VOCAB))


def _inputs(n_cluster: int) -> list[ScoreInput]:
    """``n_cluster`` rows after the system tokens, and four rows that share nothing."""
    pairs = [EncodedPair((*SYSTEM, 1, i), (2, 3)) for i in range(n_cluster)]
    pairs += [EncodedPair((5 + i, 6, 7), (8,)) for i in range(4)]
    return [ScoreInput(i, pair) for i, pair in enumerate(pairs)]


@pytest.mark.parametrize(("n_cluster", "shared"), [(3, False), (4, True), (9, True)])
def test_a_cluster_is_run_after_its_prefix_only_when_it_fills_half_a_batch(n_cluster: int, shared: bool) -> None:
    model = ScriptedLM()
    results = dict(score_pairs(model, _inputs(n_cluster), batch_size=8, max_length=64))  # type: ignore[arg-type]
    assert sorted(results) == list(range(n_cluster + 4))
    # uniform logits: every continuation token costs log(VOCAB), whichever way it was scored
    assert all(r.logprob == pytest.approx(-len(r.token_logprobs) * torch.log(torch.tensor(VOCAB)).item())
               for r in results.values())
    assert model.prefixes == ([(*SYSTEM, 1)] if shared else [])
