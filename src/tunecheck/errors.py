"""Errors that reach the user: each says what was wrong, where, and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


class TunecheckError(Exception):
    """Base class of every error tunecheck raises on purpose."""


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a run file: where it is and what is wrong."""

    path: str
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        key = f"{self.path}: " if self.path else ""
        return f"{where}{key}{self.message}"


class ConfigError(TunecheckError):
    """The run file (or a file it points to) is invalid. Exit code 2."""

    def __init__(self, issues: list[ConfigIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


class DataError(TunecheckError):
    """A dataset file is unreadable or a row lacks a field. Names file, line and key."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        self.file, self.line, self.key, self.message = file, line, key, message
        where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
        field = f"key '{key}': " if key else ""
        super().__init__(f"{where}{field}{message}")


class BackendError(TunecheckError):
    """A backend failed as a whole (cannot load, endpoint down). Exit code 1."""

    def __init__(self, backend: str, cause: str) -> None:
        self.backend, self.cause = backend, cause
        super().__init__(f"backend '{backend}' failed: {cause}")


class CapabilityError(TunecheckError):
    """A check asked a backend for something it cannot do (for example log-likelihoods)."""


class StoreMissError(TunecheckError):
    """Re-rendering needed a response that the run store does not hold."""


class ComparabilityError(TunecheckError):
    """Candidate and baseline were not measured under identical conditions."""


class StaleRequestsError(StoreMissError):
    """Stored answers were asked for other requests than the run file and datasets give now.

    ``samples`` maps each check to the sample ids whose stored requests no longer match.
    """

    def __init__(self, samples: dict[str, list[str]]) -> None:
        self.samples = samples
        listed = "; ".join(f"{check}: {', '.join(_first(ids))}" for check, ids in samples.items())
        super().__init__(
            f"the stored requests no longer match the run file and datasets for {listed}. Their prompts or "
            "settings changed since they were collected, so their stored answers cannot be scored; run "
            "`tunecheck run` again to collect them"
        )


class StoreError(TunecheckError):
    """The run store cannot be written (a full disk, a read-only folder). Exit code 1."""


class RunLockedError(TunecheckError):
    """Another process is writing the same run directory. Exit code 1."""


def _first(ids: list[str], shown: int = 20) -> list[str]:
    return ids[:shown] + ([f"and {len(ids) - shown} more"] if len(ids) > shown else [])


def unknown_name(kind: str, name: str, known: Iterable[str]) -> str:
    """``unknown metric 'rogue' (did you mean 'rouge'?)``, or the list of known names: the one
    "did you mean" of every registry and of the run file."""
    names = sorted(known)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if close:
        return f"unknown {kind} '{name}' (did you mean '{close[0]}'?)"
    return f"unknown {kind} '{name}' (known: {', '.join(names)})"
