"""Trainer pieces: a loss computed on answer tokens only, and a wall-clock limit."""

from __future__ import annotations

import time

import torch
import torch.nn.functional as F
from _encode import IGNORE_INDEX
from transformers import Trainer, TrainerCallback, TrainerControl, TrainerState, TrainingArguments


class AnswerLossTrainer(Trainer):  # type: ignore[misc]
    """Trainer whose loss projects only the answer positions onto the vocabulary.

    The loss equals the causal-LM loss with the prompt masked (mean cross-entropy over the
    answer tokens), but the 49k-word output layer and softmax run on the ~35 answer
    positions instead of all ~150, which makes a CPU step about a fifth cheaper.
    """

    def compute_loss(
        self,
        model: torch.nn.Module,
        inputs: dict[str, torch.Tensor],
        return_outputs: bool = False,
        num_items_in_batch: torch.Tensor | int | None = None,
    ) -> torch.Tensor | tuple[torch.Tensor, dict[str, torch.Tensor]]:
        causal_lm = model.get_base_model()
        hidden = causal_lm.model(
            input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]
        ).last_hidden_state
        targets = inputs["labels"][:, 1:]
        keep = targets != IGNORE_INDEX
        logits = causal_lm.lm_head(hidden[:, :-1][keep])
        loss = F.cross_entropy(logits.float(), targets[keep])
        return (loss, {}) if return_outputs else loss


class TimeLimit(TrainerCallback):  # type: ignore[misc]
    """Stop training (evaluating and saving first) once the wall-clock budget is spent."""

    def __init__(self, minutes: float) -> None:
        self.deadline = time.monotonic() + minutes * 60.0
        self.hit = False

    def on_step_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: object
    ) -> TrainerControl:
        if time.monotonic() >= self.deadline:
            self.hit = True
            control.should_evaluate = True
            control.should_save = True
            control.should_training_stop = True
        return control
