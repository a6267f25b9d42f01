"""The ``hf`` backend: Hugging Face transformers on local weights, a hub id, or a GGUF file.

GGUF weights are dequantised by transformers (``info.quantization`` says so, for
example ``gguf Q4_1 dequantised to float32``). A PEFT adapter is merged into the weights
unless ``merge_adapter`` is false.
Prompts arrive rendered; they are tokenised without adding special tokens when they
already start with the BOS text (chat templates write it), as lm-evaluation-harness
does. Generation decodes with temperature and top-p only: the model's own generation
defaults (repetition penalty and the like) are overridden so both models decode alike.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import torch
import transformers
from transformers import PreTrainedModel

from tunecheck.backends import _hf_generate as gen
from tunecheck.backends._hf_load import load_model, load_tokenizer
from tunecheck.backends._hf_logits import CausalLM, Prefix, repeated_cache
from tunecheck.backends._hf_score import ScoreInput, ScoreSettings, score_pairs
from tunecheck.backends._lmeval import encode_pair, pair_problem
from tunecheck.backends._protocol import (
    BackendInfo,
    Capability,
    Generation,
    GenerationRequest,
    Loglikelihood,
    LoglikelihoodRequest,
)
from tunecheck.backends._tokenizer import encode_prompt, render_chat
from tunecheck.config import HFSpec
from tunecheck.models import ModelRef, gguf_value, resolve_model_ref
from tunecheck.types import Message

_DEFAULT_MAX_LENGTH = 2048
GENERATION_MIN_PREFIX = 16
"""Fewest leading tokens a batch's prompts must share for them to be run once (``None``: never)."""


class HFBackend:
    """A transformers causal LM (optionally with a PEFT adapter) behind the backend protocol."""

    def __init__(self, spec: HFSpec, base_dir: Path) -> None:
        self._spec = spec
        if spec.threads is not None:
            torch.set_num_threads(spec.threads)
        self._ref = resolve_model_ref(spec.model, base_dir)
        transformers.utils.logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # own progress bars
        gguf_file = spec.gguf_file or self._ref.gguf_file
        self._tokenizer = load_tokenizer(self._ref, gguf_file, spec.revision, spec.trust_remote_code)
        self._model: Any = _load_model(self._ref, gguf_file, spec)
        if spec.adapter is not None:
            self._model = _apply_adapter(self._model, resolve_model_ref(spec.adapter, base_dir), spec.merge_adapter)
        self._model.eval()
        contiguous_head_input(self._model)
        self._device = next(self._model.parameters()).device
        self._tokens = _token_set(self._model, self._tokenizer)
        self._scorer = CausalLM(self._model, self._device)
        self._scoring = ScoreSettings()
        self._generation_min_prefix: int | None = GENERATION_MIN_PREFIX
        self._last_prefix: Prefix | None = None
        self._info = _describe(spec, self._model, self._ref, gguf_file)

    def __repr__(self) -> str:
        return f"HFBackend(model={self._spec.model!r}, adapter={self._spec.adapter!r})"

    @property
    def info(self) -> BackendInfo:
        return self._info

    @property
    def capabilities(self) -> frozenset[Capability]:
        caps: set[Capability] = {"loglikelihood", "streaming"}
        if getattr(self._tokenizer, "chat_template", None):
            caps.add("chat_template")
        return frozenset(caps)

    @property
    def max_length(self) -> int:
        """Longest input scored for log-likelihoods (``max_length`` or the model's context)."""
        return self._spec.max_length or _context_length(self._model) or _DEFAULT_MAX_LENGTH

    def render(self, messages: Sequence[Message]) -> str:
        return render_chat(self._tokenizer, messages, self._spec.model)

    def encode(self, text: str) -> list[int]:
        return encode_prompt(self._tokenizer, text)

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Generation]]:
        items = [gen.Prepared(i, tuple(self.encode(r.prompt)), r) for i, r in enumerate(requests)]
        limit = _context_length(self._model)
        common = gen.shared_length([item.ids for item in items], self._generation_min_prefix)
        for batch in gen.plan_batches(items, self._spec.batch_size):
            runnable = []
            for item in batch:
                if limit is not None and len(item.ids) + item.request.params.max_tokens > limit:
                    yield item.index, Generation(text="", prompt_tokens=len(item.ids), error=(
                        f"prompt ({len(item.ids)} tokens) + max_tokens ({item.request.params.max_tokens}) "
                        f"exceeds the model's context of {limit} tokens"))
                else:
                    runnable.append(item)
            if runnable:
                yield from self._run_batch(runnable, common)

    def _run_batch(self, batch: Sequence[gen.Prepared], common: int) -> Iterator[tuple[int, Generation]]:
        """One batch; ``common``: the leading tokens every request of the call shares (0: none worth a pass)."""
        params = batch[0].request.params
        clock = gen.TokenClock() if batch[0].request.stream else None
        sampler = gen.SeededSampler([item.request.params for item in batch], self._device)
        started = time.perf_counter()
        with torch.inference_mode():
            ids, mask, cache = self._inputs(batch, common, share=clock is None)
            output = self._model.generate(
                input_ids=ids, attention_mask=mask,
                generation_config=gen.generation_config(params, self._tokens),
                logits_processor=transformers.LogitsProcessorList([sampler]), streamer=clock,
                tokenizer=self._tokenizer if params.stop else None, **cache,
            )
        finished = time.perf_counter()
        new_tokens = output[:, ids.shape[1]:]
        for index, generation, n_tokens in gen.decode_rows(new_tokens, batch, self._tokens, self._decode):
            if clock is not None:
                generation = _timed(generation, clock.times[:n_tokens], started, finished)
            yield index, generation

    def _inputs(self, batch: Sequence[gen.Prepared], common: int, *,
                share: bool) -> tuple[torch.Tensor, torch.Tensor, dict[str, object]]:
        """``input_ids``, ``attention_mask`` and the cache keyword: after a shared prefix when ``share`` and the
        batch's rows begin alike, else the whole rows, left-padded.

        The prefix is what the whole call shares when that is worth a pass (one prefix for every
        batch of a system prompt), else what this batch's rows share."""
        cache_arg = self._scorer.cache_arg if share and self._scorer.shares_prefix else None
        shared = common or gen.shared_length([item.ids for item in batch],
                                             self._generation_min_prefix if cache_arg else None)
        if cache_arg is None or not shared or len(batch) < 2:
            return (*gen.left_pad([item.ids for item in batch], self._tokens.pad, self._device), {})
        prefix = self._generation_prefix(batch[0].ids, shared)
        ids, mask = gen.left_pad([item.ids[len(prefix.tokens):] for item in batch], self._tokens.pad, self._device)
        return (*gen.after_prefix(prefix.tokens, ids, mask), {cache_arg: repeated_cache(prefix, len(batch))})

    def _generation_prefix(self, row: tuple[int, ...], shared: int) -> Prefix:
        """A prefix of the first ``shared`` tokens of a batch's rows (``row`` is one of them).

        The last batch's prefix is reused when these rows begin with it too, even where they
        share more: a run of batches after one system prompt runs it once."""
        last = self._last_prefix
        if last is None or len(last.tokens) > shared or row[:len(last.tokens)] != last.tokens:
            last = self._last_prefix = self._scorer.prefix(row[:shared])
        return last

    def _decode(self, ids: list[int]) -> str:
        return str(self._tokenizer.decode(ids, skip_special_tokens=True))

    def loglikelihood(self, requests: Sequence[LoglikelihoodRequest]) -> Iterator[tuple[int, Loglikelihood]]:
        prefix = self._tokenizer.bos_token_id
        prefix = prefix if prefix is not None else self._tokenizer.eos_token_id
        inputs: list[ScoreInput] = []
        for index, request in enumerate(requests):
            pair = encode_pair(request.context, request.continuation, encode=self.encode,
                               encode_plain=self._encode_plain, prefix_token=prefix)
            problem = pair_problem(pair, self.max_length)
            if problem is not None:
                yield index, Loglikelihood(logprob=0.0, error=problem)
            else:
                inputs.append(ScoreInput(index, pair))
        with torch.inference_mode():
            yield from score_pairs(self._scorer, inputs, batch_size=self._spec.batch_size,
                                   max_length=self.max_length, settings=self._scoring)

    def _encode_plain(self, text: str) -> list[int]:
        return list(self._tokenizer.encode(text, add_special_tokens=False))

    def close(self) -> None:
        self.__dict__.pop("_model", None)
        self.__dict__.pop("_scorer", None)
        self._last_prefix = None


def _load_model(ref: ModelRef, gguf_file: str | None, spec: HFSpec) -> Any:
    kwargs: dict[str, object] = {"revision": spec.revision, "trust_remote_code": spec.trust_remote_code}
    dtype: object = spec.dtype if spec.dtype == "auto" else getattr(torch, spec.dtype)
    if spec.device == "auto":
        kwargs["device_map"] = "auto"
    model: Any = load_model(ref, gguf_file, dtype, **kwargs)
    if spec.device != "auto":
        model = model.to(torch.device(spec.device))
    return model


def _apply_adapter(model: PreTrainedModel, adapter: ModelRef, merge: bool) -> Any:
    from peft import PeftModel

    peft_model = PeftModel.from_pretrained(model, adapter.location, is_trainable=False)
    return peft_model.merge_and_unload() if merge else peft_model


def contiguous_head_input(model: Any) -> None:
    """Hand the output head a contiguous input, whichever model it is.

    During a prompt's prefill transformers slices the last position out of the hidden states
    (``logits_to_keep=1``), a non-contiguous ``[batch, 1, hidden]`` view. ``torch.matmul`` folds
    such an input into one matrix product only when the weight requires a gradient; a model
    loaded with an adapter (peft freezes every weight) takes the other path and copies the
    head's weight once per row (``[batch, hidden, vocab]``, 28 M values a row for SmolLM2):
    the candidate's prefill ran 1.5x as long as the base's. Copying the small input instead
    gives both models the same kernel.
    """
    head = model.get_output_embeddings() if hasattr(model, "get_output_embeddings") else None
    if isinstance(head, torch.nn.Module):
        head.register_forward_pre_hook(_contiguous_first_argument)


def _contiguous_first_argument(_module: torch.nn.Module, args: tuple[Any, ...]) -> tuple[Any, ...] | None:
    first = args[0] if args else None
    if isinstance(first, torch.Tensor) and not first.is_contiguous():
        return (first.contiguous(), *args[1:])
    return None


def _timed(generation: Generation, times: Sequence[float], started: float, finished: float) -> Generation:
    """A generation with its token arrival times, in seconds since the request started."""
    offsets = tuple(t - started for t in times)
    return replace(generation, ttft_s=offsets[0] if offsets else None, token_times_s=offsets,
                   e2e_s=finished - started)


def _token_set(model: PreTrainedModel, tokenizer: transformers.PreTrainedTokenizerBase) -> gen.TokenSet:
    configured = model.generation_config.eos_token_id
    eos = set(configured if isinstance(configured, list) else [configured]) - {None}
    if tokenizer.eos_token_id is not None:
        eos.add(tokenizer.eos_token_id)
    if not eos:
        raise ValueError("the model defines no end-of-sequence token; generation could not stop")
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else min(eos)
    return gen.TokenSet(eos=frozenset(int(t) for t in eos), pad=int(pad))


def _context_length(model: PreTrainedModel) -> int | None:
    config = model.config
    for attr in ("max_position_embeddings", "n_positions", "n_ctx"):
        value = getattr(config, attr, None)
        if isinstance(value, int) and value > 0:
            return value
    return None


def _describe(spec: HFSpec, model: PreTrainedModel, ref: ModelRef, gguf_file: str | None) -> BackendInfo:
    dtype = str(next(model.parameters()).dtype).removeprefix("torch.")
    name = spec.model if spec.gguf_file is None else f"{spec.model}#{spec.gguf_file}"
    if spec.revision:
        name = f"{name}@{spec.revision}"
    return BackendInfo(
        kind="hf", model=name, adapter=spec.adapter, version=transformers.__version__, dtype=dtype,
        quantization=_quantization(model, ref, gguf_file, dtype), device=_device_name(model),
        extra=(("torch", torch.__version__),),
    )


def _quantization(model: PreTrainedModel, ref: ModelRef, gguf_file: str | None, dtype: str) -> str | None:
    if gguf_file is not None:
        file_type = _gguf_file_type(Path(ref.location) / gguf_file) if ref.source != "hub" else None
        return f"gguf {file_type or 'file'} dequantised to {dtype}"
    config = getattr(model.config, "quantization_config", None)
    if config is None:
        return None
    method = config.get("quant_method") if isinstance(config, dict) else getattr(config, "quant_method", None)
    return str(method or type(config).__name__)


def _gguf_file_type(path: Path) -> str | None:
    """The GGUF ``general.file_type`` as a name (``Q4_1``), or ``None`` when unreadable."""
    try:
        from gguf import LlamaFileType

        value = gguf_value(path, "general.file_type")
        return None if not isinstance(value, int) else LlamaFileType(value).name.removeprefix("MOSTLY_")
    except (ImportError, ValueError, OSError):
        return None


def _device_name(model: PreTrainedModel) -> str:
    devices = sorted({str(p.device) for p in model.parameters()})
    return ",".join(devices)
