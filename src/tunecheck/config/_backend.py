"""Backend specifications: one model per ``kind``, selected by the ``kind`` key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from tunecheck.config._vllm import VLLMServerLaunch, VLLMSpec
from tunecheck.types import Strict


class HFSpec(Strict):
    """Hugging Face transformers, local weights (safetensors or GGUF) or a hub id."""

    kind: Literal["hf"] = "hf"
    identity_fields: ClassVar[frozenset[str]] = frozenset({"model", "gguf_file", "adapter", "revision"})
    model: str = Field(description="Local directory, hub id, or 'packaged:<name>' for a model shipped in a package.")
    gguf_file: str | None = Field(default=None, description="GGUF file inside `model` (weights are dequantised).")
    adapter: str | None = Field(default=None, description="PEFT adapter directory or hub id.")
    merge_adapter: bool = Field(
        default=True, description="Merge a LoRA adapter into the weights for inference (faster, same outputs)."
    )
    revision: str | None = None
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "float32"
    device: str = Field(default="cpu", description="'cpu', 'cuda', 'cuda:1', 'mps' or 'auto'.")
    batch_size: int = Field(default=8, ge=1)
    max_length: int | None = Field(default=None, ge=16, description="Truncate log-likelihood inputs (left).")
    trust_remote_code: bool = False
    threads: int | None = Field(default=None, ge=1, description="torch CPU threads.")

    def adapter_ref(self) -> str | None:
        """The fine-tune's adapter as the run file names it (None: full weights)."""
        return self.adapter


class LlamaCppSpec(Strict):
    """llama-cpp-python with a GGUF model and an optional GGUF LoRA adapter."""

    kind: Literal["llamacpp"] = "llamacpp"
    identity_fields: ClassVar[frozenset[str]] = frozenset({"model", "lora"})
    model: str = Field(description="GGUF file, or 'packaged:<name>'.")
    lora: str | None = Field(default=None, description="GGUF LoRA adapter file.")
    n_ctx: int = Field(default=2048, ge=128)
    n_threads: int | None = Field(default=None, ge=1)
    n_batch: int = Field(default=512, ge=1)

    def adapter_ref(self) -> str | None:
        """The fine-tune's adapter as the run file names it (None: full weights)."""
        return self.lora


class ServerLaunch(Strict):
    """Start a local llama-cpp-python OpenAI-compatible server for the run, stop it after."""

    server: Literal["llama-cpp-python"] = Field(
        default="llama-cpp-python", description="Which server to start: 'llama-cpp-python' (this) or 'vllm'.")
    model: str = Field(description="GGUF file, or 'packaged:<name>'.")
    lora: str | None = None
    host: Literal["127.0.0.1"] = "127.0.0.1"
    port: int | None = Field(default=None, ge=1024, le=65535, description="None picks a free port.")
    n_ctx: int = 2048
    n_threads: int | None = None
    parallel: int = Field(default=1, ge=1, description="Concurrent sequences the server may run.")
    startup_timeout_s: float = 120.0


def _launch_server(value: object) -> str:
    """The ``server`` a launch block names (llama-cpp-python when it names none)."""
    found = value.get("server") if isinstance(value, dict) else getattr(value, "server", None)
    return found if isinstance(found, str) else "llama-cpp-python"


LaunchSpec = Annotated[
    Annotated[ServerLaunch, Tag("llama-cpp-python")] | Annotated[VLLMServerLaunch, Tag("vllm")],
    Discriminator(_launch_server),
]


class OpenAISpec(Strict):
    """Any OpenAI-compatible server: vLLM, TGI, SGLang, llama.cpp server, Ollama."""

    kind: Literal["openai"] = "openai"
    identity_fields: ClassVar[frozenset[str]] = frozenset({"model", "base_url", "base_urls", "launch"})
    base_url: str | None = Field(default=None, description="e.g. http://127.0.0.1:8000/v1 (omit with `launch`).")
    model: str = Field(description="Model name the server knows.")
    endpoint: Literal["completions", "chat"] = Field(
        default="completions",
        description="'completions' sends tunecheck's rendered prompt (identical for both models); "
        "'chat' sends messages and lets the server render them.",
    )
    api_key_env: str | None = Field(default=None, description="Environment variable holding the API key.")
    max_concurrency: int = Field(default=8, ge=1)
    timeout_s: float = Field(default=120.0, gt=0)
    max_retries: int = Field(default=4, ge=0)
    backoff_base_s: float = Field(default=0.5, gt=0)
    backoff_max_s: float = Field(default=20.0, gt=0)
    logprobs: bool = Field(default=True, description="Ask for logprobs where the server offers them.")
    tokenizer: str | None = Field(
        default=None, description="HF tokenizer (path/hub id/'packaged:<name>') to render chat templates locally."
    )
    base_urls: tuple[str, ...] | None = Field(
        default=None, min_length=2,
        description="Replicas of one deployment (instead of base_url): requests go to the least-loaded one, "
        "a failing replica's requests are retried on the others.")
    launch: LaunchSpec | None = None

    @model_validator(mode="after")
    def _one_address(self) -> OpenAISpec:
        given = [name for name in ("base_url", "base_urls", "launch") if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of base_url, base_urls and launch, not {' and '.join(given)}")
        return self

    def adapter_ref(self) -> str | None:
        """The fine-tune's adapter as the run file names it (None: full weights)."""
        if isinstance(self.launch, ServerLaunch):
            return self.launch.lora
        return self.launch.lora_modules.get(self.model) if self.launch is not None else None


class ReplaySpec(Strict):
    """Pre-generated outputs from a JSONL file (sample id, output, optional logprobs and timings)."""

    kind: Literal["replay"] = "replay"
    identity_fields: ClassVar[frozenset[str]] = frozenset({"path", "model"})
    path: Path
    model: str = Field(default="replay", description="Name of the model that produced the outputs.")

    def adapter_ref(self) -> str | None:
        """The fine-tune's adapter as the run file names it (None: full weights)."""
        return None


class FakeSpec(Strict):
    """Scripted, deterministic model for tests: `script` is 'module:function'."""

    kind: Literal["fake"] = "fake"
    identity_fields: ClassVar[frozenset[str]] = frozenset({"script", "model"})
    script: str
    model: str = Field(description="Model name; candidate and baseline must differ (it keys the run store).")

    def adapter_ref(self) -> str | None:
        """The fine-tune's adapter as the run file names it (None: full weights)."""
        return None


class PluginSpec(Strict):
    """A backend another package provides: a factory under the ``tunecheck.backends`` entry point group.

    The package declares ``[project.entry-points."tunecheck.backends"] name = "module:factory"``;
    ``factory(spec, context)`` returns a ``tunecheck.backends.Backend``. No tunecheck file changes.
    """

    kind: Literal["plugin"] = "plugin"
    identity_fields: ClassVar[frozenset[str]] = frozenset({"provider", "model", "adapter"})
    provider: str = Field(description="Entry point name in the 'tunecheck.backends' group.")
    model: str = Field(description="The model, as the provider names it.")
    adapter: str | None = Field(default=None, description="The fine-tune's adapter, as the provider names it.")
    options: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict, description="Passed to the provider; conditions both models share.")

    def adapter_ref(self) -> str | None:
        """The fine-tune's adapter as the run file names it (None: full weights)."""
        return self.adapter


BackendSpec = Annotated[
    HFSpec | LlamaCppSpec | VLLMSpec | OpenAISpec | ReplaySpec | FakeSpec | PluginSpec, Field(discriminator="kind")
]
