"""Log-likelihood of continuations for the ``hf`` backend, as lm-evaluation-harness computes it.

Requests are batched with right padding, longest first. Requests whose model input is
identical (for example the four one-token answer letters of a multiple-choice question
share ``context + continuation[:-1]``) are scored from one row of one forward pass.
Log-softmax is taken in float32 on the continuation positions only.

Re-using a shared context's key/value cache for several continuations was measured and
left out: on 0-shot HellaSwag (contexts ~28 tokens, endings ~13) it halves the positions
computed but needs four times the forward calls, and ran no faster on CPU (28.6 s against
27.9 s for 80 requests, SmolLM2-135M).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import torch

from tunecheck.backends._lmeval import EncodedPair, model_input
from tunecheck.backends._protocol import Loglikelihood

Forward = Callable[[torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class ScoreInput:
    """One request to score: its position in the caller's list and its tokens."""

    index: int
    pair: EncodedPair


def score_pairs(forward: Forward, inputs: Sequence[ScoreInput], *, batch_size: int, max_length: int,
                device: torch.device) -> Iterator[tuple[int, Loglikelihood]]:
    """Yield ``(index, Loglikelihood)`` for every input, batch by batch."""
    rows: dict[tuple[int, ...], list[ScoreInput]] = {}
    for item in inputs:
        rows.setdefault(model_input(item.pair, max_length), []).append(item)
    ordered = sorted(rows.items(), key=lambda row: (-len(row[0]), row[0]))
    for start in range(0, len(ordered), batch_size):
        chunk = ordered[start:start + batch_size]
        logits = forward(_right_pad([tokens for tokens, _ in chunk], device))
        for row, (tokens, members) in enumerate(chunk):
            for member in members:
                yield member.index, _select(logits[row], len(tokens), member.pair.continuation)


def _right_pad(rows: Sequence[tuple[int, ...]], device: torch.device) -> torch.Tensor:
    width = max(len(row) for row in rows)
    batch = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        batch[i, :len(row)] = torch.tensor(row, dtype=torch.long)
    return batch.to(device)


def _select(row_logits: torch.Tensor, input_length: int, continuation: tuple[int, ...]) -> Loglikelihood:
    """Continuation tokens' log-probabilities from the last ``len(continuation)`` input positions."""
    n = len(continuation)
    logits = row_logits[input_length - n:input_length].float()
    targets = torch.tensor(continuation, dtype=torch.long, device=logits.device)
    logprobs = torch.log_softmax(logits, dim=-1).gather(1, targets.unsqueeze(1)).squeeze(1)
    greedy = bool((logits.argmax(dim=-1) == targets).all())
    values = tuple(float(v) for v in logprobs.tolist())
    return Loglikelihood(logprob=sum(values), token_logprobs=values, is_greedy=greedy)
