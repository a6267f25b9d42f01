"""The ``vllm`` backend's spec and the vLLM server a ``launch`` block starts.

Engine settings are one model (``VLLMEngine``) shared by the offline engine and the
served one: they are conditions both models run under, so candidate and baseline must
give the same ones (the run file's check of identical conditions compares them, and the
backend reports them in its conditions fingerprint).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from tunecheck.types import Strict

VLLMDtype = Literal["auto", "float32", "bfloat16", "float16"]
ExecutorBackend = Literal["mp", "ray", "uni"]


class VLLMEngine(Strict):
    """vLLM engine arguments tunecheck passes through (``vllm.EngineArgs`` of the same names)."""

    dtype: VLLMDtype = Field(default="float32", description="Weights and activations; bfloat16 on GPUs.")
    max_model_len: int | None = Field(default=None, ge=16, description="Context length (default: the model's).")
    gpu_memory_utilization: float = Field(
        default=0.9, gt=0, le=1, description="Share of each GPU's memory the engine may take (GPU only).")
    kv_cache_gib: float | None = Field(
        default=None, gt=0, description="KV cache size in GiB (CPU: instead of VLLM_CPU_KVCACHE_SPACE).")
    tensor_parallel_size: int = Field(default=1, ge=1, description="GPUs one model's layers are split over.")
    pipeline_parallel_size: int = Field(default=1, ge=1, description="Stages of layers (nodes, with Ray).")
    data_parallel_size: int = Field(
        default=1, ge=1, description="Engine replicas behind one served endpoint (launch only; offline, list "
        "replicas in an openai backend's base_urls).")
    distributed_executor_backend: ExecutorBackend | None = Field(
        default=None, description="'mp' (one node), 'ray' (a Ray cluster: multi-node), 'uni' (one process).")
    enable_prefix_caching: bool = Field(default=True, description="Reuse the KV cache of shared prompt prefixes.")
    max_num_seqs: int | None = Field(default=None, ge=1, description="Sequences batched at once.")
    max_loras: int = Field(default=1, ge=1, description="LoRA adapters resident at once (with an adapter).")
    max_lora_rank: int | None = Field(default=None, ge=1, description="Largest adapter rank (default: the "
                                      "adapter's r, rounded up to a rank vLLM supports).")
    enforce_eager: bool = Field(default=False, description="Skip graph capture and compilation (faster start).")
    seed: int = Field(default=0, description="Engine seed (each request also carries its own).")


class VLLMSpec(Strict):
    """vLLM's offline engine on local weights, a hub id or a GGUF file (through its converted plain copy).

    A LoRA ``adapter`` runs unmerged on the engine of its base: candidate and baseline share
    one engine, its weights, kernels and batching. ``merge_adapter`` merges it into a full
    copy of the weights instead (an engine of its own; faster on CPUs).
    """

    kind: Literal["vllm"] = "vllm"
    identity_fields: ClassVar[frozenset[str]] = frozenset({"model", "gguf_file", "adapter", "revision"})
    model: str = Field(description="Local directory, hub id, or 'packaged:<name>' for a model shipped in a package.")
    gguf_file: str | None = Field(default=None, description="GGUF file inside `model` (weights are dequantised).")
    adapter: str | None = Field(default=None, description="PEFT LoRA adapter directory.")
    merge_adapter: bool = Field(
        default=False, description="Merge the adapter into a full copy of the weights (own engine) instead of "
        "serving it unmerged on the base's engine. Give the same value to candidate and baseline.")
    revision: str | None = None
    trust_remote_code: bool = False
    engine: VLLMEngine = Field(default_factory=VLLMEngine)

    def adapter_ref(self) -> str | None:
        """The fine-tune's adapter as the run file names it (None: full weights)."""
        return self.adapter


class VLLMServerLaunch(Strict):
    """Start vLLM's OpenAI-compatible server for the run (base model, adapters as LoRA modules), stop it after.

    Backends whose launch blocks are equal share one server: the baseline asks for
    ``served_model_name``, the candidate for its LoRA module's name (``lora_modules``).
    """

    server: Literal["vllm"]
    model: str = Field(description="Local directory, hub id, or 'packaged:<name>'.")
    gguf_file: str | None = None
    served_model_name: str = Field(description="The name the base model is served under.")
    lora_modules: dict[str, str] = Field(
        default_factory=dict, description="LoRA modules to serve: name -> PEFT adapter directory.")
    host: Literal["127.0.0.1"] = "127.0.0.1"
    port: int | None = Field(default=None, ge=1024, le=65535, description="None picks a free port.")
    engine: VLLMEngine = Field(default_factory=VLLMEngine)
    startup_timeout_s: float = Field(default=600.0, gt=0)
