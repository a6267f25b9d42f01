"""MODEL_CARD.md in the Hugging Face model-card format.

YAML front matter (``base_model``, ``license``, ``language``, ``tags`` and
``model-index`` results with the candidate's headline measurements), then the
sections a reviewer expects: summary and verdict, intended and out-of-scope use,
training and evaluation data, fine-tuning method, one section per check,
limitations and how the evaluation was run (each model's identity by content: file
hashes and resolved hub commits, shortened; what changed since the last run; an A/A
run's null spread). The card and its metadata are built with ``huggingface_hub``'s
``ModelCard``, ``ModelCardData`` and ``EvalResult``, the types the Hub reads cards with.
Every report string is free text to the card (``tunecheck.report._markdown``): it cannot
open a heading, a list or raw HTML.
"""

from __future__ import annotations

import math

from huggingface_hub import EvalResult, ModelCard, ModelCardData

from tunecheck.report import _format as fmt
from tunecheck.report import _markdown as md
from tunecheck.report._model import CheckResult, Measurement, Report, Scalar

_INDEX_METRICS = 10
_OPEN = {"fail": "requirement not met", "inconclusive": "inconclusive"}
CardValue = Scalar | list[str]


_md = md.inline
_code = md.code


def _cell(text: str) -> str:
    return md.inline(fmt.one_line(text, 400))


def _code_cell(text: str) -> str:
    shown = md.code(fmt.one_line(text, 400))
    return shown.replace("|", "\\|") if shown.startswith("`") else shown


def _text(report: Report, key: str) -> str | None:
    value = report.model_card.get(key)
    if isinstance(value, list):
        return ", ".join(value) or None
    return None if value is None or value == "" else str(value)


def _languages(report: Report) -> list[str]:
    value = report.model_card.get("language")
    if isinstance(value, list):
        return list(value)
    return [str(value)] if value else []


def _model_name(report: Report) -> str:
    return _text(report, "model_name") or report.candidate.model


def _check_datasets(report: Report, check_id: str) -> list[str]:
    return [name for name in report.datasets
            if name == check_id or name.startswith((f"{check_id}/", f"{check_id}.", f"{check_id}:"))]


def _index_measurements(check: CheckResult) -> list[Measurement]:
    shown = [m for m in check.measurements if m.candidate is not None and math.isfinite(m.candidate)]
    shown.sort(key=lambda m: m.gate is None)
    return shown[:_INDEX_METRICS]


def _eval_results(report: Report, check: CheckResult) -> list[EvalResult]:
    """The check's headline candidate measurements, as the Hub's evaluation results."""
    names = _check_datasets(report, check.id)
    revision = report.datasets[names[0]] if len(names) == 1 else None
    return [EvalResult(task_type="text-generation", task_name=check.title,
                       dataset_type=names[0] if names else check.id, dataset_name=", ".join(names) or check.id,
                       dataset_revision=revision, metric_type=m.name, metric_value=round(float(m.candidate), 6),
                       metric_name=f"{m.name} (candidate)")
            for m in _index_measurements(check) if m.candidate is not None]


def card_data(report: Report) -> ModelCardData:
    """The card's metadata: base model, license, languages, tags and the ``model-index`` results."""
    results = [r for c in report.checks.values() for r in _eval_results(report, c)]
    return ModelCardData(base_model=_text(report, "base_model") or report.baseline.model,
                         license=_text(report, "license"), language=_languages(report), tags=["tunecheck"],
                         model_name=_model_name(report), eval_results=results or None)


def front_matter(report: Report) -> dict[str, object]:
    """The card's YAML metadata as a plain dict."""
    data: dict[str, object] = card_data(report).to_dict()  # type: ignore[no-untyped-call]
    return data


def _conditions(report: Report) -> str:
    if report.candidate.fingerprint == report.baseline.fingerprint:
        return "under identical conditions"
    return "under conditions whose fingerprints differ (see Limitations)"


def _summary(report: Report) -> list[str]:
    c, v = report.candidate, report.verdict
    base = _text(report, "base_model") or report.baseline.model
    adapter = f" with adapter {_code(c.adapter)}" if c.adapter else ""
    method = f" ({_md(c.fine_tuning)})" if c.fine_tuning else ""
    lines = [f"# {_md(_model_name(report))}", "",
             f"{_code(c.model)}{adapter} is a fine-tune of {_code(base)}{method}. tunecheck compared it with "
             f"its base model {_code(report.baseline.model)} {_conditions(report)}.", "",
             "## Verdict", "", f"**{v.status}**" + (f": {_md(v.summary)}" if v.summary else ""), ""]
    if v.reasons:
        lines += ["Reasons:", "", *[f"- {_md(r)}" for r in v.reasons], ""]
    if v.warnings:
        lines += ["Warnings:", "", *[f"- {_md(w)}" for w in v.warnings], ""]
    return lines


def _stated(report: Report, key: str) -> str:
    stated = _text(report, key)
    return md.paragraphs(stated) if stated else f"Not stated (set `model_card.{key}` in the run file)."


def _uses_and_data(report: Report) -> list[str]:
    c = report.candidate
    lines = ["## Intended use", "", _stated(report, "intended_use"), "",
             "## Out-of-scope use", "", _stated(report, "out_of_scope_use"), "",
             "## Training data", "", _stated(report, "training_data"), "", "## Evaluation data", ""]
    if _text(report, "evaluation_data"):
        lines += [_stated(report, "evaluation_data"), ""]
    if report.datasets:
        lines += ["| Dataset | Content hash |", "|---|---|"]
        lines += [f"| {_cell(name)} | {_code_cell(digest)} |" for name, digest in report.datasets.items()]
    else:
        lines.append("No dataset was recorded.")
    lines += ["", "## Fine-tuning method", "", _md(c.fine_tuning or "Not recorded."), ""]
    if c.adapter:
        lines += [f"Adapter: {_code(c.adapter)}.", ""]
    return lines


def _measurement_row(m: Measurement) -> str:
    gate = "" if m.gate is None else f"{fmt.gate_rule(m, m.gate)}: {m.gate.status or 'undecided'}"
    cells = [fmt.label(m), fmt.number(m.candidate), fmt.number(m.baseline),
             fmt.signed(m.delta), fmt.interval(m.ci_low, m.ci_high), fmt.count(m), gate or fmt.MISSING]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _check(check: CheckResult, ci_label: str) -> list[str]:
    lines = [f"### {_md(check.title)} ({_code(check.id)}): {check.status}", ""]
    if check.summary:
        lines += [_md(check.summary), ""]
    if check.error:
        lines += [f"The check could not run: {_md(check.error)}", ""]
    if check.measurements:
        lines += [f"| Measurement | Candidate | Baseline | Delta | {ci_label} | n | Gate |",
                  "|---|---:|---:|---:|---|---:|---|", *[_measurement_row(m) for m in check.measurements], ""]
    if check.card:
        lines += [f"- {_md(key)}: {_md(fmt.scalar(value))}" for key, value in check.card.items()]
        lines.append("")
    return lines


def _auto_limitations(report: Report) -> list[str]:
    out = []
    if report.quick:
        out.append("Quick mode: every dataset was trimmed; these figures come from a smoke run.")
    if report.aa:
        out.append("A/A run: the candidate and the baseline are one model; every difference is run-to-run noise.")
    if report.candidate.fingerprint != report.baseline.fingerprint:
        out.append("The conditions fingerprints of the two models differ.")
    for check in report.checks.values():
        if check.status == "error":
            out.append(f"{check.id}: the check could not run ({check.error}).")
        gates = [m.gate for m in check.measurements if m.gate is not None and m.gate.status in _OPEN]
        out += [f"{check.id}: {_OPEN[g.status]}: {g.reason}" for g in gates if g.status and g.reason]
        if check.n_errors:
            out.append(f"{check.id}: {check.n_errors} of {check.n_samples} requests failed "
                       "and were not scored.")
    return out


def _limitations(report: Report) -> list[str]:
    lines = ["## Limitations", ""]
    stated = _text(report, "limitations")
    if stated:
        lines += [md.paragraphs(stated), ""]
    found = _auto_limitations(report)
    lines += [f"- {_md(item)}" for item in found] or ["- No automatic limitation was found by tunecheck."]
    lines.append("- The figures hold for the evaluation data above; other data or traffic may differ.")
    return [*lines, ""]


def _method(report: Report) -> list[str]:
    c, b = report.candidate, report.baseline
    lines = ["## How it was evaluated", "",
             f"tunecheck {_md(report.tunecheck_version)}, run {_code(report.run_id)}, "
             f"{_md(report.created_at)} (report schema {_md(report.schema_version)}). Both models ran on the "
             f"{_code(c.kind)} backend with the same prompts and generation settings; every difference is "
             "paired (same samples) with a bootstrap confidence interval, and each check's gates are decided "
             "by the policy below.", "",
             f"- Conditions fingerprint: candidate {_code(c.fingerprint)}, baseline {_code(b.fingerprint)}",
             f"- Candidate identity: {_md(fmt.identity(c))} ({_md(fmt.answers(c))})",
             f"- Baseline identity: {_md(fmt.identity(b))} ({_md(fmt.answers(b))})"]
    keys = sorted(c.conditions.keys() | b.conditions.keys())
    lines += [f"- Condition {_md(k)}: {_md(c.conditions.get(k) or fmt.MISSING)}"
              + ("" if c.conditions.get(k) == b.conditions.get(k)
                 else f" (baseline: {_md(b.conditions.get(k) or fmt.MISSING)})") for k in keys]
    lines += [f"- Generation {_md(k)}: {_md(fmt.scalar(v))}" for k, v in report.generation.items()]
    lines += [f"- Policy {_md(k)}: {_md(fmt.scalar(v))}" for k, v in report.policy.items()]
    lines += [f"- Since the last run in the run directory: {_md(change)}" for change in report.changes]
    return [*lines, "", *_null_spread(report)]


def _null_spread(report: Report) -> list[str]:
    if not report.aa:
        return []
    lines = ["## A/A run: the spread of a null comparison", "",
             "One model ran as candidate and as baseline. These differences are run-to-run noise; a threshold "
             "or margin smaller than them cannot tell a real change from noise.", ""]
    if not report.null_spread:
        return [*lines, "No paired difference was measured.", ""]
    lines += ["| Check | Measurement | Delta | Interval | n |", "|---|---|---:|---|---:|"]
    lines += ["| " + " | ".join(_cell(v) for v in (s.check, s.measurement, fmt.signed(s.delta),
                                                  fmt.interval(s.ci_low, s.ci_high), str(s.n))) + " |"
              for s in report.null_spread]
    return [*lines, ""]


def build_model_card(report: Report) -> ModelCard:
    """The model card as ``huggingface_hub`` holds it: metadata (``card.data``) and Markdown (``card.text``)."""
    ci_label = fmt.confidence_label(report.policy)
    lines = [*_summary(report), *_uses_and_data(report), "## Evaluation results", ""]
    for check in report.checks.values():
        lines += _check(check, ci_label)
    lines += _limitations(report) + _method(report)
    body = "\n".join(lines).rstrip() + "\n"
    return ModelCard(f"---\n{card_data(report).to_yaml()}\n---\n\n{body}")


def render_model_card(report: Report) -> str:
    """MODEL_CARD.md: YAML front matter, then Markdown."""
    return str(build_model_card(report))
