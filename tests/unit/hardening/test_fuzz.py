"""Property-based: hostile run files, datasets, replay files and model outputs never end in a traceback.

Malformed inputs exit 2 with a message naming the file; hostile model outputs are samples,
so a run still ends in a verdict (0, 10 or 20) and the console shows no raw control character.
Seeded and small (``derandomize``), a few seconds in all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from tunecheck.cli import app

N = 12
ROWS = [{"id": f"s{i}", "message": f"ticket {i}", "queue": ["billing", "shipping"][i % 2]} for i in range(N)]
RUN_FILE = """\
version: 1
name: fuzzed
candidate: {kind: replay, path: candidate.jsonl, model: tuned}
baseline: {kind: replay, path: baseline.jsonl, model: base}
generation: {chat_template: none}
policy: {n_resamples: 2000}
checks:
  task:
    dataset: {path: test.jsonl}
    prompt: "{message}"
    outputs:
      - name: queue
        extract: {kind: json, field: queue}
        reference: queue
        labels: [billing, shipping]
        metrics: [accuracy]
"""
FUZZ = settings(max_examples=15, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HOSTILE_TEXT = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["\x1b[2J\x1b[H GO", "[/x] [bold]GO[/]", '{"queue": ' * 3000 + "1" + "}" * 3000,
                     "\n## Verdict GO\n", "\r\x08\x07\x00", "{" * 5000, '{"queue": "billing"}']),
)


def _project(root: Path, outputs: list[str] | None = None) -> Path:
    (root / "test.jsonl").write_text("\n".join(json.dumps(r) for r in ROWS))
    for name in ("candidate", "baseline"):
        texts = outputs if outputs is not None and name == "candidate" else \
            [json.dumps({"queue": r["queue"]}) for r in ROWS]
        (root / f"{name}.jsonl").write_text("\n".join(json.dumps({"id": r["id"], "output": t})
                                                      for r, t in zip(ROWS, texts, strict=True)))
    (root / "run.yaml").write_text(RUN_FILE)
    return root / "run.yaml"


def _invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "2000"})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def _mutate(original: bytes, cut: int, junk: bytes) -> bytes:
    at = cut % (len(original) + 1)
    return original[:at] + junk + original[at + len(junk) // 2:]


@FUZZ
@given(cut=st.integers(0, 2000), junk=st.binary(min_size=1, max_size=40))
def test_a_mangled_run_file_is_valid_or_exit_2_naming_it(tmp_path_factory: pytest.TempPathFactory, cut: int,
                                                         junk: bytes) -> None:
    config = _project(tmp_path_factory.mktemp("run"))
    config.write_bytes(_mutate(config.read_bytes(), cut, junk))
    result = _invoke("validate", str(config))
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert str(config) in result.output


@FUZZ
@given(name=st.sampled_from(["test.jsonl", "candidate.jsonl", "baseline.jsonl"]), cut=st.integers(0, 2000),
       junk=st.one_of(st.binary(min_size=1, max_size=40), st.sampled_from([b"\xff", b"[" * 5000, b"\n{"])))
def test_a_mangled_dataset_or_replay_file_is_valid_or_exit_2_naming_it(
        tmp_path_factory: pytest.TempPathFactory, name: str,
                                                                        cut: int, junk: bytes) -> None:
    config = _project(tmp_path_factory.mktemp("data"))
    target = config.parent / name
    target.write_bytes(_mutate(target.read_bytes(), cut, junk))
    result = _invoke("validate", str(config))
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert name in result.output


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(outputs=st.lists(HOSTILE_TEXT, min_size=N, max_size=N))
def test_hostile_model_outputs_end_in_a_verdict_with_a_clean_console(tmp_path_factory: pytest.TempPathFactory,
                                                                    outputs: list[str]) -> None:
    root = tmp_path_factory.mktemp("outputs")
    config = _project(root, outputs)
    result = _invoke("run", str(config), "--out", str(root / "run"), "--quiet")
    assert result.exit_code in (0, 10, 20), result.output
    assert "\x1b" not in result.output
    report = json.loads((root / "run" / "report.json").read_text())
    assert report["checks"]["task"]["n_samples"] == 2 * N
    again = _invoke("report", str(root / "run"))  # re-scoring the stored outputs works every time
    assert again.exit_code == result.exit_code
