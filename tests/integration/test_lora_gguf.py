"""A converted GGUF LoRA in llama.cpp computes what transformers + peft compute.

A LoRA with random q/k factors is saved with peft, converted with
:func:`convert_lora_to_gguf` and loaded by llama-cpp-python on the packaged
SmolLM2-135M-Instruct GGUF; next-token logits must correlate above 0.99 with the peft
model's, closer than the base model's logits do, and agree on every decisive top token.
The same conversion without the q/k row permutation must fit worse, so the test sees the
permutation. Committed demo adapters are checked against their PEFT sources too.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pytest

from tunecheck.adapters import convert_lora_to_gguf
from tunecheck.backends import plain_copy
from tunecheck.models import packaged_model_path

if TYPE_CHECKING:
    from peft import PeftModel
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None,
        reason="llama-cpp-python is not installed (pip install llama-cpp-python)",
    ),
]

PROMPTS = (
    "What is the capital of France?",
    "I was charged twice for order BW-48213. Please help.",
    "Write one sentence about the sea.",
)
DEMO_ADAPTERS = Path(__file__).resolve().parents[2] / "examples" / "triage" / "adapters"
Logits = npt.NDArray[np.float32]
DECISIVE_MARGIN = 1.0
"""Logit lead of the top token over the runner-up above which both runtimes must agree."""


@pytest.fixture(scope="module")
def base_gguf() -> Path:
    return packaged_model_path("smollm2-135m-instruct")


@pytest.fixture(scope="module")
def tokenizer(base_gguf: Path) -> PreTrainedTokenizerBase:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(base_gguf.parent), gguf_file=base_gguf.name)


@pytest.fixture(scope="module")
def prompt_ids(tokenizer: PreTrainedTokenizerBase) -> list[list[int]]:
    ids: list[list[int]] = []
    for prompt in PROMPTS:
        text = tokenizer.apply_chat_template(
            [{"role": "user", "content": prompt}], add_generation_prompt=True, tokenize=False
        )
        ids.append(list(tokenizer(text, add_special_tokens=False)["input_ids"]))
    return ids


def plain_base_model(base_gguf: Path) -> PreTrainedModel:
    """The GGUF weights in a plain float32 model (peft refuses GGUF-quantised ones)."""
    import torch
    from transformers import AutoModelForCausalLM

    loaded = AutoModelForCausalLM.from_pretrained(str(base_gguf.parent), gguf_file=base_gguf.name, dtype=torch.float32)
    model: PreTrainedModel = plain_copy(loaded, torch.float32)
    model.eval()  # type: ignore[no-untyped-call]
    return model


@pytest.fixture(scope="module")
def random_lora(base_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[PeftModel, Path]:
    """A peft model whose q/k LoRA factors are random and large, and its saved folder.

    The other projections carry zero ``lora_B`` (they are still converted), so the logits
    depend on the q/k deltas, which only match in llama.cpp if their rows are permuted.
    """
    import torch
    from peft import LoraConfig, get_peft_model

    targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    config = LoraConfig(r=8, lora_alpha=16, target_modules=targets, lora_dropout=0.0)
    torch.manual_seed(0)  # lora_A's initialisation draws from the global generator: fix it
    model = get_peft_model(plain_base_model(base_gguf), config)
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "lora_B" in name and ("q_proj" in name or "k_proj" in name):
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.1)
    folder = tmp_path_factory.mktemp("random-lora")
    model.save_pretrained(str(folder))
    return model.eval(), folder


def peft_logits(model: PeftModel, ids: list[int]) -> Logits:
    import torch

    with torch.no_grad():
        logits = model(input_ids=torch.tensor([ids])).logits[0, -1]
    return np.asarray(logits.float().numpy(), dtype=np.float32)


def llama_logits(base_gguf: Path, lora: Path | None, prompts: list[list[int]]) -> Iterator[Logits]:
    from llama_cpp import Llama

    llm = Llama(
        model_path=str(base_gguf),
        lora_path=None if lora is None else str(lora),
        n_ctx=512,
        logits_all=True,
        n_threads=1,
        verbose=False,
    )
    try:
        for ids in prompts:
            llm.reset()  # type: ignore[no-untyped-call]
            llm.eval(ids)
            yield np.array(llm.scores[llm.n_tokens - 1], dtype=np.float32)
    finally:
        llm.close()


def correlations(expected: list[Logits], actual: list[Logits]) -> list[float]:
    """Pearson correlation of the next-token logits, prompt by prompt."""
    return [float(np.corrcoef(e, a)[0, 1]) for e, a in zip(expected, actual, strict=True)]


def assert_same_decisive_tops(expected: list[Logits], actual: list[Logits]) -> None:
    """Top tokens agree wherever the peft model's top token leads by a clear margin.

    llama.cpp runs the Q4_1 weights, transformers the dequantised float32 ones, so a
    near-tie between two tokens may resolve either way; a clear lead may not.
    """
    decisive = 0
    for e, a in zip(expected, actual, strict=True):
        first, second = np.sort(e)[-2:][::-1]
        if first - second > DECISIVE_MARGIN:
            decisive += 1
            assert int(e.argmax()) == int(a.argmax()), f"top token {int(a.argmax())} != {int(e.argmax())}"
    assert decisive > 0, "no prompt has a decisive top token; choose other prompts"


def test_converted_lora_matches_peft(
    base_gguf: Path, random_lora: tuple[PeftModel, Path], prompt_ids: list[list[int]], tmp_path: Path
) -> None:
    model, folder = random_lora
    expected = [peft_logits(model, ids) for ids in prompt_ids]
    converted = convert_lora_to_gguf(folder, base_gguf, tmp_path / "lora.gguf")
    with_lora = list(llama_logits(base_gguf, converted, prompt_ids))
    matched = correlations(expected, with_lora)
    assert min(matched) > 0.99, matched
    assert_same_decisive_tops(expected, with_lora)
    without_lora = correlations(expected, list(llama_logits(base_gguf, None, prompt_ids)))
    assert max(without_lora) < min(matched), f"the LoRA should matter: {without_lora} vs {matched}"


def test_without_the_qk_permutation_the_logits_diverge(
    base_gguf: Path,
    random_lora: tuple[PeftModel, Path],
    prompt_ids: list[list[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model, folder = random_lora
    expected = [peft_logits(model, ids) for ids in prompt_ids]
    right = correlations(
        expected,
        list(llama_logits(base_gguf, convert_lora_to_gguf(folder, base_gguf, tmp_path / "r.gguf"), prompt_ids)),
    )
    monkeypatch.setattr("tunecheck.adapters._convert.permute_rows", lambda weights, n_head: weights)
    wrong_file = convert_lora_to_gguf(folder, base_gguf, tmp_path / "unpermuted.gguf")
    wrong = correlations(expected, list(llama_logits(base_gguf, wrong_file, prompt_ids)))
    assert max(wrong) < min(right), f"unpermuted {wrong} should fit worse than permuted {right}"


@pytest.mark.parametrize("profile", ["good", "overfit"])
def test_committed_demo_adapters_match_their_peft_source(
    base_gguf: Path, prompt_ids: list[list[int]], profile: str
) -> None:
    from peft import PeftModel

    folder = DEMO_ADAPTERS / profile
    if not (folder / "adapter.gguf").is_file():
        pytest.skip(f"{folder}/adapter.gguf is not present")
    model = PeftModel.from_pretrained(plain_base_model(base_gguf), str(folder)).eval()
    expected = [peft_logits(model, ids) for ids in prompt_ids]
    actual = list(llama_logits(base_gguf, folder / "adapter.gguf", prompt_ids))
    matched = correlations(expected, actual)
    assert min(matched) > 0.99, matched
    assert_same_decisive_tops(expected, actual)
