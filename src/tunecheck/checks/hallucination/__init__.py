"""``hallucination``: does the model make things up?

Both models answer the same questions — the built-in probe set (fabricated entities,
false premises, questions whose answer is absent from the given context, the same
contexts with answerable questions, numeric facts; see ``tunecheck.suites.hallucination``)
and any configured question sets (rows with a question, reference answer(s) or
``answerable: false``, and an optional context). Each method below flags every answer
as a hallucination or not; each is reported separately, overall, per question set and
per category, as a paired candidate-vs-baseline rate (lower is better).

Methods
-------
- ``reference``: an answer that contains a reference answer (token containment, or
  token F1 >= ``f1_threshold``; see ``_answers``) is correct. Otherwise, an answer that
  abstains or corrects the premise (``tunecheck.detectors._abstention``) is an
  abstention, counted on its own; anything else is a hallucination — a confident answer
  that contradicts the reference, or any confident answer to a question without a
  correct answer.
- ``judge``: a judge model (a named entry of the run file's ``backends:``) rates each
  answer SUPPORTED / UNSUPPORTED / ABSTAINED with the rubric in ``_judge``; UNSUPPORTED
  is a hallucination. Judge prompts are chat messages (a system and a user message);
  a judge of another model family is best served with ``endpoint: chat`` so that its
  own chat template applies. Judge prompts and raw outputs are stored in the run (and in the
  artifact ``hallucination/judge``) and shown in the report. Unparseable verdicts are
  errors, not hallucinations.
- ``sampling`` (SelfCheckGPT-style): N further samples of each prompt at the sampling
  temperature (seeds ``generation.seed + 1 + r``). The answer's support is the mean over
  samples of the share of its word n-grams found in the sample, and the mean cosine
  between its embedding and the samples' (all-MiniLM-L6-v2 by default). A
  non-abstaining answer whose support is below the threshold is flagged.

Measurements (stable names for gates)
-------------------------------------
- ``hallucination_rate`` (reference), ``judge.hallucination_rate``,
  ``sampling.ngram_hallucination_rate``, ``sampling.embedding_hallucination_rate``:
  shares of flagged answers; lower is better. With more than one question set, each
  is also reported per set as ``<set>.<name>`` (``probes.hallucination_rate``).
- ``abstention_rate.unanswerable`` (higher is better): share of questions without a
  correct answer where the model abstained or corrected the premise;
  ``abstention_rate.answerable`` (lower is better): share of answerable questions it
  declined.
- ``sampling.ngram_agreement``, ``sampling.embedding_agreement`` (higher is better):
  mean support of the answers by their samples.

Default gate (when ``gates`` is unset): the first method's hallucination rate is
non-inferior to the baseline's with a margin of 0.05.

.. code-block:: yaml

    backends:
      judge: {kind: openai, base_url: "http://judge:8000/v1", model: judge-model, endpoint: chat}
    checks:
      hallucination:
        datasets:
          - {name: facts, dataset: {path: data/facts.jsonl}}
        methods: [reference, judge, sampling]
        judge: {backend: judge}
        sampling: {samples: 5, temperature: 1.0}
        gates:
          - {measurement: hallucination_rate, rule: non_inferiority, threshold: 0.05}
          - {measurement: abstention_rate.unanswerable, rule: non_inferiority, threshold: 0.1}
"""

from __future__ import annotations

from tunecheck.checks._base import CheckOutput, register_check
from tunecheck.checks._common import delta_plot, paired_ok
from tunecheck.checks._measure import compare_means
from tunecheck.checks.hallucination._answers import contains_reference, normalized_answer
from tunecheck.checks.hallucination._items import Item, balanced, load_items, row_references, to_item
from tunecheck.checks.hallucination._methods import METHODS, Answers, MethodContext, MethodOutcome, Rate
from tunecheck.checks.hallucination._sections import category_table
from tunecheck.config import GateSpec, HallucinationSettings, PolicySettings
from tunecheck.report import Measurement, Section
from tunecheck.session import PromptItem, Session
from tunecheck.verdict import Comparison

__all__ = [
    "HallucinationCheck",
    "balanced",
    "contains_reference",
    "normalized_answer",
    "row_references",
    "to_item",
]


@register_check
class HallucinationCheck:
    id = "hallucination"
    title = "Hallucination: fabricated and unsupported answers"

    def run(self, session: Session, settings: HallucinationSettings) -> CheckOutput:
        items = load_items(settings, session, self.id)
        outputs = session.generate(self.id, [PromptItem(item.id, item.prompt) for item in items])
        cand, base = [g[0] for g in outputs["candidate"]], [g[0] for g in outputs["baseline"]]
        keep, n_errors = paired_ok(cand, base)
        answers = Answers([items[k] for k in keep], [cand[k].text for k in keep], [base[k].text for k in keep])
        context = MethodContext(self.id, session, settings, answers)
        outcomes = [METHODS[method](context) for method in settings.methods]
        policy = session.policy
        comparisons: list[Comparison] = []
        sections: list[Section] = []
        for outcome in outcomes:
            comparisons += _rate_comparisons(outcome, answers.items, policy, n_errors)
            comparisons += outcome.comparisons
            for rate in outcome.rates:
                table, bars = category_table(rate, answers.items, policy)
                sections += [table, bars] if rate is outcomes[0].rates[0] else [table]
            sections += outcome.sections
        measurements = [c.measurement for c in comparisons]
        plot = delta_plot("Hallucination: candidate - baseline", measurements)
        return CheckOutput(
            comparisons, sections=[plot, *sections] if plot else sections, default_gates=_default_gates(outcomes),
            n_samples=2 * len(items) + sum(o.n_requests for o in outcomes),
            n_errors=n_errors + sum(o.n_failed for o in outcomes),
            summary=_summary(measurements), card=_card(measurements),
        )


def _rate_comparisons(outcome: MethodOutcome, items: list[Item], policy: PolicySettings,
                      n_errors: int) -> list[Comparison]:
    """Each rate overall, and per question set when there are several."""
    out = []
    for rate in outcome.rates:
        out.append(_compare_rate(rate.name, rate, list(range(len(rate.indices))), policy,
                                 n_errors + rate.n_left_out, rate.description))
        sets = sorted({items[k].dataset for k in rate.indices})
        if len(sets) > 1:
            for name in sets:
                idx = [j for j, k in enumerate(rate.indices) if items[k].dataset == name]
                out.append(_compare_rate(f"{name}.{rate.name}", rate, idx, policy, 0,
                                         f"{rate.description}, on '{name}'"))
    return out


def _compare_rate(name: str, rate: Rate, idx: list[int], policy: PolicySettings, n_errors: int,
                  description: str) -> Comparison:
    return compare_means(name, rate.candidate[idx], rate.baseline[idx], policy, higher_is_better=False,
                         unit="fraction", n_errors=n_errors, description=description)


def _default_gates(outcomes: list[MethodOutcome]) -> list[GateSpec]:
    """The first method's (first) hallucination rate: non-inferior with a 0.05 margin."""
    first = outcomes[0].rates[0].name if outcomes and outcomes[0].rates else None
    return [] if first is None else [GateSpec(measurement=first, rule="non_inferiority", threshold=0.05)]


_HEADLINE = ("hallucination_rate", "judge.hallucination_rate", "sampling.embedding_hallucination_rate",
             "sampling.ngram_hallucination_rate", "abstention_rate.unanswerable")


def _summary(measurements: list[Measurement]) -> str:
    parts = [f"{m.name} {m.baseline:.3g} -> {m.candidate:.3g} ({m.delta:+.3g})" for m in measurements
             if m.name in _HEADLINE and m.candidate is not None and m.baseline is not None and m.delta is not None]
    return "; ".join(parts)


def _card(measurements: list[Measurement]) -> dict[str, float | int | str | bool | None]:
    card: dict[str, float | int | str | bool | None] = {}
    for m in measurements:
        if m.name in _HEADLINE or m.name == "abstention_rate.answerable":
            card[f"{m.name} (candidate)"] = m.candidate
            card[f"{m.name} (baseline)"] = m.baseline
    return card
