"""A scripted, deterministic model for unit tests (never random, never networked).

A script is a plain function from request to output text (or a full ``Generation``),
like httpx's ``MockTransport(handler)``. Log-likelihoods come from an optional second
function. Every request is recorded in ``calls`` so tests can assert what was sent.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from tunecheck.backends._protocol import (
    BackendInfo,
    Capability,
    Generation,
    GenerationRequest,
    Loglikelihood,
    LoglikelihoodRequest,
)
from tunecheck.config import FakeSpec
from tunecheck.errors import CapabilityError
from tunecheck.types import Message

Responder = Callable[[GenerationRequest], "str | Generation"]
Scorer = Callable[[LoglikelihoodRequest], "float | Loglikelihood"]


@dataclass(frozen=True)
class FakeScript:
    """What a ``fake`` backend's ``script`` function returns."""

    respond: Responder
    score: Scorer | None = None
    model: str = "fake"


@dataclass
class FakeBackend:
    """Backend whose outputs are whatever the script says."""

    script: FakeScript
    calls: list[GenerationRequest | LoglikelihoodRequest] = field(default_factory=list)

    @classmethod
    def from_spec(cls, spec: FakeSpec) -> FakeBackend:
        module_name, _, attr = spec.script.partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
        script = factory()
        if not isinstance(script, FakeScript):
            raise ValueError(f"fake script '{spec.script}' must return a FakeScript, got {type(script).__name__}")
        if script.model == "fake":  # the spec names the model: two scripts must never share a fingerprint
            script = FakeScript(script.respond, script.score, model=spec.model)
        return cls(script)

    @property
    def info(self) -> BackendInfo:
        return BackendInfo(kind="fake", model=self.script.model, version="1", dtype="none")

    @property
    def capabilities(self) -> frozenset[Capability]:
        caps: set[Capability] = {"streaming", "chat_template"}
        if self.script.score is not None:
            caps.add("loglikelihood")
        return frozenset(caps)

    def render(self, messages: Sequence[Message]) -> str:
        body = "".join(f"<|{m.role}|>\n{m.content}\n" for m in messages)
        return body + "<|assistant|>\n"

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Generation]]:
        for index, request in enumerate(requests):
            self.calls.append(request)
            result = self.script.respond(request)
            if isinstance(result, str):
                n = max(1, len(result.split()))
                result = Generation(text=result, prompt_tokens=len(request.prompt.split()), output_tokens=n,
                                    finish_reason="stop", ttft_s=0.01, e2e_s=0.01 + 0.001 * n)
            yield index, result

    def loglikelihood(self, requests: Sequence[LoglikelihoodRequest]) -> Iterator[tuple[int, Loglikelihood]]:
        if self.script.score is None:
            raise CapabilityError("this fake script scores no log-likelihoods")
        for index, request in enumerate(requests):
            self.calls.append(request)
            result = self.script.score(request)
            if not isinstance(result, Loglikelihood):
                n = max(1, len(request.continuation.split()))
                result = Loglikelihood(logprob=float(result), token_logprobs=(float(result) / n,) * n)
            yield index, result

    def close(self) -> None:
        return None
