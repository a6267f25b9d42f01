"""Read a PEFT LoRA adapter folder (``adapter_config.json`` + ``adapter_model.safetensors``)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, ValidationError
from safetensors import safe_open

from tunecheck.errors import TunecheckError

CONFIG_FILE = "adapter_config.json"
WEIGHTS_FILE = "adapter_model.safetensors"
_PREFIX = "base_model.model."
_SUFFIXES = {".lora_A.weight": "A", ".lora_B.weight": "B"}


class AdapterConversionError(TunecheckError):
    """A LoRA adapter cannot be read or converted; the message names the file and the fix."""


class PeftLoraConfig(BaseModel):
    """The fields of ``adapter_config.json`` that decide how a LoRA is applied."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    peft_type: str = "LORA"
    r: int
    lora_alpha: float
    use_rslora: bool = False
    use_dora: bool = False
    fan_in_fan_out: bool = False
    rank_pattern: dict[str, int] = {}
    alpha_pattern: dict[str, float] = {}


@dataclass(frozen=True)
class LoraPair:
    """The two factors of one adapted weight: ``delta = scale * B @ A``."""

    a: npt.NDArray[np.float32]
    b: npt.NDArray[np.float32]


@dataclass(frozen=True)
class PeftLora:
    """A loaded adapter: its factors by Hugging Face weight name, and llama.cpp's alpha."""

    pairs: dict[str, LoraPair]
    alpha: float
    rank: int


def read_peft_lora(adapter_dir: Path) -> PeftLora:
    """Load a PEFT LoRA adapter; refuse variants llama.cpp cannot apply as one LoRA.

    The returned alpha is the one llama.cpp needs (it scales by ``alpha / rank``), so an
    rsLoRA adapter (scaled by ``alpha / sqrt(rank)``) gets ``alpha * sqrt(rank)``.
    """
    config = _read_config(adapter_dir / CONFIG_FILE)
    pairs = _read_pairs(adapter_dir / WEIGHTS_FILE)
    alpha = config.lora_alpha * math.sqrt(config.r) if config.use_rslora else config.lora_alpha
    return PeftLora(pairs=pairs, alpha=float(alpha), rank=config.r)


def _read_config(path: Path) -> PeftLoraConfig:
    if not path.is_file():
        raise AdapterConversionError(f"{path}: not found; pass a PEFT adapter folder")
    try:
        config = PeftLoraConfig.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, ValidationError, RecursionError, OSError) as error:  # not UTF-8, not JSON, wrong shape
        raise AdapterConversionError(f"{path}: not a PEFT LoRA config: {error}") from None
    unsupported = {
        "peft_type": config.peft_type != "LORA",
        "use_dora": config.use_dora,
        "fan_in_fan_out": config.fan_in_fan_out,
        "rank_pattern": bool(config.rank_pattern),
        "alpha_pattern": bool(config.alpha_pattern),
    }
    for key, present in unsupported.items():
        if present:
            raise AdapterConversionError(
                f"{path}: key '{key}': llama.cpp applies plain LoRA with one rank and alpha; "
                "retrain without this option or merge the adapter into the model instead"
            )
    return config


def _read_pairs(path: Path) -> dict[str, LoraPair]:
    if not path.is_file():
        raise AdapterConversionError(f"{path}: not found; save the adapter with save_pretrained")
    factors: dict[str, dict[str, npt.NDArray[np.float32]]] = {}
    with safe_open(str(path), framework="numpy") as handle:
        for key in handle.keys():  # noqa: SIM118 - safe_open is not a mapping
            weight, side = _split_key(path, key)
            factors.setdefault(weight, {})[side] = np.asarray(handle.get_tensor(key), np.float32)
    pairs: dict[str, LoraPair] = {}
    for weight, sides in sorted(factors.items()):
        if set(sides) != {"A", "B"}:
            raise AdapterConversionError(f"{path}: '{weight}' has lora_{''.join(sides)} only")
        pairs[weight] = LoraPair(a=sides["A"], b=sides["B"])
    if not pairs:
        raise AdapterConversionError(f"{path}: holds no LoRA tensors")
    return pairs


def _split_key(path: Path, key: str) -> tuple[str, str]:
    """``base_model.model.X.lora_A.weight`` -> (``X.weight``, ``A``)."""
    for suffix, side in _SUFFIXES.items():
        if key.endswith(suffix):
            name = key.removeprefix(_PREFIX).removesuffix(suffix)
            return f"{name}.weight", side
    raise AdapterConversionError(
        f"{path}: tensor '{key}' is not a LoRA factor (modules_to_save, embeddings or biases "
        "cannot go into a llama.cpp LoRA); train without modules_to_save"
    )
