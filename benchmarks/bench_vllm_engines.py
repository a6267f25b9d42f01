"""The triage demo's task check through each local engine on one machine: vllm, hf and llamacpp.

The task check sends the demo's test tickets (chat template, the deployment's system
prompt, greedy, 48 tokens) to the candidate (the good LoRA adapter) and to the baseline
(the packaged SmolLM2-135M-Instruct): 2 x 120 = 240 generations. Each engine gets the same
rendered prompts, one engine after the other in this process, and is closed before the
next starts. Reported per engine: load time (engine start, adapter merge or load), time
for the 240 answers, answers/s, output tokens/s, the candidate's queue accuracy (that the
answers are the adapter's), and the speed as a ratio to the ``hf`` backend.

- ``hf``: batch 16, float32, the LoRA merged (``merge_adapter: true``, the demo's setting)
- ``llamacpp``: the Q4_1 GGUF with the adapter's GGUF LoRA, one stream
- ``vllm-lora``: vLLM's offline engine, float32, the adapter unmerged on the base's engine
- ``vllm-merged``: vLLM, the adapter merged into a copy of the weights (own engine)

``--agreement N`` instead scores N training tickets' targets (``Message: ...`` context, the
three-line answer as continuation) with the vllm and hf backends, base and LoRA candidate,
and reports the largest log-likelihood difference.

Run it in the vLLM environment (README, "vLLM"); it takes several minutes on two cores:

    /path/to/venv-vllm/bin/python benchmarks/bench_vllm_engines.py [--tickets 120]
        [--engines vllm-lora,vllm-merged,hf,llamacpp]
    /path/to/venv-vllm/bin/python benchmarks/bench_vllm_engines.py --agreement 60
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from tunecheck.backends import (
    Backend,
    Generation,
    GenerationParams,
    GenerationRequest,
    LoglikelihoodRequest,
    Message,
)
from tunecheck.config import BackendSpec, HFSpec, LlamaCppSpec, VLLMEngine, VLLMSpec

SMOLLM = "packaged:smollm2-135m-instruct"
TRIAGE = Path(__file__).resolve().parents[1] / "examples" / "triage"
GOOD = TRIAGE / "adapters" / "good"
QUEUE = re.compile(r"(?im)^\s*queue:\s*([a-z]+)")
ENGINE = VLLMEngine(max_model_len=2048, kv_cache_gib=2.0)


@dataclass(frozen=True)
class Figures:
    engine: str
    load_s: float
    answer_s: float
    candidate_s: float
    answers: int
    output_tokens: int
    queue_accuracy: float


def _specs(engine: str) -> tuple[BackendSpec, BackendSpec]:
    """(candidate, baseline) for one engine."""
    if engine == "hf":
        return HFSpec(model=SMOLLM, adapter=str(GOOD), batch_size=16), HFSpec(model=SMOLLM, batch_size=16)
    if engine == "llamacpp":
        return LlamaCppSpec(model=SMOLLM, lora=str(GOOD / "adapter.gguf")), LlamaCppSpec(model=SMOLLM)
    merged = engine == "vllm-merged"
    return (VLLMSpec(model=SMOLLM, adapter=str(GOOD), merge_adapter=merged, engine=ENGINE),
            VLLMSpec(model=SMOLLM, merge_adapter=merged, engine=ENGINE))


def _build(spec: BackendSpec, peers: tuple[BackendSpec, ...]) -> Backend:
    from tunecheck.backends import BackendContext, create_backend

    return create_backend(spec, BackendContext(base_dir=Path.cwd(), role="bench", peers=peers))


def _tickets(n: int) -> list[dict[str, str]]:
    lines = (TRIAGE / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:n]]


def _requests(backend: Backend, tickets: list[dict[str, str]]) -> list[GenerationRequest]:
    system = str(yaml.safe_load((TRIAGE / "checklist.yaml").read_text(encoding="utf-8"))["generation"]
                 ["system_prompt"])
    return [GenerationRequest(backend.render([Message("system", system), Message("user", t["message"])]),
                              GenerationParams(max_tokens=48, seed=0)) for t in tickets]


def _answer(backend: Backend, requests: list[GenerationRequest]) -> list[Generation]:
    results = dict(backend.generate(requests))
    return [results[i] for i in range(len(requests))]


def _accuracy(generations: list[Generation], tickets: list[dict[str, str]]) -> float:
    found = [QUEUE.search(g.text) for g in generations]
    return sum(m is not None and m.group(1).lower() == t["queue"] for m, t in zip(found, tickets, strict=True)) \
        / len(tickets)


def measure(engine: str, tickets: list[dict[str, str]]) -> Figures:
    candidate_spec, baseline_spec = _specs(engine)
    peers = (candidate_spec, baseline_spec)
    started = time.perf_counter()
    candidate, baseline = _build(candidate_spec, peers), _build(baseline_spec, peers)
    loaded = time.perf_counter()
    try:
        requests = _requests(candidate, tickets)
        tuned = _answer(candidate, requests)
        halfway = time.perf_counter()
        base = _answer(baseline, requests)
        answered = time.perf_counter()
    finally:
        candidate.close()
        baseline.close()
    tokens = sum(g.output_tokens or 0 for g in tuned + base)
    return Figures(engine, loaded - started, answered - loaded, halfway - loaded, len(tuned) + len(base), tokens,
                   _accuracy(tuned, tickets))


def _report(figures: list[Figures], say: Callable[[str], None]) -> None:
    reference = next((f for f in figures if f.engine == "hf"), None)
    say("| engine | load s | answers s (candidate + baseline) | answers/s | output tok/s | candidate queue acc "
        "| speed vs hf |")
    say("|---|---|---|---|---|---|---|")
    for f in figures:
        rate = f.answers / f.answer_s
        ratio = f"{rate / (reference.answers / reference.answer_s):.2f}x" if reference else "n/a"
        split = f"{f.answer_s:.0f} ({f.candidate_s:.0f} + {f.answer_s - f.candidate_s:.0f})"
        say(f"| {f.engine} | {f.load_s:.0f} | {split} | {rate:.2f} | {f.output_tokens / f.answer_s:.0f} "
            f"| {f.queue_accuracy:.3f} | {ratio} |")


def agreement(n: int) -> None:
    """Largest |log-likelihood difference| between the vllm (LoRA unmerged) and hf (merged) backends."""
    lines = (TRIAGE / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    rows = [json.loads(line) for line in lines]
    requests = [LoglikelihoodRequest(f"Message: {r['message']}\n", r["target"]) for r in rows]
    scores: dict[str, list[float]] = {}
    for engine in ("vllm-lora", "hf"):
        specs = _specs(engine)
        for role, spec in zip(("candidate", "baseline"), specs, strict=True):
            backend = _build(spec, specs)
            try:
                results = dict(backend.loglikelihood(requests))
            finally:
                backend.close()
            scores[f"{engine} {role}"] = [results[i].logprob for i in range(n)]
    for role in ("candidate", "baseline"):
        vllm, hf = scores[f"vllm-lora {role}"], scores[f"hf {role}"]
        gaps = sorted(abs(a - b) for a, b in zip(vllm, hf, strict=True))
        print(f"{role}: {n} items, mean log-likelihood vllm {sum(vllm) / n:.4f} hf {sum(hf) / n:.4f}; "
              f"|difference| median {gaps[n // 2]:.2e}, max {gaps[-1]:.2e} nats")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=120)
    parser.add_argument("--engines", default="vllm-lora,vllm-merged,hf,llamacpp")
    parser.add_argument("--agreement", type=int, default=0, help="score N items with vllm and hf instead")
    args = parser.parse_args()
    if args.agreement:
        agreement(args.agreement)
        return
    tickets = _tickets(args.tickets)
    figures = []
    for engine in args.engines.split(","):
        figures.append(measure(engine, tickets))
        f = figures[-1]
        print(f"{engine}: load {f.load_s:.1f} s, {f.answers} answers in {f.answer_s:.1f} s "
              f"(candidate {f.candidate_s:.1f} s), "
              f"{f.output_tokens} tokens, queue accuracy {f.queue_accuracy:.3f}", flush=True)
    _report(figures, print)


if __name__ == "__main__":  # vLLM starts worker processes: keep the entry point import-safe
    main()
