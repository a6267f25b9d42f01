"""Multiple-choice scoring: tunecheck against lm-evaluation-harness on the same items, model and machine.

Run by hand (needs the dev-only ``lm-eval`` package and the public data in ../shared/data):

    .venv/bin/python benchmarks/bench_loglikelihood.py [--mmlu-per-subject 30] [--hellaswag 150]
        [--fewshot 0] [--batch-size 8] [--rounds 1] [--threads N] [--data ../shared/data] [--json out.json]

Both sides load the packaged SmolLM2-135M-Instruct GGUF through transformers (dequantised to
float32, CPU): tunecheck through its ``hf`` backend and a ``Session`` (run store included),
lm-eval through its ``hf`` model with ``gguf_file``. The items are written once to a temp
folder: MMLU rows (``mmlu_release``, first N of each of five subjects) as JSONL for custom
lm-eval tasks that ``include`` lm-eval's own ``mmlu`` template, and the first M HellaSwag
rows as JSONL with ``ctx_a``/``ctx_b`` (``ctx`` split at its last ". ", which restores the
capital of ActivityNet items' ``ctx_b``) for a task that includes lm-eval's ``hellaswag.yaml``
(its own ``process_docs``). tunecheck reads the same rows with its own loaders and prompts.

Reported: acc and acc_norm of both per task and overall, the items whose predictions
differ, the largest per-choice log-likelihood difference, and items/s of each side (model
loading excluded; lm-eval's bootstrap of standard errors switched off; tunecheck starts each
round with an empty run store; with ``--rounds`` > 1 the sides alternate and each keeps its best
time, which damps the noise of a shared machine). Both wall-clock and process CPU time are
reported; on a machine shared with other work, ``--threads 1`` and the CPU-time ratio are the
steadier measure (parallel regions spin-wait under contention, inflating both). The requirement is
agreement within 1 point; the speed ratio is tunecheck items/s over lm-eval items/s.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

SUBJECTS = ("abstract_algebra", "high_school_geography", "marketing", "world_religions", "college_biology")
MODEL = "packaged:smollm2-135m-instruct"


@dataclass(frozen=True)
class Timing:
    """Wall-clock and process CPU seconds of one side's run."""

    wall_s: float
    cpu_s: float


@dataclass(frozen=True)
class TaskScores:
    """Per-item outcomes of one side on one task: (acc, acc_norm, per-choice log-likelihoods)."""

    acc: list[float]
    acc_norm: list[float]
    lls: list[list[float]]


def write_tasks(data: Path, out: Path, per_subject: int, n_hellaswag: int, fewshot: int) -> dict[str, Path]:
    """JSONL files and lm-eval task YAMLs for the chosen items; returns task name -> data file."""
    import lm_eval  # type: ignore[import-untyped]

    from tunecheck.multiple_choice import read_mmlu_csv

    tasks_dir = Path(lm_eval.__file__).parent / "tasks"
    files: dict[str, Path] = {}
    for subject in SUBJECTS:
        for split, n in (("test", per_subject), ("dev", 5)):
            rows = read_mmlu_csv(data / "mmlu_release" / split / f"{subject}_{split}.csv", subject)[:n]
            path = out / f"mmlu_{subject}_{split}.jsonl"
            path.write_text("".join(json.dumps({"question": q.question, "subject": subject, "choices": list(q.choices),
                                                "answer": q.answer}) + "\n" for q in rows))
        name = f"tc_mmlu_{subject}"
        (out / f"{name}.yaml").write_text(json.dumps({
            "include": str(tasks_dir / "mmlu" / "default" / "_default_template_yaml"), "task": name,
            "dataset_path": "json", "dataset_name": None,
            "dataset_kwargs": {"data_files": {"test": str(out / f"mmlu_{subject}_test.jsonl"),
                                              "dev": str(out / f"mmlu_{subject}_dev.jsonl")}},
            "description": f"The following are multiple choice questions (with answers) about "
                           f"{subject.replace('_', ' ')}.\n\n",
            "metric_list": [{"metric": "acc", "aggregation": "mean", "higher_is_better": True},
                            {"metric": "acc_norm", "aggregation": "mean", "higher_is_better": True}],
            "num_fewshot": fewshot,
        }))
        files[name] = out / f"mmlu_{subject}_test.jsonl"
    path = out / "hellaswag.jsonl"
    with (data / "hellaswag" / "validation.jsonl").open() as handle:
        lines = [json.loads(line) for _, line in zip(range(n_hellaswag), handle, strict=False)]
    path.write_text("".join(json.dumps(_with_ctx_parts(row)) + "\n" for row in lines))
    (out / "tc_hellaswag.yaml").write_text(json.dumps({
        "include": str(tasks_dir / "hellaswag" / "hellaswag.yaml"), "task": "tc_hellaswag",
        "dataset_path": "json", "dataset_name": None, "training_split": None, "validation_split": "validation",
        "dataset_kwargs": {"data_files": {"validation": str(path)}}, "num_fewshot": 0,
    }))
    files["tc_hellaswag"] = path
    return files


def _with_ctx_parts(row: dict[str, object]) -> dict[str, object]:
    ctx = str(row["ctx"])
    head, sep, tail = ctx.rpartition(". ")
    ctx_a, ctx_b = (head + ".", tail) if sep else (ctx, "")
    return {"activity_label": row["activity_label"], "ctx_a": ctx_a, "ctx_b": ctx_b, "endings": row["endings"],
            "label": str(row["label"])}


def tunecheck_items(data: Path, files: dict[str, Path], per_subject: int, fewshot: int) -> dict[str, list[object]]:
    """tunecheck's own items for each task, from its own loaders."""
    from tunecheck.multiple_choice import load_hellaswag_local, load_mmlu_local, mmlu_items

    test = load_mmlu_local(data / "mmlu_release", "test", SUBJECTS)
    dev = load_mmlu_local(data / "mmlu_release", "dev", SUBJECTS)
    items: dict[str, list[object]] = {}
    for subject in SUBJECTS:
        items[f"tc_mmlu_{subject}"] = list(mmlu_items("mmlu", test[subject][:per_subject], dev[subject], fewshot))
    items["tc_hellaswag"] = list(load_hellaswag_local("hellaswag", files["tc_hellaswag"]))
    return items


def load_tunecheck_backend(batch_size: int) -> object:
    from tunecheck.backends._hf import HFBackend
    from tunecheck.config import HFSpec

    return HFBackend(HFSpec(model=MODEL, batch_size=batch_size), Path.cwd())


def run_tunecheck(backend: object, load: Callable[[], dict[str, list[object]]],
                  run_dir: Path) -> tuple[dict[str, TaskScores], Timing]:
    """Load the items and score them through a fresh Session (empty run store) on the hf backend, one
    request list per benchmark as the regression check sends it; returns scores and time spent."""
    from tunecheck.backends import Backend
    from tunecheck.config import RunConfig
    from tunecheck.multiple_choice import MCItem, score_choices
    from tunecheck.session import ScoreItem, Session
    from tunecheck.store import RunStore

    assert isinstance(backend, Backend)
    spec = {"kind": "hf", "model": MODEL}
    config = RunConfig.model_validate({"version": 1, "candidate": spec, "baseline": spec, "checks": {}})
    run_dir.mkdir(parents=True)
    session = Session(config, run_dir, RunStore(run_dir / "store.sqlite"), backends=lambda role: backend)
    session.backend("candidate")
    started, cpu = time.perf_counter(), time.process_time()
    items = load()
    out: dict[str, TaskScores] = {}
    for group in ("mmlu", "hellaswag"):
        names = [n for n in items if n.startswith(f"tc_{group}")]
        mc = [i for n in names for i in items[n] if isinstance(i, MCItem)]
        requests = [ScoreItem(f"{i.id}/{j}", i.context, c) for i in mc for j, c in enumerate(i.continuations())]
        results = session.loglikelihood("bench", requests, roles=("candidate",))["candidate"]
        start = 0
        for name in names:
            scores, lls = [], []
            for item in items[name]:
                assert isinstance(item, MCItem)
                values = [r.logprob for r in results[start:start + len(item.choices)]]
                start += len(item.choices)
                scores.append(score_choices(values, item.choices, item.gold))
                lls.append(values)
            out[name] = TaskScores([s.acc for s in scores], [s.acc_norm for s in scores], lls)
    return out, Timing(time.perf_counter() - started, time.process_time() - cpu)


def load_lm_eval_model(batch_size: int) -> object:
    from lm_eval.models.huggingface import HFLM  # type: ignore[import-untyped]

    from tunecheck.models import resolve_model_ref

    ref = resolve_model_ref(MODEL, Path.cwd())
    return HFLM(pretrained=ref.location, gguf_file=ref.gguf_file, batch_size=batch_size, device="cpu",
                dtype="float32")


def run_lm_eval(lm: object, tasks_dir: Path, names: Sequence[str]) -> tuple[dict[str, TaskScores], Timing]:
    """The same tasks through lm-eval's simple_evaluate on its hf model (GGUF), no request cache."""
    from lm_eval import simple_evaluate
    from lm_eval.tasks import TaskManager  # type: ignore[import-untyped]

    manager = TaskManager(include_path=str(tasks_dir))
    started, cpu = time.perf_counter(), time.process_time()
    results = simple_evaluate(model=lm, tasks=list(names), task_manager=manager,
                              log_samples=True, bootstrap_iters=0)
    elapsed = Timing(time.perf_counter() - started, time.process_time() - cpu)
    assert results is not None
    out: dict[str, TaskScores] = {}
    for name in names:
        samples = sorted(results["samples"][name], key=lambda s: s["doc_id"])
        out[name] = TaskScores([float(s["acc"]) for s in samples], [float(s["acc_norm"]) for s in samples],
                               [[float(r[0][0]) for r in s["resps"]] for s in samples])
    return out, elapsed


def compare(ours: dict[str, TaskScores], theirs: dict[str, TaskScores]) -> dict[str, dict[str, float]]:
    """Per task group (mmlu, hellaswag): both sides' acc and acc_norm, differing items, largest |Δll|."""
    table: dict[str, dict[str, float]] = {}
    for group in ("mmlu", "hellaswag"):
        names = [n for n in ours if n.startswith(f"tc_{group}")]
        row: dict[str, float] = {"items": float(sum(len(ours[n].acc) for n in names))}
        for metric in ("acc", "acc_norm"):
            a = [v for n in names for v in getattr(ours[n], metric)]
            b = [v for n in names for v in getattr(theirs[n], metric)]
            row[f"tunecheck_{metric}"] = sum(a) / len(a)
            row[f"lm_eval_{metric}"] = sum(b) / len(b)
            row[f"{metric}_items_differing"] = float(sum(x != y for x, y in zip(a, b, strict=True)))
        row["max_abs_ll_diff"] = max(abs(x - y) for n in names for p, q in zip(ours[n].lls, theirs[n].lls, strict=True)
                                     for x, y in zip(p, q, strict=True))
        table[group] = row
    return table


def torch_threads() -> int:
    import torch

    return int(torch.get_num_threads())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--mmlu-per-subject", type=int, default=30)
    parser.add_argument("--hellaswag", type=int, default=150)
    parser.add_argument("--fewshot", type=int, default=0, help="MMLU shots (HellaSwag is scored zero-shot).")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--threads", type=int, default=None,
                        help="torch CPU threads; 1 keeps CPU time meaningful on a busy machine (no spin-waits).")
    parser.add_argument("--rounds", type=int, default=1, help="Alternating timed rounds; the best of each side counts.")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_tasks(args.data, folder, args.mmlu_per_subject, args.hellaswag, args.fewshot)
        items = partial(tunecheck_items, args.data, files, args.mmlu_per_subject, args.fewshot)
        backend, lm = load_tunecheck_backend(args.batch_size), load_lm_eval_model(args.batch_size)
        ours_times: list[Timing] = []
        theirs_times: list[Timing] = []
        for round_ in range(args.rounds):  # alternate the sides; keep each side's best time
            ours, timing = run_tunecheck(backend, items, folder / f"run{round_}")
            ours_times.append(timing)
            theirs, timing = run_lm_eval(lm, folder, list(files))
            theirs_times.append(timing)
    table = compare(ours, theirs)
    n = sum(len(s.acc) for s in ours.values())
    best = {side: (min(t.wall_s for t in times), min(t.cpu_s for t in times))
            for side, times in (("tunecheck", ours_times), ("lm_eval", theirs_times))}
    speed = {"items": n, "threads": torch_threads(),
             "rounds": {"tunecheck": [vars(t) for t in ours_times], "lm_eval": [vars(t) for t in theirs_times]},
             "tunecheck_items_per_s": n / best["tunecheck"][0], "lm_eval_items_per_s": n / best["lm_eval"][0],
             "ratio_wall": best["lm_eval"][0] / best["tunecheck"][0],
             "ratio_cpu": best["lm_eval"][1] / best["tunecheck"][1]}
    report = {"fewshot": args.fewshot, "agreement": table, "speed": speed}
    print(json.dumps(report, indent=2))
    for group, row in table.items():
        for metric in ("acc", "acc_norm"):
            gap = abs(row[f"tunecheck_{metric}"] - row[f"lm_eval_{metric}"])
            verdict = "OK" if gap <= 0.01 else "OUTSIDE 1 POINT"
            print(f"{group} {metric}: tunecheck {row[f'tunecheck_{metric}']:.4f}  "
                  f"lm-eval {row[f'lm_eval_{metric}']:.4f}  |gap| {100 * gap:.2f} points  {verdict}")
    print(f"speed: tunecheck {speed['tunecheck_items_per_s']:.2f} items/s, lm-eval {speed['lm_eval_items_per_s']:.2f} "
          f"items/s, ratio (wall) {speed['ratio_wall']:.2f}, ratio (CPU time) {speed['ratio_cpu']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
