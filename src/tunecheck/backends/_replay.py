"""Outputs produced elsewhere, read from a JSONL file and evaluated with the same checks.

Each line is an object with ``id`` (the sample id; or ``prompt``, the exact rendered
prompt) and ``output``; optional ``repeat`` (default 0), ``prompt_tokens``,
``output_tokens``, ``ttft_s``, ``e2e_s``, ``token_times_s`` and ``token_logprobs``.
Lines with ``context``, ``continuation`` and ``logprob`` (optional ``token_logprobs``,
``is_greedy``) answer log-likelihood requests. A request with no matching line comes
back as an error naming the sample, so it is counted, never scored as wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from tunecheck.backends._protocol import (
    BackendInfo,
    Capability,
    Generation,
    GenerationRequest,
    Loglikelihood,
    LoglikelihoodRequest,
    Message,
)
from tunecheck.errors import DataError

_GEN_FIELDS = ("prompt_tokens", "output_tokens", "ttft_s", "e2e_s")


class ReplayBackend:
    """Backend that answers from a JSONL file."""

    def __init__(self, path: Path, model: str) -> None:
        self._path, self._model = path, model
        self._by_id: dict[tuple[str, int], Generation] = {}
        self._by_prompt: dict[tuple[str, int], Generation] = {}
        self._scores: dict[tuple[str, str], Loglikelihood] = {}
        self._read()

    def _read(self) -> None:
        try:
            lines = self._path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise DataError(f"cannot read replay file: {exc.strerror}", file=str(self._path)) from None
        for number, line in enumerate(lines, start=1):
            if line.strip():
                self._add(self._parse(line, number), number)

    def _parse(self, line: str, number: int) -> dict[str, object]:
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"not valid JSON: {exc.msg}", file=str(self._path), line=number) from None
        if not isinstance(row, dict):
            raise DataError("each line must be a JSON object", file=str(self._path), line=number)
        return row

    def _add(self, row: dict[str, object], number: int) -> None:
        file = str(self._path)
        if "continuation" in row:
            if "context" not in row or "logprob" not in row:
                raise DataError(
                    "log-likelihood rows need 'context' and 'logprob'", key="logprob", file=file, line=number
                )
            tokens = tuple(float(v) for v in row.get("token_logprobs", []))  # type: ignore[attr-defined]
            self._scores[(str(row["context"]), str(row["continuation"]))] = Loglikelihood(
                logprob=float(row["logprob"]), token_logprobs=tokens,  # type: ignore[arg-type]
                is_greedy=bool(row.get("is_greedy", False)),
            )
            return
        if "output" not in row:
            raise DataError("missing the model output", key="output", file=file, line=number)
        if "id" not in row and "prompt" not in row:
            raise DataError("a row needs 'id' (sample id) or 'prompt'", key="id", file=file, line=number)
        generation = _generation(row)
        repeat = int(row.get("repeat", 0))  # type: ignore[call-overload]
        if "id" in row:
            self._by_id[(str(row["id"]), repeat)] = generation
        if "prompt" in row:
            self._by_prompt[(str(row["prompt"]), repeat)] = generation

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


def _generation(row: dict[str, object]) -> Generation:
    values = {k: row[k] for k in _GEN_FIELDS if row.get(k) is not None}
    times = row.get("token_times_s")
    logprobs = row.get("token_logprobs")
    return Generation(
        text=str(row["output"]),
        token_times_s=tuple(float(t) for t in times) if isinstance(times, list) else None,
        token_logprobs=tuple(float(t) for t in logprobs) if isinstance(logprobs, list) else None,
        **values,  # type: ignore[arg-type]
    )
