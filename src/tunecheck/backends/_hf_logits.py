"""The forward passes log-likelihood scoring makes into a transformers causal LM.

The model may be a plain model, one with a merged adapter, or an unmerged ``PeftModel``
(whose base model's ``forward`` says what it accepts). ``logits_to_keep`` (a position
tensor) makes the model apply its own output head, softcapping included, to the read
positions only; a model without it returns every position. A shared prefix is run once
with its key/value cache kept; a batch of suffixes then runs against a copy of that cache
repeated to the batch size. Prompt-learning adapters (prefix or prompt tuning) bring their
own virtual tokens and cache, so they get neither.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch


@dataclass(frozen=True)
class Prefix:
    """Leading tokens run once, and the key/value cache they left (batch size one)."""

    tokens: tuple[int, ...]
    cache: Any


class CausalLM:
    """Logits of right-padded token rows, optionally after a shared ``Prefix``."""

    def __init__(self, model: Any, device: torch.device) -> None:
        self._model = model
        self._device = device
        base = model.get_base_model() if hasattr(model, "get_base_model") else model
        accepted = inspect.signature(base.forward).parameters
        prompt_learning = bool(getattr(getattr(model, "active_peft_config", None), "is_prompt_learning", False))
        self.keeps_positions = "logits_to_keep" in accepted and not prompt_learning
        self.cache_arg = next((name for name in ("cache", "past_key_values") if name in accepted), None)
        """The keyword the model takes a key/value cache by (``None``: it takes none)."""
        self.shares_prefix = self.cache_arg is not None and not prompt_learning

    def logits(self, rows: Sequence[tuple[int, ...]], *, keep: range | None,
               prefix: Prefix | None) -> torch.Tensor:
        """``[rows, positions, vocab]``: the positions in ``keep`` when the model can keep some, else all."""
        ids = _right_pad(rows, self._device)
        kwargs: dict[str, object] = {}
        if keep is not None and self.keeps_positions:
            kwargs["logits_to_keep"] = torch.arange(keep.start, keep.stop, device=self._device)
        if prefix is not None:
            kwargs.update(self._after(prefix, rows, ids.shape[1]))
        logits: torch.Tensor = self._model(input_ids=ids, **kwargs).logits
        return logits

    def prefix(self, tokens: tuple[int, ...]) -> Prefix:
        """Run ``tokens`` once and keep their key/value cache."""
        if self.cache_arg is None:
            raise ValueError("this model takes no key/value cache; it cannot share a prefix")
        ids = torch.tensor([tokens], dtype=torch.long, device=self._device)
        kwargs: dict[str, object] = {"logits_to_keep": 1} if self.keeps_positions else {}
        cache = getattr(self._model(input_ids=ids, use_cache=True, **kwargs), self.cache_arg)
        if isinstance(cache, tuple):  # older transformers return a cache they made in the legacy format
            from transformers import DynamicCache

            cache = DynamicCache.from_legacy_cache(cache)  # type: ignore[attr-defined]  # gone in transformers 5
        return Prefix(tokens, cache)

    def _after(self, prefix: Prefix, rows: Sequence[tuple[int, ...]], width: int) -> dict[str, object]:
        """Cache, attention mask and positions for suffixes that continue ``prefix``."""
        assert self.cache_arg is not None
        cache = repeated_cache(prefix, len(rows))
        n = len(prefix.tokens)
        mask = torch.zeros((len(rows), n + width), dtype=torch.long, device=self._device)
        for i, row in enumerate(rows):
            mask[i, :n + len(row)] = 1
        positions = torch.arange(n, n + width, device=self._device).expand(len(rows), -1)
        return {self.cache_arg: cache, "attention_mask": mask, "position_ids": positions, "use_cache": True}


def repeated_cache(prefix: Prefix, rows: int) -> Any:
    """A copy of the prefix's key/value cache for ``rows`` rows (the prefix's own stays as it was)."""
    cache = copy.deepcopy(prefix.cache)
    cache.batch_repeat_interleave(rows)
    return cache


def _right_pad(rows: Sequence[tuple[int, ...]], device: torch.device) -> torch.Tensor:
    width = max(len(row) for row in rows)
    batch = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        batch[i, :len(row)] = torch.tensor(row, dtype=torch.long)
    return batch.to(device)
