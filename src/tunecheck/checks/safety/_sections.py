"""Report sections: breakdowns per wrapper and category, raw vs guarded, leaks, bias, examples."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tunecheck.checks._common import example
from tunecheck.checks._measure import compare_means
from tunecheck.checks.safety._figures import (
    Field,
    PairGaps,
    Probes,
    leaked,
    paired_values,
    refused,
    succeeded,
)
from tunecheck.checks.safety._score import Score, Scores
from tunecheck.config import PolicySettings
from tunecheck.detectors import alnum, find_pii
from tunecheck.report import Example, Examples, Measurement, Scalar, Table

_GROUP_COLUMNS = ["group", "n", "candidate", "baseline", "delta", "ci_low", "ci_high"]


def group_table(title: str, probes: Probes, groups: dict[str, list[int]], variants: dict[str, Scores],
                field: Field, policy: PolicySettings, *, higher_is_better: bool) -> Table:
    """One row per group: the paired rate for each variant (raw first, then guarded)."""
    columns = list(_GROUP_COLUMNS)
    if "guarded" in variants:
        columns += ["guarded candidate", "guarded baseline", "guarded delta"]
    rows: list[list[Scalar]] = []
    for group, indices in groups.items():
        row: list[Scalar] = [group]
        for variant, scores in variants.items():
            cand, base, _ = paired_values(indices, scores, field)
            m = compare_means(group, cand, base, policy, higher_is_better=higher_is_better).measurement
            row += [m.n, m.candidate, m.baseline, m.delta, m.ci_low, m.ci_high] if variant == "raw" else \
                [m.candidate, m.baseline, m.delta]
        rows.append(row)
    return Table(title=title, columns=columns, rows=rows)


def groups_by(probes: Probes, suites: Sequence[str], key: str) -> dict[str, list[int]]:
    """Probe indices grouped by ``category`` or ``wrapper`` (prefixed by the suite when several)."""
    out: dict[str, list[int]] = {}
    for suite in suites:
        for i in probes.indices(suite):
            value = getattr(probes.items[i], key) or "none"
            out.setdefault(f"{suite}/{value}" if len(suites) > 1 else value, []).append(i)
    return out


def breakdowns(probes: Probes, variants: dict[str, Scores], policy: PolicySettings) -> list[Table]:
    """Rates per jailbreak wrapper / injection style, per harm category, per leakage attack."""
    names = set(probes.by_suite)
    tables = []
    attacks = [s for s in ("jailbreak", "injection") if s in names]
    if attacks:
        tables.append(group_table("Attack success rate per wrapper (jailbreak) and style (injection)", probes,
                                  groups_by(probes, attacks, "wrapper"), variants, succeeded, policy,
                                  higher_is_better=False))
    if "jailbreak" in names:
        tables.append(group_table("Jailbreak attack success rate per harm category", probes,
                                  groups_by(probes, ["jailbreak"], "category"), variants, succeeded, policy,
                                  higher_is_better=False))
    for suite, field, title, hib in (
        ("harmful", refused, "Refusal rate per harm category", True),
        ("over_refusal", refused, "Over-refusal rate per category", False),
        ("leakage", leaked, "Leak rate per extraction attack", False),
    ):
        if suite in names:
            key = "wrapper" if suite == "leakage" else "category"
            tables.append(group_table(title, probes, groups_by(probes, [suite], key), variants, field, policy,
                                      higher_is_better=hib))
    for external in probes.suites:
        if external.external:
            tables.append(group_table(f"{external.name}: refusal rate per category (harmful prompts should be "
                                      "refused, benign ones answered)", probes,
                                      groups_by(probes, [external.name], "category"), variants, refused, policy,
                                      higher_is_better=True))
    return tables


def side_by_side(raw: Sequence[Measurement], guarded: Sequence[Measurement]) -> Table:
    by_name = {m.name.removeprefix("guarded."): m for m in guarded}
    rows: list[list[Scalar]] = []
    for m in raw:
        g = by_name.get(m.name)
        rows.append([m.name, m.candidate, None if g is None else g.candidate, m.baseline,
                     None if g is None else g.baseline])
    return Table(title="Raw vs behind the guardrails", rows=rows,
                 columns=["measurement", "candidate raw", "candidate guarded", "baseline raw", "baseline guarded"],
                 note="Raw: the run's generation settings. Guarded: the guardrails block applied as deployed.")


def guardrail_actions(scores: Scores) -> Table:
    rows: list[list[Scalar]] = []
    for role, role_scores in scores.items():
        counts = Counter(s.blocked_by.split(" (")[0] for s in role_scores if s.blocked_by)
        rows += [[role, action, n] for action, n in sorted(counts.items())]
        if not counts:
            rows.append([role, "nothing blocked", 0])
    return Table(title="What the guardrails blocked", columns=["model", "blocked by", "probes"], rows=rows)


def leak_forms(probes: Probes, variants: dict[str, Scores]) -> Table:
    """How protected values leaked (exact, spaced, base64, ...), per model and variant."""
    idx = probes.indices("leakage")
    counts = {f"{variant} {role}": Counter(m.kind for i in idx for m in scores[role][i].leaks)
              for variant, scores in variants.items() for role in scores}
    kinds = sorted({k for c in counts.values() for k in c})
    rows: list[list[Scalar]] = [[kind, *(c[kind] for c in counts.values())] for kind in kinds]
    return Table(title="Leaks by form", columns=["form", *counts], rows=rows)


def pii_table(probes: Probes, answers: dict[str, dict[str, list[str]]]) -> Table:
    """PII-shaped text (emails, phone numbers, API keys) in the answers, per model and variant.

    "from the context" counts answers repeating such text from their own prompt or system
    text (a leak whether or not the value was a protected one); "other" counts the rest
    (invented, or the model's own).
    """
    contexts = [" ".join([item.system or "", *(m.content for m in item.turns)]) for item in probes.items]
    rows: list[list[Scalar]] = []
    for variant, by_role in answers.items():
        for role, texts in by_role.items():
            counts: Counter[tuple[str, bool]] = Counter()
            for text, context in zip(texts, contexts, strict=True):
                for kind, inside in {(m.kind, alnum(m.text) in alnum(context)) for m in find_pii(text)}:
                    counts[(kind, inside)] += 1
            rows += [[variant, role, kind, counts[(kind, True)], counts[(kind, False)]]
                     for kind in ("email", "phone", "api_key")]
    return Table(title="PII-shaped text in answers (answers containing each kind)", rows=rows,
                 columns=["variant", "model", "kind", "from the context", "other"])


def bias_table(probes: Probes, gaps: PairGaps) -> Table:
    by_axis: dict[str, list[int]] = {}
    for n, (a, _) in enumerate(gaps.pairs):
        by_axis.setdefault(probes.items[a].axis or "", []).append(n)
    rows: list[list[Scalar]] = []
    for axis, ns in by_axis.items():
        item = probes.items[gaps.pairs[ns[0]][0]]
        rows.append([axis, f"{item.group} / {probes.items[gaps.pairs[ns[0]][1]].group}", len(ns),
                     float(gaps.candidate[ns].mean()), float(gaps.baseline[ns].mean()),
                     float(gaps.signed_candidate[ns].mean()), float(gaps.signed_baseline[ns].mean())])
    note = (f"Signed: mean outcome(b) - outcome(a). {gaps.no_outcome} pair(s) left out because an answer gave "
            f"no outcome; pairs with exactly one side unanswered: candidate {gaps.one_sided['candidate']}, "
            f"baseline {gaps.one_sided['baseline']}.")
    return Table(title="Bias gap per demographic axis", note=note, rows=rows,
                 columns=["axis", "a / b", "pairs", "candidate gap", "baseline gap", "candidate signed",
                          "baseline signed"])


def _failed(item_kind: str, score: Score) -> bool:
    if item_kind == "benign":
        return score.refused
    if item_kind == "leakage":
        return score.leaked
    return bool(score.success)


def examples(probes: Probes, scores: Scores, answers: dict[str, list[str]], limit: int,
             prompts: Sequence[str]) -> list[Examples]:
    """Per suite, probes the candidate failed and the baseline did not (then any the candidate failed)."""
    out = []
    cand, base = scores["candidate"], scores["baseline"]
    for suite, indices in probes.by_suite.items():
        if suite == "bias" or limit == 0:
            continue
        failed = [i for i in indices if cand[i].valid and _failed(probes.items[i].kind, cand[i])]
        failed.sort(key=lambda i: base[i].valid and _failed(probes.items[i].kind, base[i]))
        chosen: list[Example] = []
        for i in failed[:limit]:
            item = probes.items[i]
            chosen.append(example(item.id, prompts[i], answers["candidate"][i], answers["baseline"][i],
                                  category=item.category, note=f"candidate: {cand[i].how}; baseline: {base[i].how}",
                                  candidate_score=0.0, baseline_score=0.0 if _failed(item.kind, base[i]) else 1.0))
        if chosen:
            out.append(Examples(title=f"{suite}: answers the candidate got wrong", items=chosen))
    return out
