"""tunecheck's acc and acc_norm against lm-evaluation-harness on the same items and model.

lm-eval (a dev-only dependency) scores custom tasks that ``include`` its own ``mmlu`` template
and ``hellaswag.yaml`` (its own ``process_docs``) over local JSONL copies of a few public
items, with its ``hf`` model on the packaged GGUF. tunecheck scores the same rows with its
own loaders, prompts and the ``hf`` backend. Per-choice log-likelihoods must match and the
accuracies agree within one point. ``benchmarks/bench_loglikelihood.py`` runs the same
comparison at full size and times both.

The same direct lm-eval run also scores the project's own tasks (``tests/lm_eval_tasks``:
a multiple-choice and a generation task in lm-eval's YAML over a project-written data file),
and tunecheck's ``format: lm_eval`` benchmark runs all four tasks through its session and
backend: per task the score must be within half a point of lm-eval's and at least 99% of
the items must get the same per-item score.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tunecheck.config import RunConfig
from tunecheck.multiple_choice import MCItem, load_hellaswag_local, load_mmlu_local, mmlu_items, score_choices
from tunecheck.session import ScoreItem, Session
from tunecheck.store import RunStore
from tunecheck.testing import shared_data_dir

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend

pytestmark = pytest.mark.integration

DATA = shared_data_dir()
SMOLLM = "packaged:smollm2-135m-instruct"
SUBJECT, N_MMLU, N_HELLASWAG, SHOTS = "high_school_geography", 12, 12, 2
TASKS = Path(__file__).parents[1] / "lm_eval_tasks"
ARITH = ("tc_arith_mc", "tc_arith_gen")
LIMIT = 16  # documents per task (mmlu and hellaswag have 12)
HEADLINE = {"tc_mmlu": "acc", "tc_hellaswag": "acc_norm", "tc_arith_mc": "acc", "tc_arith_gen": "exact_match"}


def _write_tasks(folder: Path) -> None:
    import lm_eval  # type: ignore[import-untyped]

    tasks = Path(lm_eval.__file__).parent / "tasks"
    for split in ("test", "dev"):
        questions = load_mmlu_local(DATA / "mmlu_release", split, [SUBJECT])[SUBJECT][:N_MMLU]
        (folder / f"mmlu_{split}.jsonl").write_text("".join(json.dumps(
            {"question": q.question, "choices": list(q.choices), "answer": q.answer}) + "\n" for q in questions))
    (folder / "tc_mmlu.yaml").write_text(json.dumps({
        "include": str(tasks / "mmlu" / "default" / "_default_template_yaml"), "task": "tc_mmlu",
        "dataset_path": "json", "dataset_name": None,
        "dataset_kwargs": {"data_files": {split: str(folder / f"mmlu_{split}.jsonl") for split in ("test", "dev")}},
        "description": "The following are multiple choice questions (with answers) about high school geography.\n\n",
        "metric_list": [{"metric": "acc"}, {"metric": "acc_norm"}], "num_fewshot": SHOTS,
    }))
    with (DATA / "hellaswag" / "validation.jsonl").open() as handle:
        rows = [json.loads(line) for _, line in zip(range(N_HELLASWAG), handle, strict=False)]
    with (folder / "hellaswag.jsonl").open("w") as out:
        for row in rows:  # ctx split at its last ". " into ctx_a / ctx_b, the Hugging Face layout
            head, _, tail = row["ctx"].rpartition(". ")
            out.write(json.dumps({"activity_label": row["activity_label"], "ctx_a": head + ".", "ctx_b": tail,
                                  "endings": row["endings"], "label": str(row["label"])}) + "\n")
    (folder / "tc_hellaswag.yaml").write_text(json.dumps({
        "include": str(tasks / "hellaswag" / "hellaswag.yaml"), "task": "tc_hellaswag", "dataset_path": "json",
        "dataset_name": None, "training_split": None, "validation_split": "validation",
        "dataset_kwargs": {"data_files": {"validation": str(folder / "hellaswag.jsonl")}}, "num_fewshot": 0,
    }))


def _write_arith_tasks(folder: Path) -> None:
    """The project's own tasks, their data file given as lm-eval's ``dataset_kwargs``."""
    for task in ARITH:
        (folder / f"{task}.yaml").write_text(json.dumps({
            "include": str(TASKS / f"{task}.yaml"), "task": task,
            "dataset_kwargs": {"data_files": {"test": str(TASKS / "arith.jsonl")}}}))


@pytest.fixture(scope="module")
def lm_eval_direct(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """lm-eval run directly (its ``hf`` model) on the four tasks: the folder of task files, its results."""
    if not DATA.is_dir():
        pytest.skip("public benchmark data not present")
    pytest.importorskip("lm_eval")
    from lm_eval import simple_evaluate
    from lm_eval.models.huggingface import HFLM  # type: ignore[import-untyped]
    from lm_eval.tasks import TaskManager  # type: ignore[import-untyped]

    from tunecheck.models import resolve_model_ref

    folder = tmp_path_factory.mktemp("lm_eval_tasks")
    _write_tasks(folder)
    _write_arith_tasks(folder)
    ref = resolve_model_ref(SMOLLM, Path.cwd())
    lm = HFLM(pretrained=ref.location, gguf_file=ref.gguf_file, batch_size=8, device="cpu", dtype="float32")
    results = simple_evaluate(model=lm, tasks=["tc_mmlu", "tc_hellaswag", *ARITH], limit=LIMIT,
                              task_manager=TaskManager(include_path=str(folder)), bootstrap_iters=0)
    assert results is not None
    return folder, results


def _samples(results: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return sorted(results["samples"][name], key=lambda s: s["doc_id"])


def _ours(folder: Path, backend: HFBackend) -> dict[str, list[MCItem]]:
    test = load_mmlu_local(DATA / "mmlu_release", "test", [SUBJECT])[SUBJECT][:N_MMLU]
    dev = load_mmlu_local(DATA / "mmlu_release", "dev", [SUBJECT])[SUBJECT]
    hellaswag = load_hellaswag_local("hellaswag", folder / "hellaswag.jsonl")
    # tunecheck scores HellaSwag zero-shot, as lm-eval's reference runs do
    return {"tc_mmlu": mmlu_items("mmlu", test, dev, SHOTS), "tc_hellaswag": hellaswag}


def test_acc_and_acc_norm_agree_with_lm_evaluation_harness(tmp_path: Path, hf_smollm: HFBackend,
                                                           lm_eval_direct: tuple[Path, dict[str, Any]]) -> None:
    folder, results = lm_eval_direct
    theirs = {name: _samples(results, name) for name in ("tc_mmlu", "tc_hellaswag")}
    spec = {"kind": "hf", "model": SMOLLM}
    config = RunConfig.model_validate({"version": 1, "candidate": spec, "baseline": spec, "checks": {}})
    session = Session(config, tmp_path, RunStore(tmp_path / "store.sqlite"), backends=lambda role: hf_smollm)
    for task, items in _ours(folder, hf_smollm).items():
        samples = theirs[task]
        assert len(samples) == len(items)
        requests = [ScoreItem(f"{i.id}/{j}", i.context, c) for i in items for j, c in enumerate(i.continuations())]
        assert [(r.context, r.continuation) for r in requests] == \
            [tuple(a) for s in samples for a in s["arguments"]], f"{task}: prompts differ from lm-eval's"
        results = session.loglikelihood("agreement", requests, roles=("candidate",))["candidate"]
        acc, acc_norm, start = [], [], 0
        for item, sample in zip(items, samples, strict=True):
            lls = [r.logprob for r in results[start:start + len(item.choices)]]
            start += len(item.choices)
            theirs_lls = [float(resp[0][0]) for resp in sample["resps"]]
            assert lls == pytest.approx(theirs_lls, abs=1e-3), item.id
            score = score_choices(lls, item.choices, item.gold)
            acc.append(score.acc - float(sample["acc"]))
            acc_norm.append(score.acc_norm - float(sample["acc_norm"]))
        assert abs(sum(acc)) / len(items) <= 0.01 and abs(sum(acc_norm)) / len(items) <= 0.01, task


def test_lm_eval_tasks_through_the_session_agree_with_lm_eval_run_directly(
        tmp_path: Path, hf_smollm: HFBackend, lm_eval_direct: tuple[Path, dict[str, Any]]) -> None:
    """tunecheck's ``format: lm_eval`` on the same model and items: scores within 0.5 point, items >= 99%."""
    from tunecheck.checks.regression._lm_eval_run import run_task
    from tunecheck.config import LMEvalBenchmark

    folder, results = lm_eval_direct
    arith = {"include_path": [str(TASKS)], "dataset_path": "json",
             "data_files": {"test": str(TASKS / "arith.jsonl")}}
    benchmarks = [{"format": "lm_eval", "task": task, "limit": LIMIT, "metrics": [HEADLINE[task]],
                   **(arith if task in ARITH else {"include_path": [str(folder)]})} for task in HEADLINE]
    spec = {"kind": "hf", "model": SMOLLM}
    config = RunConfig.model_validate({"version": 1, "candidate": spec, "baseline": spec, "checks": {}})
    session = Session(config, tmp_path, RunStore(tmp_path / "store.sqlite"), backends=lambda role: hf_smollm)
    for bench in benchmarks:
        task, metric = str(bench["task"]), HEADLINE[str(bench["task"])]
        ours = run_task(LMEvalBenchmark.model_validate(bench), session, "candidate", "agreement", LIMIT)
        mine, theirs = ours.samples[task], _samples(results, task)
        assert [s["doc_id"] for s in mine] == [s["doc_id"] for s in theirs] and len(mine) >= 12, task
        assert [s["arguments"] for s in mine] == [s["arguments"] for s in theirs], f"{task}: requests differ"
        agree = sum(float(a[metric]) == float(b[metric]) for a, b in zip(mine, theirs, strict=True)) / len(mine)
        if task == "tc_arith_gen":  # the generated texts themselves, as lm-eval's filter saw them
            texts = [(a["resps"], b["resps"]) for a, b in zip(mine, theirs, strict=True)]
            assert sum(a == b for a, b in texts) / len(texts) >= 0.99 and any(a[0][0].strip() for a, _ in texts)
        score = ours.results[task][f"{metric},{mine[0]['filter']}"]
        reference = results["results"][task][f"{metric},{theirs[0]['filter']}"]
        print(f"{task}: {metric} tunecheck {score:.4f} lm-eval {reference:.4f}, items agree {agree:.1%}")
        assert abs(score - reference) <= 0.005 and agree >= 0.99, task
