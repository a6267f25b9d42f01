"""Log-likelihood of continuations for the ``hf`` backend, as lm-evaluation-harness computes it.

Requests whose model input is identical (for example the four one-token answer letters of
a multiple-choice question share ``context + continuation[:-1]``) are scored from one row.
Rows are batched with right padding, longest first (``_hf_batches``). The output
projection runs only on the positions whose logits are read (``logits_to_keep``), and
log-softmax is taken in float32 on the continuation positions only.

Rows that begin with the same tokens (at least ``min_prefix``, 16) are batched together:
the shared prefix is run once, and each of their batches runs only its suffixes against a
copy of the prefix's key/value cache expanded to the batch, with an attention mask over
prefix and right-padded suffix. A cluster must fill at least half a batch: smaller ones
(a HellaSwag item's four endings) cost a prefix pass and a small batch of their own, which
is slower than running their rows whole among others (on HellaSwag-format items, bfloat16,
batch size 16, 2 threads: 96 items in 8.3-9.9 s whole against 11.8-13.2 s shared).
The results equal the plain path's (``PLAIN``: every row in full, every position's logits)
within float noise: ``tests/integration/test_hf_prefix_scoring.py``
holds each log-likelihood to 1e-4 and ``is_greedy`` to equality.

Measured with ``benchmarks/bench_hf_prefix_scoring.py --rounds 3 --threads 1`` (SmolLM2-135M,
float32, CPU, batch size 8; best of three alternating rounds, against ``PLAIN`` in the same
process): 100 loss-gap rows (triage system prompt and ticket through the chat template, 135
tokens of which 63 shared, 36 read) 2.01 -> 3.93 rows/s (1.96x; the head on read positions
alone 1.17x); MMLU 1-shot, 28 items in two subjects (90 tokens, 49 and 56 shared, one read)
3.11 -> 6.09 items/s (1.96x; head alone 1.22x); 0-shot HellaSwag, 24 items (23 tokens; each
item's four endings share its context, 16 to 22 tokens) 3.13 -> 3.51 items/s (1.12x, all of
it from the head). Largest log-likelihood difference 5.1e-5, no ``is_greedy`` differing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import torch

from tunecheck.backends._hf_batches import Row, plan_batches
from tunecheck.backends._hf_logits import CausalLM, Prefix
from tunecheck.backends._lmeval import EncodedPair, model_input
from tunecheck.backends._protocol import Loglikelihood


@dataclass(frozen=True)
class ScoreInput:
    """One request to score: its position in the caller's list and its tokens."""

    index: int
    pair: EncodedPair


@dataclass(frozen=True)
class ScoreSettings:
    """How rows are scored: ``min_prefix`` shared tokens (``None``: no sharing), logits of read positions only."""

    min_prefix: int | None = 16
    read_positions_only: bool = True


PLAIN = ScoreSettings(min_prefix=None, read_positions_only=False)
"""Every row in full, logits at every position: the reference the faster paths must equal."""


@dataclass(frozen=True)
class _Row:
    tokens: tuple[int, ...]
    members: tuple[ScoreInput, ...]

    @property
    def reads(self) -> int:
        return max(len(member.pair.continuation) for member in self.members)


def score_pairs(model: CausalLM, inputs: Sequence[ScoreInput], *, batch_size: int, max_length: int,
                settings: ScoreSettings = ScoreSettings()) -> Iterator[tuple[int, Loglikelihood]]:
    """Yield ``(index, Loglikelihood)`` for every input, batch by batch."""
    grouped: dict[tuple[int, ...], list[ScoreInput]] = {}
    for item in inputs:
        grouped.setdefault(model_input(item.pair, max_length), []).append(item)
    rows = [_Row(tokens, tuple(members)) for tokens, members in grouped.items()]
    min_prefix = settings.min_prefix if model.shares_prefix else None
    plan = plan_batches([Row(row.tokens, len(row.tokens) - row.reads) for row in rows],
                        batch_size=batch_size, min_prefix=min_prefix, min_rows=max(2, batch_size // 2))
    prefix: Prefix | None = None
    for batch in plan:
        chunk = [rows[i] for i in batch.rows]
        if batch.prefix and (prefix is None or prefix.tokens != chunk[0].tokens[:batch.prefix]):
            prefix = model.prefix(chunk[0].tokens[:batch.prefix])
        yield from _score_batch(model, chunk, prefix if batch.prefix else None, settings.read_positions_only)


def _score_batch(model: CausalLM, chunk: Sequence[_Row], prefix: Prefix | None,
                 read_positions_only: bool) -> Iterator[tuple[int, Loglikelihood]]:
    """One forward pass over the rows' tokens after ``prefix``; read logits are sliced per continuation."""
    offset = len(prefix.tokens) if prefix is not None else 0
    width = max(len(row.tokens) for row in chunk) - offset
    keep = range(min(len(row.tokens) - row.reads for row in chunk) - offset, width) if read_positions_only else None
    logits = model.logits([row.tokens[offset:] for row in chunk], keep=keep, prefix=prefix)
    start = keep.start if keep is not None and model.keeps_positions else 0
    for i, row in enumerate(chunk):
        end = len(row.tokens) - offset - start
        for member in row.members:
            yield member.index, _select(logits[i], end, member.pair.continuation)


def _select(row_logits: torch.Tensor, end: int, continuation: tuple[int, ...]) -> Loglikelihood:
    """Continuation tokens' log-probabilities from the ``len(continuation)`` logit rows before ``end``."""
    n = len(continuation)
    logits = row_logits[end - n:end].float()
    targets = torch.tensor(continuation, dtype=torch.long, device=logits.device)
    logprobs = torch.log_softmax(logits, dim=-1).gather(1, targets.unsqueeze(1)).squeeze(1)
    greedy = bool((logits.argmax(dim=-1) == targets).all())
    values = tuple(float(v) for v in logprobs.tolist())
    return Loglikelihood(logprob=sum(values), token_logprobs=values, is_greedy=greedy)
