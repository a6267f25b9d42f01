from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import yaml

from tunecheck.report import Report
from tunecheck.report._card import render_model_card

SECTIONS = ["## Verdict", "## Intended use", "## Out-of-scope use", "## Training data", "## Evaluation data",
            "## Fine-tuning method", "## Evaluation results", "## Limitations", "## How it was evaluated"]


def split(card: str) -> tuple[dict[str, Any], str]:
    """The parsed YAML front matter and the Markdown body."""
    assert card.startswith("---\n")
    head, sep, body = card[4:].partition("\n---\n")
    assert sep
    meta = yaml.safe_load(head)
    assert isinstance(meta, dict)
    return meta, body


def section(body: str, title: str) -> str:
    start = body.index(title + "\n")
    end = body.find("\n## ", start + len(title))
    return body[start : end if end >= 0 else None]


def test_front_matter_has_hub_metadata(report: Report) -> None:
    meta, _ = split(render_model_card(report))
    assert meta["base_model"] == "org/base"
    assert meta["license"] == "apache-2.0"
    assert meta["language"] == ["en", "fr"]
    assert meta["tags"] == ["tunecheck"]


def test_model_index_lists_the_candidates_measurements_per_check(report: Report) -> None:
    meta, _ = split(render_model_card(report))
    index = meta["model-index"]
    assert isinstance(index, list) and len(index) == 1
    assert index[0]["name"] == "acme-classifier"
    results = index[0]["results"]
    names = [r["task"]["name"] for r in results]
    assert names == ["Task metrics vs the baseline", "Latency per token", "Regression on other skills"]
    task = results[0]
    assert task["task"]["type"] == "text-generation"
    assert task["dataset"] == {"name": "task", "type": "task", "revision": "sha256:aaaa"}
    assert task["metrics"] == [
        {"type": "task.accuracy", "value": 0.8, "name": "task.accuracy (candidate)"},
        {"type": "answer.bleu", "value": 31.5, "name": "answer.bleu (candidate)"},
    ]
    assert results[2]["dataset"]["name"] == "regression/mmlu"


def test_measurements_without_a_finite_candidate_value_stay_out_of_the_index(report: Report) -> None:
    task = report.checks["task"]
    nan = task.measurements[1].model_copy(update={"candidate": math.nan})
    checks = {**report.checks, "task": task.model_copy(update={"measurements": [task.measurements[0], nan]})}
    meta, _ = split(render_model_card(report.model_copy(update={"checks": checks})))
    metrics = meta["model-index"][0]["results"][0]["metrics"]
    assert [m["type"] for m in metrics] == ["task.accuracy"]


def test_sections_in_order_with_one_per_check(report: Report) -> None:
    _, body = split(render_model_card(report))
    positions = [body.index(title + "\n") for title in SECTIONS]
    assert positions == sorted(positions)
    checks = re.findall(r"^### .*\(`(\w+)`\): (\w+)$", body, re.MULTILINE)
    assert checks == [(cid, c.status) for cid, c in report.checks.items()]
    assert body.startswith("\n# acme-classifier\n")
    assert "**NO-GO**" in section(body, "## Verdict")


def test_check_sections_carry_measurements_and_card_figures(report: Report) -> None:
    _, body = split(render_model_card(report))
    results = section(body, "## Evaluation results")
    assert "| task.accuracy | 0.8 | 0.7 | +0.1 | [0.05, 0.15] | 200 | superiority: better by > 0: pass |" \
        in results
    assert "| tpot_p50 (ms) | 61 | 48 | +13 | [11, 15] | 30 | at most 50 ms: fail |" in results
    assert "- card key: card value" in results
    assert "The check could not run: dataset file missing" in results


def test_uses_data_and_method_come_from_the_report(report: Report) -> None:
    _, body = split(render_model_card(report))
    assert "Ticket routing." in section(body, "## Intended use")
    assert "Medical advice." in section(body, "## Out-of-scope use")
    assert "10k tickets." in section(body, "## Training data")
    evaluation = section(body, "## Evaluation data")
    assert "held-out tickets" in evaluation and "| regression/mmlu | `sha256:bbbb` |" in evaluation
    method = section(body, "## Fine-tuning method")
    assert "LoRA r=8 on q,v" in method and "`runs/lora`" in method
    how = section(body, "## How it was evaluated")
    for text in ("tunecheck 0.1.0", "`fp-1234`", "Policy multiple_testing: holm",
                 "Generation max_tokens: 64"):
        assert text in how


def test_limitations_combine_the_config_and_what_the_run_found(make_report: Callable[..., Report]) -> None:
    _, body = split(render_model_card(make_report(quick=True)))
    limits = section(body, "## Limitations")
    assert "English only." in limits
    assert "- Quick mode" in limits
    assert "- latency: requirement not met: time per output token is 61 ms" in limits
    assert "- latency: 3 of 60 requests failed" in limits
    assert "- regression: inconclusive: mmlu.acc: the CI straddles the threshold" in limits
    assert "- safety: the check could not run (dataset file missing)." in limits


def test_a_clean_run_says_no_limitation_was_found_and_missing_facts_say_how_to_fix(report: Report) -> None:
    update = {"checks": {"task": report.checks["task"]}, "model_card": {"language": ["en"]}, "name": None}
    clean = report.model_copy(update=update)
    meta, body = split(render_model_card(clean))
    assert "license" not in meta
    assert meta["base_model"] == "org/base"
    assert meta["model-index"][0]["name"] == "org/candidate"
    assert "No automatic limitation" in section(body, "## Limitations")
    assert "set `model_card.intended_use` in the run file" in section(body, "## Intended use")


def test_different_fingerprints_are_not_called_identical(report: Report) -> None:
    other = report.model_copy(update={"baseline": report.baseline.model_copy(update={"fingerprint": "fp-9"})})
    _, body = split(render_model_card(other))
    assert "under identical conditions" not in body
    assert "fingerprints of the two models differ" in section(body, "## Limitations")


def test_hostile_strings_keep_the_card_well_formed(hostile_report: Report,
                                                   hostile: Callable[[str], str]) -> None:
    card = render_model_card(hostile_report)
    meta, body = split(card)
    assert meta["base_model"] == hostile("org/base")
    assert meta["model-index"][0]["results"][0]["metrics"][0]["type"] == hostile("task.accuracy")
    assert "<script" not in body and "<img" not in body and "</textarea>" not in body
    assert "&lt;script>alert(1)&lt;/script>" in body
    for line in body.splitlines():
        if line.startswith("| "):
            assert len(re.findall(r"(?<!\\)\|", line)) in (3, 8), line


def test_front_matter_cannot_be_closed_early_by_a_value(report: Report, hostile_base: str) -> None:
    card = {**report.model_card, "model_name": "x\n---\nlicense: evil", "base_model": f"---\n{hostile_base}"}
    meta, body = split(render_model_card(report.model_copy(update={"model_card": card})))
    assert meta["license"] == "apache-2.0"
    assert meta["model-index"][0]["name"] == "x\n---\nlicense: evil"
    assert meta["base_model"] == f"---\n{hostile_base}"
    assert "## Verdict" in body


def test_raw_html_only_ever_appears_inside_code_spans(report: Report, hostile_base: str) -> None:
    tagless = hostile_base.replace("`", "")
    fields = ("model", "adapter", "fingerprint")
    candidate = report.candidate.model_copy(update=dict.fromkeys(fields, tagless))
    card = render_model_card(report.model_copy(update={"candidate": candidate, "datasets": {"a": tagless}}))
    _, body = split(card)
    assert "`" + tagless.replace("|", "\\|") + "`" in body
    outside = re.sub(r"`[^`\n]*`", "", body)
    assert "<script" not in outside and "<img" not in outside and "<a " not in outside
