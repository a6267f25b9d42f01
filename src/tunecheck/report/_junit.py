"""JUnit XML for CI test reporters (GitLab, Jenkins, Azure DevOps, GitHub test-report actions).

One ``<testsuite>`` per check (``tunecheck.<check>``), one ``<testcase>`` per gate: a gate met
is a passing case, a blocking gate not met is a ``<failure>`` with its reason, a gate not
established is ``<skipped>`` with its reason (which says what would settle it), and an advisory
gate not met is ``<skipped>`` too, marked advisory, since it does not block. A check that could
not run is one case with an ``<error>``. A cause of the verdict that no gate carries (no gated
measurement at all; an A/A run) is a skipped case in the ``tunecheck.verdict`` suite, so an
INCONCLUSIVE verdict never reads as a clean pass. The document follows the Jenkins xUnit
plugin's ``junit-10.xsd``, the dialect these reporters read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from tunecheck.report import _format as fmt
from tunecheck.report._model import CheckResult, Measurement, Report

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MESSAGE = 1000


def _text(value: object) -> str:
    """A string XML 1.0 can hold: characters it forbids (NUL, other control characters) become U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(value))


@dataclass(frozen=True)
class _Case:
    name: str
    outcome: str  # "pass", "failure", "skipped", "error"
    message: str = ""
    detail: str = ""


def _gate_case(m: Measurement) -> _Case:
    gate = m.gate
    assert gate is not None
    rule = fmt.gate_rule(m, gate)
    detail = (f"{rule}\ncandidate {fmt.number(m.candidate)}, baseline {fmt.number(m.baseline)}, "
              f"delta {fmt.signed(m.delta)}, interval {fmt.interval(m.ci_low, m.ci_high)}, n {fmt.count(m)}")
    if gate.method:
        detail += f"\ntest: {gate.method}; p = {fmt.p_value(gate.p_pass)}"
    reason = gate.reason or gate.unavailable or rule
    if gate.status == "pass":
        return _Case(m.name, "pass", detail=detail)
    if gate.status == "fail":
        if gate.blocking:
            return _Case(m.name, "failure", f"requirement not met: {reason}", detail)
        return _Case(m.name, "skipped", f"advisory, does not block: requirement not met: {reason}", detail)
    return _Case(m.name, "skipped", f"not established: {reason}", detail)


def _cases(check: CheckResult) -> list[_Case]:
    if check.status == "error":
        return [_Case(f"{check.id} (did not run)", "error", f"the check could not run: {check.error or 'unknown'}")]
    return [_gate_case(m) for m in check.measurements if m.gate is not None]


def _case_element(suite: ET.Element, classname: str, case: _Case) -> None:
    element = ET.SubElement(suite, "testcase", name=_text(case.name), classname=classname, time="0")
    if case.outcome != "pass":
        child = ET.SubElement(element, case.outcome, message=_text(fmt.one_line(case.message, _MESSAGE)))
        if case.outcome != "skipped":
            child.set("type", "tunecheck." + ("gate" if case.outcome == "failure" else "check-error"))
            child.text = _text(case.message + ("\n" + case.detail if case.detail else ""))
    if case.detail:
        ET.SubElement(element, "system-out").text = _text(case.detail)


def _suite(parent: ET.Element, name: str, cases: list[_Case], duration: float | None, timestamp: str) -> None:
    counts = {kind: sum(1 for c in cases if c.outcome == kind) for kind in ("failure", "error", "skipped")}
    suite = ET.SubElement(parent, "testsuite", name=name, tests=str(len(cases)),
                          failures=str(counts["failure"]), errors=str(counts["error"]),
                          skipped=str(counts["skipped"]), time=f"{duration or 0.0:.3f}",
                          timestamp=timestamp[:19])
    for case in cases:
        _case_element(suite, name, case)


def _verdict_cases(report: Report) -> list[_Case]:
    return [_Case(f"verdict: {fmt.one_line(c.text, 80)}", "skipped", f"{report.verdict.status}: {c.text}")
            for c in report.verdict.causes if not c.check]


def render_junit(report: Report) -> str:
    """The report as a JUnit XML document (UTF-8, with its declaration)."""
    suites: list[tuple[str, list[_Case], float | None]] = [
        (f"tunecheck.{check_id}", _cases(check), check.duration_s) for check_id, check in report.checks.items()]
    verdict = _verdict_cases(report)
    if verdict:
        suites.append(("tunecheck.verdict", verdict, None))
    suites = [s for s in suites if s[1]]
    every = [c for _, cases, _ in suites for c in cases]
    root = ET.Element("testsuites", name=_text(f"tunecheck {report.run_id}: {report.verdict.status}"),
                      tests=str(len(every)), failures=str(sum(c.outcome == "failure" for c in every)),
                      errors=str(sum(c.outcome == "error" for c in every)),
                      time=f"{sum(d or 0.0 for _, _, d in suites):.3f}")
    for name, cases, duration in suites:
        _suite(root, _text(name), cases, duration, report.created_at)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
