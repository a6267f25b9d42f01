"""The ``vllm`` backend: vLLM's offline engine, continuous batching in this process.

Prompts arrive rendered by tunecheck (the model's chat template, applied here with the
folder's tokenizer as the ``hf`` backend applies it) and are sent as token ids, encoded
by the ``hf`` backend's rule (no special tokens added to text that starts with the BOS
text), so both backends read the same tokens. Greedy requests decode by argmax; sampled
ones carry their own seed, so an answer depends on its prompt and seed, not its batch.

A LoRA adapter runs unmerged on its base's engine (``_vllm_engine``): the baseline of a
run whose candidate is a LoRA of the same base opens the same engine with LoRA enabled,
so both models share the engine and its settings by construction. With
``merge_adapter`` the adapter is merged into a copy of the weights with an engine of its
own, as a full fine-tune gets. Log-likelihoods come from prompt logprobs (the engine's
raw log-softmax over each prompt position), tokenised as lm-evaluation-harness does; on a
CPU engine with LoRA enabled they are scored one request at a time (vLLM 0.32's CPU LoRA
kernels fail on a batch of prompt logprobs).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tunecheck.backends._lmeval import encode_pair, pair_problem
from tunecheck.backends._protocol import (
    BackendInfo,
    Capability,
    Generation,
    GenerationParams,
    GenerationRequest,
    Loglikelihood,
    LoglikelihoodRequest,
)
from tunecheck.backends._stop import truncate_at_stop
from tunecheck.backends._tokenizer import encode_prompt, render_chat
from tunecheck.backends._vllm_engine import Engine, EngineKey, EngineRequest
from tunecheck.backends._vllm_model import engine_folder, lora_rank, merged_folder
from tunecheck.config import BackendSpec, VLLMSpec
from tunecheck.errors import CapabilityError
from tunecheck.models import resolve_model_ref
from tunecheck.types import Message


class VLLMBackend:
    """A model (optionally a LoRA on it) on a shared vLLM engine, behind the backend protocol."""

    def __init__(self, spec: VLLMSpec, base_dir: Path, peers: Sequence[BackendSpec] = ()) -> None:
        from transformers import AutoTokenizer

        self._spec = spec
        folder = engine_folder(spec, base_dir)
        adapter = resolve_model_ref(spec.adapter, base_dir) if spec.adapter is not None else None
        self._lora: Any = None
        if adapter is not None and spec.merge_adapter:
            folder = merged_folder(folder, adapter, spec)
        key = engine_key(spec, folder, base_dir, peers)
        self._tokenizer = AutoTokenizer.from_pretrained(folder, revision=spec.revision,
                                                        trust_remote_code=spec.trust_remote_code)
        self._engine = Engine(key)
        try:
            if adapter is not None and not spec.merge_adapter:
                from vllm.lora.request import LoRARequest

                lora_id = _lora_id(adapter.location)
                self._lora = LoRARequest(f"{Path(adapter.location).name}-{lora_id}", lora_id, adapter.location)
            self._info = _describe(spec, self._engine, base_dir)
        except BaseException:
            self._engine.release()
            raise
        # vLLM 0.32's CPU LoRA kernels index prompt logprobs by request, not by token, and fail on a batch of
        # them; one scoring request at a time is correct there (GPUs batch them)
        self._serial_scoring = key.enable_lora and self._info.device == "cpu"

    def __repr__(self) -> str:
        return f"VLLMBackend(model={self._spec.model!r}, adapter={self._spec.adapter!r})"

    @property
    def info(self) -> BackendInfo:
        return self._info

    @property
    def capabilities(self) -> frozenset[Capability]:
        caps: set[Capability] = {"loglikelihood"}
        if getattr(self._tokenizer, "chat_template", None):
            caps.add("chat_template")
        return frozenset(caps)

    @property
    def max_length(self) -> int:
        """Longest continuation scored: the context window less the one token each scoring request generates."""
        return self._engine.max_model_len - 2

    def render(self, messages: Sequence[Message]) -> str:
        return render_chat(self._tokenizer, messages, self._spec.model)

    def encode(self, text: str) -> list[int]:
        return encode_prompt(self._tokenizer, text)

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Generation]]:
        queued: list[EngineRequest] = []
        indices: list[int] = []
        limit = self._engine.max_model_len
        for index, request in enumerate(requests):
            if request.params.constraint is not None:
                raise CapabilityError("the vllm backend does not apply decoding constraints (json_schema, grammar)")
            ids = tuple(self.encode(request.prompt))
            if len(ids) + request.params.max_tokens > limit:
                yield index, Generation(text="", prompt_tokens=len(ids), error=(
                    f"prompt ({len(ids)} tokens) + max_tokens ({request.params.max_tokens}) exceeds the "
                    f"engine's max_model_len of {limit} tokens"))
                continue
            queued.append(EngineRequest(ids, sampling_params(request.params), self._lora))
            indices.append(index)
        for position, output in self._engine.run(queued):
            yield indices[position], _generation(output, requests[indices[position]].params)

    def loglikelihood(self, requests: Sequence[LoglikelihoodRequest]) -> Iterator[tuple[int, Loglikelihood]]:
        from vllm import SamplingParams

        prefix = self._tokenizer.bos_token_id
        prefix = prefix if prefix is not None else self._tokenizer.eos_token_id
        params = SamplingParams(max_tokens=1, temperature=0.0, prompt_logprobs=1, detokenize=False)
        queued: list[EngineRequest] = []
        scored: list[tuple[int, int]] = []  # (request index, continuation length)
        for index, request in enumerate(requests):
            pair = encode_pair(request.context, request.continuation, encode=self.encode,
                               encode_plain=self._encode_plain, prefix_token=prefix)
            problem = pair_problem(pair, self.max_length)
            if problem is not None:
                yield index, Loglikelihood(logprob=0.0, error=problem)
                continue
            window = (pair.context + pair.continuation)[-(self.max_length + 1):]
            queued.append(EngineRequest(window, params, self._lora))
            scored.append((index, len(pair.continuation)))
        for position, output in self._engine.run(queued, serial=self._serial_scoring):
            index, n_continuation = scored[position]
            yield index, continuation_logprob(output.prompt_token_ids, output.prompt_logprobs, n_continuation)

    def _encode_plain(self, text: str) -> list[int]:
        return list(self._tokenizer.encode(text, add_special_tokens=False))

    def close(self) -> None:
        engine = self.__dict__.pop("_engine", None)
        if engine is not None:
            engine.release()


def engine_key(spec: VLLMSpec, folder: str, base_dir: Path, peers: Sequence[BackendSpec]) -> EngineKey:
    """The engine a spec runs on: LoRA enabled when it, or a peer on the same base, brings an unmerged adapter."""
    lora_adapters = [p.adapter for p in (spec, *peers) if isinstance(p, VLLMSpec) and p.adapter is not None
                     and not p.merge_adapter and _same_engine(spec, p)]
    if spec.adapter is not None and spec.merge_adapter:
        lora_adapters = []  # a merged candidate has an engine of its own, without LoRA
    ranks = [lora_rank(Path(resolve_model_ref(a, base_dir).location), spec.engine.max_lora_rank)
             for a in lora_adapters]
    return EngineKey(folder=folder, settings=spec.engine, enable_lora=bool(ranks),
                     max_lora_rank=max(ranks) if ranks else None, revision=spec.revision,
                     trust_remote_code=spec.trust_remote_code)


def sampling_params(params: GenerationParams) -> Any:
    """``vllm.SamplingParams`` for tunecheck's decoding parameters (logprob of each generated token)."""
    from vllm import SamplingParams

    return SamplingParams(temperature=params.temperature, top_p=params.top_p, max_tokens=params.max_tokens,
                          stop=list(params.stop) or None, seed=params.seed, logprobs=0, skip_special_tokens=True)


def continuation_logprob(prompt_ids: Sequence[int], prompt_logprobs: Sequence[Any], n_tokens: int) -> Loglikelihood:
    """The summed logprob of the last ``n_tokens`` prompt tokens, and whether each was the argmax."""
    values: list[float] = []
    greedy = True
    for position in range(len(prompt_ids) - n_tokens, len(prompt_ids)):
        entry = prompt_logprobs[position][prompt_ids[position]]
        values.append(float(entry.logprob))
        greedy = greedy and entry.rank == 1
    return Loglikelihood(logprob=sum(values), token_logprobs=tuple(values), is_greedy=greedy)


def _generation(output: Any, params: GenerationParams) -> Generation:
    completion = output.outputs[0]
    text, stopped = truncate_at_stop(completion.text, params.stop)
    token_ids = list(completion.token_ids)
    logprobs = completion.logprobs
    values = tuple(float(step[token].logprob) for step, token in zip(logprobs, token_ids, strict=True)) \
        if logprobs else None
    return Generation(text=text, prompt_tokens=len(output.prompt_token_ids), output_tokens=len(token_ids),
                      finish_reason="stop" if stopped or completion.finish_reason == "stop" else "length",
                      token_logprobs=values)


def _same_engine(spec: VLLMSpec, other: VLLMSpec) -> bool:
    return (spec.model, spec.gguf_file, spec.revision, spec.engine, spec.trust_remote_code) == \
        (other.model, other.gguf_file, other.revision, other.engine, other.trust_remote_code)


def _lora_id(location: str) -> int:
    """A stable positive id per adapter path (vLLM keys loaded adapters by it)."""
    import zlib

    return zlib.crc32(location.encode("utf-8")) % (2**31 - 1) + 1


def _describe(spec: VLLMSpec, engine: Engine, base_dir: Path) -> BackendInfo:
    import torch
    import vllm
    from vllm.platforms import current_platform

    name = spec.model if spec.gguf_file is None else f"{spec.model}#{spec.gguf_file}"
    if spec.revision:
        name = f"{name}@{spec.revision}"
    extra = (*engine_conditions(spec, engine.key), ("torch", torch.__version__))
    return BackendInfo(kind="vllm", model=name, adapter=spec.adapter, version=vllm.__version__, dtype=engine.dtype,
                       quantization=_quantization(spec, base_dir, engine.dtype),
                       device=str(current_platform.device_type), extra=extra)


def engine_conditions(spec: VLLMSpec, key: EngineKey) -> tuple[tuple[str, str], ...]:
    """The engine's settings as conditions (candidate and baseline must run under equal ones)."""
    settings = spec.engine.model_dump(mode="json")
    extra = tuple((f"engine.{name}", str(value)) for name, value in sorted(settings.items()))
    return (*extra, ("engine.enable_lora", str(key.enable_lora)), ("engine.max_lora_rank", str(key.max_lora_rank)),
            ("merge_adapter", str(spec.merge_adapter)))


def _quantization(spec: VLLMSpec, base_dir: Path, dtype: str) -> str | None:
    ref = resolve_model_ref(spec.model, base_dir)
    gguf_file = spec.gguf_file or ref.gguf_file
    if gguf_file is None or ref.source == "hub":
        return None
    from tunecheck.backends._hf import _gguf_file_type

    file_type = _gguf_file_type(Path(ref.location) / gguf_file)
    return f"gguf {file_type or 'file'} dequantised to {dtype}"
