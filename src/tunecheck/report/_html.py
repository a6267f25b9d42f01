"""report.html: one self-contained page (inline CSS and SVG, no script, no network).

Reading order: the verdict with its reasons, the models (their identities by content)
and the conditions they were compared under, what changed since the last run in the
run directory, an A/A run's null spread, then one section per check (with, for each binary
measurement a check reports flips for, the flip view: the samples the two models disagree on). Every string from
the report is escaped with ``html.escape(..., quote=True)``; attributes carry only fixed
values or slugs.
"""

from __future__ import annotations

import re
from html import escape

from tunecheck.report import _format as fmt
from tunecheck.report._html_sections import render_section
from tunecheck.report._html_style import STYLE
from tunecheck.report._model import CheckResult, Measurement, ModelInfo, Reason, Report


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-") or "check"


def _badge(status: str) -> str:
    return f'<span class="badge s-{_slug(status)}">{_e(status)}</span>'


def _list(items: list[str], css: str) -> str:
    return f'<ul class="{css}">' + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>"


_CAUSE_LABELS = {"fail": "✗ not met", "inconclusive": "? undecided", "error": "! did not run"}


def _causes(causes: list[Reason]) -> str:
    """Each cause marked by its kind: a failed requirement, an undecided one, a check that did not run."""
    items = "".join(f'<li class="cause-{c.kind}"><span class="cause-mark">{_CAUSE_LABELS[c.kind]}</span> '
                    f"{_e(c.text)}</li>" for c in causes)
    return f'<ul class="reasons">{items}</ul>'


def _kv_table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f'<table class="kv">{body}</table>'


def _anchors(report: Report) -> dict[str, str]:
    anchors: dict[str, str] = {}
    for i, check_id in enumerate(report.checks):
        anchor = f"check-{_slug(check_id)}"
        anchors[check_id] = anchor if anchor not in anchors.values() else f"{anchor}-{i}"
    return anchors


def _header(report: Report) -> str:
    title = report.name or report.run_id
    meta = (f"run <code>{_e(report.run_id)}</code> · {_e(report.created_at)} · "
            f"tunecheck {_e(report.tunecheck_version)} · report schema {_e(report.schema_version)}")
    return f"<header><h1>tunecheck report: {_e(title)}</h1><p class=\"meta\">{meta}</p></header>"


def _verdict(report: Report) -> str:
    v = report.verdict
    parts = [f'<section id="verdict" class="verdict v-{_slug(v.status)}">',
             f'<p class="verdict-status">{_e(v.status)}</p>',
             f"<p>Candidate <code>{_e(report.candidate.model)}</code> vs baseline "
             f"<code>{_e(report.baseline.model)}</code>. {_e(v.summary)}</p>"]
    if report.quick:
        parts.append('<p class="warn">Quick mode: a smoke run on trimmed data, '
                     "not a basis for a decision.</p>")
    if report.aa:
        parts.append('<p class="warn">A/A run: one model as candidate and baseline. Every difference below is '
                     'run-to-run noise; see <a href="#null-spread">the null spread</a>.</p>')
    if v.causes:
        parts.append("<h3>Reasons</h3>" + _causes(v.causes))
    elif v.reasons:
        parts.append("<h3>Reasons</h3>" + _list(v.reasons, "reasons"))
    if v.warnings:
        parts.append("<h3>Warnings</h3>" + _list(v.warnings, "warnings"))
    parts.append("</section>")
    return "".join(parts)


def _contents(report: Report, anchors: dict[str, str]) -> str:
    items = "".join(
        f'<li><a href="#{anchors[cid]}">{_e(c.title)}</a> <code>{_e(cid)}</code> {_badge(c.status)}'
        f' <span class="muted">{_e(fmt.one_line(c.summary, 160))}</span></li>'
        for cid, c in report.checks.items()
    )
    return f'<nav><h2>Checks</h2><ol class="toc">{items}</ol></nav>'


def _model_rows(c: ModelInfo, b: ModelInfo) -> list[tuple[str, str, str]]:
    return [("model", c.model, b.model), ("backend kind", c.kind, b.kind),
            ("adapter", c.adapter or fmt.MISSING, b.adapter or fmt.MISSING),
            ("fine-tuning method", c.fine_tuning or fmt.MISSING, b.fine_tuning or fmt.MISSING),
            ("identity", fmt.identity(c), fmt.identity(b)),
            ("run store key", c.model_key or fmt.MISSING, b.model_key or fmt.MISSING),
            ("answers", fmt.answers(c), fmt.answers(b)),
            ("conditions fingerprint", c.fingerprint, b.fingerprint)]


def _models(report: Report) -> str:
    c, b = report.candidate, report.baseline
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(x)}</td><td>{_e(y)}</td></tr>"
                   for k, x, y in _model_rows(c, b))
    same = c.fingerprint == b.fingerprint
    status = ('<p class="ok">Identical conditions: the fingerprints of prompts, parameters and datasets '
              "match.</p>" if same else '<p class="warn">The conditions fingerprints differ: the two models '
              "were not run under identical conditions.</p>")
    keys = sorted(c.conditions.keys() | b.conditions.keys())
    cond = "".join(
        f'<tr class="{"" if c.conditions.get(k) == b.conditions.get(k) else "differs"}"><th>{_e(k)}</th>'
        f"<td>{_e(c.conditions.get(k) or fmt.MISSING)}</td>"
        f"<td>{_e(b.conditions.get(k) or fmt.MISSING)}</td></tr>"
        for k in keys)
    head = "<tr><th></th><th>candidate</th><th>baseline</th></tr>"
    conditions = f"<h3>Conditions</h3><table class=\"data\">{head}{cond}</table>" if keys else ""
    return (f'<section id="models"><h2>Models</h2><table class="data">{head}{rows}</table>{status}'
            f"{conditions}</section>")


def _history(report: Report) -> str:
    if not report.changes:
        return ""
    return ('<section id="changes"><h2>Since the last run in this directory</h2>'
            f'{_list(report.changes, "changes")}</section>')


def _null_spread(report: Report) -> str:
    if not report.aa:
        return ""
    rows = "".join(
        f"<tr><td><code>{_e(s.check)}</code></td><td>{_e(s.measurement)}</td><td>{_e(fmt.signed(s.delta))}</td>"
        f"<td>{_e(fmt.interval(s.ci_low, s.ci_high))}</td><td>{_e(fmt.p_value(s.p_value))}</td><td>{_e(s.n)}</td>"
        f"<td>{_e(s.unit or fmt.MISSING)}</td></tr>" for s in report.null_spread)
    head = "<tr><th>check</th><th>measurement</th><th>delta</th><th>interval</th><th>p-value</th><th>n</th>" \
           "<th>unit</th></tr>"
    table = f'<table class="data">{head}{rows}</table>' if rows else "<p>No paired difference was measured.</p>"
    return ('<section id="null-spread"><h2>A/A run: the spread of a null comparison</h2><p>The same model ran '
            "as candidate and as baseline, each arm collected on its own. These differences are what comparing "
            "a model with itself produces; a threshold or margin smaller than them cannot tell a real change "
            f"from noise.</p>{table}</section>")


def _settings(report: Report) -> str:
    gen = [(k, fmt.scalar(v)) for k, v in report.generation.items()]
    policy = [(k, fmt.scalar(v)) for k, v in report.policy.items()]
    data = "".join(f"<tr><th>{_e(k)}</th><td><code>{_e(v)}</code></td></tr>"
                   for k, v in report.datasets.items())
    none = "<p>none recorded</p>"
    datasets = f'<table class="kv">{data}</table>' if data else none
    return ('<section id="settings"><h2>Generation settings, datasets and policy</h2><div class="cols">'
            f"<div><h3>Generation (both models)</h3>{_kv_table(gen) if gen else none}</div>"
            f'<div><h3>Datasets (content hash)</h3>{datasets}</div>'
            f"<div><h3>Verdict policy</h3>{_kv_table(policy) if policy else none}</div></div></section>")


_MEASUREMENT_COLUMNS = ("measurement", "candidate", "baseline", "delta", "relative", "{ci}", "p-value", "n",
                        "errors", "gate", "status")


def _measurement_row(m: Measurement) -> str:
    name = _e(fmt.label(m))
    if m.description:
        name += f'<br><span class="muted">{_e(m.description)}</span>'
    cand = _e(fmt.number(m.candidate))
    if m.candidate_ci:
        cand += f'<br><span class="muted">{_e(fmt.interval(*m.candidate_ci))}</span>'
    p = _e(fmt.p_value(m.p_value)) + (f'<br><span class="muted">{_e(m.test)}</span>' if m.test else "")
    gate = m.gate
    cells = [name, cand, _e(fmt.number(m.baseline)), _e(fmt.signed(m.delta)),
             _e(fmt.percent(m.relative_delta)), _e(fmt.interval(m.ci_low, m.ci_high)), p, _e(fmt.count(m)),
             _e(m.n_errors),
             _gate_cell(m) if gate else fmt.MISSING,
             _badge(gate.status or "undecided") if gate else fmt.MISSING]
    row = "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
    if gate and gate.reason:
        row += f'<tr class="reason"><td colspan="{len(cells)}">{_e(gate.reason)}</td></tr>'
    return row


def _gate_cell(m: Measurement) -> str:
    """The rule, and the test the gate was decided by with its own one-sided p-value."""
    gate = m.gate
    assert gate is not None
    cell = _e(fmt.gate_rule(m, gate))
    if gate.method:
        cell += f'<br><span class="muted">{_e(gate.method)}; gate p = {_e(fmt.p_value(gate.p_pass))}</span>'
    return cell


def _measurements(check: CheckResult, ci_label: str) -> str:
    if not check.measurements:
        return ""
    head = "".join(f"<th>{_e(c.format(ci=ci_label))}</th>" for c in _MEASUREMENT_COLUMNS)
    rows = "".join(_measurement_row(m) for m in check.measurements)
    return f'<table class="data measurements"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _check(check: CheckResult, anchor: str, ci_label: str) -> str:
    meta = [f"{check.n_samples} requests", f"{check.n_errors} failed"] if check.n_samples else []
    if check.duration_s is not None:
        meta.append(f"{check.duration_s:.1f} s")
    parts = [f'<section class="check" id="{anchor}"><h2>{_e(check.title)} <code>{_e(check.id)}</code> '
             f"{_badge(check.status)}</h2>", f'<p class="meta">{_e(" · ".join(meta))}</p>' if meta else ""]
    if check.summary:
        parts.append(f'<p class="summary">{_e(check.summary)}</p>')
    if check.error:
        parts.append(f'<p class="warn">The check could not run: {_e(check.error)}</p>')
    parts.append(_measurements(check, ci_label))
    parts += [render_section(section, f"{anchor}-s{i}") for i, section in enumerate(check.sections)]
    return "".join(parts) + "</section>"


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    anchors = _anchors(report)
    ci_label = fmt.confidence_label(report.policy)
    checks = "".join(_check(c, anchors[cid], ci_label) for cid, c in report.checks.items())
    title = _e(f"tunecheck: {report.verdict.status} · {report.name or report.run_id}")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
            f"<style>{STYLE}</style></head><body><main>{_header(report)}{_verdict(report)}"
            f"{_contents(report, anchors)}{_models(report)}{_history(report)}{_null_spread(report)}"
            f"{_settings(report)}{checks}"
            "</main></body></html>\n")
