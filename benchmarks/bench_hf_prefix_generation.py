"""The hf backend's generation after a shared prefix against generation of the whole rows.

Run by hand, from the repository root:

    .venv/bin/python benchmarks/bench_hf_prefix_generation.py [--tickets 64] [--batch-size 16]
        [--max-tokens 8 48] [--dtype bfloat16] [--rounds 2] [--threads N] [--json out.json]

One ``HFBackend`` on the packaged SmolLM2-135M-Instruct answers triage tickets as the checks
ask them (``examples/triage/data/test.jsonl``: the deployment's system prompt and the ticket
through the chat template, greedy), two ways in the same process:

- ``whole``: every prompt run in full, left-padded (the path before this change);
- ``shared``: the leading tokens every prompt shares (system turn and the user turn's opening)
  run once, each batch generating from a copy of their key/value cache (the default).

Rounds alternate the ways and each keeps its best time. Reported per ``max_tokens``: tickets
per second each way, the speed-up of ``shared`` (wall clock and process CPU time), the shared
prefix's length against the mean prompt, and how many answers differ from ``whole`` (in
float32 none should; in bfloat16 a prefix run with batch size one rounds differently from the
same tokens run inside a padded batch, as any change of batch does).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIAGE = ROOT / "examples" / "triage"
MODEL = "packaged:smollm2-135m-instruct"


def requests(backend: object, n: int, max_tokens: int) -> list[object]:
    from tunecheck.backends import GenerationParams, GenerationRequest, Message

    sys.path.insert(0, str(TRIAGE))
    from prompt import SYSTEM_PROMPT  # type: ignore[import-not-found]

    rows = [json.loads(line) for line in (TRIAGE / "data" / "test.jsonl").read_text().splitlines()[:n]]
    render = backend.render  # type: ignore[attr-defined]
    return [GenerationRequest(render([Message("system", SYSTEM_PROMPT), Message("user", row["message"])]),
                              GenerationParams(max_tokens=max_tokens)) for row in rows]


def timed(backend: object, min_prefix: int | None, batch: list[object]) -> tuple[list[str], float, float]:
    """Answers (in request order), wall and CPU seconds of one way."""
    backend._generation_min_prefix = min_prefix  # type: ignore[attr-defined]  # the way under test
    backend._last_prefix = None  # type: ignore[attr-defined]  # each timed call pays for its own prefix
    started, cpu = time.perf_counter(), time.process_time()
    out = dict(backend.generate(batch))  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    return [out[i].text for i in range(len(batch))], *elapsed


def measure(backend: object, batch: list[object], rounds: int) -> dict[str, object]:
    from tunecheck.backends._hf import GENERATION_MIN_PREFIX

    ways = {"whole": None, "shared": GENERATION_MIN_PREFIX}
    best: dict[str, tuple[float, float]] = {}
    texts: dict[str, list[str]] = {}
    for _ in range(rounds):
        for name, min_prefix in ways.items():
            texts[name], wall, cpu = timed(backend, min_prefix, batch)
            old = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(old[0], wall), min(old[1], cpu))
    encode = backend.encode  # type: ignore[attr-defined]
    prompt_tokens = [len(encode(r.prompt)) for r in batch]  # type: ignore[attr-defined]
    prefix = backend._last_prefix  # type: ignore[attr-defined]
    out: dict[str, object] = {"tickets": len(batch), "mean_prompt_tokens": sum(prompt_tokens) / len(batch),
                              "shared_prefix_tokens": len(prefix.tokens) if prefix is not None else 0}
    for name in ways:
        out[f"{name}_tickets_per_s"] = len(batch) / best[name][0]
        out[f"{name}_wall_s"], out[f"{name}_cpu_s"] = best[name]
    out["ratio_wall"] = best["whole"][0] / best["shared"][0]
    out["ratio_cpu"] = best["whole"][1] / best["shared"][1]
    out["answers_differing"] = sum(a != b for a, b in zip(texts["shared"], texts["whole"], strict=True))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-tokens", type=int, nargs="+", default=[8, 48])
    parser.add_argument("--dtype", choices=["float32", "bfloat16"], default="bfloat16")
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
    results = {str(m): measure(backend, requests(backend, args.tickets, m), args.rounds) for m in args.max_tokens}
    report = {"model": MODEL, "dtype": args.dtype, "batch_size": args.batch_size,
              "threads": torch.get_num_threads(), "rounds": args.rounds, "results": results}
    print(json.dumps(report, indent=2))
    for max_tokens, row in results.items():
        print(f"max_tokens {max_tokens}: whole {row['whole_tickets_per_s']:.2f} tickets/s, shared "
              f"{row['shared_tickets_per_s']:.2f} ({row['ratio_wall']:.2f}x wall, {row['ratio_cpu']:.2f}x CPU); "
              f"prefix {row['shared_prefix_tokens']} of {row['mean_prompt_tokens']:.0f} tokens; "
              f"answers differing {row['answers_differing']} of {row['tickets']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
