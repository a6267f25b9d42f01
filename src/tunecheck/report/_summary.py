"""The verdict as a CI job summary (GitHub's ``$GITHUB_STEP_SUMMARY``, GitHub-flavoured Markdown).

A heading with the verdict, its causes marked by kind (a requirement not met, one not
established, a check that did not run), then one table row per gate: the check, the
measurement, both models' values, the delta with its interval, the requirement and its outcome.
Every report string goes through ``tunecheck.report._markdown``.
"""

from __future__ import annotations

from tunecheck.report import _format as fmt
from tunecheck.report import _markdown as md
from tunecheck.report._model import Report

_MARKS = {"fail": "❌ not met", "inconclusive": "❔ not established", "error": "⚠️ did not run"}
_GATE_MARKS = {"pass": "✅ pass", "fail": "❌ fail", "inconclusive": "❔ inconclusive"}


def _gates(report: Report) -> list[str]:
    ci = fmt.confidence_label(report.policy)
    rows = [f"| Check | Measurement | Candidate | Baseline | Delta | {ci} | Requirement | Outcome |",
            "|---|---|---:|---:|---:|---|---|---|"]
    for check_id, check in report.checks.items():
        for m in check.measurements:
            gate = m.gate
            if gate is None:
                continue
            outcome = _GATE_MARKS.get(gate.status or "", "undecided") + ("" if gate.blocking else " (advisory)")
            cells = [check_id, fmt.label(m), fmt.number(m.candidate), fmt.number(m.baseline), fmt.signed(m.delta),
                     fmt.interval(m.ci_low, m.ci_high), fmt.gate_rule(m, gate)]
            rows.append("| " + " | ".join(md.inline(fmt.one_line(c, 200)) for c in cells) + f" | {outcome} |")
    return rows if len(rows) > 2 else ["No gated measurement."]


def render_step_summary(report: Report) -> str:
    """The job summary for one run."""
    v = report.verdict
    title = report.name or report.run_id
    lines = [f"## tunecheck: {v.status} · {md.inline(title)}", "",
             f"Candidate {md.code(report.candidate.model)} vs baseline {md.code(report.baseline.model)}."
             + (f" {md.inline(v.summary)}" if v.summary else ""), ""]
    if report.quick:
        lines += ["> Quick mode: a smoke run on trimmed data, not a basis for a decision.", ""]
    if v.causes:
        lines += [f"- **{_MARKS[c.kind]}**: {md.inline(c.text)}" for c in v.causes] + [""]
    if v.warnings:
        lines += ["<details><summary>Warnings</summary>", "",
                  *[f"- {md.inline(w)}" for w in v.warnings], "", "</details>", ""]
    lines += [*_gates(report), ""]
    lines.append(f"Run {md.code(report.run_id)} · tunecheck {md.inline(report.tunecheck_version)} · "
                 "report.json, report.html and MODEL_CARD.md are in the run directory.")
    return "\n".join(lines) + "\n"
