"""The hf backend's generation after a shared prefix equals generation of the whole rows.

A batch whose prompts begin alike (a system prompt through the chat template) runs those
tokens once and generates from a copy of their key/value cache. In float32 the texts, the
sampled ones included, must be the same as when every row runs whole; a streamed request
(latency) always runs whole, and the next batch with the same leading tokens reuses the
prefix rather than running it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import GenerationParams, GenerationRequest, Message

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend
    from tunecheck.backends._hf_logits import Prefix

pytestmark = pytest.mark.integration

SYSTEM = ("Be {tone}. Triage this message to Brightwave support. Answer in three lines:\n"
          "Queue: billing|technical|account|shipping\nPriority: low|normal|high|urgent\nReply: one sentence")
MESSAGES = ("I was charged twice for my order.", "My router keeps dropping the connection every evening.",
            "Hi", "Where is my parcel? It has been two weeks and the tracking page shows nothing at all.",
            "please cancel my account", "The speaker arrived broken, I want my money back.")


def _request(backend: HFBackend, tone: str, message: str, *, stream: bool = False,
             **params: object) -> GenerationRequest:
    prompt = backend.render([Message("system", SYSTEM.format(tone=tone)), Message("user", message)])
    return GenerationRequest(prompt, GenerationParams(**{"max_tokens": 12, **params}),  # type: ignore[arg-type]
                             stream=stream)


def _texts(backend: HFBackend, requests: list[GenerationRequest]) -> list[str]:
    out = dict(backend.generate(requests))
    assert all(out[i].ok for i in range(len(requests)))
    return [out[i].text for i in range(len(requests))]


@pytest.fixture
def prefixes(hf_smollm: HFBackend, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Prefix]]:
    """Prefixes run for generation, in order (batch size 4, so a tone's six prompts take two batches)."""
    made: list[Prefix] = []
    scorer = hf_smollm._scorer
    original = scorer.prefix

    def spy(tokens: tuple[int, ...]) -> Prefix:
        made.append(original(tokens))
        return made[-1]

    monkeypatch.setattr(scorer, "prefix", spy)
    monkeypatch.setattr(hf_smollm, "_spec", hf_smollm._spec.model_copy(update={"batch_size": 4}))
    monkeypatch.setattr(hf_smollm, "_last_prefix", None)
    yield made


def test_generation_after_a_shared_prefix_is_the_whole_rows_generation(
        hf_smollm: HFBackend, prefixes: list[Prefix], monkeypatch: pytest.MonkeyPatch) -> None:
    requests = [_request(hf_smollm, "polite", m) for m in MESSAGES]
    requests += [_request(hf_smollm, "polite", m, temperature=0.8, seed=s) for s, m in enumerate(MESSAGES[:4])]
    requests += [_request(hf_smollm, "polite", m, stop=("\nReply",)) for m in MESSAGES[:3]]
    shared = _texts(hf_smollm, requests)
    made = len(prefixes)
    with monkeypatch.context() as patch:
        patch.setattr(hf_smollm, "_generation_min_prefix", None)
        whole = _texts(hf_smollm, requests)
    assert len(prefixes) == made  # the plain path ran no prefix
    assert shared == whole
    assert all("Reply" not in text for text in shared[-3:])  # the stop string still ends those rows
    # greedy rows (two batches), sampled rows (one) and stopped rows (one) share one system prompt: one pass
    assert len(prefixes) == 1
    rows = [hf_smollm.encode(r.prompt) for r in requests]
    common = next(i for i in range(len(rows[0])) if len({tuple(row[:i + 1]) for row in rows}) > 1)
    assert prefixes[0].tokens == tuple(rows[0][:common])  # all the call's prompts share: system turn and more
    assert SYSTEM.format(tone="polite") in hf_smollm._tokenizer.decode(prefixes[0].tokens)


def test_another_system_prompt_gets_its_own_prefix(
        hf_smollm: HFBackend, prefixes: list[Prefix], monkeypatch: pytest.MonkeyPatch) -> None:
    polite = [_request(hf_smollm, "polite", m) for m in MESSAGES[:4]]
    formal = [_request(hf_smollm, "formal", m) for m in MESSAGES[:4]]
    first = _texts(hf_smollm, polite)
    second = _texts(hf_smollm, formal)
    with monkeypatch.context() as patch:
        patch.setattr(hf_smollm, "_generation_min_prefix", None)
        assert _texts(hf_smollm, formal) == second
        assert _texts(hf_smollm, polite) == first
    assert len(prefixes) == 2 and prefixes[0].tokens != prefixes[1].tokens


def test_a_streamed_request_runs_whole(hf_smollm: HFBackend, prefixes: list[Prefix]) -> None:
    request = _request(hf_smollm, "polite", MESSAGES[0], stream=True)
    [(_, generation)] = list(hf_smollm.generate([request]))
    assert generation.ok and generation.ttft_s is not None
    assert prefixes == []
