"""A model's identity: what determines its answers, by content, not by name.

The run store keys stored answers by it (with the backend's conditions), so answers never
cross from one model to another and never outlive the model that gave them:

- local files (GGUF, safetensors, a model or adapter directory with its tokenizer and
  config files, replay files): their SHA-256 (``tunecheck.models.sha256_file``, read once
  per version of a file);
- hub ids: the commit the revision points to (a branch is resolved and recorded);
- ``openai``: the base URL (every replica's) and the served model's name (the backend adds what the server's
  ``/models`` reports about it); a ``launch``-ed server: its model and LoRA files;
- ``fake``: the script and model name.

Two roles with the same identity are the same model: the runner refuses to compare them
except in an A/A run.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from tunecheck.config import (
    BackendSpec,
    FakeSpec,
    HFSpec,
    LlamaCppSpec,
    OpenAISpec,
    PluginSpec,
    ReplaySpec,
    RunConfig,
    VLLMServerLaunch,
    VLLMSpec,
)
from tunecheck.errors import ConfigError, ConfigIssue
from tunecheck.models import ModelRef, hub_commit, resolve_model_ref, sha256_file, tree_digest

Parts = tuple[tuple[str, str], ...]
_SHOWN_HEX = 12
_LONG_HEX = re.compile(r"\b(?:[0-9a-f]{64}|[0-9a-f]{40})\b")


@dataclass(frozen=True)
class ModelIdentity:
    """Ordered (what, value) pairs, e.g. ``("weights", "sha256:…")``, ``("weights revision", "main → …")``."""

    parts: Parts

    @property
    def digest(self) -> str:
        """SHA-256 of the parts: equal digests, the same model."""
        return hashlib.sha256(json.dumps(self.parts).encode("utf-8")).hexdigest()

    @property
    def short(self) -> str:
        return self.digest[:_SHOWN_HEX]

    def shown(self) -> dict[str, str]:
        """The parts for a report: hashes and commits cut to 12 hex digits."""
        return {name: shorten(value) for name, value in self.parts}

    def describe(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in self.shown().items())


def shorten(value: str) -> str:
    """Every 40-hex commit or 64-hex SHA-256 inside ``value``, cut to 12 hex digits."""
    return _LONG_HEX.sub(lambda match: match.group(0)[:_SHOWN_HEX], value)


def spec_for(config: RunConfig, role: str) -> BackendSpec | None:
    """The backend spec of a role: candidate, baseline, or an auxiliary model by name."""
    return {"candidate": config.candidate, "baseline": config.baseline}.get(role) or config.backends.get(role)


def where(role: str) -> str:
    """The run-file key of a role's spec."""
    return role if role in ("candidate", "baseline") else f"backends.{role}"


def identify(spec: BackendSpec, base_dir: Path, key: str) -> ModelIdentity:
    """The identity of the model ``spec`` describes (relative paths read from ``base_dir``).

    ``key`` is where the spec sits in the run file (``candidate``); a file that cannot be
    read or a hub revision that cannot be resolved is a ``ConfigError`` naming it.
    """
    try:
        return ModelIdentity(_parts(spec, base_dir))
    except (OSError, ValueError) as exc:
        raise ConfigError([ConfigIssue(key, f"cannot identify the model: {exc}")]) from None


def _parts(spec: BackendSpec, base_dir: Path) -> Parts:
    if isinstance(spec, ReplaySpec):
        return (("replay file", _file(_local(str(spec.path), base_dir))),)
    if isinstance(spec, HFSpec | VLLMSpec):
        ref = resolve_model_ref(spec.model, base_dir)
        parts = _reference("weights", ref, spec.revision, spec.gguf_file or ref.gguf_file)
        if spec.adapter is not None:
            adapter = resolve_model_ref(spec.adapter, base_dir)
            parts += _reference("adapter", adapter, None, adapter.gguf_file)
        return parts
    if isinstance(spec, LlamaCppSpec):
        return _gguf("weights", spec.model, base_dir) + _lora(spec.lora, base_dir)
    if isinstance(spec, OpenAISpec):
        if spec.launch is None:
            urls = spec.base_urls or (spec.base_url or "",)
            return (("endpoint", ", ".join(sorted(u.rstrip("/") for u in urls))), ("served model", spec.model))
        if isinstance(spec.launch, VLLMServerLaunch):
            return _served_by_vllm(spec.model, spec.launch, base_dir)
        return (("endpoint", "launched llama-cpp-python server"), ("served model", spec.model),
                *_gguf("weights", spec.launch.model, base_dir), *_lora(spec.launch.lora, base_dir))
    if isinstance(spec, PluginSpec):
        return (("provider", spec.provider), ("model", _named(spec.model, base_dir)),
                *((("adapter", _named(spec.adapter, base_dir)),) if spec.adapter is not None else ()))
    assert isinstance(spec, FakeSpec)
    return (("script", spec.script), ("model", spec.model))


def _named(name: str, base_dir: Path) -> str:
    """A plugin's model by content where it names a local file or folder, else by the provider's name."""
    local = _local(name, base_dir)
    if local.is_file():
        return f"sha256:{sha256_file(local)}"
    return f"sha256:{tree_digest(local)}" if local.is_dir() else name


def _served_by_vllm(model: str, launch: VLLMServerLaunch, base_dir: Path) -> Parts:
    """A launched vLLM server's model: its base weights, and the LoRA module ``model`` names, if any."""
    ref = resolve_model_ref(launch.model, base_dir)
    parts: Parts = (("endpoint", "launched vLLM server"), ("served model", model),
                    *_reference("weights", ref, None, launch.gguf_file or ref.gguf_file))
    if model in launch.lora_modules:
        parts += _reference("adapter", resolve_model_ref(launch.lora_modules[model], base_dir), None, None)
    return parts


def _reference(name: str, ref: ModelRef, revision: str | None, gguf_file: str | None) -> Parts:
    if ref.source == "hub":
        commit = hub_commit(ref.location, revision)
        shown = f"hub:{ref.location}@{commit}" + (f"#{gguf_file}" if gguf_file else "")
        return ((name, shown), (f"{name} revision", f"{revision or 'main'} → {commit}"))
    location = Path(ref.location)
    if gguf_file is not None:
        return ((name, _file(location / gguf_file)),)
    return ((name, f"sha256:{tree_digest(location)}"),)


def _gguf(name: str, ref: str, base_dir: Path) -> Parts:
    resolved = resolve_model_ref(ref, base_dir)
    if resolved.file is None:
        raise FileNotFoundError(f"model '{ref}' is not a local GGUF file")
    return ((name, _file(resolved.file)),)


def _lora(lora: str | None, base_dir: Path) -> Parts:
    return () if lora is None else (("lora", _file(_local(lora, base_dir))),)


def _local(path: str, base_dir: Path) -> Path:
    full = Path(path).expanduser()
    return full if full.is_absolute() else base_dir / full


def _file(path: Path) -> str:
    if not path.is_file():
        raise FileNotFoundError(f"{path} is not a file")
    return f"sha256:{sha256_file(path)}"
