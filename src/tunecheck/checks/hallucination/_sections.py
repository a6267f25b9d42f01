"""Report sections of the hallucination check: outcome tables, per-category rates, examples."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from tunecheck.checks._common import clip, example
from tunecheck.checks._measure import compare_means
from tunecheck.checks.hallucination._answers import Outcome
from tunecheck.checks.hallucination._items import Item
from tunecheck.checks.hallucination._judge import NO_ANSWER, JudgeVerdict
from tunecheck.config import PolicySettings
from tunecheck.report import Example, Examples, Note, Plot, Section, Series, Table
from tunecheck.types import FloatArray

if TYPE_CHECKING:
    from tunecheck.checks.hallucination._methods import Answers, Rate

Scalar = float | int | str | bool | None
_OUTCOMES: tuple[Outcome, ...] = ("correct", "abstained", "hallucinated")


def reference_label(item: Item) -> str:
    if item.answerable:
        return " | ".join(item.references)
    return "(no correct answer) " + (item.note or NO_ANSWER)


def outcome_table(items: Sequence[Item], cand: Sequence[Outcome], base: Sequence[Outcome]) -> Table:
    rows: list[list[Scalar]] = []
    for label, answerable in (("answerable", True), ("no correct answer", False)):
        idx = [k for k, item in enumerate(items) if item.answerable == answerable]
        if not idx:
            continue
        counts = [sum(outcomes[k] == o for k in idx) for outcomes in (cand, base) for o in _OUTCOMES]
        rows.append([label, len(idx), *counts])
    return Table(title="Reference method: outcomes per model",
                 columns=["questions", "n", *(f"{role} {o}" for role in ("candidate", "baseline") for o in _OUTCOMES)],
                 rows=rows,
                 note="correct: contains a reference answer (or reaches the token-F1 threshold); abstained: says it "
                      "does not know or corrects the premise; hallucinated: anything else.")


def reference_examples(answers: Answers, cand: Sequence[Outcome], base: Sequence[Outcome], limit: int) -> Examples:
    """Candidate hallucinations, those the baseline avoided first."""
    flagged = [k for k in range(len(answers.items)) if cand[k] == "hallucinated"]
    flagged.sort(key=lambda k: base[k] == "hallucinated")
    items = [_side_by_side(answers, k, note=f"candidate: {cand[k]}; baseline: {base[k]}") for k in flagged[:limit]]
    return Examples(title="Candidate hallucinations (reference method), those the baseline avoided first", items=items)


def _side_by_side(answers: Answers, k: int, *, note: str, cand: str | None = None, base: str | None = None,
                  scores: tuple[float, float] | None = None) -> Example:
    item = answers.items[k]
    return example(item.id, item.prompt, answers.candidate[k] if cand is None else cand,
                   answers.baseline[k] if base is None else base, reference=reference_label(item),
                   candidate_score=None if scores is None else scores[0],
                   baseline_score=None if scores is None else scores[1], category=item.category, note=note)


def judge_sections(answers: Answers, cand: Sequence[JudgeVerdict], base: Sequence[JudgeVerdict],
                   reference: tuple[FloatArray, FloatArray], limit: int) -> list[Section]:
    sections: list[Section] = [_verdict_table(cand, base, reference)]
    unrated = sum(v.verdict is None for v in (*cand, *base))
    if unrated:
        sections.append(Note(level="warning", text=f"{unrated} of {2 * len(cand)} judge outputs gave no verdict "
                             "(failed request or no 'VERDICT: <label>' line); those questions are left out of "
                             "judge.hallucination_rate for both models."))
    if cand:
        first = answers.items[0].id
        sections.append(Note(text=f"Judge prompt for '{first}' (candidate's answer):\n\n{cand[0].prompt}"))
    order = sorted(range(len(cand)), key=lambda k: cand[k].verdict == base[k].verdict)
    items = [_side_by_side(answers, k, note=f"judge: candidate {cand[k].verdict or 'ERROR'}, baseline "
                                          f"{base[k].verdict or 'ERROR'}",
                           cand=f"{answers.candidate[k]}\n\n[judge] {cand[k].output or cand[k].error}",
                           base=f"{answers.baseline[k]}\n\n[judge] {base[k].output or base[k].error}")
             for k in order[:limit]]
    sections.append(Examples(title="Judge verdicts with the judge's raw output (disagreements first)", items=items))
    return sections


def _verdict_table(cand: Sequence[JudgeVerdict], base: Sequence[JudgeVerdict],
                   reference: tuple[FloatArray, FloatArray]) -> Table:
    rows: list[list[Scalar]] = []
    for role, judged, flags in (("candidate", cand, reference[0]), ("baseline", base, reference[1])):
        counts = [sum(v.verdict == label for v in judged) for label in ("SUPPORTED", "UNSUPPORTED", "ABSTAINED")]
        valid = [k for k, v in enumerate(judged) if v.verdict is not None]
        agree = [float((judged[k].verdict == "UNSUPPORTED") == bool(flags[k])) for k in valid]
        rows.append([role, *counts, sum(v.verdict is None for v in judged),
                     float(np.mean(agree)) if agree else None])
    return Table(title="Judge verdicts per model",
                 columns=["model", "SUPPORTED", "UNSUPPORTED", "ABSTAINED", "judge errors",
                          "agreement with reference method"], rows=rows,
                 note="Agreement: share of judged answers where 'UNSUPPORTED' coincides with the reference "
                      "method's 'hallucinated'.")


def sampling_examples(answers: Answers, valid: Sequence[int], samples: Mapping[str, list[list[str]]],
                      support: Mapping[str, Mapping[str, FloatArray]], limit: int) -> Examples:
    """The candidate's answers least supported by its own samples, with the first samples shown."""
    kind = "embedding" if "embedding" in support else "ngram"
    values = support[kind]
    order = np.argsort(values["candidate"], kind="stable")[:limit]
    items = []
    for j in (int(x) for x in order):
        shown = {role: "\n".join(f"- {clip(t, 160)}" for t in samples[role][j][:3]) for role in samples}
        k = valid[j]
        items.append(_side_by_side(
            answers, k, note=f"{kind} support: candidate {values['candidate'][j]:.2f}, "
                             f"baseline {values['baseline'][j]:.2f}",
            cand=f"{answers.candidate[k]}\n\n[samples]\n{shown['candidate']}",
            base=f"{answers.baseline[k]}\n\n[samples]\n{shown['baseline']}",
            scores=(float(values["candidate"][j]), float(values["baseline"][j]))))
    return Examples(title=f"Answers least supported by their own samples ({kind}), candidate", items=items)


def category_table(rate: Rate, items: Sequence[Item], policy: PolicySettings) -> tuple[Table, Plot]:
    """The rate per question set and category, with paired deltas; and a bar plot of it."""
    groups: dict[tuple[str, str], list[int]] = {}
    for j, k in enumerate(rate.indices):
        groups.setdefault((items[k].dataset, items[k].category), []).append(j)
    rows: list[list[Scalar]] = []
    for (dataset, category), idx in sorted(groups.items()):
        m = compare_means(category, rate.candidate[idx], rate.baseline[idx], policy, higher_is_better=False).measurement
        rows.append([dataset, category, len(idx), m.candidate, m.baseline, m.delta, m.ci_low, m.ci_high])
    table = Table(title=f"{rate.name} per category", rows=rows,
                  columns=["set", "category", "n", "candidate", "baseline", "delta", "ci_low", "ci_high"])
    labels = [f"{r[0]}/{r[1]}" for r in rows]
    x = [float(i) for i in range(len(rows))]
    plot = Plot(title=f"{rate.name} per category", plot="bar", y_label=rate.name, categories=labels,
                series=[Series(name=role, x=x, y=[_number(r[col]) for r in rows])
                        for role, col in (("candidate", 3), ("baseline", 4))])
    return table, plot


def _number(value: Scalar) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0
