"""Answers never cross models and never outlive the model that gave them (replayed models).

Two replay files with the default name ``replay`` are two models; the same file twice is
refused unless the run is A/A; a replay file rewritten in place, a changed generation
setting or a changed prompt is collected again; ``tunecheck report`` refuses, naming the
samples, when the dataset changed under a finished run.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tunecheck.cli import app
from tunecheck.errors import ConfigError, StaleRequestsError
from tunecheck.runner._run import rerender, run

N = 20
GATE = "[{measurement: queue.accuracy, rule: non_inferiority, threshold: 0.05}]"


def _answers(path: Path, right: int, *, wrong: str = "shipping") -> Path:
    path.write_text("\n".join(json.dumps({"id": f"s{i}", "output": f"Queue: {'billing' if i < right else wrong}"})
                              for i in range(N)))
    return path


@pytest.fixture()
def project(tmp_path: Path, ticket_project: Callable[..., Path]) -> Callable[..., Path]:
    """A run file comparing two replay files (no model names) on ``N`` billing tickets."""

    def write(*, candidate_right: int, baseline_right: int, extra: str = "", temperature: float = 0.0) -> Path:
        _answers(tmp_path / "cand.jsonl", candidate_right)
        _answers(tmp_path / "base.jsonl", baseline_right)
        return ticket_project("{kind: replay, path: cand.jsonl}", "{kind: replay, path: base.jsonl}", N,
                              top=f"generation: {{chat_template: none, temperature: {temperature}}}\n{extra}",
                              gates=GATE)

    return write


def _accuracy(report_json: Path) -> tuple[float, float]:
    m = json.loads(report_json.read_text())["checks"]["task"]["measurements"][0]
    return m["candidate"], m["baseline"]


def test_two_unnamed_replay_files_keep_their_answers_apart(tmp_path: Path, project: Callable[..., Path]) -> None:
    """The issue's false GO: 0/20 against 20/20 under a non-inferiority gate was GO, baseline 0.0."""
    config = project(candidate_right=0, baseline_right=N)
    outcome = run(config, out=tmp_path / "run")
    assert _accuracy(tmp_path / "run" / "report.json") == (0.0, 1.0)
    assert outcome.report.verdict.status == "NO-GO" and outcome.exit_code == 10
    c, b = outcome.report.candidate, outcome.report.baseline
    assert c.identity["replay file"] != b.identity["replay file"]
    assert c.identity["replay file"].startswith("sha256:") and len(c.identity["replay file"]) == len("sha256:") + 12
    assert (c.requests_sent, b.requests_sent) == (N, N)
    html = (tmp_path / "run" / "report.html").read_text()
    assert c.identity["replay file"] in html and b.identity["replay file"] in html
    card = (tmp_path / "run" / "MODEL_CARD.md").read_text()
    assert f"Baseline identity: replay file {b.identity['replay file']}" in card


def test_the_same_model_twice_is_refused_naming_both(tmp_path: Path, project: Callable[..., Path]) -> None:
    config = project(candidate_right=N, baseline_right=N)  # two files, identical contents
    with pytest.raises(ConfigError) as refused:
        run(config, out=tmp_path / "run")
    message = str(refused.value)
    assert "run.yaml:3: baseline:" in message and "same model" in message
    assert "path cand.jsonl" in message and "path base.jsonl" in message and "--aa" in message
    assert not (tmp_path / "run").exists(), "refused before the run directory is made"


def test_an_aa_run_collects_each_arm_and_reports_the_null_spread(tmp_path: Path, project: Callable[..., Path]) -> None:
    config = project(candidate_right=15, baseline_right=15)
    result = CliRunner().invoke(app, ["run", str(config), "--out", str(tmp_path / "run"), "--quiet", "--aa"])
    assert result.exit_code in (10, 20), result.output  # an A/A run never says GO
    assert "A/A run" in result.output
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["aa"] is True and report["verdict"]["status"] != "GO"
    assert report["verdict"]["causes"][0]["text"].startswith("A/A run: the candidate is the baseline")
    assert (report["candidate"]["requests_sent"], report["baseline"]["requests_sent"]) == (N, N)
    spread = report["null_spread"]
    assert [(s["check"], s["measurement"], s["delta"], s["n"]) for s in spread] == [("task", "queue.accuracy", 0.0, N)]
    assert spread[0]["ci_low"] <= 0.0 <= spread[0]["ci_high"]
    assert "the spread of a null comparison" in (tmp_path / "run" / "report.html").read_text()
    assert "## A/A run: the spread of a null comparison" in (tmp_path / "run" / "MODEL_CARD.md").read_text()


def test_aa_in_the_run_file_and_aa_of_two_models_refused(tmp_path: Path, project: Callable[..., Path]) -> None:
    config = project(candidate_right=15, baseline_right=15, extra="aa: true")
    assert run(config, out=tmp_path / "run").report.aa
    _answers(tmp_path / "base.jsonl", 3)
    with pytest.raises(ConfigError, match="an A/A run compares one model with itself"):
        run(config, out=tmp_path / "run")


def test_a_candidate_file_rewritten_in_place_is_collected_again(tmp_path: Path, project: Callable[..., Path]) -> None:
    config = project(candidate_right=N, baseline_right=10)
    out = tmp_path / "run"
    first = run(config, out=out)
    assert first.report.verdict.status != "NO-GO"
    candidate = tmp_path / "cand.jsonl"
    stat = candidate.stat()
    _answers(candidate, 0, wrong="nothing")  # retrained in place: same path, same size, same mtime
    assert candidate.stat().st_size == stat.st_size
    os.utime(candidate, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = run(config, out=out)
    assert _accuracy(out / "report.json") == (0.0, 0.5)
    assert second.report.verdict.status == "NO-GO"
    assert (second.report.candidate.requests_sent, second.report.candidate.requests_reused) == (N, 0)
    assert (second.report.baseline.requests_sent, second.report.baseline.requests_reused) == (0, N)
    assert any(c.startswith("candidate model replay file: sha256:") for c in second.report.changes)
    third = run(config, out=out)
    assert third.report.changes == ["Nothing changed since the last run in this run directory: every answer "
                                    "came from the store."]


def test_a_changed_generation_setting_misses_the_store_and_is_reported(
        tmp_path: Path, project: Callable[..., Path]) -> None:
    config = project(candidate_right=N, baseline_right=10)
    out = tmp_path / "run"
    run(config, out=out)
    config.write_text(config.read_text().replace("temperature: 0.0", "temperature: 0.7"))
    again = run(config, out=out)
    assert (again.report.candidate.requests_sent, again.report.baseline.requests_sent) == (N, N)
    assert "generation temperature: 0.0 → 0.7" in again.report.changes
    assert any(c.startswith(f"task: the requests of {N} samples changed (s0, s1,") for c in again.report.changes)
    assert "generation temperature: 0.0 → 0.7" in (out / "MODEL_CARD.md").read_text()


def test_report_after_a_dataset_edit_refuses_naming_the_samples(tmp_path: Path, project: Callable[..., Path]) -> None:
    config = project(candidate_right=N, baseline_right=10)
    out = tmp_path / "run"
    run(config, out=out)
    before = (out / "report.json").read_bytes()
    dataset = tmp_path / "test.jsonl"
    dataset.write_text(dataset.read_text().replace('"ticket number 3"', '"ticket number 3, edited"')
                       .replace('"ticket number 7"', '"ticket number 7, edited"'))
    with pytest.raises(StaleRequestsError) as refused:
        rerender(out)
    assert refused.value.samples == {"task": ["s3", "s7"]}
    assert (out / "report.json").read_bytes() == before, "the finished run's report is kept"
    result = CliRunner().invoke(app, ["report", str(out)])
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "task: s3, s7" in output and "no longer match" in output


def test_report_rescores_a_changed_reference_with_the_same_prompts(
        tmp_path: Path, project: Callable[..., Path]) -> None:
    config = project(candidate_right=N, baseline_right=10)
    out = tmp_path / "run"
    run(config, out=out)
    dataset = tmp_path / "test.jsonl"
    dataset.write_text(dataset.read_text().replace('"queue": "billing"}', '"queue": "shipping"}', 1))
    assert _accuracy(out / "report.json") == (1.0, 0.5)
    rerender(out)
    assert _accuracy(out / "report.json") == (0.95, 0.45)  # s0 now wants "shipping": both answered billing


def test_the_same_file_under_two_paths_is_the_same_model(tmp_path: Path, project: Callable[..., Path]) -> None:
    config = project(candidate_right=N, baseline_right=10)
    shutil.copyfile(tmp_path / "cand.jsonl", tmp_path / "base.jsonl")
    with pytest.raises(ConfigError, match="same model"):
        run(config, out=tmp_path / "run")
