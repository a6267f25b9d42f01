"""The loss gap: per-token loss of reference completions on training vs validation rows.

For each row, the prompt is rendered exactly as a generation request would be (system
prompt and chat template applied) and the model scores the row's reference completion
after it. A set's loss is the summed negative log-likelihood over the summed token count
(nats per token, as the Trainer's loss); a model's gap is its validation loss minus its
training loss. A memorising fine-tune drives its training loss down much further than its
validation loss, so its gap grows beyond the base model's.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import numpy as np

from tunecheck.checks import Comparison, compare, mean_aggregate
from tunecheck.checks._common import delta_plot
from tunecheck.checks.overfitting._did import did_comparison
from tunecheck.checks.overfitting._part import Part, rendered_texts
from tunecheck.config import GateSpec, LossGapSettings, PolicySettings
from tunecheck.datasets import Row, check_fields, render_prompt
from tunecheck.report import Note, Plot, Section, Series, Table
from tunecheck.session import ROLES, Loglikelihood, PromptItem, ScoreItem, Session
from tunecheck.types import FloatArray

UNIT = "nats/token"
SPLITS = ("train", "validation")


def loss_gap_part(session: Session, check_id: str, settings: LossGapSettings, policy: PolicySettings,
                  limit: int | None, margin: float) -> Part:
    """Measurements ``loss.train``, ``loss.validation`` and ``loss_gap`` (gated, non-inferiority)."""
    missing = [role for role in ROLES if not session.supports("loglikelihood", role)]
    if missing:
        return _not_measurable(session, missing)
    rows, n_train_total = _rows(session, settings, limit, policy.seed)
    items = {split: _score_items(session, check_id, split, settings, rows[split]) for split in SPLITS}
    scored = session.loglikelihood(check_id, [*items["train"], *items["validation"]])
    n_train = len(items["train"])
    stats: dict[str, tuple[FloatArray, FloatArray]] = {}
    n_errors = 0
    for split, span in (("train", slice(0, n_train)), ("validation", slice(n_train, None))):
        cand, base, errors = _paired_stats(scored["candidate"][span], scored["baseline"][span])
        stats[split] = (cand, base)
        n_errors += errors
    comparisons = _comparisons(stats, policy, n_errors)
    gap = comparisons[-1].measurement
    part = Part(comparisons=comparisons, n_samples=2 * (n_train + len(items["validation"])), n_errors=n_errors,
                gates=[GateSpec(measurement="loss_gap", rule="non_inferiority", threshold=margin)],
                sections=_sections(comparisons, n_train_total, stats))
    if gap.candidate is not None and gap.baseline is not None and gap.delta is not None:
        part.summary.append(f"loss gap {gap.candidate:+.3f} vs baseline {gap.baseline:+.3f} {UNIT} "
                            f"(difference {gap.delta:+.3f})")
        part.card["loss gap, validation - train (candidate)"] = round(gap.candidate, 4)
        part.card["loss gap, validation - train (baseline)"] = round(gap.baseline, 4)
    return part


def _not_measurable(session: Session, missing: Sequence[str]) -> Part:
    """Empty measurements (a gate naming them is inconclusive, not an error) and a note saying why."""
    kind = session.info(missing[0]).kind
    reason = f"not measurable: the {' and '.join(missing)} backend ({kind}) scores no log-likelihoods"
    names = [*(f"loss.{split}" for split in SPLITS), "loss_gap"]
    return Part(
        comparisons=[Comparison.unavailable(name, reason, unit=UNIT, higher_is_better=False) for name in names],
        sections=[Note(level="warning", text=(
            f"Loss gap {reason}. An OpenAI-compatible server must return prompt logprobs (as vLLM does); "
            "the hf and llamacpp backends always can."))],
    )


def _rows(session: Session, settings: LossGapSettings, limit: int | None,
          seed: int) -> tuple[dict[str, list[Row]], int]:
    """The validation rows (up to ``limit``) and a seeded random subset of the training rows."""
    validation = session.dataset(settings.validation, "overfitting.validation", limit=limit)
    train = session.dataset(settings.train, "overfitting.train")
    wanted = settings.train_samples or len(validation.rows)
    wanted = min(wanted, limit or wanted, len(train.rows))
    chosen = sorted(random.Random(seed).sample(range(len(train.rows)), wanted))
    return {"train": [train.rows[i] for i in chosen], "validation": list(validation.rows)}, len(train.rows)


def _score_items(session: Session, check_id: str, split: str, settings: LossGapSettings,
                 rows: Sequence[Row]) -> list[ScoreItem]:
    if rows:
        check_fields(settings.prompt, rows[0])
    prompts = [PromptItem(f"loss.{split}:{row.id}", render_prompt(settings.prompt, row)) for row in rows]
    contexts = rendered_texts(session, check_id, f"loss.{split}", prompts)
    return [ScoreItem(item.id, context, row.text(settings.completion))
            for item, context, row in zip(prompts, contexts, rows, strict=True)]


def _usable(result: Loglikelihood) -> bool:
    return result.ok and result.n_tokens > 0 and math.isfinite(result.logprob)


def _paired_stats(cand: Sequence[Loglikelihood], base: Sequence[Loglikelihood]) -> tuple[FloatArray, FloatArray,
                                                                                          int]:
    """(negative log-likelihood, tokens) per item where both models returned a score; failures counted."""
    keep = [i for i, (c, b) in enumerate(zip(cand, base, strict=True)) if _usable(c) and _usable(b)]
    errors = sum(1 for r in (*cand, *base) if not _usable(r))

    def stats(results: Sequence[Loglikelihood]) -> FloatArray:
        return np.array([[-results[i].logprob, results[i].n_tokens] for i in keep], dtype=np.float64).reshape(-1, 2)

    return stats(cand), stats(base), errors


def _comparisons(stats: dict[str, tuple[FloatArray, FloatArray]], policy: PolicySettings,
                 n_errors: int) -> list[Comparison]:
    out = []
    for split in SPLITS:
        cand, base = stats[split]
        out.append(compare(f"loss.{split}", cand, base, mean_aggregate, policy, higher_is_better=False, unit=UNIT,
                           n_errors=n_errors,
                           description=f"per-token loss of the reference completions on {split} rows"))
    (cand_t, base_t), (cand_v, base_v) = stats["train"], stats["validation"]
    out.append(did_comparison(
        "loss_gap", cand_t, base_t, cand_v, base_v, mean_aggregate, policy, unit=UNIT, n_errors=n_errors,
        description="validation loss minus training loss; delta = candidate's gap minus baseline's gap",
    ))
    return out


def _sections(comparisons: list[Comparison], n_train_total: int,
              stats: dict[str, tuple[FloatArray, FloatArray]]) -> list[Section]:
    train, validation, gap = (c.measurement for c in comparisons)
    table_rows: list[list[float | int | str | bool | None]] = []
    for role, index in (("candidate", 0), ("baseline", 1)):
        values = [(m.candidate, m.candidate_ci) if index == 0 else (m.baseline, m.baseline_ci)
                  for m in (train, validation, gap)]
        table_rows.append([role, *[x for value, ci in values for x in (value, _ci_text(ci))]])
    sections: list[Section] = [
        Table(title=f"Per-token loss of the reference completions ({UNIT})",
              columns=["model", "train", "CI", "validation", "CI", "gap (validation - train)", "CI"],
              rows=table_rows),
        Plot(title="Loss on training vs validation rows", plot="bar", y_label=UNIT, categories=list(SPLITS),
             series=[Series(name=role, x=[0.0, 1.0], y=[float(v or 0.0) for v in values])
                     for role, values in (("candidate", [train.candidate, validation.candidate]),
                                          ("baseline", [train.baseline, validation.baseline]))]),
        Note(text=(
            f"{len(stats['train'][0])} training rows (a seeded random subset of the {n_train_total}) and "
            f"{len(stats['validation'][0])} validation rows scored. The gap's CI comes from a two-sample bootstrap: "
            "training and validation rows are resampled independently (they are different samples), candidate "
            "and baseline with the same rows (paired), so the difference of the two gaps has its own CI.")),
    ]
    plot = delta_plot("Loss: candidate - baseline", [train, validation, gap])
    return [plot, *sections] if plot else sections


def _ci_text(ci: tuple[float | None, float | None] | None) -> str:
    if ci is None or ci[0] is None or ci[1] is None:
        return ""
    return f"{ci[0]:.3f} to {ci[1]:.3f}"
