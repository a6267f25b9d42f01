"""The backend seam: one small protocol, values in and out, nothing else.

A backend turns fully rendered prompts into generations and, optionally, scores the
log-likelihood of continuations. tunecheck renders every prompt itself (see
``Backend.render``) so that candidate and baseline receive the very same text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from tunecheck.types import Message

Capability = Literal["loglikelihood", "streaming", "chat_template", "json_schema", "grammar"]
@dataclass(frozen=True)
class DecodingConstraint:
    """Constrained decoding: a JSON Schema (as JSON text) or a GBNF grammar the output must follow.

    Backends that can apply it advertise the ``json_schema`` / ``grammar`` capability.
    """

    kind: Literal["json_schema", "grammar"]
    spec: str


@dataclass(frozen=True)
class GenerationParams:
    """Decoding parameters, shared by candidate and baseline (the ``generation`` block)."""

    temperature: float = 0.0
    top_p: float = 1.0
    max_tokens: int = 256
    stop: tuple[str, ...] = ()
    seed: int = 0
    constraint: DecodingConstraint | None = None


@dataclass(frozen=True)
class GenerationRequest:
    """A rendered prompt to complete.

    ``messages`` is kept for chat-endpoint backends; ``sample_id`` and ``repeat`` are
    labels (the replay backend matches on them) and never change the request's identity.
    """

    prompt: str
    params: GenerationParams
    messages: tuple[Message, ...] | None = None
    stream: bool = False
    sample_id: str | None = None
    repeat: int = 0


@dataclass(frozen=True)
class Generation:
    """What came back for one request. ``error`` is set when it failed after retries."""

    text: str
    prompt_tokens: int | None = None
    output_tokens: int | None = None
    finish_reason: str | None = None
    ttft_s: float | None = None
    e2e_s: float | None = None
    token_times_s: tuple[float, ...] | None = None
    token_logprobs: tuple[float, ...] | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class LoglikelihoodRequest:
    """Score ``continuation`` given ``context`` (raw text; no chat template is applied)."""

    context: str
    continuation: str


@dataclass(frozen=True)
class Loglikelihood:
    """Log-likelihood of a continuation, as lm-evaluation-harness defines it.

    ``logprob`` is the sum of the continuation tokens' log-probabilities,
    ``is_greedy`` is true when every continuation token is the argmax.
    """

    logprob: float
    token_logprobs: tuple[float, ...] = ()
    is_greedy: bool = False
    error: str | None = None

    @property
    def n_tokens(self) -> int:
        return len(self.token_logprobs)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class BackendInfo:
    """What identifies a backend and the conditions it runs under.

    ``model`` and ``adapter`` name the model itself, and ``reported`` is what the backend
    learnt about it at start (an OpenAI-compatible server's ``/models`` entry); every other
    field is a condition that must be identical for candidate and baseline. The model's
    identity by content is the runner's (``tunecheck.session._identity``).
    """

    kind: str
    model: str
    adapter: str | None = None
    version: str = ""
    dtype: str | None = None
    quantization: str | None = None
    device: str | None = None
    prompt_rendering: str = "tunecheck"
    extra: tuple[tuple[str, str], ...] = field(default=())
    reported: tuple[tuple[str, str], ...] = field(default=())

    def conditions(self) -> dict[str, str | None]:
        """The fields that must match between candidate and baseline."""
        values: dict[str, str | None] = {
            "kind": self.kind,
            "version": self.version,
            "dtype": self.dtype,
            "quantization": self.quantization,
            "device": self.device,
            "prompt_rendering": self.prompt_rendering,
        }
        values.update(dict(self.extra))
        return values


@runtime_checkable
class Backend(Protocol):
    """A model behind one small interface.

    ``generate`` and ``loglikelihood`` yield ``(index, result)`` pairs as each
    request completes (in any order), so the caller can store every result at once.
    A request that fails after retries yields a result with ``error`` set; a
    backend that fails entirely raises ``BackendError``.
    """

    @property
    def info(self) -> BackendInfo: ...

    @property
    def capabilities(self) -> frozenset[Capability]: ...

    def render(self, messages: Sequence[Message]) -> str:
        """Render chat messages to the prompt text with the model's chat template."""
        ...

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Generation]]: ...

    def loglikelihood(
        self, requests: Sequence[LoglikelihoodRequest]
    ) -> Iterator[tuple[int, Loglikelihood]]: ...

    def close(self) -> None: ...
