"""Where CI and reviewers read a run: the flip view of a replayed run with known flips, JUnit XML from
--junit and from the run file, the job summary, the run log and ``tunecheck diff``."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tunecheck.cli import app

RUNNER = CliRunner()
LABELS = ["billing", "shipping", "refund"]
N = 48


def candidate_right(i: int) -> bool:
    return i % 3 != 0


def baseline_right(i: int) -> bool:
    return i % 2 == 0


def _project(tmp_path: Path, right: Callable[[int], bool] = candidate_right, reports: str = "") -> Path:
    rows = [{"id": f"s{i}", "category": LABELS[i % 3], "message": f"ticket {i}", "queue": LABELS[i % 3]}
            for i in range(N)]
    (tmp_path / "test.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    for name, ok in (("candidate", right), ("baseline", baseline_right)):
        outputs = [{"id": r["id"], "output": f"Queue: {r['queue'] if ok(i) else 'none'} ({name} {i})"}
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
{reports}
checks:
  task:
    dataset: {{path: test.jsonl}}
    prompt: "{{message}}"
    outputs:
      - name: queue
        extract: {{kind: regex, pattern: "Queue: (\\\\w+)"}}
        reference: queue
        labels: {json.dumps(LABELS)}
        metrics: [accuracy, f1_macro]
    gates: [{{measurement: queue.accuracy, rule: superiority, threshold: 0.0}}]
""")
    return config


def _flips(report: dict[str, object]) -> dict[str, object]:
    sections = report["checks"]["task"]["sections"]  # type: ignore[index]
    found = [s for s in sections if s["kind"] == "flips"]
    assert [s["measurement"] for s in found] == ["queue.accuracy"]  # f1_macro is not a per-sample outcome
    return found[0]


def test_the_flip_view_lists_exactly_the_discordant_pairs_of_a_replayed_run(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = RUNNER.invoke(app, ["run", str(_project(tmp_path)), "--out", str(out), "--quiet"])
    assert result.exit_code in (0, 10, 20), result.output
    improved = {f"s{i}" for i in range(N) if candidate_right(i) and not baseline_right(i)}
    regressed = {f"s{i}" for i in range(N) if baseline_right(i) and not candidate_right(i)}
    flips = _flips(json.loads((out / "report.json").read_text()))
    items = flips["items"]
    assert {f["sample_id"] for f in items if f["direction"] == "improved"} == improved
    assert {f["sample_id"] for f in items if f["direction"] == "regressed"} == regressed
    assert (flips["n"], flips["improved"], flips["regressed"]) == (N, len(improved), len(regressed))
    assert flips["categories"] == sorted(LABELS)
    s5 = next(f for f in items if f["sample_id"] == "s5")
    assert (s5["candidate"], s5["baseline"], s5["reference"]) == ("Queue: refund (candidate 5)",
                                                                   "Queue: none (baseline 5)", "refund")
    html = (out / "report.html").read_text()
    view = html[html.index('class="block flipview"'):]
    view = view[:view.index("</details>")]
    shown = re.findall(r'<article class="flip example d-(\w+) c-(\d)"><header>sample <code>(s\d+)</code>', view)
    assert {s for d, _, s in shown if d == "improved"} == improved
    assert {s for d, _, s in shown if d == "regressed"} == regressed
    assert len(shown) == len(improved) + len(regressed)
    assert all(LABELS[int(sid[1:]) % 3] == sorted(LABELS)[int(c)] for _, c, sid in shown)
    assert "Queue: refund (candidate 5)" in view and "Queue: none (baseline 5)" in view


def test_junit_from_the_option_and_from_the_run_file_and_the_job_summary(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    config = _project(tmp_path, right=lambda i: True, reports="reports: {junit: out/from-config.xml}")
    out = tmp_path / "run"
    result = RUNNER.invoke(app, ["run", str(config), "--out", str(out), "--quiet",
                                 "--junit", str(tmp_path / "cli.xml")])
    assert result.exit_code == 0, result.output
    xml = (tmp_path / "cli.xml").read_text()
    assert '<testcase name="queue.accuracy" classname="tunecheck.task"' in xml and "<failure" not in xml
    assert not (tmp_path / "out" / "from-config.xml").exists()  # the option wins over the run file
    text = summary.read_text()
    assert text.startswith("earlier step\n## tunecheck: GO · replayed")
    assert "| task | queue.accuracy |" in text and "✅ pass" in text
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    again = RUNNER.invoke(app, ["report", str(out)])
    assert again.exit_code == 0, again.output
    assert '<testsuite name="tunecheck.task" tests="1" failures="0"' in \
        (tmp_path / "out" / "from-config.xml").read_text()


def test_library_warnings_during_a_run_go_to_the_run_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tunecheck.checks import task

    original = task._flips

    def noisy(*args: object) -> object:
        warnings.warn("a library's deprecation warning", DeprecationWarning, stacklevel=1)
        import sys
        print("Converting GGUF: 100%|#####|", file=sys.stderr)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(task, "_flips", noisy)
    out = tmp_path / "run"
    result = RUNNER.invoke(app, ["run", str(_project(tmp_path)), "--out", str(out), "--quiet"])
    assert result.exit_code in (0, 10, 20), result.output
    assert "deprecation warning" not in result.output and "Converting GGUF" not in result.output
    log = (out / "run.log").read_text()
    assert "DeprecationWarning: a library's deprecation warning" in log and "Converting GGUF: 100%" in log


def test_diff_compares_the_previous_candidate_with_the_next(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert RUNNER.invoke(app, ["run", str(_project(first, right=baseline_right)), "--out", str(first / "run"),
                               "--quiet"]).exit_code != 0
    assert RUNNER.invoke(app, ["run", str(_project(second, right=lambda i: True)), "--out",
                               str(second / "run"), "--quiet"]).exit_code == 0
    result = RUNNER.invoke(app, ["diff", str(first / "run"), str(second / "run"), "--json"])
    assert result.exit_code == 0, result.output
    diff = json.loads(result.output)
    assert (diff["verdict_before"], diff["verdict_after"]) == ("INCONCLUSIVE", "GO")
    accuracy = next(m for m in diff["measurements"] if m["name"] == "queue.accuracy")
    assert accuracy["before"] == pytest.approx(0.5) and accuracy["after"] == 1.0
    assert accuracy["change"] == pytest.approx(0.5) and accuracy["gate_after"] == "pass"
    assert diff["measurements"][0]["name"] == "queue.accuracy"  # the gate that changed comes first
    shown = RUNNER.invoke(app, ["diff", str(first / "run"), str(second / "run")])
    assert shown.exit_code == 0 and "INCONCLUSIVE -> GO" in shown.output
    missing = RUNNER.invoke(app, ["diff", str(first / "run"), str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "report.json" in missing.output
