"""The three methods. Each turns both models' answers into per-item hallucination flags (rates)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from tunecheck.checks._measure import compare_means
from tunecheck.checks.hallucination._answers import Outcome, classify, ngram_support
from tunecheck.checks.hallucination._items import Item
from tunecheck.checks.hallucination._judge import JudgeVerdict, judge_messages, verdicts
from tunecheck.checks.hallucination._sections import (
    judge_sections,
    outcome_table,
    reference_examples,
    sampling_examples,
)
from tunecheck.config import HallucinationSettings
from tunecheck.detectors import detect_abstention
from tunecheck.embeddings import load_embedder, support_by_samples
from tunecheck.report import Section
from tunecheck.session import Generation, PromptItem, Session
from tunecheck.types import FloatArray
from tunecheck.verdict import Comparison


@dataclass(frozen=True)
class Answers:
    """The items both models answered, with their answers (aligned)."""

    items: list[Item]
    candidate: list[str]
    baseline: list[str]


@dataclass(frozen=True)
class Rate:
    """A hallucination rate: 0/1 flags per item (``indices`` into ``Answers.items``) for both models."""

    name: str
    description: str
    indices: list[int]
    candidate: FloatArray
    baseline: FloatArray
    n_left_out: int = 0  # answers this method could not rate (failed samples, unparseable verdicts)


@dataclass(frozen=True)
class MethodOutcome:
    """A method's rates and other measurements; ``n_requests`` it sent of which ``n_failed`` failed."""

    rates: list[Rate]
    comparisons: list[Comparison] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    n_requests: int = 0
    n_failed: int = 0


@dataclass(frozen=True)
class MethodContext:
    check_id: str
    session: Session
    settings: HallucinationSettings
    answers: Answers


def reference_outcomes(ctx: MethodContext) -> tuple[list[Outcome], list[Outcome]]:
    """Each answer's outcome under the reference method, for the candidate and the baseline."""
    a, s = ctx.answers, ctx.settings
    return tuple(  # type: ignore[return-value]
        [classify(text, item.references, item.answerable, f1_threshold=s.f1_threshold,
                  extra_phrases=s.abstention_phrases)[0] for text, item in zip(texts, a.items, strict=True)]
        for texts in (a.candidate, a.baseline)
    )


def reference_method(ctx: MethodContext) -> MethodOutcome:
    """Contains the reference (or token F1 >= threshold) -> correct; abstains -> abstained; else hallucinated."""
    a = ctx.answers
    cand, base = reference_outcomes(ctx)
    rate = Rate("hallucination_rate", "share of answers that state something the reference does not support "
                "(or answer a question without a correct answer) without abstaining",
                list(range(len(a.items))), _flags(cand, "hallucinated"), _flags(base, "hallucinated"))
    comparisons = []
    for name, answerable, better in (("abstention_rate.unanswerable", False, True),
                                     ("abstention_rate.answerable", True, False)):
        idx = [k for k, item in enumerate(a.items) if item.answerable == answerable]
        if idx:
            comparisons.append(compare_means(
                name, _flags(cand, "abstained")[idx], _flags(base, "abstained")[idx], ctx.session.policy,
                higher_is_better=better, unit="fraction", description=_ABSTENTION[answerable]))
    sections: list[Section] = [outcome_table(a.items, cand, base),
                               reference_examples(a, cand, base, ctx.settings.examples)]
    return MethodOutcome([rate], comparisons, sections)


_ABSTENTION = {
    False: "share of questions without a correct answer where the model abstained or corrected the premise",
    True: "share of answerable questions where the model abstained instead of answering",
}


def _flags(outcomes: list[Outcome], which: Outcome) -> FloatArray:
    return np.array([float(o == which) for o in outcomes], dtype=np.float64)


def judge_method(ctx: MethodContext) -> MethodOutcome:
    """The judge model's verdict on each answer; UNSUPPORTED is a hallucination."""
    judge, session, a = ctx.settings.judge, ctx.session, ctx.answers
    assert judge is not None  # the settings validator requires it with this method
    prompts = [PromptItem(f"{role}/{item.id}", judge_messages(item, answer))
               for role, texts in (("candidate", a.candidate), ("baseline", a.baseline))
               for item, answer in zip(a.items, texts, strict=True)]
    params = session.params(temperature=judge.temperature, max_tokens=judge.max_tokens, stop=())
    outputs = [g[0] for g in session.generate(ctx.check_id, prompts, roles=(judge.backend,), params=params,
                                              label=f"{ctx.check_id}: judge")[judge.backend]]
    n = len(a.items)
    cand, base = verdicts(a.items, a.candidate, outputs[:n]), verdicts(a.items, a.baseline, outputs[n:])
    valid = [k for k in range(n) if cand[k].verdict is not None and base[k].verdict is not None]
    unrated = sum(v.verdict is None for v in (*cand, *base))
    rate = Rate("judge.hallucination_rate", "share of answers the judge rated UNSUPPORTED", valid,
                _unsupported(cand, valid), _unsupported(base, valid), unrated)
    if not session.offline:
        session.save_artifact(ctx.check_id, "judge", _judge_record(a.items, cand, base))
    ref_cand, ref_base = reference_outcomes(ctx)
    reference = (_flags(ref_cand, "hallucinated"), _flags(ref_base, "hallucinated"))
    sections = judge_sections(a, cand, base, reference, ctx.settings.examples)
    return MethodOutcome([rate], [], sections, len(outputs), sum(not g.ok for g in outputs))


def _unsupported(judged: list[JudgeVerdict], valid: list[int]) -> FloatArray:
    return np.array([float(judged[k].verdict == "UNSUPPORTED") for k in valid], dtype=np.float64)


def _judge_record(items: list[Item], cand: list[JudgeVerdict], base: list[JudgeVerdict]) -> list[dict[str, object]]:
    return [{"sample_id": item.id, "role": role, "prompt": v.prompt, "output": v.output, "verdict": v.verdict,
             "error": v.error}
            for role, judged in (("candidate", cand), ("baseline", base))
            for item, v in zip(items, judged, strict=True)]


def sampling_method(ctx: MethodContext) -> MethodOutcome:
    """SelfCheckGPT-style: support of each answer by N stochastic samples of the same prompt."""
    a, s = ctx.answers, ctx.settings.sampling
    outputs, repeats = _samples(ctx)
    valid = [k for k in range(len(a.items)) if all(g.ok for role in outputs.values() for g in role[k])]
    errors = sum(not g.ok for role in outputs.values() for row in role for g in row)
    requests = sum(len(row) for role in outputs.values() for row in role)
    samples = {role: [[g.text for g in outputs[role][k]] for k in valid] for role in outputs}
    answers = {"candidate": [a.candidate[k] for k in valid], "baseline": [a.baseline[k] for k in valid]}
    thresholds = {"ngram": s.ngram_threshold, "embedding": s.embedding_threshold}
    rates, comparisons, support = [], [], {}
    for kind, scorer in _scorers(ctx).items():
        support[kind] = {role: np.array([scorer(x, t) for x, t in zip(answers[role], samples[role], strict=True)],
                                        dtype=np.float64) for role in answers}
        flags = {role: _flag_unsupported(answers[role], support[kind][role], thresholds[kind], ctx)
                 for role in answers}
        rates.append(Rate(f"sampling.{kind}_hallucination_rate",
                          f"share of non-abstaining answers whose mean {kind} support by the samples is below "
                          f"{thresholds[kind]}", valid, flags["candidate"], flags["baseline"], errors))
        comparisons.append(compare_means(
            f"sampling.{kind}_agreement", support[kind]["candidate"], support[kind]["baseline"],
            ctx.session.policy, higher_is_better=True, n_errors=errors,
            description=f"mean {kind} support of the answer by {repeats} samples at temperature {s.temperature}"))
    sections: list[Section] = [sampling_examples(a, valid, samples, support, ctx.settings.examples)]
    return MethodOutcome(rates, comparisons, sections, requests, errors)


def _samples(ctx: MethodContext) -> tuple[dict[str, list[list[Generation]]], int]:
    """N samples per item at the sampling temperature, seeds ``generation.seed + 1 + r``."""
    s, session = ctx.settings.sampling, ctx.session
    repeats = session.repeats(s.samples)
    params = session.params(temperature=s.temperature, seed=session.generation.seed + 1)
    prompts = [PromptItem(f"{item.id}#sample", item.prompt) for item in ctx.answers.items]
    outputs = session.generate(ctx.check_id, prompts, repeats=repeats, params=params,
                               label=f"{ctx.check_id}: samples")
    return outputs, repeats


def _scorers(ctx: MethodContext) -> dict[str, Callable[[str, list[str]], float]]:
    """Support of an answer by its samples: mean n-gram support, and mean embedding cosine."""
    s = ctx.settings.sampling
    scorers: dict[str, Callable[[str, list[str]], float]] = {
        "ngram": lambda answer, texts: float(np.mean([ngram_support(answer, t, s.ngram) for t in texts])),
    }
    if s.embeddings:
        embedder = load_embedder(s.embedder, base_dir=ctx.session.base_dir)
        scorers["embedding"] = lambda answer, texts: support_by_samples(embedder, answer, texts)
    return scorers


def _flag_unsupported(answers: list[str], support: FloatArray, threshold: float, ctx: MethodContext) -> FloatArray:
    extra = ctx.settings.abstention_phrases
    return np.array([float(value < threshold and not detect_abstention(answer, extra=extra).abstained)
                     for answer, value in zip(answers, support, strict=True)], dtype=np.float64)


METHODS: dict[str, Callable[[MethodContext], MethodOutcome]] = {
    "reference": reference_method, "judge": judge_method, "sampling": sampling_method,
}
