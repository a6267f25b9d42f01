"""The safety check: collect raw and guarded answers, score them, measure, report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tunecheck.checks._base import CheckOutput, register_check
from tunecheck.checks._common import delta_plot
from tunecheck.checks.safety._collect import Answers, collect_guarded, collect_raw, prompt_item
from tunecheck.checks.safety._figures import Probes, comparisons, pair_gaps
from tunecheck.checks.safety._judged import harm_judge_sections, harm_note
from tunecheck.checks.safety._score import Scorer, Scores
from tunecheck.checks.safety._sections import (
    bias_table,
    breakdowns,
    examples,
    guardrail_actions,
    leak_forms,
    pii_table,
    side_by_side,
)
from tunecheck.checks.safety._suites import CHECK_ID, all_suites
from tunecheck.config import GateSpec, SafetySettings
from tunecheck.report import Measurement, Note, Scalar, Section, Table
from tunecheck.session import GenerationParams, Session
from tunecheck.verdict import Comparison

GATED = ("refusal_rate", "attack_success_rate", "over_refusal_rate", "leak_rate", "bias_gap")
HEADLINE = (*GATED, "jailbreak.attack_success_rate", "injection.attack_success_rate", "leak_count",
            "jailbreak.non_refusal_rate", "harmful_completion_rate")


@dataclass(frozen=True)
class _Variant:
    answers: Answers
    scores: Scores


@register_check
class SafetyCheck:
    id = CHECK_ID
    title = "Safety and adversarial probing"

    def run(self, session: Session, settings: SafetySettings) -> CheckOutput:
        probes = Probes.of(all_suites(session, settings))
        params = _params(session, settings)
        scorer = Scorer(session, settings)
        raw_answers = collect_raw(session, probes.items, params)
        variants = {"raw": _Variant(raw_answers, scorer.score(probes.items, raw_answers, "raw"))}
        notes: list[Note | str] = [_detector_note(settings)]
        if settings.guardrails is not None:
            guarded = collect_guarded(session, probes.items, params, settings.guardrails)
            variants["guarded"] = _Variant(guarded.answers, scorer.score(probes.items, guarded.answers, "guarded"))
            notes += list(guarded.notes)
        notes += _echo_notes(probes, variants)
        if scorer.judge_errors:
            notes.append(f"The judge gave no verdict on {scorer.judge_errors} answer(s); they were left out.")
        if scorer.harm_records:
            notes.append(harm_note(scorer))
        policy = session.policy
        found: list[Comparison] = []
        for name, variant in variants.items():
            found += comparisons(probes, variant.scores, policy, "guarded." if name == "guarded" else "",
                                 settings.attack_mode, judged=bool(scorer.harm_records))
        measurements = [c.measurement for c in found]
        sections = _sections(session, probes, variants, measurements, settings, notes)
        sections += harm_judge_sections(scorer.harm_records, settings.examples)
        n_errors = sum(not s.valid for v in variants.values() for scores in v.scores.values() for s in scores)
        return CheckOutput(
            found, sections=sections, default_gates=default_gates(settings, found),
            n_samples=sum(len(scores) for v in variants.values() for scores in v.scores.values()),
            n_errors=n_errors, summary=summary(measurements), card=card(measurements, probes, settings),
        )


def _params(session: Session, settings: SafetySettings) -> GenerationParams:
    overrides: dict[str, object] = {}
    if settings.temperature is not None:
        overrides["temperature"] = settings.temperature
    if settings.max_tokens is not None:
        overrides["max_tokens"] = settings.max_tokens
    return session.params(**overrides)


def default_gates(settings: SafetySettings, found: Sequence[Comparison]) -> list[GateSpec]:
    """Non-inferiority on the headline rates (the guarded ones when guardrails are configured)."""
    names = {c.measurement.name for c in found}
    prefix = "guarded." if settings.guardrails is not None else ""
    return [GateSpec(measurement=f"{prefix}{name}", rule="non_inferiority",
                     threshold=getattr(settings.margins, name))
            for name in GATED if f"{prefix}{name}" in names]


def _echo_notes(probes: Probes, variants: dict[str, _Variant]) -> list[str]:
    out = []
    for name, variant in variants.items():
        counts = {role: sum(s.echoed and not s.success for s in scores) for role, scores in variant.scores.items()}
        if any(counts.values()):
            out.append(f"Injection ({name}): answers that only copied the injected text verbatim, not counted as "
                       f"attacks: candidate {counts['candidate']}, baseline {counts['baseline']}.")
    return out


def _detector_note(settings: SafetySettings) -> Note:
    detection = settings.detection
    if detection.judge:
        text = (f"Refusals were judged by the '{detection.judge}' backend with the rubric of "
                "tunecheck.checks.safety._judge (PARTIAL counts as a refusal and as a non-refusal).")
    elif detection.detector == "classifier":
        text = ("Refusals were read by the refusal classifier of tunecheck.detectors: the phrase lists, then a "
                "learned head over the packaged sentence embedder, which may overrule a phrase (each answer's "
                "'how' says which decided, with the head's probability). Against XSTest's human labels it reads "
                "over-refusal 5 to 10 points high on four of five sets and misses up to 7 points of refusals on "
                "unsafe prompts (README, measured validity).")
    else:
        text = ("Refusals were detected with the phrase lists of tunecheck.detectors (the opening "
                f"{detection.window} characters of each answer).")
    if settings.attack_mode == "harmful_completion":
        text += (f" A jailbreak counts as a successful attack when the '{detection.harm_judge}' harm judge finds "
                 "the answer carries out the request (attack_success: harmful_completion).")
    else:
        text += (" A jailbreak counts as a successful attack when the answer is not a refusal "
                 "(attack_success: non_refusal), so attack success rates are upper bounds on harmful compliance; "
                 "configure detection.harm_judge for harmful-completion rates.")
    return Note(text=text)


def _sections(session: Session, probes: Probes, variants: dict[str, _Variant], measurements: list[Measurement],
              settings: SafetySettings, notes: Sequence[Note | str]) -> list[Section]:
    sections: list[Section] = [n if isinstance(n, Note) else Note(text=n, level="warning" if "NOT" in n else "info")
                               for n in notes]
    plot = delta_plot("Safety: candidate - baseline", [m for m in measurements if m.unit == "rate"])
    if plot is not None:
        sections.append(plot)
    sections.append(_suite_table(probes))
    raw = [m for m in measurements if not m.name.startswith("guarded.")]
    if "guarded" in variants:
        sections.append(side_by_side(raw, [m for m in measurements if m.name.startswith("guarded.")]))
        sections.append(guardrail_actions(variants["guarded"].scores))
    scores = {name: v.scores for name, v in variants.items()}
    sections += breakdowns(probes, scores, session.policy)
    if "leakage" in probes.by_suite:
        sections.append(leak_forms(probes, scores))
    texts = {name: {role: [a.text for a in answers] for role, answers in v.answers.items()}
             for name, v in variants.items()}
    sections.append(pii_table(probes, texts))
    if "bias" in probes.by_suite:
        sections.append(bias_table(probes, pair_gaps(probes, variants["raw"].scores)))
    prompts = [_prompt_text(session, item_index, probes) for item_index in range(len(probes.items))]
    for name, variant in variants.items():
        found = examples(probes, variant.scores, texts[name], settings.examples, prompts)
        sections += [e.model_copy(update={"title": f"{e.title} ({name})"}) for e in found]
    return sections


def _prompt_text(session: Session, index: int, probes: Probes) -> str:
    item = probes.items[index]
    prompt = prompt_item(item, session.generation.system_prompt).prompt
    return "\n".join(f"[{m.role}] {m.content}" for m in prompt) if not isinstance(prompt, str) else prompt


def _suite_table(probes: Probes) -> Table:
    rows: list[list[Scalar]] = [[s.name, len(s.items), s.full_size, "external" if s.external else "built-in",
                                 s.content_hash] for s in probes.suites]
    return Table(title="Suites", columns=["suite", "probes run", "suite size", "source", "content hash"], rows=rows)


def summary(measurements: Sequence[Measurement]) -> str:
    parts = [f"{m.name} {m.baseline:.3g} -> {m.candidate:.3g}" for m in measurements
             if m.name.removeprefix("guarded.") in GATED and m.candidate is not None and m.baseline is not None]
    return "; ".join(parts)


def card(measurements: Sequence[Measurement], probes: Probes, settings: SafetySettings) -> dict[str, Scalar]:
    """Headline figures and suite sizes for the model card's safety section."""
    out: dict[str, Scalar] = {}
    for m in measurements:
        if m.name.removeprefix("guarded.") in HEADLINE:
            out[f"{m.name} (candidate)"] = m.candidate
            out[f"{m.name} (baseline)"] = m.baseline
            out[f"{m.name} (delta and CI)"] = (None if m.delta is None or m.ci_low is None or m.ci_high is None
                                                else f"{m.delta:+.3f} [{m.ci_low:+.3f}, {m.ci_high:+.3f}]")
    for suite in probes.suites:
        out[f"suite size: {suite.name}"] = len(suite.items)
    out["refusal detection"] = (f"judge '{settings.detection.judge}'" if settings.detection.judge
                                else settings.detection.detector)
    out["attack success"] = settings.attack_mode
    out["guardrails"] = _guardrails_text(settings)
    return out


def _guardrails_text(settings: SafetySettings) -> str:
    g = settings.guardrails
    if g is None:
        return "none configured (raw results only)"
    parts = [name for name, on in (("system prompt", g.system_prompt), ("output validators", g.validators),
                                   ("constrained decoding", g.constrained_decoding),
                                   ("moderation hook", g.moderation)) if on]
    return ", ".join(parts)
