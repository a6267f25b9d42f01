"""The command line end to end on replayed outputs: exit codes, files, re-rendering, errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tunecheck.cli import app

RUNNER = CliRunner()
LABELS = ["billing", "shipping"]


def _project(tmp_path: Path, candidate_right: int, n: int = 60) -> Path:
    rows = [{"id": f"s{i}", "category": LABELS[i % 2], "message": f"ticket {i}", "queue": LABELS[i % 2]}
            for i in range(n)]
    (tmp_path / "test.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    for name, right in (("candidate", candidate_right), ("baseline", n // 2)):
        outputs = [{"id": r["id"], "output": f"Queue: {r['queue'] if i < right else 'none'}"}
                   for i, r in enumerate(rows)]
        (tmp_path / f"{name}.jsonl").write_text("\n".join(json.dumps(o) for o in outputs))
    config = tmp_path / "run.yaml"
    config.write_text(f"""\
version: 1
name: replayed
candidate: {{kind: replay, path: candidate.jsonl, model: tuned}}
baseline: {{kind: replay, path: baseline.jsonl, model: base}}
generation: {{chat_template: none}}
policy: {{n_resamples: 2000}}
checks:
  task:
    dataset: {{path: test.jsonl}}
    prompt: "{{message}}"
    outputs:
      - name: queue
        extract: {{kind: regex, pattern: "Queue: (\\\\w+)"}}
        reference: queue
        labels: {json.dumps(LABELS)}
        metrics: [accuracy]
    gates: [{{measurement: queue.accuracy, rule: superiority, threshold: 0.05}}]
""")
    return config


def test_run_go_writes_every_report_and_rerenders_offline(tmp_path: Path) -> None:
    config = _project(tmp_path, candidate_right=60)
    out = tmp_path / "run"
    result = RUNNER.invoke(app, ["run", str(config), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["verdict"]["status"] == "GO"
    assert report["checks"]["task"]["status"] == "pass"
    m = report["checks"]["task"]["measurements"][0]
    assert {k: m[k] for k in ("name", "candidate", "baseline", "n")} == \
        {"name": "queue.accuracy", "candidate": 1.0, "baseline": 0.5, "n": 60}
    assert {"delta", "ci_low", "ci_high", "p_value"} <= m.keys()
    assert (out / "report.html").exists() and (out / "MODEL_CARD.md").exists()
    (out / "report.json").unlink()
    again = RUNNER.invoke(app, ["report", str(out)])
    assert again.exit_code == 0, again.output
    assert json.loads((out / "report.json").read_text())["checks"]["task"]["measurements"][0]["delta"] == m["delta"]


def test_run_no_go_exit_code_and_reason(tmp_path: Path) -> None:
    config = _project(tmp_path, candidate_right=20)
    out = tmp_path / "run"
    result = RUNNER.invoke(app, ["run", str(config), "--out", str(out), "--quiet"])
    assert result.exit_code == 10, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["verdict"]["status"] == "NO-GO" and "queue.accuracy" in report["verdict"]["reasons"][0]


def test_validate_and_schema(tmp_path: Path) -> None:
    config = _project(tmp_path, candidate_right=60)
    assert RUNNER.invoke(app, ["validate", str(config)]).exit_code == 0
    config.write_text(config.read_text().replace("metrics: [accuracy]", "metrics: [acuracy]"))
    bad = RUNNER.invoke(app, ["validate", str(config)])
    assert bad.exit_code == 2
    assert "unknown metric 'acuracy' (did you mean 'accuracy'?)" in bad.output
    schema = RUNNER.invoke(app, ["schema"])
    assert schema.exit_code == 0 and json.loads(schema.output)["title"] == "tunecheck run file"


def test_bad_dataset_row_is_a_clear_error(tmp_path: Path) -> None:
    config = _project(tmp_path, candidate_right=60)
    with (tmp_path / "test.jsonl").open("a") as handle:
        handle.write("\n{not json\n")
    result = RUNNER.invoke(app, ["run", str(config), "--out", str(tmp_path / "run"), "--quiet"])
    assert result.exit_code == 2, result.output  # a data error, not a verdict: CI tells a broken file from few samples
    assert "checks.task.dataset" in result.output and "test.jsonl:61: not valid JSON" in result.output
    assert not (tmp_path / "run" / "report.json").exists()
