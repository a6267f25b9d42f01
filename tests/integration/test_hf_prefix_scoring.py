"""The hf backend's fast log-likelihood paths equal the plain one on the packaged SmolLM2-135M.

The fast paths compute the output head on read positions only and run a prefix shared by
several rows once (its key/value cache repeated to each batch). The plain path runs every
row in full and keeps every position's logits. The request mix has two chat clusters whose
system prompts differ by one word (same length, so a cache reused by length would be
wrong), a row that differs inside the shared part, a row whose continuation starts right
after the shared part, answer letters with one model input, and short unrelated rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import LoglikelihoodRequest, Message

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend
    from tunecheck.backends._hf_logits import Prefix

pytestmark = pytest.mark.integration

TOLERANCE = 1e-4
GOOD_ADAPTER = Path(__file__).resolve().parents[2] / "examples" / "triage" / "adapters" / "good"
SYSTEM = ("Be {tone}. Triage this message to Brightwave support. Answer in three lines: the queue, the priority, "
          "and one sentence to the customer.")
MESSAGES = ("I was charged twice for my order.", "My router keeps dropping the connection every evening.",
            "Hi", "Where is my parcel? It has been two weeks and the tracking page shows nothing at all.")
TARGETS = ("Queue: billing\nPriority: high\nReply: We will refund the second charge today.",
           "Queue: technical\nPriority: normal\nReply: Please update the firmware.",
           "Queue: feedback\nPriority: low\nReply: Hello!",
           "Queue: shipping\nPriority: normal\nReply: We are checking with the carrier and will write back.")
USER_TURN = "<|im_start|>user\n"


def _chat(backend: HFBackend, tone: str, message: str) -> str:
    return backend.render([Message("system", SYSTEM.format(tone=tone)), Message("user", message)])


def _requests(backend: HFBackend) -> list[LoglikelihoodRequest]:
    """Two clusters (the tones differ at the fifth token), each with one odd row, then rows sharing nothing."""
    clusters = {tone: [LoglikelihoodRequest(_chat(backend, tone, m), t) for m, t in zip(MESSAGES, TARGETS, strict=True)]
                for tone in ("polite", "formal")}
    differs_inside = _chat(backend, "polite", MESSAGES[0]).replace("three lines", "four lines")
    formal = _chat(backend, "formal", MESSAGES[0])
    system_turn_only = formal[:formal.index(USER_TURN)]  # the continuation starts right after the shared part
    return [
        *clusters["polite"], LoglikelihoodRequest(differs_inside, TARGETS[0]),
        *clusters["formal"], LoglikelihoodRequest(system_turn_only, f"{USER_TURN}My invoice is wrong."),
        *(LoglikelihoodRequest("Question: 2 + 2 =\nA. 3\nB. 4\nAnswer:", f" {x}") for x in "AB"),
        LoglikelihoodRequest("The cat sat on the", " mat"),
        LoglikelihoodRequest("A", " B C D E F G H"),
    ]


def _scores(backend: HFBackend, requests: list[LoglikelihoodRequest]) -> list[object]:
    results = dict(backend.loglikelihood(requests))
    return [results[i] for i in range(len(requests))]


@pytest.fixture
def prefixes(hf_smollm: HFBackend, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Prefix]]:
    """Prefixes the scorer ran, in order (the hf_smollm scorer, batch size 3 so clusters span batches)."""
    made: list[Prefix] = []
    scorer = hf_smollm._scorer
    original = scorer.prefix

    def spy(tokens: tuple[int, ...]) -> Prefix:
        made.append(original(tokens))
        return made[-1]

    monkeypatch.setattr(scorer, "prefix", spy)
    monkeypatch.setattr(hf_smollm, "_spec", hf_smollm._spec.model_copy(update={"batch_size": 3}))
    yield made


def _assert_same_as_plain(backend: HFBackend, requests: list[LoglikelihoodRequest],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    from tunecheck.backends._hf_score import PLAIN

    fast = _scores(backend, requests)
    with monkeypatch.context() as patch:
        patch.setattr(backend, "_scoring", PLAIN)
        plain = _scores(backend, requests)
    for request, got, expected in zip(requests, fast, plain, strict=True):
        assert got.ok and expected.ok  # type: ignore[attr-defined]
        assert got.logprob == pytest.approx(expected.logprob, abs=TOLERANCE), request  # type: ignore[attr-defined]
        assert got.token_logprobs == pytest.approx(expected.token_logprobs, abs=TOLERANCE)  # type: ignore[attr-defined]
        assert got.is_greedy == expected.is_greedy, request  # type: ignore[attr-defined]


def test_shared_prefixes_and_kept_positions_score_as_the_plain_path(
        hf_smollm: HFBackend, prefixes: list[Prefix], monkeypatch: pytest.MonkeyPatch) -> None:
    requests = _requests(hf_smollm)
    _assert_same_as_plain(hf_smollm, requests, monkeypatch)
    # one pass per cluster, reused by both of its batches (5 rows each, batch size 3)
    polite, formal = (tuple(hf_smollm.encode(requests[i].context)) for i in (0, 5))
    system_turn = tuple(hf_smollm.encode(requests[9].context.rstrip()))
    three = next(i for i, (a, b) in enumerate(zip(polite, hf_smollm.encode(requests[4].context), strict=False))
                 if a != b)
    assert len(prefixes) == 2
    assert {p.tokens for p in prefixes} == {formal[:len(system_turn) - 1], polite[:three]}


def test_a_suffix_run_after_another_rows_prefix_is_not_the_same_score(hf_smollm: HFBackend) -> None:
    """The tolerance sees a cache reused wrongly: after a prefix of the same length that differs in one token
    (the tone), the rest of the chat scores far outside it."""
    import torch

    polite, formal = (tuple(hf_smollm.encode(_chat(hf_smollm, tone, MESSAGES[0]))) for tone in ("polite", "formal"))
    shared = next(i for i, (a, b) in enumerate(zip(polite, formal, strict=False)) if a != b) + 1
    scorer = hf_smollm._scorer
    targets = torch.tensor(formal[shared + 1:]).unsqueeze(1)

    def score(prefix: tuple[int, ...]) -> float:
        with torch.inference_mode():
            logits = scorer.logits([formal[shared:-1]], keep=None, prefix=scorer.prefix(prefix))[0]
        return float(torch.log_softmax(logits.float(), -1).gather(1, targets).sum())

    assert abs(score(formal[:shared]) - score(polite[:shared])) > 100 * TOLERANCE


@pytest.mark.parametrize("merge", [False, True], ids=["peft-unmerged", "merged"])
def test_an_adapted_model_scores_as_its_plain_path(monkeypatch: pytest.MonkeyPatch, merge: bool) -> None:
    from tunecheck.backends._hf import HFBackend
    from tunecheck.config import HFSpec

    spec = HFSpec(model="packaged:smollm2-135m-instruct", adapter=str(GOOD_ADAPTER), merge_adapter=merge,
                  batch_size=4)
    backend = HFBackend(spec, GOOD_ADAPTER)
    try:
        assert backend._scorer.shares_prefix and backend._scorer.keeps_positions
        _assert_same_as_plain(backend, _requests(backend), monkeypatch)
    finally:
        backend.close()
