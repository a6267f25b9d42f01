from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tunecheck.report import Report
from tunecheck.report._html import render_html

if TYPE_CHECKING:
    from conftest import HtmlTree

    Parse = Callable[[str], HtmlTree]

# The elements the renderer may emit: anything else came from a report string.
EXPECTED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "p", "code",
    "section", "nav", "ol", "ul", "li", "a", "span", "table", "thead", "tbody", "tr", "th", "td", "br", "div",
    "b", "figure", "figcaption", "svg", "line", "text", "rect", "circle", "polyline", "polygon", "details",
    "summary", "article", "pre",
}

# Every string field the hostile report fills, by the tag ``hostile`` appends to it.
HOSTILE_FIELDS = (
    "run-1", "demo run", "org/candidate", "runs/lora", "LoRA r=8 on q,v", "fp-1234", "dtype", "float32",
    "system_prompt", "be brief", "stop", "task", "sha256:aaaa", "Task metrics vs the baseline",
    "task summary", "task.accuracy", "accuracy of 'label'", "paired bootstrap; McNemar exact", "answer.bleu",
    "BLEU", "plot title", "y label", "bleu category", "delta", "delta2", "table title", "column", "category",
    "table note", "bar title", "bar y", "bar series", "examples title", "sample id", "prompt", "reference",
    "candidate output", "baseline output", "example note", "latency vs load", "requests/s", "line series",
    "cdf title", "cdf series", "latency note", "tpot_p50", "mmlu.acc", "dataset file missing",
    "consistency note", "1 pass, 1 fail",
    "latency: time per output token is 61 ms; not met", "regression: advisory gate inconclusive",
    "task.accuracy: candidate 0.8 vs baseline 0.7: met",
    "time per output token is 61 ms; required at most 50 ms: not met",
    "mmlu.acc: the CI straddles the threshold; about 1800 samples", "Latency per token", "latency summary",
    "Regression on other skills", "Safety", "Consistency",
)


def test_document_is_well_formed_with_only_expected_elements(report: Report, parse_html: Parse) -> None:
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>")
    assert {e.tag for e in parse_html(html).elements} <= EXPECTED_TAGS


def test_verdict_banner_comes_first_with_reasons_and_warnings(report: Report, parse_html: Parse) -> None:
    doc = parse_html(render_html(report))
    verdict = doc.by_id("verdict")
    assert next(e for e in doc.elements if e.tag in ("section", "nav")) is verdict
    assert verdict.has_class("v-no-go")
    assert "NO-GO" in verdict.text
    assert "latency: time per output token is 61 ms; not met" in verdict.text
    assert "regression: advisory gate inconclusive" in verdict.text


@pytest.mark.parametrize(("status", "css"), [("GO", "v-go"), ("INCONCLUSIVE", "v-inconclusive")])
def test_verdict_class_follows_the_status(status: str, css: str, make_report: Callable[..., Report],
                                          parse_html: Parse) -> None:
    verdict = parse_html(render_html(make_report(status=status))).by_id("verdict")
    assert verdict.has_class(css)
    assert status in verdict.text


def test_one_section_per_check_in_order_with_status_badges(report: Report, parse_html: Parse) -> None:
    doc = parse_html(render_html(report))
    checks = doc.find("section", "check")
    assert [e.attrs["id"] for e in checks] == [f"check-{cid}" for cid in report.checks]
    for element, check in zip(checks, report.checks.values(), strict=True):
        assert check.title in element.text
    badges = [e.text for e in doc.find("span", "badge")]
    in_sections = [s for c in report.checks.values() for s in [c.status] + [m.gate.status or "" for m in
                   c.measurements if m.gate]]
    assert badges == [c.status for c in report.checks.values()] + in_sections
    assert [e.attrs["href"] for e in doc.find("a")] == [f"#check-{cid}" for cid in report.checks]


def test_measurement_table_has_every_column_and_gate_reason(report: Report, parse_html: Parse) -> None:
    doc = parse_html(render_html(report))
    task = doc.find("section", "check")[0].text
    for column in ("candidate", "baseline", "delta", "relative", "95% CI", "p-value", "errors", "gate"):
        assert column in task
    for value in ("[0.05, 0.15]", "+14.3%", "0.0004", "superiority: better by > 0", "answer.bleu (BLEU)"):
        assert value in task
    assert "task.accuracy: candidate 0.8 vs baseline 0.7: met" in task
    assert len(doc.find("tr", "reason")) == 3


def test_every_plot_is_an_inline_svg_under_its_title(report: Report, parse_html: Parse) -> None:
    doc = parse_html(render_html(report))
    titles = [s.title for c in report.checks.values() for s in c.sections if s.kind == "plot"]
    assert len(doc.find("svg")) == len(titles) == 4
    assert [e.text for e in doc.find("figcaption")] == titles


def test_examples_are_side_by_side(report: Report, parse_html: Parse) -> None:
    doc = parse_html(render_html(report))
    example = doc.find("article", "example")[0].text
    assert "prompt" in example and "reference" in example
    sides = [e.text for e in doc.find("div", "side")]
    assert sides == ["candidate · score 0candidate output", "baseline · score 1baseline output"]


def test_models_conditions_generation_and_datasets_are_shown(report: Report, parse_html: Parse) -> None:
    doc = parse_html(render_html(report))
    models = doc.by_id("models").text
    for text in ("org/candidate", "org/base", "runs/lora", "LoRA r=8 on q,v", "fp-1234",
                 "Identical conditions", "dtype", "float32", "hf"):
        assert text in models
    settings = doc.by_id("settings").text
    for text in ("temperature", "max_tokens", "be brief", "sha256:aaaa", "regression/mmlu", "holm"):
        assert text in settings


def test_differing_fingerprints_are_flagged(report: Report, parse_html: Parse) -> None:
    baseline = report.baseline.model_copy(update={"fingerprint": "other"})
    other = report.model_copy(update={"baseline": baseline})
    assert "fingerprints differ" in parse_html(render_html(other)).by_id("models").text


def test_quick_mode_and_check_errors_are_stated(make_report: Callable[..., Report],
                                                parse_html: Parse) -> None:
    doc = parse_html(render_html(make_report(quick=True)))
    assert "Quick mode" in doc.by_id("verdict").text
    assert "could not run: dataset file missing" in doc.by_id("check-safety").text


def test_page_is_self_contained(hostile_report: Report, parse_html: Parse) -> None:
    html = render_html(hostile_report)
    doc = parse_html(html)
    for element in doc.elements:
        for name, value in element.attrs.items():
            assert "http:" not in value.lower() and "https:" not in value.lower(), (element.tag, name)
            assert not value.lstrip().startswith("//"), (element.tag, name)
            if name in ("href", "src", "xlink:href", "action", "formaction"):
                assert name == "href" and value.startswith("#"), (element.tag, name, value)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:|//)", html, re.IGNORECASE)
    style = "".join(e.text for e in doc.find("style"))
    assert "url(" not in style and "@import" not in style
    assert not doc.find("script") and not doc.find("link") and not doc.find("img") and not doc.find("iframe")


def test_hostile_strings_render_as_text(hostile_report: Report, parse_html: Parse,
                                        hostile: Callable[[str], str], hostile_base: str) -> None:
    html = render_html(hostile_report)
    doc = parse_html(html)
    assert {e.tag for e in doc.elements} <= EXPECTED_TAGS
    assert not doc.find("script")
    for element in doc.elements:
        assert not any(name.lower().startswith("on") for name in element.attrs), element
        assert not any("javascript:" in value.lower().replace(" ", "") for value in element.attrs.values())
    assert "<script" not in html and "</textarea>" not in html and 'onerror="' not in html
    assert hostile_base in doc.text
    missing = [name for name in HOSTILE_FIELDS if hostile(name) not in doc.text]
    assert missing == []


def test_hostile_check_id_becomes_a_safe_anchor(report: Report, parse_html: Parse,
                                                hostile: Callable[[str], str]) -> None:
    bad_id = hostile("id")
    checks = {bad_id: report.checks["task"].model_copy(update={"id": bad_id}), **report.checks}
    doc = parse_html(render_html(report.model_copy(update={"checks": checks})))
    anchors = [e.attrs["id"] for e in doc.find("section", "check")]
    assert all(re.fullmatch(r"check-[a-z0-9_-]+", a) for a in anchors)
    assert len(set(anchors)) == len(anchors)
    assert bad_id in doc.text


def test_fails_inconclusives_and_errors_are_marked_apart(make_report: Callable[..., Report],
                                                         parse_html: Parse) -> None:
    from tunecheck.report import Reason

    base = make_report(status="INCONCLUSIVE")
    causes = [Reason(kind="fail", check="task", text="task: acc: not met"),
              Reason(kind="inconclusive", check="load", text="load: p99: too few requests")]
    report = base.model_copy(update={"verdict": base.verdict.model_copy(
        update={"causes": causes, "reasons": [c.text for c in causes]})})
    verdict = parse_html(render_html(report)).by_id("verdict")
    html = render_html(report)
    assert '<li class="cause-fail"><span class="cause-mark">✗ not met</span> task: acc: not met</li>' in html
    assert '<li class="cause-inconclusive"><span class="cause-mark">? undecided</span>' in html
    assert "not met" in verdict.text and "undecided" in verdict.text
