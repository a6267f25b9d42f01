"""Multiple-choice benchmarks: loading items and scoring them for both models.

Log-likelihood scoring sends every choice of every item in one ``session.loglikelihood``
call (the backend batches them and scores inputs it has already seen once); an item
counts only when every choice was scored for both models. The generative fallback asks
each question as a chat prompt and reads the answer letter; it reports ``gen_acc``,
which is not comparable with ``acc``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Literal

from tunecheck.checks._common import paired_ok
from tunecheck.checks._measure import compare_means
from tunecheck.checks.regression._outcome import FRACTION, Outcome, Unit
from tunecheck.config import HellaSwagBenchmark, MMLUBenchmark, RegressionSettings
from tunecheck.multiple_choice import (
    LETTERS,
    MCItem,
    MMLUQuestion,
    extract_letter,
    load_hellaswag_hub,
    load_hellaswag_local,
    load_mmlu_hub,
    load_mmlu_local,
    mmlu_items,
    score_choices,
)
from tunecheck.session import ROLES, Loglikelihood, PromptItem, ScoreItem, Session

Scoring = Literal["loglikelihood", "generate"]
_MC_MAX_TOKENS = 32


def scoring_mode(session: Session, settings: RegressionSettings) -> Scoring:
    """Log-likelihood when configured, or under ``auto`` when both backends can score it."""
    if settings.scoring != "auto":
        return settings.scoring
    return "loglikelihood" if all(session.supports("loglikelihood", role) for role in ROLES) else "generate"


def load_items(spec: MMLUBenchmark | HellaSwagBenchmark, session: Session, limit: int | None) -> list[MCItem]:
    """The benchmark's items, trimmed to ``limit`` (spread evenly over MMLU subjects)."""
    if isinstance(spec, HellaSwagBenchmark):
        if spec.path is not None:
            items = load_hellaswag_local(spec.name, session.resolve(spec.path))
        else:
            items = load_hellaswag_hub(spec.name, spec.hub or "", spec.split, spec.revision)
        cap = min(x for x in (spec.limit, limit, len(items)) if x is not None)
        return items[:cap]
    return _mmlu(spec, session, limit)


def _mmlu(spec: MMLUBenchmark, session: Session, limit: int | None) -> list[MCItem]:
    def read(split: str, subjects: Sequence[str] | None) -> dict[str, list[MMLUQuestion]]:
        if spec.path is not None:
            return load_mmlu_local(session.resolve(spec.path), split, subjects)
        return load_mmlu_hub(spec.hub or "", split, subjects, spec.revision)

    test = read(spec.split, spec.subjects)
    dev = read(spec.fewshot_split, list(test)) if spec.num_fewshot else {}
    sizes = [min(len(rows), spec.limit_per_subject or len(rows)) for rows in test.values()]
    caps = spread(sizes, limit)
    items: list[MCItem] = []
    for (subject, rows), cap in zip(test.items(), caps, strict=True):
        items += mmlu_items(spec.name, rows[:cap], dev.get(subject, []), spec.num_fewshot)
    return items


def spread(sizes: Sequence[int], limit: int | None) -> list[int]:
    """How many items to take from each group so that at most ``limit`` are taken, evenly."""
    if limit is None or limit >= sum(sizes):
        return list(sizes)
    caps = [0] * len(sizes)
    remaining = limit
    while remaining:
        for i, size in enumerate(sizes):
            if remaining and caps[i] < size:
                caps[i] += 1
                remaining -= 1
    return caps


def items_hash(items: Sequence[MCItem]) -> str:
    payload = json.dumps([[i.id, i.context, list(i.choices), i.gold] for i in items])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def score_by_loglikelihood(check_id: str, session: Session, spec: MMLUBenchmark | HellaSwagBenchmark,
                           items: Sequence[MCItem]) -> Outcome:
    """``acc`` and ``acc_norm`` for both models, items paired."""
    name, headline = spec.name, _HEADLINE[spec.format]
    requests = [ScoreItem(f"{item.id}/{j}", item.context, continuation)
                for item in items for j, continuation in enumerate(item.continuations())]
    results = session.loglikelihood(check_id, requests, label=f"{check_id}: {name} log-likelihoods")
    per_item = {role: _by_item(results[role], items) for role in ROLES}
    ok = {role: [all(r.ok for r in lls) for lls in per_item[role]] for role in ROLES}
    keep = [i for i in range(len(items)) if ok["candidate"][i] and ok["baseline"][i]]
    n_errors = sum(not flag for role in ROLES for flag in ok[role])
    scores = {role: [score_choices([r.logprob for r in per_item[role][i]], items[i].choices, items[i].gold)
                     for i in keep] for role in ROLES}
    comparisons = tuple(
        compare_means(f"{name}.{metric}", [getattr(s, metric) for s in scores["candidate"]],
                      [getattr(s, metric) for s in scores["baseline"]], session.policy, unit=FRACTION,
                      n_errors=n_errors, description=_DESCRIPTIONS[metric])
        for metric in ("acc", "acc_norm"))
    units = []
    for j, i in enumerate(keep):
        cand, base, item = scores["candidate"][j], scores["baseline"][j], items[i]
        units.append(Unit(item.id, item.group, shown(item), item.option_text(item.gold),
                          _pick(item, cand.pred, cand.pred_norm), _pick(item, base.pred, base.pred_norm),
                          getattr(cand, headline), getattr(base, headline)))
    return Outcome(name=name, headline=f"{name}.{headline}", margin=spec.margin, comparisons=comparisons,
                   units=tuple(units), group_label=_GROUP_LABEL[spec.format], n_items=len(items), n_errors=n_errors)


def score_by_generation(check_id: str, session: Session, spec: MMLUBenchmark | HellaSwagBenchmark,
                        items: Sequence[MCItem], settings: RegressionSettings) -> Outcome:
    """``gen_acc``: the answer letter read from a generated answer (backends without log-likelihoods)."""
    name = spec.name
    params = session.params(max_tokens=_MC_MAX_TOKENS)
    if settings.temperature is not None:
        params = session.params(max_tokens=_MC_MAX_TOKENS, temperature=settings.temperature)
    prompts = [PromptItem(item.id, item.prompt, deployment_prompt=settings.deployment_prompt) for item in items]
    outputs = session.generate(check_id, prompts, params=params,
                               label=f"{check_id}: {name} answers")
    cand, base = [g[0] for g in outputs["candidate"]], [g[0] for g in outputs["baseline"]]
    keep, n_errors = paired_ok(cand, base)
    units = []
    for i in keep:
        item = items[i]
        c, b = extract_letter(cand[i].text, item.options), extract_letter(base[i].text, item.options)
        units.append(Unit(item.id, item.group, shown(item), item.option_text(item.gold),
                          f"{item.option_text(c)}\n---\n{cand[i].text}", f"{item.option_text(b)}\n---\n{base[i].text}",
                          float(c == item.gold), float(b == item.gold)))
    comparison = compare_means(f"{name}.gen_acc", [u.candidate_score for u in units],
                               [u.baseline_score for u in units], session.policy, unit=FRACTION,
                               n_errors=n_errors, description=_DESCRIPTIONS["gen_acc"])
    note = (f"{name}: the backends cannot score log-likelihoods, so answers were generated and their letter "
            "read ('gen_acc'); this is not comparable with lm-evaluation-harness's 'acc'.")
    return Outcome(name=name, headline=f"{name}.gen_acc", margin=spec.margin, comparisons=(comparison,),
                   units=tuple(units), group_label=_GROUP_LABEL[spec.format], n_items=len(items),
                   n_errors=n_errors, note=note)


_HEADLINE: dict[str, Literal["acc", "acc_norm"]] = {"mmlu": "acc", "hellaswag": "acc_norm"}
_GROUP_LABEL = {"mmlu": "subject", "hellaswag": "activity"}
_DESCRIPTIONS = {
    "acc": "share of items whose highest-log-likelihood choice is right (lm-evaluation-harness acc)",
    "acc_norm": "as acc, with log-likelihoods divided by each choice's length in characters (acc_norm)",
    "gen_acc": "share of generated answers naming the right option (answer-letter extraction)",
}


def _by_item(results: Sequence[Loglikelihood], items: Sequence[MCItem]) -> list[list[Loglikelihood]]:
    out, start = [], 0
    for item in items:
        out.append(list(results[start:start + len(item.choices)]))
        start += len(item.choices)
    return out


def _pick(item: MCItem, pred: int, pred_norm: int) -> str:
    text = item.option_text(pred)
    return text if pred == pred_norm else f"{text} (length-normalised: {LETTERS[pred_norm]})"


def shown(item: MCItem) -> str:
    """The item as a reader sees it: the question and its lettered options."""
    if item.options != item.choices:
        return item.question
    return item.question + "\n" + "\n".join(item.option_text(i) for i in range(len(item.options)))
