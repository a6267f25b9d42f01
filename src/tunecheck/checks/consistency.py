"""``consistency``: does the model say the same thing twice?

Every prompt is sent N times (``repeats``) to both models at the deployment
temperature (``temperature``; unset: the run's generation temperature, or 0.7 when
that is 0) with seeds ``generation.seed + r``; repeats are stored in the run store by
repeat index, so a re-run asks for nothing twice. The compared text is the
``extract``-ed part of each output. Per prompt and model:

- ``answer_agreement``: share of the repeats that give the modal answer, answers
  compared after normalisation (lowercase; letter/number tokens; articles dropped;
  number words as digits — ``checks.hallucination._answers.answer_tokens``); a repeat
  from which no answer can be extracted agrees with nothing, so a model that never
  answers in the expected form does not count as consistent;
- ``semantic_agreement``: mean cosine over all pairs of repeats of the sentence
  embeddings of their whole outputs (all-MiniLM-L6-v2 by default; ``semantic: false``
  turns it off);
- for prompts with references only:
  ``factual_agreement``: whether the repeats agree on the key fact, i.e. on containing
  a reference answer: with k of N repeats containing one, max(k, N - k) / N;
  ``score_std``: population standard deviation over the repeats of the quality
  ``metric`` (token F1 by default) against the references (lower is better).

Each is averaged over prompts with a paired bootstrap CI and compared candidate vs
baseline on the same prompts. A prompt with any failed repeat (either model) is left
out and its failures counted. The measurements above are the stable names for gates.
Default gate: ``semantic_agreement`` (``answer_agreement`` when ``semantic`` is off)
non-inferior with a margin of 0.05.

.. code-block:: yaml

    checks:
      consistency:
        dataset: {path: data/facts.jsonl}
        prompt: "Answer briefly.\\n\\n{context}\\n\\nQuestion: {question}"
        reference: [answer, aliases]
        repeats: 5
        temperature: 0.7
        gates:
          - {measurement: semantic_agreement, rule: non_inferiority, threshold: 0.05}
          - {measurement: factual_agreement, rule: non_inferiority, threshold: 0.05}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from tunecheck.checks._base import CheckOutput, register_check
from tunecheck.checks._common import clip, delta_plot, example
from tunecheck.checks._extract import extract, screen
from tunecheck.checks._measure import compare_means
from tunecheck.checks.hallucination import balanced, contains_reference, normalized_answer, row_references, to_item
from tunecheck.config import (
    DEFAULT_CONTEXT_PROMPT,
    DEFAULT_QUESTION_PROMPT,
    ConsistencySettings,
    GateSpec,
    PolicySettings,
    QuestionSet,
)
from tunecheck.datasets import render_prompt
from tunecheck.embeddings import Embedder, load_embedder, semantic_agreement
from tunecheck.metrics import Metric, get_metric
from tunecheck.report import Examples, Measurement, Section, Table
from tunecheck.session import Generation, Message, PromptItem, Session
from tunecheck.suites.hallucination import probes_spec
from tunecheck.types import ROLES, FloatArray, Role
from tunecheck.verdict import Comparison

Scalar = float | int | str | bool | None


@dataclass(frozen=True)
class _Prompt:
    id: str
    category: str | None
    prompt: str | tuple[Message, ...]
    references: tuple[str, ...]


@dataclass(frozen=True)
class _Values:
    """Per-prompt values for both models: name -> (prompt indices, candidate, baseline)."""

    by_name: dict[str, tuple[list[int], FloatArray, FloatArray]]


@register_check
class ConsistencyCheck:
    id = "consistency"
    title = "Consistency over repeated prompts"

    def run(self, session: Session, settings: ConsistencySettings) -> CheckOutput:
        prompts = _load_prompts(settings, session, self.id)
        repeats = session.repeats(settings.repeats)
        temperature = deployment_temperature(settings, session)
        outputs = session.generate(self.id, [PromptItem(p.id, p.prompt) for p in prompts], repeats=repeats,
                                   params=session.params(temperature=temperature))
        outputs = {role: [screen(row, [settings.extract]) for row in outputs[role]] for role in ROLES}
        valid = [k for k in range(len(prompts)) if all(g.ok for role in ROLES for g in outputs[role][k])]
        n_errors = sum(not g.ok for role in ROLES for row in outputs[role] for g in row)
        kept = [prompts[k] for k in valid]
        texts = {role: [_texts(outputs[role][k], settings) for k in valid] for role in ROLES}
        embedder = load_embedder(settings.embedder, base_dir=session.base_dir) if settings.semantic else None
        whole = {role: [[g.text for g in outputs[role][k]] for k in valid] for role in ROLES}
        values = per_prompt_values(kept, texts, get_metric(settings.metric), embedder, whole)
        policy = session.policy
        comparisons = _compare(values, policy, n_errors, settings.metric, repeats, temperature)
        measurements = [c.measurement for c in comparisons]
        plot = delta_plot("Consistency: candidate - baseline", measurements)
        sections: list[Section] = [_category_table(kept, values, policy),
                                   _least_consistent(kept, texts, values, settings.examples)]
        return CheckOutput(
            comparisons, sections=[plot, *sections] if plot else sections, default_gates=_default_gates(settings),
            n_samples=2 * len(prompts) * repeats, n_errors=n_errors,
            summary=_summary(measurements, repeats, temperature), card=_card(measurements),
        )


def deployment_temperature(settings: ConsistencySettings, session: Session) -> float:
    """The configured temperature, else the run's generation temperature, else 0.7 (greedy runs)."""
    if settings.temperature is not None:
        return settings.temperature
    run_temperature = session.generation.temperature
    return run_temperature if run_temperature > 0 else 0.7


def _load_prompts(settings: ConsistencySettings, session: Session, check_id: str) -> list[_Prompt]:
    if settings.dataset is None:
        qset = QuestionSet(name="probes", dataset=probes_spec())
        dataset = session.dataset(qset.dataset, f"{check_id}.probes")
        items = [to_item(qset, row, DEFAULT_QUESTION_PROMPT, DEFAULT_CONTEXT_PROMPT)
                 for row in balanced(dataset, session.limit(settings.limit))]
        return [_Prompt(i.id, i.category, i.prompt, i.references) for i in items]
    assert settings.prompt is not None  # the settings validator requires it with a dataset
    dataset = session.dataset(settings.dataset, check_id)
    fields = [settings.reference] if isinstance(settings.reference, str) else settings.reference or []
    return [_Prompt(row.id, row.category, render_prompt(settings.prompt, row), row_references(row, fields))
            for row in balanced(dataset, session.limit(settings.limit))]


def _texts(repeats: Sequence[Generation], settings: ConsistencySettings) -> list[str]:
    return [extract(g.text, settings.extract) for g in repeats]


def answer_agreement(texts: Sequence[str]) -> float:
    """Share of the texts equal to the most common answer, after normalisation; empty answers agree with nothing."""
    counts = Counter(answer for answer in (normalized_answer(t) for t in texts) if answer)
    return counts.most_common(1)[0][1] / len(texts) if counts else 0.0


def factual_agreement(texts: Sequence[str], references: Sequence[str]) -> float:
    """max(k, N - k) / N, where k of the N texts contain a reference answer."""
    k = sum(contains_reference(t, references) for t in texts)
    return max(k, len(texts) - k) / len(texts)


def score_std(texts: Sequence[str], references: Sequence[str], metric: Metric) -> float:
    """Population standard deviation of the metric over the repeats."""
    scores = metric.per_sample(list(texts), [tuple(references)] * len(texts))
    return float(np.std(scores))


def per_prompt_values(prompts: Sequence[_Prompt], texts: Mapping[Role, list[list[str]]], metric: Metric,
                      embedder: Embedder | None, whole: Mapping[Role, list[list[str]]]) -> _Values:
    """Every per-prompt value for both models (references-only values on prompts with references).

    ``texts`` are the extracted answers; ``whole`` the full outputs, which the semantic agreement embeds."""
    every = list(range(len(prompts)))
    with_refs = [k for k, p in enumerate(prompts) if p.references]
    per_role: dict[str, dict[str, FloatArray]] = {}
    for role in ROLES:
        rows = texts[role]
        values = {"answer_agreement": [answer_agreement(rows[k]) for k in every],
                  "factual_agreement": [factual_agreement(rows[k], prompts[k].references) for k in with_refs],
                  "score_std": [score_std(rows[k], prompts[k].references, metric) for k in with_refs]}
        if embedder is not None:
            values["semantic_agreement"] = [semantic_agreement(embedder, whole[role][k]) for k in every]
        per_role[role] = {name: np.asarray(v, dtype=np.float64) for name, v in values.items()}
    order = ["answer_agreement", "semantic_agreement", "factual_agreement", "score_std"]
    return _Values({name: (with_refs if name in ("factual_agreement", "score_std") else every,
                           per_role["candidate"][name], per_role["baseline"][name])
                    for name in order if name in per_role["candidate"]})


_DESCRIPTIONS = {
    "answer_agreement": ("fraction", True, "share of repeats giving the prompt's modal (normalised) answer"),
    "semantic_agreement": ("cosine", True, "mean pairwise cosine of the repeats' sentence embeddings"),
    "factual_agreement": ("fraction", True, "share of repeats agreeing on containing a reference answer"),
    "score_std": ("{metric}", False, "standard deviation of {metric} over the repeats"),
}


def _compare(values: _Values, policy: PolicySettings, n_errors: int, metric: str, repeats: int,
             temperature: float) -> list[Comparison]:
    out = []
    for name, (idx, cand, base) in values.by_name.items():
        if not idx:
            continue
        unit, higher, text = _DESCRIPTIONS[name]
        out.append(compare_means(name, cand, base, policy, higher_is_better=higher, unit=unit.format(metric=metric),
                                 n_errors=n_errors, description=f"{text.format(metric=metric)} "
                                 f"({repeats} repeats at temperature {temperature:g})"))
    return out


def _default_gates(settings: ConsistencySettings) -> list[GateSpec]:
    name = "semantic_agreement" if settings.semantic else "answer_agreement"
    return [GateSpec(measurement=name, rule="non_inferiority", threshold=0.05)]


def _category_table(prompts: Sequence[_Prompt], values: _Values, policy: PolicySettings) -> Table:
    shown = [n for n in ("answer_agreement", "semantic_agreement") if n in values.by_name]
    groups: dict[str, list[int]] = {}
    for k, p in enumerate(prompts):
        groups.setdefault(p.category or "uncategorised", []).append(k)
    rows: list[list[Scalar]] = []
    for category, idx in sorted(groups.items()):
        row: list[Scalar] = [category, len(idx)]
        for name in shown:
            _, cand, base = values.by_name[name]
            m = compare_means(name, cand[idx], base[idx], policy).measurement
            row += [m.candidate, m.baseline, m.delta]
        rows.append(row)
    columns = ["category", "n", *(f"{n} {c}" for n in shown for c in ("candidate", "baseline", "delta"))]
    return Table(title="Consistency per category", columns=columns, rows=rows)


def _least_consistent(prompts: Sequence[_Prompt], texts: Mapping[Role, list[list[str]]], values: _Values,
                      limit: int) -> Examples:
    """The candidate's least consistent prompts, its repeats beside the baseline's."""
    _, agreement, base_agreement = values.by_name["answer_agreement"]
    semantic = values.by_name.get("semantic_agreement")
    key = semantic[1] if semantic is not None else np.zeros(len(prompts))
    order = sorted(range(len(prompts)), key=lambda k: (agreement[k], key[k]))[:limit]
    items = []
    for k in order:
        shown = {role: "\n".join(f"[{r}] {clip(t, 200)}" for r, t in enumerate(texts[role][k])) for role in ROLES}
        items.append(example(prompts[k].id, prompts[k].prompt, shown["candidate"], shown["baseline"],
                             reference=" | ".join(prompts[k].references) or None,
                             candidate_score=float(agreement[k]), baseline_score=float(base_agreement[k]),
                             category=prompts[k].category, note="scores: answer agreement"))
    return Examples(title="Least consistent prompts (candidate), every repeat shown", items=items)


def _summary(measurements: list[Measurement], repeats: int, temperature: float) -> str:
    parts = [f"{m.name} {m.baseline:.3g} -> {m.candidate:.3g} ({m.delta:+.3g})" for m in measurements
             if m.candidate is not None and m.baseline is not None and m.delta is not None]
    return f"{repeats} repeats at temperature {temperature:g}: " + "; ".join(parts)


def _card(measurements: list[Measurement]) -> dict[str, Scalar]:
    card: dict[str, Scalar] = {}
    for m in measurements:
        card[f"{m.name} (candidate)"] = m.candidate
        card[f"{m.name} (baseline)"] = m.baseline
    return card
