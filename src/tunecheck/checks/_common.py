"""Small helpers every check shares: pairing valid outputs, plots, examples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tunecheck.report import Example, Flip, Flips, Measurement, Plot, Series
from tunecheck.session import Generation


def paired_ok(candidate: Sequence[Generation], baseline: Sequence[Generation]) -> tuple[list[int], int]:
    """Indices where both models answered, and how many requests failed (never scored as wrong)."""
    keep = [i for i, (c, b) in enumerate(zip(candidate, baseline, strict=True)) if c.ok and b.ok]
    errors = sum(1 for c in candidate if not c.ok) + sum(1 for b in baseline if not b.ok)
    return keep, errors


def delta_plot(title: str, measurements: Sequence[Measurement]) -> Plot | None:
    """Deltas with their CIs, one row per measurement (skips those without a CI); each row carries its
    unit, so that BLEU (0..100) and an accuracy (0..1) are drawn on axes of their own."""
    shown = [m for m in measurements if m.delta is not None and m.ci_low is not None and m.ci_high is not None]
    if not shown:
        return None
    return Plot(
        title=title,
        plot="interval",
        x_label="",
        y_label="candidate - baseline, with its CI",
        categories=[m.name for m in shown],
        units=[m.unit for m in shown],
        series=[
            Series(
                name="delta",
                x=list(range(len(shown))),
                y=[float(m.delta or 0.0) for m in shown],
                y_low=[float(m.ci_low or 0.0) for m in shown],
                y_high=[float(m.ci_high or 0.0) for m in shown],
            )
        ],
    )


def clip(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def example(
    sample_id: str,
    prompt: object,
    candidate: str,
    baseline: str,
    *,
    reference: str | None = None,
    candidate_score: float | None = None,
    baseline_score: float | None = None,
    category: str | None = None,
    note: str | None = None,
) -> Example:
    """A side-by-side example with long strings clipped."""
    prompt_text = (
        prompt
        if isinstance(prompt, str)
        else "\n".join(
            f"[{getattr(m, 'role', '')}] {getattr(m, 'content', m)}"
            for m in prompt  # type: ignore[attr-defined]
        )
    )
    return Example(
        sample_id=sample_id,
        prompt=clip(prompt_text),
        reference=None if reference is None else clip(reference),
        candidate=clip(candidate),
        baseline=clip(baseline),
        candidate_score=candidate_score,
        baseline_score=baseline_score,
        category=category,
        note=note,
    )


@dataclass(frozen=True)
class FlipSample:
    """One paired sample of a binary measurement, as the flip view shows it."""

    sample_id: str
    prompt: object
    candidate: str
    baseline: str
    candidate_outcome: bool
    baseline_outcome: bool
    reference: str | None = None
    category: str | None = None


def flips(measurement: str, samples: Sequence[FlipSample], *, higher_is_better: bool = True,
          title: str | None = None) -> Flips:
    """Every sample where the two models' binary outcomes differ, improved first (candidate better)."""
    items = []
    for s in samples:
        if s.candidate_outcome == s.baseline_outcome:
            continue
        improved = s.candidate_outcome == higher_is_better
        shown = example(s.sample_id, s.prompt, s.candidate, s.baseline, reference=s.reference)
        items.append(Flip(sample_id=s.sample_id, direction="improved" if improved else "regressed",
                          category=s.category, prompt=shown.prompt, reference=shown.reference,
                          candidate=shown.candidate, baseline=shown.baseline,
                          candidate_outcome=s.candidate_outcome, baseline_outcome=s.baseline_outcome))
    items.sort(key=lambda f: f.direction != "improved")
    better = sum(1 for f in items if f.direction == "improved")
    return Flips(title=title or f"{measurement}: samples where candidate and baseline disagree",
                 measurement=measurement, n=len(samples), improved=better, regressed=len(items) - better,
                 categories=sorted({f.category for f in items if f.category is not None}), items=items)
