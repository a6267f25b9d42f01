"""The base model's own answers to general prompts, as training rows that keep its skills.

Usage::

    python examples/triage/distill.py            # data/general_prompts.jsonl -> data/general_train.jsonl

A fine-tune on tickets alone drifts on everything else. The good adapter's mix therefore
holds general requests asked *without* the triage system prompt, each answered as the base
model answers it (greedy, the chat template as at inference): training on them teaches the
adapter to leave the base's behaviour outside triage as it was. Only answers the base
finished (end of turn within ``--max-new-tokens``) end in the end-of-turn token; an answer the
base did not finish is kept as far as it got, marked ``finished: false``, and trained without
the end-of-turn token, so it teaches how the base begins such an answer but never to stop
mid-sentence (dropping them would leave long requests, often the instruction-following ones,
out of the mix).
The model runs in bfloat16, as the demo's checklists run it.
The prompts are the project's own (``general_prompts.jsonl``), none from a benchmark the
checklist measures.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import torch
from _base import load_base
from _encode import read_jsonl
from _paths import DATA_DIR, base_gguf_path
from make_data import write_jsonl
from transformers import PreTrainedModel
from transformers.tokenization_utils_base import PreTrainedTokenizerBase


def answers(model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, messages: Sequence[str],
            max_new_tokens: int, batch_size: int) -> list[tuple[str, bool]]:
    """Greedy answers and whether the model finished each within ``max_new_tokens``."""
    tokenizer.padding_side = "left"
    out: list[tuple[str, bool]] = []
    for start in range(0, len(messages), batch_size):
        batch = messages[start:start + batch_size]
        prompts = [tokenizer.apply_chat_template([{"role": "user", "content": m}], add_generation_prompt=True,
                                                 tokenize=False) for m in batch]
        encoded = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
        with torch.inference_mode():
            generated = model.generate(**encoded, max_new_tokens=max_new_tokens, do_sample=False,
                                       pad_token_id=tokenizer.pad_token_id)
        for row in generated[:, encoded["input_ids"].shape[1]:]:
            tokens = row.tolist()
            finished = tokenizer.eos_token_id in tokens
            end = tokens.index(tokenizer.eos_token_id) if finished else len(tokens)
            text = tokenizer.decode(tokens[:end], skip_special_tokens=True)
            out.append((text.strip() if finished else text, finished))
        print(f"{min(start + batch_size, len(messages))}/{len(messages)} answered", flush=True)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=Path, default=DATA_DIR / "general_prompts.jsonl")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "general_train.jsonl")
    parser.add_argument("--max-new-tokens", type=int, default=192)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    rows = read_jsonl(args.prompts)
    model, tokenizer = load_base(base_gguf_path())
    model = model.to(torch.bfloat16).eval()  # as the demo's checklists run it
    texts = answers(model, tokenizer, [str(r["message"]) for r in rows], args.max_new_tokens, args.batch_size)
    kept = [{"id": r["id"], "category": r["category"], "message": r["message"], "target": text,
             "finished": finished, "system_prompt": False}
            for r, (text, finished) in zip(rows, texts, strict=True) if text.strip()]
    write_jsonl(args.out, kept)
    print(json.dumps({"prompts": len(rows), "kept": len(kept),
                      "unfinished": sum(not row["finished"] for row in kept)}))


if __name__ == "__main__":
    main()
