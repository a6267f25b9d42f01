"""The hf backend's log-likelihood scoring: shared prefixes and kept positions against the plain path.

Run by hand, from the repository root:

    .venv/bin/python benchmarks/bench_hf_prefix_scoring.py [--rows 100] [--batch-size 8] [--rounds 2]
        [--dtype float32] [--threads N] [--json out.json]

One ``HFBackend`` on the packaged SmolLM2-135M-Instruct (GGUF dequantised to ``--dtype``, CPU)
scores three request lists three ways, in the same process:

- ``plain``: the path before this change, every row in full and logits at every position;
- ``kept``: the output head on the read positions only (``logits_to_keep``);
- ``shared``: that, and a prefix shared by 16 tokens or more run once per cluster (the default).

The request lists: loss-gap rows as the overfitting check builds them (the triage validation
set, ``examples/triage/data/validation.jsonl``: the triage system prompt and the ticket through
the chat template, continuation ``target``), MMLU 1-shot items (``examples/triage/general/mmlu``,
four answer letters each) and 0-shot HellaSwag items (``examples/triage/general/hellaswag.jsonl``,
four endings each), where every item is its own cluster. Rounds alternate the ways and each way
keeps its best time, which damps the noise of a shared machine. Reported per list: rows (or
items) per second of each way, the speed-up of ``kept`` and ``shared`` over ``plain`` (wall
clock and process CPU time), and the largest log-likelihood difference and ``is_greedy``
disagreements against ``plain``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIAGE = ROOT / "examples" / "triage"
MODEL = "packaged:smollm2-135m-instruct"


@dataclass(frozen=True)
class Workload:
    """A request list and how many units (rows or items) it scores."""

    name: str
    requests: list[object]
    units: int
    unit: str


def loss_gap_rows(backend: object, limit: int) -> Workload:
    from tunecheck.backends import LoglikelihoodRequest, Message

    sys.path.insert(0, str(TRIAGE))
    from prompt import SYSTEM_PROMPT  # type: ignore[import-not-found]

    lines = (TRIAGE / "data" / "validation.jsonl").read_text().splitlines()[:limit]
    rows = [json.loads(line) for line in lines]
    render = backend.render  # type: ignore[attr-defined]
    requests: list[object] = [
        LoglikelihoodRequest(render([Message("system", SYSTEM_PROMPT), Message("user", row["message"])]), row["target"])
        for row in rows]
    return Workload("loss_gap", requests, len(requests), "rows")


def multiple_choice(name: str, items: list[object]) -> Workload:
    from tunecheck.backends import LoglikelihoodRequest
    from tunecheck.multiple_choice import MCItem

    requests: list[object] = [LoglikelihoodRequest(item.context, c) for item in items if isinstance(item, MCItem)
                              for c in item.continuations()]
    return Workload(name, requests, len(items), "items")


def mmlu_one_shot() -> Workload:
    from tunecheck.multiple_choice import load_mmlu_local, mmlu_items

    root = TRIAGE / "general" / "mmlu"
    test, dev = load_mmlu_local(root, "test", None), load_mmlu_local(root, "dev", None)
    return multiple_choice("mmlu_1shot", [i for s in sorted(test) for i in mmlu_items("mmlu", test[s], dev[s], 1)])


def hellaswag() -> Workload:
    from tunecheck.multiple_choice import load_hellaswag_local

    return multiple_choice("hellaswag_0shot", list(load_hellaswag_local("hellaswag", TRIAGE / "general" /
                                                                         "hellaswag.jsonl")))


def timed(backend: object, settings: object, workload: Workload) -> tuple[list[object], float, float]:
    """Scores (in request order), wall and CPU seconds of one way on one list."""
    backend._scoring = settings  # type: ignore[attr-defined]  # the way under test
    started, cpu = time.perf_counter(), time.process_time()
    results = dict(backend.loglikelihood(workload.requests))  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    return [results[i] for i in range(len(workload.requests))], *elapsed


def measure(backend: object, workload: Workload, rounds: int) -> dict[str, object]:
    from tunecheck.backends._hf_score import PLAIN, ScoreSettings

    ways = {"plain": PLAIN, "kept": ScoreSettings(min_prefix=None), "shared": ScoreSettings()}
    best: dict[str, tuple[float, float]] = {}
    scores: dict[str, list[object]] = {}
    for _ in range(rounds):
        for name, settings in ways.items():
            scores[name], wall, cpu = timed(backend, settings, workload)
            old = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(old[0], wall), min(old[1], cpu))
    out: dict[str, object] = {"units": workload.units, "unit": workload.unit, "requests": len(workload.requests)}
    for name in ways:
        out[f"{name}_{workload.unit}_per_s"] = workload.units / best[name][0]
        out[f"{name}_wall_s"], out[f"{name}_cpu_s"] = best[name]
        if name != "plain":
            out[f"{name}_ratio_wall"] = best["plain"][0] / best[name][0]
            out[f"{name}_ratio_cpu"] = best["plain"][1] / best[name][1]
            pairs = list(zip(scores[name], scores["plain"], strict=True))
            out[f"{name}_max_abs_logprob_diff"] = max(abs(a.logprob - b.logprob) for a, b in pairs)  # type: ignore[attr-defined]
            out[f"{name}_is_greedy_differing"] = sum(a.is_greedy != b.is_greedy for a, b in pairs)  # type: ignore[attr-defined]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100, help="Loss-gap rows (the validation set has 100).")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--dtype", choices=["float32", "bfloat16"], default="float32")
    parser.add_argument("--rounds", type=int, default=2, help="Alternating timed rounds; the best of each way counts.")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (1 on a busy machine).")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    import torch

    from tunecheck.backends._hf import HFBackend
    from tunecheck.config import HFSpec

    if args.threads:
        torch.set_num_threads(args.threads)
    backend = HFBackend(HFSpec(model=MODEL, batch_size=args.batch_size, dtype=args.dtype), ROOT)
    workloads = [loss_gap_rows(backend, args.rows), mmlu_one_shot(), hellaswag()]
    report = {"model": MODEL, "dtype": args.dtype, "batch_size": args.batch_size, "threads": torch.get_num_threads(),
              "rounds": args.rounds, "results": {w.name: measure(backend, w, args.rounds) for w in workloads}}
    print(json.dumps(report, indent=2))
    for name, row in report["results"].items():  # type: ignore[attr-defined]
        unit = row["unit"]
        print(f"{name}: plain {row[f'plain_{unit}_per_s']:.2f} {unit}/s, kept {row[f'kept_{unit}_per_s']:.2f} "
              f"({row['kept_ratio_wall']:.2f}x), shared {row[f'shared_{unit}_per_s']:.2f} "
              f"({row['shared_ratio_wall']:.2f}x wall, {row['shared_ratio_cpu']:.2f}x CPU); "
              f"max |dlogprob| {row['shared_max_abs_logprob_diff']:.1e}, "
              f"is_greedy differing {row['shared_is_greedy_differing']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
