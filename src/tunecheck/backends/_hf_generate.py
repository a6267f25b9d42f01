"""Batched generation for the ``hf`` backend: left padding, per-request seeds, stop strings.

Sampling is done per row with the request's own ``torch.Generator`` (seeded with
``params.seed``), so a sampled output depends on its prompt and seed only, never on
which other requests shared its batch; greedy rows are plain argmax.

The leading tokens all rows of a batch share (a system prompt, a chat template's opening) are
run once, with batch size one, and their key/value cache is repeated to the batch; generation
then runs on the rows' own tokens after it (``shared_length``, ``after_prefix``). A prefix is
reused by the next batch that shares it. Streamed requests (latency) always run whole.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import torch
from transformers import GenerationConfig, LogitsProcessor
from transformers.generation.streamers import BaseStreamer

from tunecheck.backends._protocol import Generation, GenerationParams, GenerationRequest
from tunecheck.backends._stop import truncate_at_stop


@dataclass(frozen=True)
class Prepared:
    """A request with its prompt token ids."""

    index: int
    ids: tuple[int, ...]
    request: GenerationRequest


@dataclass(frozen=True)
class TokenSet:
    """The token ids that end a row: end-of-sequence ids and the padding id."""

    eos: frozenset[int]
    pad: int

    @property
    def ends(self) -> frozenset[int]:
        return self.eos | {self.pad}


def plan_batches(items: Sequence[Prepared], batch_size: int) -> list[list[Prepared]]:
    """Streamed requests alone; the rest grouped by (max_tokens, stop), longest prompts first."""
    groups: dict[tuple[int, tuple[str, ...]], list[Prepared]] = {}
    batches: list[list[Prepared]] = []
    for item in items:
        if item.request.stream:
            batches.append([item])
        else:
            groups.setdefault((item.request.params.max_tokens, item.request.params.stop), []).append(item)
    for group in groups.values():
        group.sort(key=lambda it: (-len(it.ids), it.index))
        batches.extend(group[i:i + batch_size] for i in range(0, len(group), batch_size))
    return batches


class SeededSampler(LogitsProcessor):
    """Samples each row with its own generator; the chosen token is the only one left."""

    def __init__(self, params: Sequence[GenerationParams], device: torch.device) -> None:
        self._params = list(params)
        self._generators = [_generator(p.seed, device) for p in params]

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        for row, params in enumerate(self._params):
            if params.temperature <= 0:
                continue
            token = _sample(scores[row], params, self._generators[row])
            scores[row].fill_(float("-inf"))
            scores[row, token] = 0.0
        return scores


def _generator(seed: int, device: torch.device) -> torch.Generator:
    generator = torch.Generator(device=device)
    generator.manual_seed(seed)
    return generator


def _sample(logits: torch.Tensor, params: GenerationParams, generator: torch.Generator) -> int:
    scaled = logits.float() / params.temperature
    if params.top_p < 1.0:
        ordered, order = scaled.sort(descending=True)
        probs = ordered.softmax(-1)
        drop = probs.cumsum(-1) - probs > params.top_p
        scaled[order[drop]] = float("-inf")
    return int(torch.multinomial(scaled.softmax(-1), 1, generator=generator).item())


class TokenClock(BaseStreamer):
    """Records when each generated token arrives (``generate`` first puts the prompt)."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self._prompt_seen = False

    def put(self, value: torch.Tensor) -> None:
        if not self._prompt_seen:
            self._prompt_seen = True
            return
        self.times.append(time.perf_counter())

    def end(self) -> None:
        return None


def generation_config(params: GenerationParams, tokens: TokenSet) -> GenerationConfig:
    """Plain decoding: no model-specific penalties or warpers beyond temperature and top-p."""
    return GenerationConfig(  # type: ignore[no-untyped-call]
        max_new_tokens=params.max_tokens, do_sample=False, num_beams=1, pad_token_id=tokens.pad,
        eos_token_id=sorted(tokens.eos), stop_strings=list(params.stop) or None, repetition_penalty=1.0,
        no_repeat_ngram_size=0, min_new_tokens=0, temperature=1.0, top_p=1.0,
    )


def left_pad(rows: Sequence[Sequence[int]], pad: int,
             device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """``input_ids`` and ``attention_mask`` with every row padded on the left."""
    width = max(len(row) for row in rows)
    ids = torch.full((len(rows), width), pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        if row:
            ids[i, width - len(row):] = torch.tensor(row, dtype=torch.long)
            mask[i, width - len(row):] = 1
    return ids.to(device), mask.to(device)


def shared_length(rows: Sequence[Sequence[int]], min_prefix: int | None) -> int:
    """Leading tokens every row shares, each row keeping at least one of its own; 0 when under ``min_prefix``.

    The rows' last tokens are never shared: the first generated token comes from the pass over
    the rows' own tokens. A row alone shares nothing (there is no other row to save a pass for)."""
    if min_prefix is None or len(rows) < 2:
        return 0
    first = rows[0]
    n = min(len(row) for row in rows) - 1
    for i in range(max(n, 0)):
        if any(row[i] != first[i] for row in rows):
            n = i
            break
    return n if n >= min_prefix else 0


def after_prefix(prefix: Sequence[int], ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """``input_ids`` and ``attention_mask`` of left-padded suffixes with the shared prefix before them.

    The padding lies between prefix and suffix, masked; positions follow the mask (transformers
    counts them from it), so every row's tokens sit where they would in the row run whole."""
    head = torch.tensor(prefix, dtype=torch.long, device=ids.device).expand(ids.shape[0], -1)
    return torch.cat([head, ids], dim=1), torch.cat([torch.ones_like(head), mask], dim=1)


def decode_rows(new_tokens: torch.Tensor, batch: Sequence[Prepared], tokens: TokenSet,
                decode: Callable[[list[int]], str]) -> Iterator[tuple[int, Generation, int]]:
    """``(index, generation, n_output_tokens)`` for each row of generated tokens."""
    for row, item in zip(new_tokens.tolist(), batch, strict=True):
        end = next((i for i, token in enumerate(row) if token in tokens.ends), len(row))
        text, stopped = truncate_at_stop(decode(row[:end]), item.request.params.stop)
        ended = stopped or (end < len(row) and row[end] in tokens.eos)
        yield item.index, Generation(
            text=text, prompt_tokens=len(item.ids), output_tokens=end,
            finish_reason="stop" if ended else "length",
        ), end
