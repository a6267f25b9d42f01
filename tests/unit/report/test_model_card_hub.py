"""MODEL_CARD.md as the Hub reads it: huggingface_hub parses it back, its metadata validates (offline), and
free text cannot inject Markdown structure."""

from __future__ import annotations

import re
from pathlib import Path

from huggingface_hub import ModelCard
from huggingface_hub.repocard_data import eval_results_to_model_index

from tunecheck.report import Report
from tunecheck.report._card import render_model_card

INJECTION = "acme\n# Injected heading\n\n- injected item\n---\n> quote\n1. step"


def test_the_card_round_trips_through_huggingface_hub(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "MODEL_CARD.md"
    path.write_text(render_model_card(report), encoding="utf-8")
    card = ModelCard.load(path, ignore_metadata_errors=False)  # strict: a malformed model-index raises
    data = card.data
    assert data.model_name == "acme-classifier" and data.base_model == "org/base"
    assert data.license == "apache-2.0" and data.language == ["en", "fr"] and data.tags == ["tunecheck"]
    results = data.eval_results
    assert [(r.task_name, r.metric_type, r.metric_value) for r in results] == [
        ("Task metrics vs the baseline", "task.accuracy", 0.8), ("Task metrics vs the baseline", "answer.bleu", 31.5),
        ("Latency per token", "tpot_p50", 61.0), ("Regression on other skills", "mmlu.acc", 0.51)]
    assert results[0].dataset_revision == "sha256:aaaa"
    # the metadata as written is what the Hub's own types produce from these results
    assert data.to_dict()["model-index"] == eval_results_to_model_index("acme-classifier", results)
    assert str(ModelCard(str(card))) == str(card)
    assert card.text.lstrip().startswith("# acme-classifier\n")


def test_the_hostile_card_still_validates(hostile_report: Report) -> None:
    card = ModelCard(render_model_card(hostile_report), ignore_metadata_errors=False)
    assert len(card.data.eval_results) == 4


def _headings(body: str) -> list[str]:
    return re.findall(r"^#{1,6} .*$", body, re.MULTILINE)


def test_a_model_name_or_peft_type_with_newlines_cannot_add_a_heading_or_a_list(report: Report) -> None:
    baseline_headings = _headings(ModelCard(render_model_card(report)).text)
    candidate = report.candidate.model_copy(update={"fine_tuning": f"LoRA r=8 (peft_type: {INJECTION})",
                                                    "model": INJECTION})
    hostile = report.model_copy(update={"candidate": candidate,
                                        "model_card": {**report.model_card, "model_name": INJECTION,
                                                       "intended_use": INJECTION, "limitations": INJECTION}})
    card = ModelCard(render_model_card(hostile), ignore_metadata_errors=False)
    assert card.data.model_name == INJECTION  # kept whole in the metadata, where YAML quotes it
    body = card.text
    headings = _headings(body)
    assert len(headings) == len(baseline_headings)
    assert headings[0] == r"# acme \# Injected heading - injected item --- > quote 1. step"
    for line in body.splitlines():
        assert not re.match(r"^(> |1\. |-{3,}$|# Injected)", line), line
    assert not any(line == "- injected item" for line in body.splitlines())
