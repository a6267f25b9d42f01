"""The demo's lm-eval run file: valid, naming lm-eval tasks whose local files exist."""

from __future__ import annotations

from pathlib import Path

from tunecheck.config import LMEvalBenchmark, load_config

TRIAGE = Path(__file__).resolve().parents[3] / "examples" / "triage"


def test_the_lm_eval_checklist_names_ifeval_and_a_user_task_with_its_files() -> None:
    config = load_config(TRIAGE / "checklist-lm-eval.yaml")
    regression = config.checks.regression
    assert regression is not None
    benchmarks = [b for b in regression.benchmarks if isinstance(b, LMEvalBenchmark)]
    assert [b.task for b in benchmarks] == ["ifeval", "triage_completion"]
    user = benchmarks[1]
    assert (TRIAGE / user.include_path[0] / "triage_completion.yaml").is_file()
    assert isinstance(user.data_files, dict) and (TRIAGE / str(user.data_files["test"])).is_file()
