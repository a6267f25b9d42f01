"""vLLM engines shared within one process: a LoRA candidate runs on the engine of its base.

An engine is keyed by what it loads and how (folder, engine settings, LoRA on or off):
two backends with equal keys get the same ``vllm.LLM``, so a base model and its LoRA
candidate share weights, kernels, KV cache and batching, and the engine is loaded once.
It is shut down when the last backend using it closes.

Requests are queued on the engine and its steps are driven here, so every request is
handed back the moment it finishes (the run store records it at once) while vLLM batches
all of them continuously.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tunecheck.config import VLLMEngine

_LOCK = threading.Lock()
_ENGINES: dict[EngineKey, _Shared] = {}
_IDS = itertools.count()


@dataclass(frozen=True)
class EngineKey:
    """What makes two engines the same engine."""

    folder: str
    settings: VLLMEngine
    enable_lora: bool
    max_lora_rank: int | None = None
    revision: str | None = None
    trust_remote_code: bool = False


@dataclass(frozen=True)
class EngineRequest:
    """One request to queue: prompt token ids, ``vllm.SamplingParams``, an optional ``LoRARequest``."""

    token_ids: tuple[int, ...]
    params: Any
    lora: Any = None


@dataclass
class _Shared:
    llm: Any
    users: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Engine:
    """A handle on a shared ``vllm.LLM``; ``release`` once when done."""

    def __init__(self, key: EngineKey) -> None:
        self.key = key
        with _LOCK:
            shared = _ENGINES.get(key)
            if shared is None:
                shared = _ENGINES[key] = _Shared(_build(key))
            shared.users += 1
        self._shared: _Shared | None = shared

    @property
    def llm(self) -> Any:
        if self._shared is None:
            raise RuntimeError("the vLLM engine was released")
        return self._shared.llm

    @property
    def max_model_len(self) -> int:
        return int(self.llm.llm_engine.model_config.max_model_len)

    @property
    def dtype(self) -> str:
        return str(self.llm.llm_engine.model_config.dtype).removeprefix("torch.")

    def run(self, requests: Sequence[EngineRequest], *, serial: bool = False) -> Iterator[tuple[int, Any]]:
        """``(position, RequestOutput)`` for each request, as each finishes; ``serial``: one request at a time."""
        assert self._shared is not None
        with self._shared.lock:
            if serial:
                for position, request in enumerate(requests):
                    for _, output in self._queue_and_step([request]):
                        yield position, output
            else:
                yield from self._queue_and_step(requests)

    def _queue_and_step(self, requests: Sequence[EngineRequest]) -> Iterator[tuple[int, Any]]:
        engine = self.llm.llm_engine
        positions: dict[str, int] = {}
        for position, request in enumerate(requests):
            request_id = f"tunecheck-{next(_IDS)}"
            positions[request_id] = position
            engine.add_request(request_id, {"prompt_token_ids": list(request.token_ids)}, request.params,
                               lora_request=request.lora)
        try:
            while positions and engine.has_unfinished_requests():
                for output in engine.step():
                    if output.finished and output.request_id in positions:
                        yield positions.pop(output.request_id), output
        finally:
            if positions:  # the caller stopped early (an interrupted run): drop what is still queued
                engine.abort_request(list(positions))

    def release(self) -> None:
        """Stop using the engine; the last user's release shuts it down."""
        shared, self._shared = self._shared, None
        if shared is None:
            return
        with _LOCK:
            shared.users -= 1
            if shared.users > 0:
                return
            del _ENGINES[self.key]
        _shutdown(shared.llm)


def engine_arguments(key: EngineKey) -> dict[str, object]:
    """Keyword arguments of ``vllm.LLM`` for a key (``None`` settings are left to vLLM)."""
    settings = key.settings
    if settings.data_parallel_size != 1:
        raise ValueError(
            "engine.data_parallel_size: vLLM's offline engine runs one data-parallel rank per process; serve the "
            "model with `launch: {server: vllm, engine: {data_parallel_size: N}}` or list the replicas in an "
            "openai backend's base_urls")
    arguments: dict[str, object] = {
        "model": key.folder, "tokenizer": key.folder, "revision": key.revision,
        "trust_remote_code": key.trust_remote_code, "dtype": settings.dtype,
        "max_model_len": settings.max_model_len, "gpu_memory_utilization": settings.gpu_memory_utilization,
        "tensor_parallel_size": settings.tensor_parallel_size,
        "pipeline_parallel_size": settings.pipeline_parallel_size,
        "distributed_executor_backend": settings.distributed_executor_backend,
        "enable_prefix_caching": settings.enable_prefix_caching, "max_num_seqs": settings.max_num_seqs,
        "enforce_eager": settings.enforce_eager, "seed": settings.seed,
        "kv_cache_memory_bytes": None if settings.kv_cache_gib is None else int(settings.kv_cache_gib * 2**30),
        # decode exactly as asked: the model's generation_config.json (repetition penalty, top-k) is ignored
        "generation_config": "vllm",
    }
    if key.enable_lora:
        arguments.update(enable_lora=True, max_loras=settings.max_loras, max_lora_rank=key.max_lora_rank)
    return {name: value for name, value in arguments.items() if value is not None}


def _build(key: EngineKey) -> Any:
    from vllm import LLM

    return LLM(**engine_arguments(key))


def _shutdown(llm: Any) -> None:
    core = getattr(llm.llm_engine, "engine_core", None)
    if core is not None and hasattr(core, "shutdown"):
        core.shutdown()
