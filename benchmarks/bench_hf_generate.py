"""Batched generation throughput: tunecheck's hf backend against a raw ``model.generate`` loop.

Both sides run in this process on the same model object, the same rendered prompts, the
same batch size and greedy decoding with the same ``max_tokens``. The raw loop is what a
user would write: chunks of ``batch_size`` prompts in the given order, left-padded by the
tokenizer, ``model.generate(..., do_sample=False)``. The order of the two sides alternates
between rounds; the script reports generated tokens per second for each side (median of
the rounds) and the ratio tunecheck / raw, which must be at least 0.9.

    .venv/bin/python benchmarks/bench_hf_generate.py [--prompts 32] [--batch-size 8]
        [--max-tokens 32] [--rounds 3] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch

from tunecheck.backends import GenerationParams, GenerationRequest, Message
from tunecheck.backends._hf import HFBackend
from tunecheck.config import HFSpec

QUESTIONS = [
    "What is the capital of France?", "Name three primary colors.", "What is 12 times 12?",
    "Explain photosynthesis in one sentence.", "Who wrote Romeo and Juliet?", "What is the boiling point of water?",
    "Give me a synonym for happy.", "How many legs does a spider have?", "What is the largest planet?",
    "Translate 'good morning' into Spanish.", "Write a haiku about the sea.", "What does a thermometer measure?",
    "Name a famous painter.", "What is the square root of 81?", "Why is the sky blue?",
    "List two kinds of clouds.",
]


def _requests(backend: HFBackend, n: int, max_tokens: int) -> list[GenerationRequest]:
    params = GenerationParams(max_tokens=max_tokens)
    return [GenerationRequest(backend.render([Message("user", f"{QUESTIONS[i % len(QUESTIONS)]} ({i})")]), params)
            for i in range(n)]


def _through_tunecheck(backend: HFBackend, requests: list[GenerationRequest]) -> tuple[float, int]:
    started = time.perf_counter()
    tokens = sum(g.output_tokens or 0 for _, g in backend.generate(requests))
    return time.perf_counter() - started, tokens


def _raw(backend: HFBackend, prompts: list[str], batch_size: int, max_tokens: int) -> tuple[float, int]:
    model, tokenizer = backend._model, backend._tokenizer
    tokenizer.padding_side = "left"
    eos = set(backend._tokens.eos) | {backend._tokens.pad}
    started = time.perf_counter()
    tokens = 0
    for start in range(0, len(prompts), batch_size):
        batch = tokenizer(prompts[start:start + batch_size], return_tensors="pt", padding=True,
                          add_special_tokens=False)
        with torch.inference_mode():
            output = model.generate(**batch, max_new_tokens=max_tokens, do_sample=False,
                                    pad_token_id=backend._tokens.pad)
        for row in output[:, batch["input_ids"].shape[1]:].tolist():
            tokens += next((i for i, t in enumerate(row) if t in eos), len(row))
    return time.perf_counter() - started, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompts", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--max-tokens", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    spec = HFSpec(model="packaged:smollm2-135m-instruct", batch_size=args.batch_size, threads=args.threads)
    backend = HFBackend(spec, Path.cwd())
    requests = _requests(backend, args.prompts, args.max_tokens)
    prompts = [r.prompt for r in requests]
    _through_tunecheck(backend, requests[: args.batch_size])  # warm-up
    rates: dict[str, list[float]] = {"tunecheck": [], "raw": []}
    for round_ in range(args.rounds):
        order = ["tunecheck", "raw"] if round_ % 2 == 0 else ["raw", "tunecheck"]
        for side in order:
            if side == "tunecheck":
                seconds, tokens = _through_tunecheck(backend, requests)
            else:
                seconds, tokens = _raw(backend, prompts, args.batch_size, args.max_tokens)
            rates[side].append(tokens / seconds)
            print(f"round {round_ + 1} {side:9s}: {tokens} tokens in {seconds:.2f} s = {tokens / seconds:.1f} tok/s")
    ours, raw = statistics.median(rates["tunecheck"]), statistics.median(rates["raw"])
    print(f"median tok/s: tunecheck {ours:.1f}, raw {raw:.1f}; ratio tunecheck/raw = {ours / raw:.3f} "
          f"({'meets' if ours / raw >= 0.9 else 'MISSES'} the 0.9 target)")
    backend.close()


if __name__ == "__main__":
    main()
