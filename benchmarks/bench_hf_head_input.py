"""The candidate's answers with and without a contiguous input to the output head, against the base's.

Run by hand, from the repository root:

    .venv/bin/python benchmarks/bench_hf_head_input.py [--tickets 64] [--batch-size 32]
        [--max-tokens 8] [--adapter examples/triage/adapters/good] [--rounds 3] [--threads N]
        [--json out.json]

Two ``HFBackend`` objects on the packaged SmolLM2-135M-Instruct, the base and the base with the
demo's LoRA adapter (merged, so both run the same shapes), answer triage tickets as the checks
ask them (the deployment's system prompt and the ticket, greedy, bfloat16), in the same process,
rounds alternating:

- ``base``: the baseline;
- ``candidate, view``: the candidate with the head's input left as transformers slices it
  (a non-contiguous view; peft froze the weights, so ``torch.matmul`` copies the head's weight
  once per row: the path before this change);
- ``candidate``: the candidate as the backend loads it (the input made contiguous).

Reported: tickets per second each way (best round), each way's time as a ratio to the base's,
and how many answers the two candidate ways give differently (none: the same kernel result).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench_hf_prefix_generation import MODEL, ROOT, requests


def timed(backend: object, batch: list[object]) -> tuple[list[str], float]:
    backend._last_prefix = None  # type: ignore[attr-defined]  # each timed call pays for its own prefix
    started = time.perf_counter()
    out = dict(backend.generate(batch))  # type: ignore[attr-defined]
    return [out[i].text for i in range(len(batch))], time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-tokens", type=int, default=8)
    parser.add_argument("--adapter", default="examples/triage/adapters/good")
    parser.add_argument("--rounds", type=int, default=3, help="Alternating timed rounds; the best of each way counts.")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (1 on a busy machine).")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    import torch

    from tunecheck.backends._hf import HFBackend
    from tunecheck.config import HFSpec

    if args.threads:
        torch.set_num_threads(args.threads)
    base = HFBackend(HFSpec(model=MODEL, batch_size=args.batch_size, dtype="bfloat16"), ROOT)
    candidate = HFBackend(HFSpec(model=MODEL, adapter=args.adapter, batch_size=args.batch_size,
                                 dtype="bfloat16"), ROOT)
    head = candidate._model.get_output_embeddings()  # type: ignore[attr-defined]
    hooks = dict(head._forward_pre_hooks)
    batch = requests(base, args.tickets, args.max_tokens)
    best: dict[str, float] = {}
    texts: dict[str, list[str]] = {}
    for _ in range(args.rounds):
        for name in ("base", "candidate, view", "candidate"):
            head._forward_pre_hooks.clear()
            if name == "candidate":
                head._forward_pre_hooks.update(hooks)
            texts[name], wall = timed(base if name == "base" else candidate, batch)
            best[name] = min(best.get(name, float("inf")), wall)
    report = {"model": MODEL, "adapter": args.adapter, "dtype": "bfloat16", "batch_size": args.batch_size,
              "max_tokens": args.max_tokens, "tickets": len(batch), "threads": torch.get_num_threads(),
              "rounds": args.rounds,
              "tickets_per_s": {name: len(batch) / wall for name, wall in best.items()},
              "time_ratio_to_base": {name: wall / best["base"] for name, wall in best.items()},
              "candidate_answers_differing": sum(a != b for a, b in zip(texts["candidate"], texts["candidate, view"],
                                                                        strict=True))}
    print(json.dumps(report, indent=2))
    ratios = report["time_ratio_to_base"]
    print(f"time as a ratio to the base's: candidate, view {ratios['candidate, view']:.2f}x, "  # type: ignore[index]
          f"candidate {ratios['candidate']:.2f}x; candidate answers differing "  # type: ignore[index]
          f"{report['candidate_answers_differing']} of {len(batch)}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
