"""The converted copy of the packaged GGUF model is the model transformers converts in
memory: the same weights, the same tokenizer, the same chat template; the second load
reads the copy instead of converting again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tunecheck.backends._hf_load import load_model, load_tokenizer
from tunecheck.models import CACHE_ENV, resolve_model_ref

pytestmark = pytest.mark.integration

TEXTS = ["My card was charged twice for order 1234.", "  Ünïcode — and  spaces\n\ttabs", "<|im_start|>user"]


def test_the_copy_holds_what_transformers_converts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    ref = resolve_model_ref("packaged:smollm2-135m-instruct", Path.cwd())
    assert ref.gguf_file is not None
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    cached_model = load_model(ref, ref.gguf_file, torch.float32)
    cached_tokenizer = load_tokenizer(ref, ref.gguf_file)
    copies = sorted(p.name for p in tmp_path.glob("gguf/*/*"))
    assert copies == ["model-float32", "tokenizer"]

    direct_model = AutoModelForCausalLM.from_pretrained(ref.location, gguf_file=ref.gguf_file, dtype=torch.float32)
    direct_tokenizer = AutoTokenizer.from_pretrained(ref.location, gguf_file=ref.gguf_file)
    cached_state, direct_state = cached_model.state_dict(), direct_model.state_dict()
    assert cached_state.keys() == direct_state.keys()
    assert all(torch.equal(cached_state[k], direct_state[k]) for k in direct_state)
    assert cached_model.generation_config.eos_token_id == direct_model.generation_config.eos_token_id
    assert cached_tokenizer.chat_template == direct_tokenizer.chat_template
    for text in TEXTS:
        assert cached_tokenizer.encode(text) == direct_tokenizer.encode(text)
    for special in ("bos_token", "eos_token", "pad_token"):
        assert getattr(cached_tokenizer, special) == getattr(direct_tokenizer, special)

    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.glob("gguf/*/*")}
    load_model(ref, ref.gguf_file, torch.float32)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.glob("gguf/*/*")} == stamps
