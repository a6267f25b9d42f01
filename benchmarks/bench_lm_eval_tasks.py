"""lm-eval tasks through tunecheck's session against lm-eval run directly: same model, items and machine.

Run by hand (needs the ``lmeval`` extra and, for HellaSwag, the public data in ../shared/data):

    .venv/bin/python benchmarks/bench_lm_eval_tasks.py [--limit 60] [--hellaswag 60] [--batch-size 8]
        [--rounds 2] [--threads N] [--data ../shared/data] [--json out.json]

Tasks: the project's own multiple-choice and generation tasks (``tests/lm_eval_tasks``) and
lm-eval's ``hellaswag.yaml`` over the first N local HellaSwag rows. Both sides load the packaged
SmolLM2-135M-Instruct GGUF through transformers (float32, CPU). lm-eval runs
``simple_evaluate`` with its ``hf`` model; tunecheck runs the same tasks as ``format: lm_eval``
benchmarks do (``run_task``: lm-eval's evaluator with tunecheck's ``SessionLM``, every request
through a ``Session`` with a fresh run store and the ``hf`` backend). Model loading is excluded;
with ``--rounds`` > 1 the sides alternate and each keeps its best time. Reported: each task's
score on both sides, the items whose scores differ, and the speed ratio (lm-eval's time over
tunecheck's: above 1 means tunecheck is faster), wall-clock and process CPU.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

MODEL = "packaged:smollm2-135m-instruct"
TASKS = Path(__file__).resolve().parents[1] / "tests" / "lm_eval_tasks"
HEADLINE = {"tc_arith_mc": "acc", "tc_arith_gen": "exact_match", "tc_hellaswag": "acc_norm"}


def write_tasks(data: Path, out: Path, n_hellaswag: int) -> None:
    """Task files lm-eval reads directly (data files given as its ``dataset_kwargs``)."""
    import lm_eval  # type: ignore[import-untyped]

    for task in ("tc_arith_mc", "tc_arith_gen"):
        (out / f"{task}.yaml").write_text(json.dumps({
            "include": str(TASKS / f"{task}.yaml"), "task": task,
            "dataset_kwargs": {"data_files": {"test": str(TASKS / "arith.jsonl")}}}))
    rows = []
    with (data / "hellaswag" / "validation.jsonl").open() as handle:
        for _, line in zip(range(n_hellaswag), handle, strict=False):
            row = json.loads(line)
            head, _, tail = row["ctx"].rpartition(". ")
            rows.append({"activity_label": row["activity_label"], "ctx_a": head + ".", "ctx_b": tail,
                         "endings": row["endings"], "label": str(row["label"])})
    (out / "hellaswag.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (out / "tc_hellaswag.yaml").write_text(json.dumps({
        "include": str(Path(lm_eval.__file__).parent / "tasks" / "hellaswag" / "hellaswag.yaml"),
        "task": "tc_hellaswag", "dataset_path": "json", "dataset_name": None, "training_split": None,
        "validation_split": "validation",
        "dataset_kwargs": {"data_files": {"validation": str(out / "hellaswag.jsonl")}},
    }))


def run_direct(lm: Any, folder: Path, limit: int) -> tuple[dict[str, Any], float, float]:
    from lm_eval import simple_evaluate
    from lm_eval.tasks import TaskManager  # type: ignore[import-untyped]

    manager = TaskManager(include_path=str(folder), include_defaults=False)
    wall, cpu = time.perf_counter(), time.process_time()
    results = simple_evaluate(model=lm, tasks=list(HEADLINE), limit=limit, task_manager=manager,
                              log_samples=True, bootstrap_iters=0)
    return results, time.perf_counter() - wall, time.process_time() - cpu


def run_tunecheck(backend: Any, folder: Path, limit: int, run_dir: Path) -> tuple[dict[str, Any], float, float]:
    from tunecheck.checks.regression._lm_eval_run import run_task
    from tunecheck.config import LMEvalBenchmark, RunConfig
    from tunecheck.session import Session
    from tunecheck.store import RunStore

    spec = {"kind": "hf", "model": MODEL}
    config = RunConfig.model_validate({"version": 1, "candidate": spec, "baseline": spec, "checks": {}})
    run_dir.mkdir(parents=True)
    session = Session(config, run_dir, RunStore(run_dir / "store.sqlite"), backends=lambda role: backend)
    session.backend("candidate")
    out: dict[str, Any] = {"samples": {}, "results": {}}
    wall, cpu = time.perf_counter(), time.process_time()
    for task in HEADLINE:
        bench = {"format": "lm_eval", "task": task, "include_path": [str(folder)]}
        run = run_task(LMEvalBenchmark.model_validate(bench), session, "candidate", "bench", limit)
        out["samples"].update(run.samples)
        out["results"].update(run.results)
    return out, time.perf_counter() - wall, time.process_time() - cpu


def compare(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, dict[str, float]]:
    table = {}
    for task, metric in HEADLINE.items():
        a = sorted(ours["samples"][task], key=lambda s: s["doc_id"])
        b = sorted(theirs["samples"][task], key=lambda s: s["doc_id"])
        key = f"{metric},{a[0]['filter']}"
        table[task] = {"items": float(len(a)), "tunecheck": float(ours["results"][task][key]),
                       "lm_eval": float(theirs["results"][task][key]),
                       "items_differing": float(sum(float(x[metric]) != float(y[metric])
                                                    for x, y in zip(a, b, strict=True)))}
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--limit", type=int, default=60, help="Documents per task.")
    parser.add_argument("--hellaswag", type=int, default=60, help="HellaSwag rows written.")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    import torch
    from lm_eval.models.huggingface import HFLM  # type: ignore[import-untyped]

    from tunecheck.backends._hf import HFBackend
    from tunecheck.config import HFSpec
    from tunecheck.models import resolve_model_ref

    if args.threads:
        torch.set_num_threads(args.threads)
    ref = resolve_model_ref(MODEL, Path.cwd())
    lm = HFLM(pretrained=ref.location, gguf_file=ref.gguf_file, batch_size=args.batch_size, device="cpu",
              dtype="float32")
    backend = HFBackend(HFSpec(model=MODEL, batch_size=args.batch_size), Path.cwd())
    times: dict[str, list[tuple[float, float]]] = {"tunecheck": [], "lm_eval": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_tasks(args.data, folder, args.hellaswag)
        for round_ in range(args.rounds):
            ours, wall, cpu = run_tunecheck(backend, folder, args.limit, folder / f"run{round_}")
            times["tunecheck"].append((wall, cpu))
            theirs, wall, cpu = run_direct(lm, folder, args.limit)
            times["lm_eval"].append((wall, cpu))
    best = {side: (min(t[0] for t in ts), min(t[1] for t in ts)) for side, ts in times.items()}
    report = {"agreement": compare(ours, theirs), "threads": int(torch.get_num_threads()), "rounds": times,
              "ratio_wall": best["lm_eval"][0] / best["tunecheck"][0],
              "ratio_cpu": best["lm_eval"][1] / best["tunecheck"][1]}
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
