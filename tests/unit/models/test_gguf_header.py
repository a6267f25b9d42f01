"""Reading one header value of a GGUF file agrees with gguf's full reader, past arrays of
strings and numbers, and refuses what is not GGUF."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tunecheck.models import gguf_value

gguf = pytest.importorskip("gguf")


@pytest.fixture()
def written(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.gguf"
    writer = gguf.GGUFWriter(path, "llama")
    writer.add_name("Tiny test model")
    writer.add_array("tokenizer.ggml.tokens", ["<s>", "hello", " wörld", ""] * 50)
    writer.add_array("tokenizer.ggml.scores", [0.5, -1.25] * 30)
    writer.add_uint32("llama.block_count", 30)
    writer.add_float32("llama.rope.freq_base", 100000.0)
    writer.add_bool("tokenizer.ggml.add_bos_token", False)
    writer.add_file_type(3)
    writer.add_tensor("token_embd.weight", np.zeros((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_values_agree_with_the_full_reader(written: Path) -> None:
    reader = gguf.GGUFReader(written)
    for key in ("general.name", "llama.block_count", "llama.rope.freq_base", "tokenizer.ggml.add_bos_token",
                "general.file_type", "general.architecture"):
        expected = reader.fields[key].contents()
        assert gguf_value(written, key) == (pytest.approx(expected) if isinstance(expected, float) else expected), key
    assert gguf_value(written, "general.file_type") == 3


def test_absent_keys_and_arrays_are_none(written: Path) -> None:
    assert gguf_value(written, "general.no_such_key") is None
    assert gguf_value(written, "tokenizer.ggml.tokens") is None


def test_what_is_not_gguf_is_refused(tmp_path: Path, written: Path) -> None:
    other = tmp_path / "weights.bin"
    other.write_bytes(b"PK\x03\x04 not a gguf file")
    with pytest.raises(ValueError, match="not a GGUF file"):
        gguf_value(other, "general.file_type")
    truncated = tmp_path / "cut.gguf"
    truncated.write_bytes(written.read_bytes()[:60])
    with pytest.raises(ValueError, match="ends early"):
        gguf_value(truncated, "general.file_type")
