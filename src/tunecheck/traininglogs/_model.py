"""A training run's loss curves, whatever file they were read from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LogFormat = Literal["trainer_state", "csv", "jsonl", "tensorboard"]


@dataclass(frozen=True)
class LogPoint:
    """One logged loss value."""

    step: int
    value: float
    epoch: float | None = None


@dataclass(frozen=True)
class TrainingLog:
    """Training-loss and evaluation-loss points, each sorted by step."""

    source: str
    format: LogFormat
    train: tuple[LogPoint, ...]
    eval: tuple[LogPoint, ...]

    @property
    def first_step(self) -> int:
        return min(p.step for p in (*self.train, *self.eval))

    @property
    def last_step(self) -> int:
        """The last step anything was logged at: the end of training as far as the log knows."""
        return max(p.step for p in (*self.train, *self.eval))
