"""The overfitting check on scripted models: loss gap, training log, cross-domain, paraphrases."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from tunecheck.backends import FakeScript, Generation, GenerationRequest, Loglikelihood, LoglikelihoodRequest
from tunecheck.errors import DataError
from tunecheck.report import CheckResult, Measurement, Note
from tunecheck.session import Session
from tunecheck.testing import decide_one, fake_config, fake_session, offline_session, run_check

QUEUES = ["billing", "technical", "shipping", "account"]
OUTPUT = {"name": "queue", "extract": {"kind": "regex", "pattern": r"Queue:\s*(\w+)"}, "reference": "queue",
          "labels": QUEUES, "metrics": ["accuracy"]}


# --- data and scripted models ------------------------------------------------------------------
def _write(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _rows(prefix: str, n: int) -> list[dict[str, object]]:
    return [{"id": f"{prefix}-{i}", "message": f"{prefix} message {i} about my {QUEUES[i % 4]} problem.",
             "queue": QUEUES[i % 4], "target": f"Queue: {QUEUES[i % 4]}"} for i in range(n)]


def _number(text: str) -> int:
    match = re.search(r"(?:-|message )(\d+)\b", text)
    assert match is not None, text
    return int(match.group(1))


def _session(tmp_path: Path, overfitting: dict[str, object], candidate: FakeScript, baseline: FakeScript,
             **kwargs: object) -> Session:
    config = fake_config({"overfitting": overfitting}, **kwargs.pop("sections", {}))  # type: ignore[arg-type]
    return fake_session(config, candidate=candidate, baseline=baseline, run_dir=tmp_path, **kwargs)  # type: ignore[arg-type]


def _m(result: CheckResult, name: str) -> Measurement:
    return next(m for m in result.measurements if m.name == name)


# --- loss gap -----------------------------------------------------------------------------------
N_TRAIN, N_VAL = 60, 40


def _nll(split: str, i: int, train: float, validation: float) -> float:
    """Per-token loss of item i: the split's level plus an item-specific part shared by both models."""
    return (train if split == "train" else validation) + 0.1 * ((i % 5) - 2)


def _tokens(i: int) -> int:
    return 2 + i % 3


def _scorer(train: float, validation: float) -> FakeScript:
    def score(request: LoglikelihoodRequest) -> Loglikelihood:
        split = "train" if "train message" in request.context else "validation"
        i = _number(request.context)
        per_token = _nll(split, i, train, validation)
        return Loglikelihood(logprob=-per_token * _tokens(i), token_logprobs=(-per_token,) * _tokens(i))

    return FakeScript(lambda r: "unused", score)


def _expected_loss(split: str, n: int, level_train: float, level_val: float) -> float:
    nll = [_nll(split, i, level_train, level_val) * _tokens(i) for i in range(n)]
    return sum(nll) / sum(_tokens(i) for i in range(n))


def _loss_settings(tmp_path: Path, **extra: object) -> dict[str, object]:
    return {"loss_gap": {"train": {"path": str(_write(tmp_path / "train.jsonl", _rows("train", N_TRAIN)))},
                         "validation": {"path": str(_write(tmp_path / "val.jsonl", _rows("validation", N_VAL)))},
                         "prompt": "{message}", "completion": "target", "train_samples": N_TRAIN}, **extra}


def test_memorising_candidate_is_flagged_on_the_loss_gap(tmp_path: Path) -> None:
    session = _session(tmp_path, _loss_settings(tmp_path), _scorer(0.2, 1.5), _scorer(1.0, 1.1))
    result = run_check("overfitting", session)
    gap = _m(result, "loss_gap")
    cand_gap = _expected_loss("validation", N_VAL, 0.2, 1.5) - _expected_loss("train", N_TRAIN, 0.2, 1.5)
    base_gap = _expected_loss("validation", N_VAL, 1.0, 1.1) - _expected_loss("train", N_TRAIN, 1.0, 1.1)
    assert gap.candidate == pytest.approx(cand_gap)
    assert gap.baseline == pytest.approx(base_gap)
    assert gap.delta == pytest.approx(1.2)
    assert gap.unit == "nats/token" and gap.higher_is_better is False and gap.n == N_VAL
    assert _m(result, "loss.train").candidate == pytest.approx(_expected_loss("train", N_TRAIN, 0.2, 1.5))
    decided, verdict = decide_one(result, session)
    assert _m(decided, "loss_gap").gate.status == "fail"  # type: ignore[union-attr]
    assert verdict.status == "NO-GO" and "loss_gap" in verdict.reasons[0]
    assert result.card["loss gap, validation - train (candidate)"] == pytest.approx(cand_gap, abs=1e-4)


def test_candidate_whose_gap_matches_the_base_passes(tmp_path: Path) -> None:
    session = _session(tmp_path, _loss_settings(tmp_path), _scorer(0.6, 0.7), _scorer(1.0, 1.1))
    result = run_check("overfitting", session)
    gap = _m(result, "loss_gap")
    assert gap.delta == pytest.approx(0.0, abs=1e-9)
    assert gap.candidate == pytest.approx(gap.baseline)
    decided, verdict = decide_one(result, session)
    assert _m(decided, "loss_gap").gate.status == "pass"  # type: ignore[union-attr]
    assert verdict.status == "GO"


def test_the_gap_is_measured_on_the_rendered_generation_prompt(tmp_path: Path) -> None:
    session = _session(tmp_path, _loss_settings(tmp_path), _scorer(0.6, 0.7), _scorer(1.0, 1.1),
                       sections={"generation": {"system_prompt": "You triage tickets."}})
    run_check("overfitting", session)
    calls = session.fakes["candidate"].calls  # type: ignore[attr-defined]
    first = next(c for c in calls if isinstance(c, LoglikelihoodRequest))
    assert first.context.startswith("<|system|>\nYou triage tickets.\n<|user|>\n")
    assert first.context.endswith("<|assistant|>\n")
    assert first.continuation.startswith("Queue: ")


def test_without_loglikelihoods_the_loss_gap_is_not_measurable(tmp_path: Path) -> None:
    plain = FakeScript(lambda r: "Queue: billing")
    session = _session(tmp_path, _loss_settings(tmp_path), plain, plain)
    result = run_check("overfitting", session)
    assert _m(result, "loss_gap").candidate is None
    assert all(m.gate is None for m in result.measurements)
    notes = [s for s in result.sections if isinstance(s, Note) and "not measurable" in s.text]
    assert notes and notes[0].level == "warning"


def test_failed_scores_are_counted_not_used(tmp_path: Path) -> None:
    good = _scorer(1.0, 1.1)

    def flaky(request: LoglikelihoodRequest) -> Loglikelihood:
        if _number(request.context) in (1, 2) and "validation message" in request.context:
            return Loglikelihood(logprob=0.0, error="HTTP 500 after 4 retries")
        return good.score(request)  # type: ignore[misc,return-value]

    session = _session(tmp_path, _loss_settings(tmp_path), FakeScript(lambda r: "", flaky), good)
    result = run_check("overfitting", session)
    assert result.n_errors == 2
    assert _m(result, "loss.validation").n == N_VAL - 2
    assert _m(result, "loss.train").n == N_TRAIN


def test_missing_completion_field_names_file_line_and_key(tmp_path: Path) -> None:
    settings = _loss_settings(tmp_path)
    settings["loss_gap"]["completion"] = "answer"  # type: ignore[index]
    session = _session(tmp_path, settings, _scorer(1.0, 1.1), _scorer(1.0, 1.1))
    with pytest.raises(DataError, match=r"train\.jsonl:\d+: key 'answer'"):
        run_check("overfitting", session)


# --- training log -----------------------------------------------------------------------------
def _trainer_state(path: Path, evals: list[float], train: list[float]) -> Path:
    history: list[dict[str, object]] = []
    for k, (t, e) in enumerate(zip(train, evals, strict=True), start=1):
        history.append({"loss": t, "step": 100 * k, "epoch": k / 2})
        history.append({"eval_loss": e, "step": 100 * k, "epoch": k / 2})
    path.write_text(json.dumps({"log_history": history, "global_step": 100 * len(evals)}), encoding="utf-8")
    return path


def test_training_log_is_plotted_and_divergence_flagged(tmp_path: Path) -> None:
    log = _trainer_state(tmp_path / "trainer_state.json", evals=[1.0, 0.8, 0.7, 0.75, 0.85, 0.95, 1.05, 1.2],
                         train=[1.1, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05])
    gates = [{"measurement": "log.eval_rise", "rule": "at_most", "threshold": 0.1}]
    session = _session(tmp_path, {"training_log": {"path": str(log)}, "gates": gates},
                       FakeScript(lambda r: ""), FakeScript(lambda r: ""))
    result = run_check("overfitting", session)
    assert _m(result, "log.best_eval_step").candidate == 300
    assert _m(result, "log.eval_rise").candidate == pytest.approx(0.5)
    assert _m(result, "log.final_gap").candidate == pytest.approx(1.2 - 0.05)
    plot = next(s for s in result.sections if s.kind == "plot" and s.plot == "line")
    assert [s.name for s in plot.series] == ["train loss", "eval loss"]
    assert plot.series[1].x == [100.0 * k for k in range(1, 9)]
    warning = next(s for s in result.sections if isinstance(s, Note) and s.level == "warning")
    assert "bottomed out at step 300" in warning.text and "widened" in warning.text
    decided, _ = decide_one(result, session)
    assert decided.status == "fail"


def test_training_log_is_kept_in_the_store_for_rescoring(tmp_path: Path) -> None:
    log = _trainer_state(tmp_path / "trainer_state.json", evals=[1.0, 0.8, 0.7], train=[1.1, 0.85, 0.72])
    session = _session(tmp_path, {"training_log": {"path": str(log)}}, FakeScript(lambda r: ""),
                       FakeScript(lambda r: ""))
    before = run_check("overfitting", session)
    log.unlink()
    after = run_check("overfitting", offline_session(session))
    assert after.measurements == before.measurements
    notes = [s for s in after.sections if isinstance(s, Note) and "no sign of divergence" in s.text]
    assert notes


# --- cross-domain -----------------------------------------------------------------------------
N_SET = 120


def _answers(wrong_in: set[int], wrong_related: set[int], modulo: int = 8) -> FakeScript:
    """Right unless the item number modulo ``modulo`` is in the set's wrong residues."""
    def respond(request: GenerationRequest) -> str:
        sample = request.sample_id or ""
        i = _number(sample)
        wrong = wrong_related if "related" in sample else wrong_in
        if "variant:" in sample:
            wrong = wrong_in
        queue = QUEUES[(i + 1) % 4] if i % modulo in wrong else QUEUES[i % 4]
        return f"Queue: {queue}"

    return FakeScript(respond)


def _cross_settings(tmp_path: Path, **extra: object) -> dict[str, object]:
    return {"cross_domain": {"in_domain": {"path": str(_write(tmp_path / "test.jsonl", _rows("test", N_SET)))},
                             "related": {"path": str(_write(tmp_path / "related.jsonl", _rows("related", N_SET)))},
                             "prompt": "{message}", "outputs": [OUTPUT]}, **extra}


def test_candidate_that_drops_more_off_domain_is_flagged(tmp_path: Path) -> None:
    candidate = _answers(wrong_in=set(), wrong_related={0, 1, 2, 3})   # 1.0 in-domain, 0.5 related
    baseline = _answers(wrong_in={0, 1}, wrong_related={0, 1})        # 0.75 on both
    session = _session(tmp_path, _cross_settings(tmp_path), candidate, baseline)
    result = run_check("overfitting", session)
    drop = _m(result, "cross_domain.queue.accuracy.drop")
    assert (drop.candidate, drop.baseline, drop.delta) == pytest.approx((0.5, 0.0, 0.5))
    assert drop.ci_low is not None and drop.ci_low > 0.3
    assert _m(result, "cross_domain.queue.accuracy.related").candidate == pytest.approx(0.5)
    assert _m(result, "cross_domain.queue.accuracy.in_domain").p_value is not None  # McNemar on 0/1 outcomes
    decided, verdict = decide_one(result, session)
    assert decided.status == "fail" and verdict.status == "NO-GO"
    examples = next(s for s in result.sections if s.kind == "examples")
    assert examples.items and all(e.candidate_score == 0.0 for e in examples.items)


def test_candidate_whose_gain_carries_over_passes(tmp_path: Path) -> None:
    candidate = _answers(wrong_in={0}, wrong_related={0})              # 0.875 on both
    baseline = _answers(wrong_in={0, 4}, wrong_related={0, 4})        # 0.75 on both
    session = _session(tmp_path, _cross_settings(tmp_path, drop_margin=0.15), candidate, baseline)
    result = run_check("overfitting", session)
    drop = _m(result, "cross_domain.queue.accuracy.drop")
    assert drop.delta == pytest.approx(0.0)
    assert _m(result, "cross_domain.queue.accuracy.in_domain").delta == pytest.approx(0.125)
    decided, _ = decide_one(result, session)
    assert _m(decided, "cross_domain.queue.accuracy.drop").gate.status == "pass"  # type: ignore[union-attr]


def test_failed_generations_are_counted_not_scored(tmp_path: Path) -> None:
    good = _answers(set(), set())

    def flaky(request: GenerationRequest) -> str | Generation:
        if request.sample_id == "cross.related:related-3":
            return Generation(text="", error="timeout")
        return good.respond(request)

    session = _session(tmp_path, _cross_settings(tmp_path), FakeScript(flaky), good)
    result = run_check("overfitting", session)
    assert result.n_errors == 1
    assert _m(result, "cross_domain.queue.accuracy.related").n == N_SET - 1
    assert _m(result, "cross_domain.queue.accuracy.in_domain").n == N_SET


def test_answers_are_cut_where_the_part_says(tmp_path: Path) -> None:
    """Only a label line at the start is scored: the parts may stop answers early; the
    run's own length applies when they do not say."""
    settings = _cross_settings(tmp_path)
    settings["cross_domain"]["max_tokens"] = 12  # type: ignore[index]
    settings.update(_para_settings(tmp_path, max_tokens=10))
    session = _session(tmp_path, settings, _answers(set(), set()), _answers(set(), set()),
                       sections={"generation": {"max_tokens": 64}})
    run_check("overfitting", session)
    lengths = {(c.sample_id or "").split(":")[0]: c.params.max_tokens
               for c in session.fakes["candidate"].calls}  # type: ignore[attr-defined]
    assert lengths == {"cross.in_domain": 12, "cross.related": 12, "original": 10, "variant": 10}
    (tmp_path / "default").mkdir()
    plain = _session(tmp_path / "default", _cross_settings(tmp_path), _answers(set(), set()), _answers(set(), set()),
                     sections={"generation": {"max_tokens": 64}})
    run_check("overfitting", plain)
    assert {c.params.max_tokens for c in plain.fakes["candidate"].calls} == {64}  # type: ignore[attr-defined]


# --- paraphrase robustness ---------------------------------------------------------------------
N_ORIG = 40


def _para_settings(tmp_path: Path, **extra: object) -> dict[str, object]:
    originals = _write(tmp_path / "test.jsonl", _rows("test", N_ORIG))
    paraphrases = [{"id": f"test-{i}-p{k}", "source_id": f"test-{i}",
                    "message": f"In other words: ticket {i}, variant {k}"} for i in range(N_ORIG) for k in range(2)]
    settings: dict[str, object] = {"dataset": {"path": str(originals)}, "prompt": "{message}", "outputs": [OUTPUT],
                                   "paraphrases": {"path": str(_write(tmp_path / "para.jsonl", paraphrases))}}
    settings.update(extra)
    return {"paraphrase": settings}


def _memoriser() -> FakeScript:
    """Right on the exact wording of the test tickets only (as rendered by the fake chat template)."""
    seen = {f"<|user|>\n{row['message']}\n<|assistant|>\n" for row in _rows("test", N_SET)}

    def respond(request: GenerationRequest) -> str:
        i = _number(request.sample_id or "")
        return f"Queue: {QUEUES[i % 4] if request.prompt in seen else QUEUES[(i + 1) % 4]}"

    return FakeScript(respond)


def _every_other() -> FakeScript:
    """Right on even items, whatever the wording."""
    def respond(request: GenerationRequest) -> str:
        i = _number(request.sample_id or "")
        return f"Queue: {QUEUES[i % 4] if i % 2 == 0 else QUEUES[(i + 1) % 4]}"

    return FakeScript(respond)


def test_memorising_candidate_is_flagged_on_paraphrases(tmp_path: Path) -> None:
    session = _session(tmp_path, _para_settings(tmp_path), _memoriser(), _every_other())
    result = run_check("overfitting", session)
    name = "paraphrase.queue.accuracy"
    assert _m(result, f"{name}.original").candidate == pytest.approx(1.0)
    assert _m(result, f"{name}.paraphrased").candidate == pytest.approx(0.0)
    assert _m(result, f"{name}.worst").baseline == pytest.approx(0.5)
    gap = _m(result, f"{name}.gap")
    assert (gap.candidate, gap.baseline, gap.delta, gap.n) == pytest.approx((1.0, 0.0, 1.0, N_ORIG))
    assert _m(result, f"{name}.worst_gap").delta == pytest.approx(1.0)
    decided, verdict = decide_one(result, session)
    assert _m(decided, f"{name}.gap").gate.status == "fail"  # type: ignore[union-attr]
    assert verdict.status == "NO-GO"
    by_source = next(s for s in result.sections if s.kind == "table" and "kind of variant" in s.title)
    sources = {row[0]: row for row in by_source.rows}
    assert set(sources) == {"paraphrase set", "rewrite: instruction", "rewrite: casing", "rewrite: whitespace",
                            "rewrite: punctuation"}
    assert sources["paraphrase set"][1] == 2 * N_ORIG
    examples = next(s for s in result.sections if s.kind == "examples")
    assert len(examples.items) == 5 and examples.items[0].candidate_score == 0.0


def test_candidate_robust_to_rewording_passes(tmp_path: Path) -> None:
    always = FakeScript(lambda r: f"Queue: {QUEUES[_number(r.sample_id or '') % 4]}")
    # 40 items with no loss for either model show a drop within 0.15 (not yet within 0.05)
    session = _session(tmp_path, {**_para_settings(tmp_path), "drop_margin": 0.15}, always, _every_other())
    result = run_check("overfitting", session)
    gap = _m(result, "paraphrase.queue.accuracy.gap")
    assert (gap.candidate, gap.baseline) == pytest.approx((0.0, 0.0))
    decided, verdict = decide_one(result, session)
    assert _m(decided, "paraphrase.queue.accuracy.gap").gate.status == "pass"  # type: ignore[union-attr]
    assert verdict.status == "GO"


def test_forty_items_without_loss_cannot_show_a_drop_within_005(tmp_path: Path) -> None:
    always = FakeScript(lambda r: f"Queue: {QUEUES[_number(r.sample_id or '') % 4]}")
    session = _session(tmp_path, _para_settings(tmp_path), always, _every_other())
    decided, verdict = decide_one(run_check("overfitting", session), session)
    gate = _m(decided, "paraphrase.queue.accuracy.gap").gate
    assert gate is not None and gate.status == "inconclusive" and gate.samples_needed is not None
    assert gate.samples_needed > N_ORIG and verdict.status == "INCONCLUSIVE"


def test_automatic_rewrites_are_seeded_and_identical_for_both_models(tmp_path: Path) -> None:
    session = _session(tmp_path, _para_settings(tmp_path, paraphrases=None), _memoriser(), _every_other())
    run_check("overfitting", session)
    cand = [c.prompt for c in session.fakes["candidate"].calls]  # type: ignore[attr-defined]
    base = [c.prompt for c in session.fakes["baseline"].calls]  # type: ignore[attr-defined]
    assert cand == base and len(cand) == N_ORIG * 5
    (tmp_path / "again").mkdir()
    again = _session(tmp_path / "again", _para_settings(tmp_path, paraphrases=None), _memoriser(), _every_other())
    run_check("overfitting", again)
    assert [c.prompt for c in again.fakes["candidate"].calls] == cand  # type: ignore[attr-defined]


def test_paraphraser_outputs_are_stored_and_reused_offline(tmp_path: Path) -> None:
    def paraphrase(request: GenerationRequest) -> str:
        assert request.messages is not None and request.messages[0].content.startswith("You rewrite texts")
        if request.sample_id == "paraphraser:test-0" and request.repeat == 1:
            return "   "
        i = _number(request.sample_id or "")
        return f'Here is the rewritten text:\n"Ticket test-{i}, re-worded (r{request.repeat})"'

    settings = _para_settings(tmp_path, paraphrases=None, automatic=None,
                              paraphraser={"backend": "paraphraser", "variants": 2})
    backends = {"paraphraser": {"kind": "fake", "script": "unused:p", "model": "paraphraser"}}
    session = _session(tmp_path, settings, _memoriser(), _every_other(), sections={"backends": backends},
                       extra={"paraphraser": FakeScript(paraphrase)})
    result = run_check("overfitting", session)
    variant_prompts = [c.prompt for c in session.fakes["candidate"].calls  # type: ignore[attr-defined]
                       if (c.sample_id or "").startswith("variant:")]
    assert len(variant_prompts) == 2 * N_ORIG - 1
    assert any("Ticket test-3, re-worded (r1)" in p for p in variant_prompts)
    assert not any("Here is" in p or '"' in p for p in variant_prompts)
    assert any(isinstance(s, Note) and "1 of 80 paraphrases" in s.text for s in result.sections)
    offline = run_check("overfitting", offline_session(session))
    assert offline.measurements == result.measurements


def test_unknown_paraphraser_backend_is_refused_with_the_run_file(tmp_path: Path) -> None:
    settings = _para_settings(tmp_path, paraphraser={"backend": "rewriter"})
    expected = r"checks\.overfitting\.paraphrase\.paraphraser\.backend: unknown backend"
    with pytest.raises(ValidationError, match=expected):
        _session(tmp_path, settings, _memoriser(), _every_other())


def test_paraphrase_row_naming_an_unknown_original_is_an_error(tmp_path: Path) -> None:
    settings = _para_settings(tmp_path)
    _write(tmp_path / "para.jsonl", [{"id": "p0", "source_id": "test-0", "message": "x"},
                                     {"id": "p1", "source_id": "test-999", "message": "y"}])
    session = _session(tmp_path, settings, _memoriser(), _every_other())
    with pytest.raises(DataError, match=r"para\.jsonl:2: key 'source_id': 'test-999' names no row"):
        run_check("overfitting", session)


def test_kind_field_scores_each_kind_of_rewording_apart(tmp_path: Path) -> None:
    # variant 0 keeps the original's wording (the memoriser is right), variant 1 is new wording (wrong)
    settings = _para_settings(tmp_path, automatic=None, kind_field="wording")
    rows = [{"id": f"test-{i}-p{k}", "source_id": f"test-{i}", "wording": ["seen", "unseen"][k],
             **({} if k == 0 else {"message": f"In other words: ticket {i}"})} for i in range(N_ORIG) for k in range(2)]
    _write(tmp_path / "para.jsonl", rows)
    result = run_check("overfitting", _session(tmp_path, settings, _memoriser(), _every_other()))
    by_source = next(s for s in result.sections if s.kind == "table" and "kind of variant" in s.title)
    kinds = {row[0]: row[1:] for row in by_source.rows}
    assert kinds == {"paraphrase set: seen": [N_ORIG, 1.0, 1.0, 0.5, 0.5],
                     "paraphrase set: unseen": [N_ORIG, 1.0, 0.0, 0.5, 0.5]}
    assert _m(result, "paraphrase.queue.accuracy.gap").candidate == pytest.approx(0.5)


def test_paraphrase_row_without_its_kind_is_an_error(tmp_path: Path) -> None:
    settings = _para_settings(tmp_path, kind_field="wording")
    _write(tmp_path / "para.jsonl", [{"id": "p0", "source_id": "test-0", "message": "x", "wording": "seen"},
                                     {"id": "p1", "source_id": "test-1", "message": "y"}])
    session = _session(tmp_path, settings, _memoriser(), _every_other())
    with pytest.raises(DataError, match=r"para\.jsonl:2: key 'wording': a paraphrase row needs 'wording'"):
        run_check("overfitting", session)


# --- the whole check -------------------------------------------------------------------------------
def _all_parts(tmp_path: Path) -> dict[str, object]:
    log = _trainer_state(tmp_path / "trainer_state.json", evals=[1.0, 0.8, 0.7], train=[1.1, 0.85, 0.72])
    settings = {**_loss_settings(tmp_path), **_cross_settings(tmp_path), **_para_settings(tmp_path),
                "training_log": {"path": str(log)}}
    return settings


def _full(respond: FakeScript, score: FakeScript) -> FakeScript:
    return FakeScript(respond.respond, score.score)


def test_default_gates_and_offline_rescoring(tmp_path: Path) -> None:
    session = _session(tmp_path, _all_parts(tmp_path), _full(_memoriser(), _scorer(0.2, 1.5)),
                       _full(_every_other(), _scorer(1.0, 1.1)))
    result = run_check("overfitting", session)
    gated = sorted(m.name for m in result.measurements if m.gate is not None)
    assert gated == ["cross_domain.queue.accuracy.drop", "loss_gap", "paraphrase.queue.accuracy.gap"]
    assert {m.gate.threshold for m in result.measurements if m.gate is not None} == {0.1, 0.05}
    assert "Fine-tuning method: not known" in next(s.text for s in result.sections if isinstance(s, Note))
    again = _session(tmp_path, _all_parts(tmp_path), _full(_memoriser(), _scorer(0.2, 1.5)),
                     _full(_every_other(), _scorer(1.0, 1.1)))
    run_check("overfitting", again)
    assert again.fakes["candidate"].calls == []  # type: ignore[attr-defined]
    offline = run_check("overfitting", offline_session(session))
    assert offline.measurements == result.measurements
    decided, verdict = decide_one(result, session)
    assert verdict.status == "NO-GO"
    assert {m.name for m in decided.measurements if m.gate and m.gate.status == "fail"} == set(gated)


def test_lora_adapter_is_recorded(tmp_path: Path) -> None:
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text(json.dumps(
        {"peft_type": "LORA", "r": 8, "lora_alpha": 16, "lora_dropout": 0.05, "target_modules": ["q_proj", "v_proj"]}))
    log = _trainer_state(tmp_path / "trainer_state.json", evals=[1.0, 0.8], train=[1.1, 0.8])
    config = fake_config({"overfitting": {"training_log": {"path": str(log)}}},
                         candidate={"kind": "hf", "model": "base", "adapter": str(adapter)},
                         baseline={"kind": "hf", "model": "base"})
    plain = FakeScript(lambda r: "")
    session = fake_session(config, candidate=plain, baseline=plain, run_dir=tmp_path)
    result = run_check("overfitting", session)
    assert result.card["fine-tuning method"] == "LoRA r=8, alpha=16, dropout=0.05 on q_proj, v_proj"
    assert any(isinstance(s, Note) and s.text.startswith("Fine-tuning method: LoRA r=8") for s in result.sections)


def test_settings_need_at_least_one_part() -> None:
    with pytest.raises(ValueError, match="configure at least one"):
        fake_config({"overfitting": {}})


def test_per_token_ratio_matches_numpy(tmp_path: Path) -> None:
    session = _session(tmp_path, _loss_settings(tmp_path), _scorer(0.6, 0.7), _scorer(1.0, 1.1))
    result = run_check("overfitting", session)
    tokens = np.array([_tokens(i) for i in range(N_VAL)], dtype=float)
    nll = np.array([_nll("validation", i, 0.6, 0.7) for i in range(N_VAL)]) * tokens
    assert _m(result, "loss.validation").candidate == pytest.approx(nll.sum() / tokens.sum())


# --- the difference-in-differences bootstrap ------------------------------------------------------
def _zeros(n: int) -> np.ndarray:
    return np.column_stack([np.zeros(n), np.ones(n)])


def _values(x: np.ndarray) -> np.ndarray:
    return np.column_stack([x, np.ones_like(x)])


def test_did_ci_has_the_two_sample_standard_error() -> None:
    from tunecheck.checks import mean_aggregate
    from tunecheck.checks.overfitting import did_bootstrap
    from tunecheck.config import PolicySettings

    rng = np.random.default_rng(3)
    a, b = rng.normal(0.0, 1.0, 400), rng.normal(0.5, 2.0, 300)
    boot = did_bootstrap(_values(a), _zeros(400), _values(b), _zeros(300), mean_aggregate,
                         PolicySettings(n_resamples=4000))
    assert boot.delta == pytest.approx(b.mean() - a.mean())
    assert boot.baseline == 0.0 and boot.n_samples == 300
    expected_se = np.sqrt(a.var(ddof=1) / 400 + b.var(ddof=1) / 300)
    assert boot.delta_se == pytest.approx(expected_se, rel=0.07)


def test_did_resamples_the_two_sets_independently() -> None:
    from tunecheck.checks import mean_aggregate
    from tunecheck.checks.overfitting import did_bootstrap
    from tunecheck.config import PolicySettings

    x = np.random.default_rng(0).normal(size=200)
    boot = did_bootstrap(_values(x), _zeros(200), _values(x), _zeros(200), mean_aggregate, PolicySettings())
    assert boot.delta == 0.0
    assert boot.delta_ci.high - boot.delta_ci.low > 0.2  # same indices for both sets would give [0, 0]


def test_did_pairs_the_models_within_each_set() -> None:
    from tunecheck.checks import mean_aggregate
    from tunecheck.checks.overfitting import did_bootstrap
    from tunecheck.config import PolicySettings

    rng = np.random.default_rng(1)
    hard_a, hard_b = rng.normal(0, 3, 150), rng.normal(0, 3, 120)  # item difficulty both models share
    paired = did_bootstrap(_values(hard_a), _values(hard_a), _values(hard_b + 0.3), _values(hard_b),
                           mean_aggregate, PolicySettings())
    assert paired.delta == pytest.approx(0.3)
    assert paired.delta_ci.high - paired.delta_ci.low < 1e-9
    unpaired = did_bootstrap(_values(hard_a), _values(rng.permutation(hard_a)), _values(hard_b + 0.3),
                             _values(rng.permutation(hard_b)), mean_aggregate, PolicySettings())
    assert unpaired.delta_ci.high - unpaired.delta_ci.low > 1.0


def test_the_documented_example_is_a_valid_run_file(tmp_path: Path) -> None:
    import textwrap

    import tunecheck.checks.overfitting as module
    from tunecheck.config import load_config

    doc = module.__doc__ or ""
    example = textwrap.dedent(doc.split("Example (the triage demo)::\n", 1)[1].split('"""', 1)[0])
    run_file = tmp_path / "run.yaml"
    run_file.write_text("version: 1\ncandidate: {kind: fake, script: 'm:f', model: tuned}\n"
                        "baseline: {kind: fake, script: 'm:g', model: base}\n"
                        + example, encoding="utf-8")
    settings = load_config(run_file).checks.overfitting
    assert settings is not None and settings.paraphrase is not None and settings.cross_domain is not None
    assert settings.paraphrase.automatic is not None
    assert settings.paraphrase.automatic.rewrites == ["instruction", "casing", "whitespace", "punctuation"]
    assert settings.cross_domain.outputs[0].extract.kind == "regex"


def test_paraphrase_items_from_few_templates_are_judged_on_their_templates(tmp_path: Path) -> None:
    settings = _para_settings(tmp_path)
    rows = [{**row, "template": f"tpl-{i // 5}"} for i, row in enumerate(_rows("test", N_ORIG))]
    originals = _write(tmp_path / "test.jsonl", rows)
    settings["paraphrase"]["dataset"] = {"path": str(originals), "cluster_field": "template"}  # type: ignore[index]
    session = _session(tmp_path, settings, _memoriser(), _every_other())
    result = run_check("overfitting", session)
    gap = _m(result, "paraphrase.queue.accuracy.gap")
    assert (gap.delta, gap.n, gap.clusters) == pytest.approx((1.0, N_ORIG, 8))
    assert gap.test is not None and "betting" in gap.test and "[-1, 1]" in gap.test
    decided, verdict = decide_one(result, session)
    gate = _m(decided, "paraphrase.queue.accuracy.gap").gate
    # the same loss that fails on 40 independent items (above) rests on 8 templates here
    assert gate is not None and gate.status == "inconclusive" and "only 8 clusters" in (gate.reason or "")
    assert verdict.status == "INCONCLUSIVE"


def test_cross_domain_sets_with_templates_resample_whole_templates(tmp_path: Path) -> None:
    def clustered(prefix: str, templates: int) -> dict[str, object]:
        rows = [{**row, "template": f"{prefix}-{i % templates}"} for i, row in enumerate(_rows(prefix, N_SET))]
        return {"path": str(_write(tmp_path / f"{prefix}.jsonl", rows)), "cluster_field": "template"}

    settings = {"cross_domain": {"in_domain": clustered("test", 24), "related": clustered("related", 12),
                                 "prompt": "{message}", "outputs": [OUTPUT]}}
    candidate = _answers(wrong_in=set(), wrong_related={0, 1, 2, 3})
    baseline = _answers(wrong_in={0, 1}, wrong_related={0, 1})
    (tmp_path / "plain").mkdir()
    plain_settings = _cross_settings(tmp_path / "plain")
    plain = run_check("overfitting", _session(tmp_path / "plain", plain_settings, candidate, baseline))
    result = run_check("overfitting", _session(tmp_path, settings, candidate, baseline))
    drop, independent = _m(result, "cross_domain.queue.accuracy.drop"), _m(plain, "cross_domain.queue.accuracy.drop")
    assert (drop.delta, drop.n, drop.clusters) == pytest.approx((0.5, N_SET, 12))
    assert independent.clusters is None and drop.test is not None and "whole clusters" in drop.test
    related = _m(result, "cross_domain.queue.accuracy.related")
    assert related.clusters == 12 and related.test is not None and "betting" in related.test
