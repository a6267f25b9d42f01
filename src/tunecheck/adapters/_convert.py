"""Convert a PEFT LoRA adapter into a llama.cpp GGUF LoRA file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import gguf
import numpy as np
import numpy.typing as npt

from tunecheck.adapters._peft import AdapterConversionError, LoraPair, PeftLora, read_peft_lora
from tunecheck.adapters._permute import permute_rows

OutType = Literal["f32", "f16"]
_PERMUTED_ARCHES = frozenset({"llama"})


@dataclass(frozen=True)
class BaseShape:
    """What the conversion needs to know about the base model.

    ``tensor_shapes`` maps GGUF weight names to ``(in_features, out_features)``; when given,
    every adapted weight is checked against it.
    """

    arch: str
    n_head: int
    n_head_kv: int
    n_layer: int
    tensor_shapes: dict[str, tuple[int, int]] | None = None


def read_base_shape(base_gguf: Path) -> BaseShape:
    """Architecture, head counts and weight shapes of a base model GGUF file."""
    try:
        reader = gguf.GGUFReader(base_gguf)
    except (OSError, ValueError) as error:
        raise AdapterConversionError(f"{base_gguf}: cannot read as GGUF: {error}") from error
    arch = _field(reader, base_gguf, "general.architecture")
    n_head = int(_field(reader, base_gguf, f"{arch}.attention.head_count"))
    n_head_kv_field = reader.get_field(f"{arch}.attention.head_count_kv")
    n_head_kv = int(n_head_kv_field.contents()) if n_head_kv_field is not None else n_head
    shapes = {
        tensor.name: (int(tensor.shape[0]), int(tensor.shape[1])) for tensor in reader.tensors if len(tensor.shape) == 2
    }
    n_layer = int(_field(reader, base_gguf, f"{arch}.block_count"))
    return BaseShape(str(arch), n_head, n_head_kv, n_layer, shapes)


def _field(reader: gguf.GGUFReader, path: Path, key: str) -> str | int:
    field = reader.get_field(key)
    if field is None:
        raise AdapterConversionError(f"{path}: metadata key '{key}' is missing")
    value: str | int = field.contents()
    return value


def convert_lora_to_gguf(adapter_dir: Path, base: Path | BaseShape, out: Path, *, outtype: OutType = "f16") -> Path:
    """Write the PEFT LoRA in ``adapter_dir`` as a llama.cpp LoRA file at ``out``.

    Args:
        adapter_dir: folder with ``adapter_config.json`` and ``adapter_model.safetensors``.
        base: the base model's GGUF file (its shapes are checked too) or its :class:`BaseShape`.
        out: the file to write (replaced atomically).
        outtype: float type of the written factors.

    Returns:
        ``out``.

    Raises:
        AdapterConversionError: the adapter is unsupported or does not fit the base model.
    """
    shape = read_base_shape(base) if isinstance(base, Path) else base
    if shape.arch not in _PERMUTED_ARCHES:
        raise AdapterConversionError(
            f"base architecture '{shape.arch}' is not supported; supported: {', '.join(sorted(_PERMUTED_ARCHES))}"
        )
    lora = read_peft_lora(adapter_dir)
    tensors = gguf_tensors(lora, shape, adapter_dir)
    _write(out, shape.arch, lora.alpha, tensors, np.float16 if outtype == "f16" else np.float32)
    return out


def gguf_tensors(lora: PeftLora, shape: BaseShape, adapter_dir: Path) -> dict[str, npt.NDArray[np.float32]]:
    """The ``<weight>.lora_a`` / ``.lora_b`` tensors under llama.cpp's names and row order."""
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, shape.n_layer)
    tensors: dict[str, npt.NDArray[np.float32]] = {}
    for hf_name, pair in lora.pairs.items():
        name = names.get_name(hf_name, try_suffixes=(".weight",))
        if name is None:
            raise AdapterConversionError(
                f"{adapter_dir}: no llama.cpp tensor matches '{hf_name}'; target only attention and MLP projections"
            )
        _check_pair(adapter_dir, name, pair, shape)
        tensors[f"{name}.lora_a"] = pair.a
        tensors[f"{name}.lora_b"] = _permuted_b(name, pair.b, shape)
    return tensors


def _permuted_b(name: str, b: npt.NDArray[np.float32], shape: BaseShape) -> npt.NDArray[np.float32]:
    if name.endswith(".attn_q.weight"):
        return permute_rows(b, shape.n_head)
    if name.endswith(".attn_k.weight"):
        return permute_rows(b, shape.n_head_kv)
    return b


def _check_pair(adapter_dir: Path, name: str, pair: LoraPair, shape: BaseShape) -> None:
    rank, n_in = pair.a.shape
    n_out, rank_b = pair.b.shape
    if rank != rank_b:
        raise AdapterConversionError(f"{adapter_dir}: '{name}': lora_A has rank {rank} but lora_B has rank {rank_b}")
    if shape.tensor_shapes is None:
        return
    expected = shape.tensor_shapes.get(name)
    if expected != (n_in, n_out):
        raise AdapterConversionError(
            f"{adapter_dir}: '{name}' adapts a {n_in}->{n_out} weight but the base model has "
            f"{'no such tensor' if expected is None else f'{expected[0]}->{expected[1]}'}; "
            "was the adapter trained on this base model?"
        )


def _write(
    out: Path,
    arch: str,
    alpha: float,
    tensors: dict[str, npt.NDArray[np.float32]],
    dtype: type[np.floating],
) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    writer = gguf.GGUFWriter(partial, arch)
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
    for name in sorted(tensors, key=_tensor_order):
        writer.add_tensor(name, np.ascontiguousarray(tensors[name], dtype=dtype))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    os.replace(partial, out)


def _tensor_order(name: str) -> tuple[int, str]:
    """Block number first, then name, so files list ``blk.2`` before ``blk.10``."""
    parts = name.split(".")
    block = int(parts[1]) if parts[0] == "blk" and parts[1].isdigit() else -1
    return block, name
