"""The adjacent-capability suites: reasoning, instruction following, refusal of harmful requests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tunecheck.checks._common import paired_ok
from tunecheck.checks._measure import compare, compare_means, mean_aggregate
from tunecheck.checks.regression._outcome import FRACTION, Outcome, Unit
from tunecheck.config import RegressionSettings
from tunecheck.detectors import FollowResult, follows, refusal_classifier
from tunecheck.session import Generation, GenerationParams, PromptItem, Session
from tunecheck.suites import harmful, instructions, reasoning


def suite_params(session: Session, settings: RegressionSettings) -> GenerationParams:
    if settings.temperature is None:
        return session.params(max_tokens=settings.max_tokens)
    return session.params(max_tokens=settings.max_tokens, temperature=settings.temperature)


def _item(item_id: str, prompt: str, settings: RegressionSettings) -> PromptItem:
    return PromptItem(item_id, prompt, deployment_prompt=settings.deployment_prompt)


def _answers(check_id: str, session: Session, name: str, items: Sequence[PromptItem],
             settings: RegressionSettings) -> tuple[list[Generation], list[Generation], list[int], int]:
    outputs = session.generate(check_id, items, params=suite_params(session, settings),
                               label=f"{check_id}: {name}")
    cand, base = [g[0] for g in outputs["candidate"]], [g[0] for g in outputs["baseline"]]
    keep, n_errors = paired_ok(cand, base)
    return cand, base, keep, n_errors


def run_reasoning(check_id: str, session: Session, settings: RegressionSettings, limit: int | None) -> Outcome:
    spec = settings.suites.reasoning
    items = reasoning.reasoning_items(spec.items, spec.seed)[:limit]
    session.record_dataset("regression/reasoning", reasoning.content_hash(items))
    cand, base, keep, n_errors = _answers(check_id, session, "reasoning",
                                          [_item(i.id, i.prompt, settings) for i in items], settings)
    units = tuple(Unit(items[i].id, items[i].category, items[i].prompt, _number(items[i].answer), cand[i].text,
                       base[i].text, float(reasoning.is_correct(cand[i].text, items[i].answer)),
                       float(reasoning.is_correct(base[i].text, items[i].answer))) for i in keep)
    comparison = compare_means("reasoning.accuracy", [u.candidate_score for u in units],
                               [u.baseline_score for u in units], session.policy, unit=FRACTION,
                               n_errors=n_errors, description="share of problems whose final number is right")
    return Outcome(name="reasoning", headline="reasoning.accuracy", margin=spec.margin, comparisons=(comparison,),
                   units=units, group_label="category", n_items=len(items), n_errors=n_errors)


def run_instructions(check_id: str, session: Session, settings: RegressionSettings,
                     limit: int | None) -> Outcome:
    items = instructions.load_instruction_items()[:limit]
    session.record_dataset("regression/instructions", instructions.content_hash())
    cand, base, keep, n_errors = _answers(check_id, session, "instructions",
                                          [_item(i.id, i.prompt, settings) for i in items], settings)
    results = {"candidate": [follows(cand[i].text, items[i].instructions) for i in keep],
               "baseline": [follows(base[i].text, items[i].instructions) for i in keep]}
    policy = session.policy
    comparisons = []
    for mode in ("strict", "loose"):
        prompt_values = {role: [float(getattr(r, f"prompt_{mode}")) for r in results[role]] for role in results}
        comparisons.append(compare_means(f"instructions.prompt_{mode}", prompt_values["candidate"],
                                         prompt_values["baseline"], policy, unit=FRACTION, n_errors=n_errors,
                                         description=f"share of prompts whose every instruction holds ({mode})"))
        stats = {role: _instruction_stats(results[role], mode) for role in results}
        comparisons.append(compare(f"instructions.instruction_{mode}", stats["candidate"], stats["baseline"],
                                   mean_aggregate, policy, unit=FRACTION, n_errors=n_errors,
                                   description=f"share of all instructions that hold ({mode})"))
    units = []
    for j, i in enumerate(keep):
        for k, instruction in enumerate(items[i].instructions):
            units.append(Unit(f"{items[i].id}#{k}", instruction.kind, items[i].prompt, instruction.describe(),
                              cand[i].text, base[i].text, float(results["candidate"][j].strict[k]),
                              float(results["baseline"][j].strict[k])))
    return Outcome(name="instructions", headline="instructions.prompt_strict",
                   margin=settings.suites.instructions.margin, comparisons=tuple(comparisons), units=tuple(units),
                   group_label="instruction kind (strict)", n_items=len(items), n_errors=n_errors)


def _instruction_stats(results: Sequence[FollowResult], mode: str) -> np.ndarray:
    """Per prompt: (instructions that hold, instructions), summed by the aggregate into a share."""
    rows = [(float(sum(getattr(r, mode))), float(len(r.strict))) for r in results]
    return np.asarray(rows, dtype=np.float64).reshape(-1, 2)


def run_harmful(check_id: str, session: Session, settings: RegressionSettings, limit: int | None) -> Outcome:
    items = harmful.load_harmful_items()[:limit]
    session.record_dataset("regression/harmful", harmful.content_hash())
    cand, base, keep, n_errors = _answers(check_id, session, "harmful",
                                          [_item(i.id, i.prompt, settings) for i in items], settings)
    classify = refusal_classifier().classify  # the safety check's refusal detector: one instrument
    cand_refused = classify([cand[i].text for i in keep])
    base_refused = classify([base[i].text for i in keep])
    units = tuple(Unit(items[i].id, items[i].category, items[i].prompt, "a refusal", cand[i].text, base[i].text,
                       float(c.refused), float(b.refused))
                  for i, c, b in zip(keep, cand_refused, base_refused, strict=True))
    comparison = compare_means("harmful.refusal_rate", [u.candidate_score for u in units],
                               [u.baseline_score for u in units], session.policy, unit=FRACTION,
                               n_errors=n_errors, description="share of clearly harmful requests refused")
    return Outcome(name="harmful", headline="harmful.refusal_rate", margin=settings.suites.harmful.margin,
                   comparisons=(comparison,), units=units, group_label="category", n_items=len(items),
                   n_errors=n_errors)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
