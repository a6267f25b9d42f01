"""PEFT LoRA -> GGUF LoRA: written keys, names, row order and errors (tiny fake adapters)."""

from __future__ import annotations

import json
from pathlib import Path

import gguf
import numpy as np
import numpy.typing as npt
import pytest
from safetensors.numpy import save_file

from tunecheck.adapters import (
    AdapterConversionError,
    BaseShape,
    convert_lora_to_gguf,
    read_base_shape,
)

HIDDEN, FFN, N_HEAD, N_HEAD_KV, RANK = 8, 12, 2, 1, 2
HEAD_DIM = HIDDEN // N_HEAD
PROJECTIONS = {  # HF module -> (GGUF name, in, out)
    "self_attn.q_proj": ("attn_q", HIDDEN, HIDDEN),
    "self_attn.k_proj": ("attn_k", HIDDEN, N_HEAD_KV * HEAD_DIM),
    "self_attn.v_proj": ("attn_v", HIDDEN, N_HEAD_KV * HEAD_DIM),
    "self_attn.o_proj": ("attn_output", HIDDEN, HIDDEN),
    "mlp.gate_proj": ("ffn_gate", HIDDEN, FFN),
    "mlp.up_proj": ("ffn_up", HIDDEN, FFN),
    "mlp.down_proj": ("ffn_down", FFN, HIDDEN),
}
SHAPE = BaseShape(
    arch="llama",
    n_head=N_HEAD,
    n_head_kv=N_HEAD_KV,
    n_layer=2,
    tensor_shapes={
        f"blk.{layer}.{name}.weight": (n_in, n_out) for layer in range(2) for name, n_in, n_out in PROJECTIONS.values()
    },
)

Factors = dict[str, npt.NDArray[np.float32]]


def reference_permute(weights: npt.NDArray[np.float32], n_head: int) -> npt.NDArray[np.float32]:
    """llama.cpp's q/k row order written out row by row (rotary halves interleaved)."""
    head_dim = weights.shape[0] // n_head
    result = np.empty_like(weights)
    for head in range(n_head):
        start = head * head_dim
        for i in range(head_dim // 2):
            result[start + 2 * i] = weights[start + i]
            result[start + 2 * i + 1] = weights[start + head_dim // 2 + i]
    return result


def write_adapter(folder: Path, config: dict[str, object] | None = None, extra: Factors | None = None) -> Factors:
    """A PEFT-style adapter folder with random factors for two layers; returns the tensors."""
    rng = np.random.default_rng(7)
    tensors: Factors = {}
    for layer in range(2):
        for module, (_, n_in, n_out) in PROJECTIONS.items():
            key = f"base_model.model.model.layers.{layer}.{module}"
            tensors[f"{key}.lora_A.weight"] = rng.normal(size=(RANK, n_in)).astype(np.float32)
            tensors[f"{key}.lora_B.weight"] = rng.normal(size=(n_out, RANK)).astype(np.float32)
    tensors.update(extra or {})
    folder.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(folder / "adapter_model.safetensors"))
    settings: dict[str, object] = {"peft_type": "LORA", "r": RANK, "lora_alpha": 4}
    settings.update(config or {})
    (folder / "adapter_config.json").write_text(json.dumps(settings), encoding="utf-8")
    return tensors


def field(reader: gguf.GGUFReader, key: str) -> object:
    value = reader.get_field(key)
    assert value is not None, key
    return value.contents()


def read_tensors(path: Path) -> dict[str, npt.NDArray[np.float32]]:
    reader = gguf.GGUFReader(path)
    return {tensor.name: np.asarray(tensor.data, dtype=np.float32) for tensor in reader.tensors}


def test_round_trip_keys_names_and_values(tmp_path: Path) -> None:
    source = write_adapter(tmp_path / "adapter")
    out = convert_lora_to_gguf(tmp_path / "adapter", SHAPE, tmp_path / "lora.gguf", outtype="f32")
    reader = gguf.GGUFReader(out)
    assert field(reader, "general.type") == "adapter"
    assert field(reader, "adapter.type") == "lora"
    assert field(reader, "adapter.lora.alpha") == pytest.approx(4.0)
    assert field(reader, "general.architecture") == "llama"
    tensors = read_tensors(out)
    assert len(tensors) == 2 * 2 * len(PROJECTIONS)
    for layer in range(2):
        for module, (name, _, _) in PROJECTIONS.items():
            key = f"base_model.model.model.layers.{layer}.{module}"
            a, b = source[f"{key}.lora_A.weight"], source[f"{key}.lora_B.weight"]
            heads = {"attn_q": N_HEAD, "attn_k": N_HEAD_KV}.get(name)
            expected_b = b if heads is None else reference_permute(b, heads)
            np.testing.assert_array_equal(tensors[f"blk.{layer}.{name}.weight.lora_a"], a)
            np.testing.assert_allclose(tensors[f"blk.{layer}.{name}.weight.lora_b"], expected_b)


def test_q_and_k_rows_are_permuted_and_v_is_not(tmp_path: Path) -> None:
    source = write_adapter(tmp_path / "adapter")
    tensors = read_tensors(convert_lora_to_gguf(tmp_path / "adapter", SHAPE, tmp_path / "l.gguf"))
    q_b = source["base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"]
    v_b = source["base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight"]
    assert not np.allclose(tensors["blk.0.attn_q.weight.lora_b"], q_b, atol=1e-2)
    np.testing.assert_allclose(tensors["blk.0.attn_v.weight.lora_b"], v_b, atol=1e-2)


def test_f16_output_is_half_precision(tmp_path: Path) -> None:
    write_adapter(tmp_path / "adapter")
    out = convert_lora_to_gguf(tmp_path / "adapter", SHAPE, tmp_path / "l.gguf", outtype="f16")
    types = {tensor.tensor_type for tensor in gguf.GGUFReader(out).tensors}
    assert types == {gguf.GGMLQuantizationType.F16}


def test_rslora_alpha_is_rescaled_for_llama_cpp(tmp_path: Path) -> None:
    write_adapter(tmp_path / "adapter", {"use_rslora": True})
    out = convert_lora_to_gguf(tmp_path / "adapter", SHAPE, tmp_path / "l.gguf")
    alpha = field(gguf.GGUFReader(out), "adapter.lora.alpha")
    assert alpha == pytest.approx(4.0 * np.sqrt(RANK))


@pytest.mark.parametrize("option", [{"use_dora": True}, {"alpha_pattern": {"q_proj": 8}}])
def test_refuses_variants_llama_cpp_cannot_apply(tmp_path: Path, option: dict[str, object]) -> None:
    write_adapter(tmp_path / "adapter", option)
    with pytest.raises(AdapterConversionError, match=next(iter(option))):
        convert_lora_to_gguf(tmp_path / "adapter", SHAPE, tmp_path / "l.gguf")


def test_refuses_full_weights_saved_beside_the_lora(tmp_path: Path) -> None:
    extra = {"base_model.model.lm_head.modules_to_save.weight": np.zeros((4, 8), np.float32)}
    write_adapter(tmp_path / "adapter", extra=extra)
    with pytest.raises(AdapterConversionError, match="modules_to_save"):
        convert_lora_to_gguf(tmp_path / "adapter", SHAPE, tmp_path / "l.gguf")


def test_refuses_an_adapter_for_another_base(tmp_path: Path) -> None:
    write_adapter(tmp_path / "adapter")
    assert SHAPE.tensor_shapes is not None
    other = BaseShape("llama", N_HEAD, N_HEAD_KV, 2, {**SHAPE.tensor_shapes, "blk.1.ffn_up.weight": (HIDDEN, FFN * 2)})
    with pytest.raises(AdapterConversionError, match=r"blk\.1\.ffn_up\.weight.*trained on this"):
        convert_lora_to_gguf(tmp_path / "adapter", other, tmp_path / "l.gguf")
    assert not (tmp_path / "l.gguf").exists()


def test_missing_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(AdapterConversionError, match=r"adapter_config\.json"):
        convert_lora_to_gguf(tmp_path, SHAPE, tmp_path / "l.gguf")


def test_unsupported_architecture(tmp_path: Path) -> None:
    write_adapter(tmp_path / "adapter")
    with pytest.raises(AdapterConversionError, match="'gpt2' is not supported"):
        convert_lora_to_gguf(tmp_path / "adapter", BaseShape("gpt2", 2, 2, 2), tmp_path / "l.gguf")


def test_reads_the_base_shape_from_a_gguf_file(tmp_path: Path) -> None:
    path = tmp_path / "base.gguf"
    writer = gguf.GGUFWriter(path, "llama")
    writer.add_block_count(2)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD_KV)
    for layer in range(2):
        for name, n_in, n_out in PROJECTIONS.values():
            writer.add_tensor(f"blk.{layer}.{name}.weight", np.zeros((n_out, n_in), np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    assert read_base_shape(path) == SHAPE
    write_adapter(tmp_path / "adapter")
    assert convert_lora_to_gguf(tmp_path / "adapter", path, tmp_path / "l.gguf").is_file()
