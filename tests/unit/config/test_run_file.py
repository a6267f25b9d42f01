"""Reading run files: every problem with file, line and key; schema export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tunecheck.config import load_config, schema_json
from tunecheck.errors import ConfigError

GOOD = """\
version: 1
candidate: {kind: hf, model: packaged:smollm2-135m-instruct, adapter: adapters/good}
baseline: {kind: hf, model: packaged:smollm2-135m-instruct}
generation:
  temperature: 0
  max_tokens: 64
checks:
  task:
    dataset: {path: data/test.jsonl}
    prompt: "{message}"
    outputs:
      - name: queue
        reference: queue
        labels: [billing, shipping]
        metrics: [accuracy, rouge1]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.yaml"
    path.write_text(text)
    return path


def _issues(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(_write(tmp_path, text))
    return [str(issue) for issue in info.value.issues]


def test_a_valid_file_loads(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, GOOD))
    assert config.checks.enabled() == ["task"]
    assert config.candidate.kind == "hf"


def test_unknown_metric_names_file_line_key_and_suggestion(tmp_path: Path) -> None:
    issues = _issues(tmp_path, GOOD.replace("[accuracy, rouge1]", "[accuracy, rogue1]"))
    assert issues == [f"{tmp_path / 'run.yaml'}:15: checks.task.outputs[0].metrics[1]: "
                      "unknown metric 'rogue1' (did you mean 'rouge1'?)"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("max_tokens: 64", "max_tokns: 64").replace("temperature: 0", "temperature: 9")
    issues = _issues(tmp_path, text)
    assert any(":5: generation.temperature:" in i for i in issues)
    assert any(":6: generation.max_tokns: unknown key 'max_tokns'" in i for i in issues)


def test_discriminated_backend_errors_point_at_the_field(tmp_path: Path) -> None:
    issues = _issues(tmp_path, GOOD.replace("adapter: adapters/good}", "adapter: adapters/good, dtype: fp7}"))
    assert len(issues) == 1 and ":2: candidate.dtype:" in issues[0]


def test_candidate_and_baseline_must_share_conditions(tmp_path: Path) -> None:
    text = GOOD.replace("baseline: {kind: hf, model: packaged:smollm2-135m-instruct}",
                        "baseline: {kind: hf, model: packaged:smollm2-135m-instruct, dtype: bfloat16}")
    issues = _issues(tmp_path, text)
    assert any("differ in dtype" in i for i in issues)
    other_kind = GOOD.replace("baseline: {kind: hf, model: packaged:smollm2-135m-instruct}",
                              "baseline: {kind: llamacpp, model: base.gguf}")
    assert any("same backend kind" in i for i in _issues(tmp_path, other_kind))


def test_yaml_syntax_errors_have_a_line(tmp_path: Path) -> None:
    issues = _issues(tmp_path, GOOD.replace("temperature: 0", "temperature: [0"))
    assert "not valid YAML" in issues[0] and ":" in issues[0]


def test_missing_version_and_wrong_type(tmp_path: Path) -> None:
    issues = _issues(tmp_path, GOOD.replace("version: 1\n", "version: 2\n"))
    assert any("version" in i for i in issues)


def test_schema_is_json_schema_with_every_section() -> None:
    schema = json.loads(schema_json())
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"version", "candidate", "baseline", "generation", "checks", "policy"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_an_auxiliary_model_missing_from_backends_names_its_line_and_key(tmp_path: Path) -> None:
    text = GOOD + "  safety:\n    suites: [harmful]\n    detection:\n      judge: grader\n"
    issues = _issues(tmp_path, text.replace("generation:", "backends:\n  judge: {kind: hf, model: m}\ngeneration:"))
    assert len(issues) == 1
    assert ":21: checks.safety.detection.judge: unknown backend 'grader' (known: judge)" in issues[0]


def test_a_disabled_check_needs_no_auxiliary_model(tmp_path: Path) -> None:
    text = GOOD + "  safety:\n    enabled: false\n    detection:\n      judge: grader\n"
    assert load_config(_write(tmp_path, text)).checks.enabled() == ["task"]


def test_clusters_are_accepted_where_they_are_honoured_and_refused_elsewhere(tmp_path: Path) -> None:
    clustered = GOOD.replace("{path: data/test.jsonl}", "{path: data/test.jsonl, cluster_field: issue}")
    assert load_config(_write(tmp_path, clustered)).checks.task.dataset.cluster_field == "issue"  # type: ignore[union-attr]
    consistency = "  consistency:\n    dataset: {path: data/test.jsonl, cluster_field: issue}\n"
    text = GOOD + consistency + "    prompt: \"{message}\"\n"
    issues = _issues(tmp_path, text)
    assert len(issues) == 1 and "checks.consistency.dataset.cluster_field" in issues[0]
    assert "would be ignored" in issues[0]
