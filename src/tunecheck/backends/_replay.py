"""Outputs produced elsewhere, read from a JSONL file and evaluated with the same checks.

Each line is an object with ``id`` (the sample id; or ``prompt``, the exact rendered
prompt) and ``output``; optional ``repeat`` (default 0), ``prompt_tokens``,
``output_tokens``, ``ttft_s``, ``e2e_s``, ``token_times_s`` and ``token_logprobs``.
Lines with ``context``, ``continuation`` and ``logprob`` (optional ``token_logprobs``,
``is_greedy``) answer log-likelihood requests. A request with no matching line comes
back as an error naming the sample, so it is counted, never scored as wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tunecheck.backends._protocol import (
    BackendInfo,
    Capability,
    Generation,
    GenerationRequest,
    Loglikelihood,
    LoglikelihoodRequest,
)
from tunecheck.errors import DataError
from tunecheck.types import Message


class _ScoreRow(BaseModel):
    """A log-likelihood line."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    context: str
    continuation: str
    logprob: float
    token_logprobs: tuple[float, ...] = ()
    is_greedy: bool = False


class _OutputRow(BaseModel):
    """A generation line."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str | int | None = None
    prompt: str | None = None
    output: str | int | float
    repeat: int = Field(default=0, ge=0)
    prompt_tokens: int | None = None
    output_tokens: int | None = None
    ttft_s: float | None = None
    e2e_s: float | None = None
    token_times_s: tuple[float, ...] | None = None
    token_logprobs: tuple[float, ...] | None = None


class ReplayBackend:
    """Backend that answers from a JSONL file."""

    def __init__(self, path: Path, model: str) -> None:
        self._path, self._model = path, model
        self._by_id: dict[tuple[str, int], Generation] = {}
        self._by_prompt: dict[tuple[str, int], Generation] = {}
        self._scores: dict[tuple[str, str], Loglikelihood] = {}
        self._read()

    def _read(self) -> None:
        from tunecheck.datasets import parse_json_line, read_text

        file = str(self._path)
        for number, line in enumerate(read_text(self._path, "replay file").split("\n"), start=1):
            if line.strip():
                row = parse_json_line(line, file, number)
                if not isinstance(row, dict):
                    raise DataError("each line must be a JSON object", file=file, line=number)
                self._add(row, number)

    def _add(self, row: dict[str, object], number: int) -> None:
        file = str(self._path)
        if "continuation" in row:
            score = _validated(_ScoreRow, row, file, number)
            self._scores[(score.context, score.continuation)] = Loglikelihood(
                logprob=score.logprob, token_logprobs=score.token_logprobs, is_greedy=score.is_greedy)
            return
        if "output" not in row:
            raise DataError("missing the model output", key="output", file=file, line=number)
        if row.get("id") is None and row.get("prompt") is None:
            raise DataError("a row needs 'id' (sample id) or 'prompt'", key="id", file=file, line=number)
        output = _validated(_OutputRow, row, file, number)
        generation = Generation(
            text=str(output.output), prompt_tokens=output.prompt_tokens, output_tokens=output.output_tokens,
            ttft_s=output.ttft_s, e2e_s=output.e2e_s, token_times_s=output.token_times_s,
            token_logprobs=output.token_logprobs)
        if output.id is not None:
            self._by_id[(str(output.id), output.repeat)] = generation
        if output.prompt is not None:
            self._by_prompt[(output.prompt, output.repeat)] = generation

    @property
    def info(self) -> BackendInfo:
        return BackendInfo(kind="replay", model=self._model, version="1")

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset({"loglikelihood"}) if self._scores else frozenset()

    def render(self, messages: Sequence[Message]) -> str:
        return "".join(f"{m.role}: {m.content}\n" for m in messages) + "assistant:"

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Generation]]:
        for index, request in enumerate(requests):
            found = self._by_id.get((request.sample_id or "", request.repeat)) or self._by_prompt.get(
                (request.prompt, request.repeat)
            )
            if found is None:
                found = Generation(text="", error=f"replay file has no output for sample '{request.sample_id}' "
                                                  f"(repeat {request.repeat})")
            yield index, found

    def loglikelihood(self, requests: Sequence[LoglikelihoodRequest]) -> Iterator[tuple[int, Loglikelihood]]:
        for index, request in enumerate(requests):
            found = self._scores.get((request.context, request.continuation))
            yield index, found or Loglikelihood(logprob=0.0, error="replay file has no score for this continuation")

    def close(self) -> None:
        return None


_Row = TypeVar("_Row", _ScoreRow, _OutputRow)


def _validated(model: type[_Row], row: dict[str, object], file: str, number: int) -> _Row:
    """The line as ``model``; the first wrong field is a ``DataError`` naming file, line and key."""
    try:
        return model.model_validate(row)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"]) or None
        raise DataError(str(error["msg"]), file=file, line=number, key=key) from None
