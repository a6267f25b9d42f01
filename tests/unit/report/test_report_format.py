from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tunecheck.report import Gate, Measurement, Report
from tunecheck.report import _format as fmt
from tunecheck.report._card import render_model_card
from tunecheck.report._html import render_html
from tunecheck.report.render import REPORT_FILES, render_json, write_all


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "—"), (0.123456, "0.1235"), (3, "3"), (True, "yes"), (math.nan, "nan"), (-math.inf, "-inf")],
)
def test_number(value: float | None, expected: str) -> None:
    assert fmt.number(value) == expected


def test_signed_percent_interval_and_p_value() -> None:
    assert fmt.signed(0.05) == "+0.05"
    assert fmt.signed(-0.05) == "-0.05"
    assert fmt.signed(None) == "—"
    assert fmt.percent(0.1234) == "+12.3%"
    assert fmt.percent(None) == "—"
    assert fmt.interval(-0.1, 0.2) == "[-0.1, 0.2]"
    assert fmt.interval(None, None) == "—"
    assert fmt.p_value(0.00001) == "<0.0001"
    assert fmt.p_value(0.0312) == "0.0312"


@pytest.mark.parametrize(
    ("rule", "blocking", "expected"),
    [
        ("superiority", True, "superiority: better by > 0.02 ms"),
        ("non_inferiority", True, "non-inferiority: worse by ≤ 0.02 ms"),
        ("at_most", True, "at most 0.02 ms"),
        ("at_least", False, "at least 0.02 ms (advisory)"),
    ],
)
def test_gate_rule_in_words(rule: str, blocking: bool, expected: str) -> None:
    gate = Gate(rule=rule, threshold=0.02, blocking=blocking)
    m = Measurement(name="ttft", candidate=1.0, baseline=1.0, unit="ms", gate=gate)
    assert fmt.gate_rule(m, gate) == expected


def test_labels_skip_fraction_units_and_headline_prefers_gated_measurements() -> None:
    plain = Measurement(name="acc", candidate=0.5, baseline=0.4, unit="fraction (0-1)")
    timed = Measurement(
        name="ttft", candidate=1.0, baseline=1.0, unit="ms", gate=Gate(rule="at_most", threshold=2)
    )
    assert fmt.label(plain) == "acc"
    assert fmt.label(timed) == "ttft (ms)"
    assert fmt.headline([plain, timed]) == [timed]
    assert fmt.headline([plain]) == [plain]
    assert fmt.confidence_label({"confidence": 0.9}) == "90% CI"
    assert fmt.confidence_label({}) == "95% CI"


def test_write_all_writes_three_files_that_parse(report: Report, tmp_path: Path,
                                                 parse_html: Callable[[str], object]) -> None:
    written = write_all(report, tmp_path / "run")
    assert sorted(p.name for p in written) == sorted(REPORT_FILES)
    assert Report.model_validate_json((tmp_path / "run" / "report.json").read_text()) == report
    parse_html((tmp_path / "run" / "report.html").read_text(encoding="utf-8"))
    card = (tmp_path / "run" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert yaml.safe_load(card.split("---\n")[1])["tags"] == ["tunecheck"]


def test_renderers_need_only_the_saved_report(report: Report) -> None:
    reloaded = Report.model_validate_json(render_json(report))
    assert render_html(reloaded) == render_html(report)
    assert render_model_card(reloaded) == render_model_card(report)


def test_a_clustered_measurement_shows_its_clusters_beside_its_samples() -> None:
    plain = Measurement(name="queue.accuracy", candidate=0.8, baseline=0.7, n=600)
    clustered = plain.model_copy(update={"clusters": 40})
    assert (fmt.count(plain), fmt.count(clustered)) == ("600", "600 (40 clusters)")
