"""The replay backend answers from JSONL; a missing sample is an error, never a wrong answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tunecheck.backends import GenerationParams, GenerationRequest, LoglikelihoodRequest, ReplayBackend
from tunecheck.errors import DataError


def _file(tmp_path: Path, rows: list[object]) -> Path:
    path = tmp_path / "out.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_outputs_by_id_and_repeat_and_scores(tmp_path: Path) -> None:
    path = _file(tmp_path, [{"id": "a", "output": "one", "ttft_s": 0.1}, {"id": "a", "repeat": 1, "output": "two"},
                            {"context": "c", "continuation": " x", "logprob": -2.0, "is_greedy": True}])
    backend = ReplayBackend(path, "m")
    requests = [GenerationRequest("p", GenerationParams(), sample_id="a", repeat=r) for r in (0, 1)]
    results = dict(backend.generate([*requests, GenerationRequest("p", GenerationParams(), sample_id="b")]))
    assert results[0].text == "one" and results[0].ttft_s == 0.1 and results[1].text == "two"
    assert results[2].error is not None and "'b'" in results[2].error
    assert "loglikelihood" in backend.capabilities
    [(_, score)] = list(backend.loglikelihood([LoglikelihoodRequest("c", " x")]))
    assert score.logprob == -2.0 and score.is_greedy


@pytest.mark.parametrize(("line", "key"), [("{bad json", None), ('{"id": "a"}', "output"), ('{"output": "x"}', "id")])
def test_bad_lines_name_file_line_and_key(tmp_path: Path, line: str, key: str | None) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"id": "ok", "output": "fine"}\n' + line + "\n")
    with pytest.raises(DataError) as info:
        ReplayBackend(path, "m")
    assert info.value.line == 2 and info.value.key == key and str(path) in str(info.value)
