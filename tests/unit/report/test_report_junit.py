"""JUnit XML: one test case per gate, one per check that did not run, valid against junit-10.xsd."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import tunecheck.report as r
from tunecheck.report import CheckResult, Measurement, Report
from tunecheck.report._junit import render_junit

lxml_etree = pytest.importorskip("lxml.etree")
SCHEMA = Path(__file__).with_name("junit-10.xsd")


def validate(text: str) -> ET.Element:
    """Parse the document and validate it against the JUnit schema CI reporters read."""
    schema = lxml_etree.XMLSchema(lxml_etree.parse(str(SCHEMA)))
    document = lxml_etree.fromstring(text.encode("utf-8"))
    assert schema.validate(document), schema.error_log
    return ET.fromstring(text)


def gated(name: str, status: r.GateStatus, *, blocking: bool = True, reason: str = "") -> Measurement:
    gate = r.Gate(rule="superiority", threshold=0.0, status=status, blocking=blocking, reason=reason or None,
                  method="McNemar exact", p_pass=0.01)
    return Measurement(name=name, candidate=0.8, baseline=0.7, delta=0.1, ci_low=0.02, ci_high=0.18, n=100,
                       gate=gate)


def run_report(checks: dict[str, CheckResult], status: r.VerdictStatus, causes: list[r.Reason]) -> Report:
    base = r.ModelInfo(role="baseline", kind="fake", model="base", fingerprint="fp")
    cand = base.model_copy(update={"role": "candidate", "model": "cand"})
    return Report(tunecheck_version="0.1.0", run_id="run-1", created_at="2025-01-01T00:00:00+00:00",
                  candidate=cand, baseline=base, checks=checks,
                  verdict=r.Verdict(status=status, causes=causes, reasons=[c.text for c in causes]))


def counts(root: ET.Element) -> dict[str, int]:
    cases = root.iter("testcase")
    kinds = [next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "pass")
             for case in cases]
    return {kind: kinds.count(kind) for kind in ("pass", "failure", "error", "skipped")}


def test_a_go_run_has_one_passing_case_per_gate_and_nothing_else() -> None:
    task = CheckResult(id="task", title="Task", status="pass", measurements=[
        gated("label.accuracy", "pass"), gated("label.f1_macro", "pass"),
        Measurement(name="answer.bleu", candidate=30.0, baseline=28.0)])
    latency = CheckResult(id="latency", title="Latency", status="pass", measurements=[gated("tpot", "pass")])
    root = validate(render_junit(run_report({"task": task, "latency": latency}, "GO", [])))
    assert counts(root) == {"pass": 3, "failure": 0, "error": 0, "skipped": 0}
    assert root.attrib["tests"] == "3" and root.attrib["failures"] == "0" and root.attrib["errors"] == "0"
    suites = {s.attrib["name"]: s for s in root.iter("testsuite")}
    assert list(suites) == ["tunecheck.task", "tunecheck.latency"]
    assert [c.attrib["name"] for c in suites["tunecheck.task"].iter("testcase")] == \
        ["label.accuracy", "label.f1_macro"]


def test_a_no_go_run_fails_the_gate_not_met_with_its_reason_and_errors_the_check_that_did_not_run() -> None:
    reason = "tpot_p50: 61 ms; required at most 50 ms: not met"
    task = CheckResult(id="task", title="Task", status="pass", measurements=[gated("label.accuracy", "pass")])
    latency = CheckResult(id="latency", title="Latency", status="fail", measurements=[
        gated("tpot_p50", "fail", reason=reason), gated("ttft", "fail", blocking=False, reason="ttft slow")])
    safety = CheckResult(id="safety", title="Safety", status="error", error="dataset file missing")
    causes = [r.Reason(kind="fail", check="latency", text=reason),
              r.Reason(kind="error", check="safety", text="safety: could not run")]
    root = validate(render_junit(run_report({"task": task, "latency": latency, "safety": safety}, "NO-GO",
                                            causes)))
    assert counts(root) == {"pass": 1, "failure": 1, "error": 1, "skipped": 1}
    failure = next(root.iter("failure"))
    assert reason in failure.attrib["message"] and reason in (failure.text or "")
    error = next(root.iter("error"))
    assert "dataset file missing" in error.attrib["message"]
    advisory = next(root.iter("skipped"))
    assert advisory.attrib["message"].startswith("advisory, does not block")
    suite = {s.attrib["name"]: s.attrib for s in root.iter("testsuite")}["tunecheck.latency"]
    assert (suite["tests"], suite["failures"], suite["skipped"]) == ("2", "1", "1")


def test_an_inconclusive_run_skips_the_gate_not_established_and_says_what_would_settle_it() -> None:
    reason = "mmlu.acc: the CI straddles the margin; about 1800 samples would settle it"
    regression = CheckResult(id="regression", title="Regression", status="inconclusive",
                             measurements=[gated("mmlu.acc", "inconclusive", reason=reason)])
    task = CheckResult(id="task", title="Task", status="pass", measurements=[gated("label.accuracy", "pass")])
    root = validate(render_junit(run_report({"task": task, "regression": regression}, "INCONCLUSIVE",
                                            [r.Reason(kind="inconclusive", check="regression", text=reason)])))
    assert counts(root) == {"pass": 1, "failure": 0, "error": 0, "skipped": 1}
    skipped = next(root.iter("skipped"))
    assert "about 1800 samples would settle it" in skipped.attrib["message"]


def test_a_verdict_cause_no_gate_carries_is_a_skipped_case_so_inconclusive_never_reads_as_green() -> None:
    info = CheckResult(id="consistency", title="Consistency", status="info",
                       measurements=[Measurement(name="agreement", candidate=0.9, baseline=0.8)])
    cause = r.Reason(kind="inconclusive", check="", text="no gated measurement passed")
    root = validate(render_junit(run_report({"consistency": info}, "INCONCLUSIVE", [cause])))
    assert counts(root) == {"pass": 0, "failure": 0, "error": 0, "skipped": 1}
    assert [s.attrib["name"] for s in root.iter("testsuite")] == ["tunecheck.verdict"]


def test_control_characters_and_markup_in_report_strings_keep_the_document_valid() -> None:
    nasty = "a\x00b\x1b[31m <script>&amp; ]]> \"quoted\""
    latency = CheckResult(id="latency", title="Latency", status="fail",
                          measurements=[gated(nasty, "fail", reason=nasty)])
    root = validate(render_junit(run_report({"latency": latency}, "NO-GO", [])))
    case = next(root.iter("testcase"))
    assert case.attrib["name"] == "a\ufffdb\ufffd[31m <script>&amp; ]]> \"quoted\""


def test_the_report_fixture_renders_a_valid_document(report: Report, hostile_report: Report) -> None:
    for each in (report, hostile_report):
        root = validate(render_junit(each))
        assert counts(root) == {"pass": 1, "failure": 1, "error": 1, "skipped": 1}


def test_the_schema_rejects_what_reporters_reject() -> None:
    schema = lxml_etree.XMLSchema(lxml_etree.parse(str(SCHEMA)))
    for bad in ('<testsuites><testsuite name="s"><testcase name="c"/></testsuite></testsuites>',  # no tests=
                '<testsuites><testsuite name="s" tests="1"><testcase/></testsuite></testsuites>',  # no name
                '<testsuites><testsuite name="s" tests="x"/></testsuites>'):
        assert not schema.validate(lxml_etree.fromstring(bad.encode()))
