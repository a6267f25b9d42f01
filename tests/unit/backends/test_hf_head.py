"""The hf backend hands the output head a contiguous input, on a tiny frozen Llama built in the test."""

from __future__ import annotations

import pytest
import torch
from torch.profiler import ProfilerActivity, profile
from transformers import LlamaConfig, LlamaForCausalLM

from tunecheck.backends._hf import contiguous_head_input

BATCH, LENGTH = 3, 7


def _frozen_model() -> LlamaForCausalLM:
    """Weights frozen as peft leaves a model it loaded an adapter into."""
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=96, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64)
    model = LlamaForCausalLM(config).eval()
    model.requires_grad_(False)
    return model


def _head_inputs(model: LlamaForCausalLM) -> list[bool]:
    """Records whether each call of the head got a contiguous input (runs after any earlier hook)."""
    seen: list[bool] = []
    model.get_output_embeddings().register_forward_pre_hook(lambda _m, args: seen.append(args[0].is_contiguous()))
    return seen


def _prefill(model: LlamaForCausalLM) -> torch.Tensor:
    ids = torch.arange(BATCH * LENGTH).reshape(BATCH, LENGTH) % 90 + 3
    with torch.inference_mode():
        return model(input_ids=ids, logits_to_keep=1).logits


def _operators(model: LlamaForCausalLM) -> set[str]:
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        _prefill(model)
    return {event.key for event in prof.key_averages()}


def test_a_frozen_model_gets_the_last_position_as_a_view_without_it() -> None:
    model = _frozen_model()
    seen = _head_inputs(model)
    _prefill(model)
    assert seen == [False]
    assert "aten::bmm" in _operators(model)  # the weight copied once per row


def test_the_head_reads_a_contiguous_input_and_computes_what_an_unfrozen_model_computes() -> None:
    unfrozen = _frozen_model().requires_grad_(True)  # as the base model is loaded: matmul folds the input
    frozen = _prefill(_frozen_model())
    model = _frozen_model()
    contiguous_head_input(model)
    seen = _head_inputs(model)
    logits = _prefill(model)
    assert seen == [True]
    assert "aten::bmm" not in _operators(model)
    assert torch.equal(logits, _prefill(unfrozen))
    assert torch.allclose(logits, frozen, atol=1e-5)  # the per-row product rounds a little differently


def test_a_model_without_an_output_head_is_left_alone() -> None:
    class Headless(torch.nn.Module):
        def get_output_embeddings(self) -> None:
            return None

    headless, plain = Headless(), torch.nn.Linear(2, 2)  # the second has no get_output_embeddings at all
    contiguous_head_input(headless)
    contiguous_head_input(plain)
    assert not headless._forward_pre_hooks
    assert not plain._forward_pre_hooks
    seen: list[torch.Tensor] = []
    plain.register_forward_pre_hook(lambda _m, args: seen.append(args[0]))
    plain(torch.randn(3, 4)[:, :2])  # a non-contiguous input reaches the layer as it is
    assert not seen[0].is_contiguous()


class _WithHead(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.head = torch.nn.Linear(4, 5)

    def get_output_embeddings(self) -> torch.nn.Module:
        return self.head


@pytest.mark.parametrize("contiguous", [True, False])
def test_only_a_non_contiguous_input_is_copied(contiguous: bool) -> None:
    model = _WithHead()
    contiguous_head_input(model)
    received: list[torch.Tensor] = []
    model.head.register_forward_pre_hook(lambda _m, args: received.append(args[0]))
    x = torch.randn(2, 3, 4)
    x = x if contiguous else x[:, -1:, :]
    model.head(x)
    assert received[0].is_contiguous()
    assert (received[0] is x) == contiguous
